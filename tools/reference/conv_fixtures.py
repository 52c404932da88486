#!/usr/bin/python3
"""PyTorch reference fixtures for convolution, pooling and normalization (issue 4).

Run with Debian's interpreter (torch 1.13.1 + numpy):  /usr/bin/python3 tools/reference/conv_fixtures.py

Writes core/src/test/resources/fixtures/conv_ops.safetensors (convolutions, pools and resizing) and
conv_norm.safetensors (batch, layer, group and instance norm) and conv_model.safetensors (a small
CNN's PyTorch state dict, an input and its eval and train outputs), in the case format of nn_fixtures.py:
NAME.in0.. inputs (float32), NAME.r weighting, NAME.out (float64, computed in float64 from the float32
inputs) and NAME.gradI gradients of sum(out * r). Option values are encoded in the case names; the Java
tests (ConvFixtureTest, NormFixtureTest) map each name to the same call.

conv_norm also holds "bnsteps.*": a BatchNorm2d(3) (float64) with weight bnsteps.weight and bias
bnsteps.bias run in training mode on bnsteps.x1 then bnsteps.x2, its buffers afterwards
(running_mean, running_var updated with the unbiased batch variance, num_batches_tracked), and its
eval-mode output bnsteps.y3 on bnsteps.x3. Every case gives the same result in torch 2.x.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn_fixtures import OUT_DIR, Store, save_safetensors  # noqa: E402


def convs():
    s = Store(4)
    g = (0, 1, 2)
    # conv2d: x, weight, bias
    s.case("conv2d.basic", lambda x, w, b: F.conv2d(x, w, b), [s.randn(2, 3, 7, 6), s.randn(4, 3, 3, 3), s.randn(4)], g)
    s.case("conv2d.s2p1", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1),
           [s.randn(2, 3, 7, 6), s.randn(4, 3, 3, 3), s.randn(4)], g)
    s.case("conv2d.s21p10", lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0)),
           [s.randn(2, 3, 7, 6), s.randn(5, 3, 3, 2), s.randn(5)], g)
    s.case("conv2d.dil2p2", lambda x, w, b: F.conv2d(x, w, b, padding=2, dilation=2),
           [s.randn(2, 3, 7, 6), s.randn(4, 3, 3, 3), s.randn(4)], g)
    s.case("conv2d.g2", lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0), groups=2),
           [s.randn(2, 4, 6, 6), s.randn(6, 2, 3, 3), s.randn(6)], g)
    s.case("conv2d.depthwise", lambda x, w, b: F.conv2d(x, w, b, padding=1, groups=4),
           [s.randn(2, 4, 5, 5), s.randn(4, 1, 3, 3), s.randn(4)], g)
    s.case("conv2d.depthwise.mult2", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, groups=3),
           [s.randn(2, 3, 6, 5), s.randn(6, 1, 3, 3), s.randn(6)], g)
    s.case("conv2d.same", lambda x, w, b: F.conv2d(x, w, b, padding="same"),
           [s.randn(2, 3, 6, 5), s.randn(3, 3, 4, 3), s.randn(3)], g)
    s.case("conv2d.same.dil2", lambda x, w, b: F.conv2d(x, w, b, padding="same", dilation=2),
           [s.randn(1, 2, 7, 6), s.randn(3, 2, 2, 3), s.randn(3)], g)
    s.case("conv2d.1x1.nobias", lambda x, w: F.conv2d(x, w), [s.randn(2, 3, 4, 5), s.randn(5, 3, 1, 1)], (0, 1))
    # conv1d
    s.case("conv1d.s2p1", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
           [s.randn(2, 3, 10), s.randn(4, 3, 3), s.randn(4)], g)
    s.case("conv1d.causal.dil2", lambda x, w, b: F.conv1d(F.pad(x, (4, 0)), w, b, dilation=2),
           [s.randn(2, 3, 8), s.randn(4, 3, 3), s.randn(4)], g)
    s.case("conv1d.g3", lambda x, w: F.conv1d(x, w, padding=2, groups=3), [s.randn(2, 6, 7), s.randn(3, 2, 4)], (0, 1))
    # transposed
    s.case("conv_transpose2d.s2p1op1", lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
           [s.randn(2, 4, 4, 5), s.randn(4, 3, 3, 3), s.randn(3)], g)
    s.case("conv_transpose2d.g2.dil2", lambda x, w, b: F.conv_transpose2d(x, w, b, groups=2, dilation=2),
           [s.randn(1, 4, 3, 3), s.randn(4, 2, 3, 3), s.randn(4)], g)
    s.case("conv_transpose1d.s2p1", lambda x, w, b: F.conv_transpose1d(x, w, b, stride=2, padding=1),
           [s.randn(2, 3, 6), s.randn(3, 2, 4), s.randn(2)], g)
    # pools
    x = (0,)
    s.case("max_pool2d.k2", lambda t: F.max_pool2d(t, 2), [s.randn(2, 3, 6, 7)], x)
    s.case("max_pool2d.k3s2p1", lambda t: F.max_pool2d(t, 3, 2, 1), [s.randn(2, 3, 6, 7)], x)
    s.case("max_pool2d.k3s2.ceil", lambda t: F.max_pool2d(t, 3, 2, ceil_mode=True), [s.randn(1, 2, 7, 8)], x)
    s.case("max_pool2d.k23s12", lambda t: F.max_pool2d(t, (2, 3), (1, 2)), [s.randn(1, 2, 5, 7)], x)
    s.case("avg_pool2d.k2", lambda t: F.avg_pool2d(t, 2), [s.randn(2, 3, 6, 7)], x)
    s.case("avg_pool2d.k3s2p1", lambda t: F.avg_pool2d(t, 3, 2, 1), [s.randn(2, 3, 6, 7)], x)
    s.case("avg_pool2d.k3s2p1.exclude_pad", lambda t: F.avg_pool2d(t, 3, 2, 1, count_include_pad=False),
           [s.randn(2, 3, 6, 7)], x)
    s.case("avg_pool2d.k3s2p1.ceil", lambda t: F.avg_pool2d(t, 3, 2, 1, ceil_mode=True), [s.randn(1, 2, 6, 8)], x)
    s.case("avg_pool2d.k3s2p1.ceil.exclude_pad",
           lambda t: F.avg_pool2d(t, 3, 2, 1, ceil_mode=True, count_include_pad=False), [s.randn(1, 2, 6, 8)], x)
    s.case("max_pool1d.k3s2", lambda t: F.max_pool1d(t, 3, 2), [s.randn(2, 3, 9)], x)
    s.case("avg_pool1d.k3s2p1", lambda t: F.avg_pool1d(t, 3, 2, 1), [s.randn(2, 3, 9)], x)
    s.case("adaptive_avg_pool2d.3x2", lambda t: F.adaptive_avg_pool2d(t, (3, 2)), [s.randn(2, 3, 7, 5)], x)
    s.case("adaptive_avg_pool2d.1x1", lambda t: F.adaptive_avg_pool2d(t, 1), [s.randn(2, 3, 4, 5)], x)
    # resizing
    s.case("upsample.nearest.x2", lambda t: F.interpolate(t, scale_factor=2, mode="nearest"), [s.randn(2, 2, 3, 4)], x)
    s.case("upsample.nearest.5x7", lambda t: F.interpolate(t, size=(5, 7), mode="nearest"), [s.randn(1, 2, 3, 4)], x)
    s.case("upsample.bilinear.x2", lambda t: F.interpolate(t, scale_factor=2, mode="bilinear", align_corners=False),
           [s.randn(2, 2, 3, 4)], x)
    s.case("upsample.bilinear.5x3", lambda t: F.interpolate(t, size=(5, 3), mode="bilinear", align_corners=False),
           [s.randn(1, 2, 3, 4)], x)
    save_safetensors(s.tensors, os.path.join(OUT_DIR, "conv_ops.safetensors"))


def norms():
    s = Store(5)
    g = (0, 1, 2)

    def bn_train(x, w, b):
        c = x.shape[1]
        return F.batch_norm(x, torch.zeros(c, dtype=x.dtype), torch.ones(c, dtype=x.dtype), w, b, training=True)

    def bn_eval(x, w, b, rm, rv):
        return F.batch_norm(x, rm, rv, w, b, training=False)

    s.case("batch_norm.2d.train", bn_train, [s.randn(4, 3, 5, 5, scale=2.0) + 1.0, s.randn(3), s.randn(3)], g)
    s.case("batch_norm.1d.train", bn_train, [s.randn(6, 4) - 0.5, s.randn(4), s.randn(4)], g)
    s.case("batch_norm.1d.3d.train", bn_train, [s.randn(4, 3, 5), s.randn(3), s.randn(3)], g)
    s.case("batch_norm.2d.eval", bn_eval, [s.randn(4, 3, 5, 5), s.randn(3), s.randn(3), s.randn(3), s.rand(3) + 0.5], g)
    s.case("layer_norm.2", lambda x, w, b: F.layer_norm(x, (4, 5), w, b), [s.randn(3, 4, 5), s.randn(4, 5), s.randn(4, 5)], g)
    s.case("layer_norm.1", lambda x, w, b: F.layer_norm(x, (5,), w, b), [s.randn(3, 4, 5), s.randn(5), s.randn(5)], g)
    s.case("group_norm.3", lambda x, w, b: F.group_norm(x, 3, w, b), [s.randn(2, 6, 3, 3), s.randn(6), s.randn(6)], g)
    s.case("instance_norm", lambda x: F.instance_norm(x), [s.randn(2, 3, 4, 4)], (0,))
    s.case("instance_norm.affine", lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
           [s.randn(2, 3, 4, 4), s.randn(3), s.randn(3)], g)

    bn = torch.nn.BatchNorm2d(3).double()
    w, b = s.randn(3), s.randn(3)
    x1, x2, x3 = s.randn(4, 3, 3, 3) + 2.0, s.randn(5, 3, 2, 3, scale=0.5), s.randn(2, 3, 3, 3)
    with torch.no_grad():
        bn.weight.copy_(w.double())
        bn.bias.copy_(b.double())
        bn.train()
        bn(x1.double())
        bn(x2.double())
        bn.eval()
        y3 = bn(x3.double())
    t = s.tensors
    t["bnsteps.weight"], t["bnsteps.bias"] = w, b
    t["bnsteps.x1"], t["bnsteps.x2"], t["bnsteps.x3"] = x1, x2, x3
    t["bnsteps.running_mean"] = bn.running_mean.clone()
    t["bnsteps.running_var"] = bn.running_var.clone()
    t["bnsteps.num_batches_tracked"] = bn.num_batches_tracked.clone().reshape(1)
    t["bnsteps.y3"] = y3
    save_safetensors(s.tensors, os.path.join(OUT_DIR, "conv_norm.safetensors"))


def model():
    """A small PyTorch CNN's state dict (keys as PyTorch writes them) with an input and its outputs."""
    torch.manual_seed(11)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(2, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(4, 6, 3, stride=2, padding=1, groups=2, bias=False), torch.nn.GroupNorm(3, 6),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.LayerNorm(6), torch.nn.Linear(6, 3))
    with torch.no_grad():
        net[1].running_mean.uniform_(-0.5, 0.5)
        net[1].running_var.uniform_(0.5, 1.5)
        net[1].weight.uniform_(0.5, 1.5)
        net[1].bias.uniform_(-0.5, 0.5)
    t = {"sd." + k: v.detach().clone() for k, v in net.state_dict().items()}
    x = torch.randn(3, 2, 8, 6)
    t["x"] = x
    net.eval()
    with torch.no_grad():
        t["y_eval"] = net(x)
    net.train()
    t["y_train"] = net(x).detach()
    t["running_mean_after"] = net[1].running_mean.clone()
    t["running_var_after"] = net[1].running_var.clone()
    save_safetensors(t, os.path.join(OUT_DIR, "conv_model.safetensors"))


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    convs()
    norms()
    model()
