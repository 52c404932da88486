#!/usr/bin/python3
"""PyTorch reference fixtures for the text tools (issue 5): torch.nn.EmbeddingBag.

Run with Debian's interpreter (torch 1.13.1 + numpy):  /usr/bin/python3 tools/reference/text_fixtures.py

Writes core/src/test/resources/fixtures/text.safetensors in the case format of nn_fixtures.py:
NAME.in0 the weight [num, dim] (float32), NAME.in1 the int64 indices, NAME.in2 the int64 offsets (1-d
inputs only), NAME.in3 per-sample weights (float32, where used), NAME.r the weighting, NAME.out the
output (float64, computed in float64 from the float32 inputs) and NAME.gradI the gradients of
sum(out * r) for the weight and the per-sample weights. The mode, padding_idx, the input layout
and include_last_offset are encoded in the case name; EmbeddingBagFixtureTest maps each name to the
same call. F.embedding_bag gives the same results in torch 2.x for all these cases (dense gradients,
empty bags give zeros, padding entries are left out of sums, means and maxima).
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn_fixtures import OUT_DIR, Store, save_safetensors  # noqa: E402


def bag(mode, padding_idx=None, include_last_offset=False):
    def fn(w, idx, offsets=None, psw=None):
        return F.embedding_bag(idx, w, offsets, mode=mode, per_sample_weights=psw, padding_idx=padding_idx,
                               include_last_offset=include_last_offset)
    return fn


def embedding_bags():
    s = Store(11)
    for mode in ("sum", "mean", "max"):
        # 2-d input: each row is a bag; row 2 repeats an index
        idx2 = s.randint(0, 10, 4, 5)
        idx2[2] = torch.tensor([3, 7, 3, 1, 3])
        s.case(f"embedding_bag.{mode}.2d", bag(mode), [s.randn(10, 3), idx2], (0,))
        # 1-d input with offsets, the second bag empty
        s.case(f"embedding_bag.{mode}.offsets", bag(mode),
               [s.randn(9, 4), s.randint(0, 9, 11), torch.tensor([0, 3, 3, 7])], (0,))
        # padding index 0: left out, a bag of padding only gives zeros
        idxp = s.randint(0, 6, 3, 4)
        idxp[0] = torch.tensor([0, 2, 0, 5])
        idxp[1] = torch.tensor([0, 0, 0, 0])
        s.case(f"embedding_bag.{mode}.pad0.2d", bag(mode, padding_idx=0), [s.randn(6, 3), idxp], (0,))
    s.case("embedding_bag.max.pad-1.offsets", bag("max", padding_idx=-1),
           [s.randn(7, 3), torch.tensor([6, 1, 6, 2, 6, 6, 3, 0]), torch.tensor([0, 2, 4, 6])], (0,))
    s.case("embedding_bag.sum.lastoffset", bag("sum", include_last_offset=True),
           [s.randn(8, 3), s.randint(0, 8, 10), torch.tensor([0, 4, 4, 9, 10])], (0,))
    s.case("embedding_bag.mean.lastoffset", bag("mean", include_last_offset=True),
           [s.randn(8, 3), s.randint(0, 8, 10), torch.tensor([0, 4, 4, 9, 10])], (0,))
    # per-sample weights (sum only), with their gradient
    s.case("embedding_bag.sum.psw.offsets", bag("sum"),
           [s.randn(9, 4), s.randint(0, 9, 10), torch.tensor([0, 4, 6]), s.randn(10)], (0, 3))
    s.case("embedding_bag.sum.psw.2d", lambda w, idx, psw: bag("sum")(w, idx, None, psw),
           [s.randn(9, 4), s.randint(0, 9, 3, 4), s.randn(3, 4)], (0, 2))
    s.case("embedding_bag.sum.psw.pad3.offsets", lambda w, idx, off, psw: bag("sum", padding_idx=3)(w, idx, off, psw),
           [s.randn(5, 2), torch.tensor([3, 1, 4, 3, 0, 2]), torch.tensor([0, 3]), s.randn(6)], (0, 3))
    return s.tensors


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    save_safetensors(embedding_bags(), os.path.join(OUT_DIR, "text.safetensors"))
