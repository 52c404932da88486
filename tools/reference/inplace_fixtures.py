#!/usr/bin/python3
"""PyTorch reference fixtures for in-place ReLU (torch.relu_ / nn.ReLU(inplace=True)) after the ops it may follow,
and for in-place add (Tensor.add_) as residual blocks use it.

Run with Debian's interpreter (torch 1.13.1 + numpy):  /usr/bin/python3 tools/reference/inplace_fixtures.py

Writes core/src/test/resources/fixtures/inplace_relu.safetensors in the case format of nn_fixtures.py
(NAME.in0.. float32 inputs, NAME.r weighting, NAME.out float64, NAME.gradI gradients of sum(out * r)); the Java
test (InPlaceOpsTest) maps each name to the same composition with InPlaceOps.relu and InPlaceOps.add. Same results in torch 2.x.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn_fixtures import OUT_DIR, Store, save_safetensors  # noqa: E402


def cases():
    s = Store(21)
    # LeNet's first stage: conv 5x5 pad 2 -> relu_ -> max-pool 2
    s.case("conv_relu_pool", lambda x, w, b: F.max_pool2d(F.relu(F.conv2d(x, w, b, padding=2), inplace=True), 2),
           [s.randn(2, 1, 8, 8), s.randn(3, 1, 5, 5, scale=0.3), s.randn(3)], (0, 1, 2))
    # LeNet's second convolution (6 -> 16, 5x5 on 14x14): its input gradient runs on shifted windows
    s.case("lenet_conv2_relu", lambda x, w, b: F.relu(F.conv2d(x, w, b), inplace=True),
           [s.randn(2, 6, 14, 14), s.randn(16, 6, 5, 5, scale=0.2), s.randn(16)], (0, 1, 2))
    # a fully connected layer and relu_
    s.case("linear_relu", lambda x, w, b: F.relu(F.linear(x, w, b), inplace=True),
           [s.randn(4, 6), s.randn(5, 6), s.randn(5)], (0, 1, 2))
    # torchvision's BasicBlock tail: relu_(conv(x) + x)
    s.case("residual_relu", lambda x, w: F.relu(F.conv2d(x, w, padding=1) + x, inplace=True),
           [s.randn(2, 3, 5, 5), s.randn(3, 3, 3, 3, scale=0.3)], (0, 1))
    # torchvision's BasicBlock tail as written there: out += identity, then relu_
    s.case("residual_add_relu", lambda x, w: F.relu(F.conv2d(x, w, padding=1).add_(x), inplace=True),
           [s.randn(2, 3, 5, 5), s.randn(3, 3, 3, 3, scale=0.3)], (0, 1))
    # add_ of a broadcast row (its gradient is summed over the rows)
    s.case("linear_add_row", lambda x, w, r: F.linear(x, w).add_(r),
           [s.randn(4, 6), s.randn(5, 6), s.randn(5)], (0, 1, 2))
    return s.tensors


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    save_safetensors(cases(), os.path.join(OUT_DIR, "inplace_relu.safetensors"))
