#!/usr/bin/python3
"""PyTorch reference fixtures for nn.Embedding (issue 5).

Run with Debian's interpreter (torch 1.13.1 + numpy):  /usr/bin/python3 tools/reference/embedding_fixtures.py

Writes core/src/test/resources/fixtures/embedding.safetensors:
  pad.weight [7, 4], pad.idx [3, 5] (int64, with padding index 2 and a negative-free mix of repeats),
  pad.r (weighting of the output), pad.out = F.embedding(idx, weight, padding_idx=2), pad.grad = d sum(out * r) / d weight
  maxnorm.weight, maxnorm.idx, maxnorm.out, maxnorm.after: F.embedding with max_norm=1.0 (rows renormalized in place).
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn_fixtures import OUT_DIR, save_safetensors  # noqa: E402

g = torch.Generator().manual_seed(5)
t = {}
w = torch.randn(7, 4, generator=g)
idx = torch.tensor([[0, 2, 3, 3, 6], [2, 2, 1, 5, 0], [4, 6, 6, 2, 1]])
r = torch.randn(3, 5, 4, generator=g)
wg = w.clone().double().requires_grad_()
out = F.embedding(idx, wg, padding_idx=2)
(out * r.double()).sum().backward()
t.update({"pad.weight": w, "pad.idx": idx, "pad.r": r, "pad.out": out.detach(), "pad.grad": wg.grad})

w2 = torch.randn(6, 3, generator=g) * 2
idx2 = torch.tensor([[1, 4], [4, 0]])
w2d = w2.clone().double()
out2 = F.embedding(idx2, w2d, max_norm=1.0)
t.update({"maxnorm.weight": w2, "maxnorm.idx": idx2, "maxnorm.out": out2, "maxnorm.after": w2d})
save_safetensors(t, os.path.join(OUT_DIR, "embedding.safetensors"))
