#!/usr/bin/python3
"""PyTorch reference values for Nabla's tensor ops (forward and backward).

Writes core/src/test/resources/fixtures/ops.safetensors, read by
core/src/test/java/dev/nabla/tensor/TorchReferenceTest.java.

For every case NAME (a Java method name in that test) the file holds:
  NAME.<input>     the inputs, drawn in float32 with a fixed seed (indices as I64, masks as BOOL);
  NAME.out         the result, computed in float64 from exactly those float32 inputs (DESIGN.md 6);
  NAME.out1        a second result where the op has one (max/min along a dim: the indices);
  NAME.R           for a floating result: a float32 random tensor of the result's shape;
  NAME.grad_<in>   the gradient of sum(out * R) with respect to each floating input, in float64.

Run with Debian's interpreter (torch 1.13.1, numpy): /usr/bin/python3 tools/reference/ops_fixtures.py
The safetensors package is not needed: a small writer below lays the file out as that library does.
Torch 1.13 and current PyTorch agree on every op used here.
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20240611
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "core", "src", "test", "resources", "fixtures", "ops.safetensors")

gen = torch.Generator().manual_seed(SEED)


def randn(*shape):
    return torch.randn(shape, generator=gen, dtype=torch.float32)


def rand(*shape):
    return torch.rand(shape, generator=gen, dtype=torch.float32)


def positive(*shape):
    """Uniform in [0.1, 2.1): safe for log, sqrt, rsqrt and fractional powers."""
    return rand(*shape) * 2 + 0.1


def nonzero(*shape):
    """Magnitude in [0.5, 1.5) with a random sign: safe for division."""
    return (rand(*shape) + 0.5) * torch.sign(randn(*shape))


def halves(*shape):
    """Multiples of 0.5 in [-1.5, 1.5], so comparisons see ties."""
    return torch.round(randn(*shape) * 2).clamp(-3, 3) / 2


def index(high, *shape):
    return torch.randint(0, high, shape, generator=gen, dtype=torch.int64)


CASES = []


def case(name, inputs, fn):
    CASES.append((name, inputs, fn))


# ---------------------------------------------------------------- elementwise, unary (35 elements: SIMD body + tail)
case("neg", {"a": randn(5, 7)}, lambda t: -t["a"])
case("abs", {"a": randn(5, 7)}, lambda t: t["a"].abs())
case("sign", {"a": randn(5, 7)}, lambda t: t["a"].sign())
case("exp", {"a": randn(5, 7)}, lambda t: t["a"].exp())
case("log", {"a": positive(5, 7)}, lambda t: t["a"].log())
case("log1p", {"a": rand(5, 7) * 3 - 0.9}, lambda t: t["a"].log1p())
case("expm1", {"a": randn(5, 7)}, lambda t: t["a"].expm1())
case("sqrt", {"a": positive(5, 7)}, lambda t: t["a"].sqrt())
case("rsqrt", {"a": positive(5, 7)}, lambda t: t["a"].rsqrt())
case("sin", {"a": randn(5, 7) * 3}, lambda t: t["a"].sin())
case("cos", {"a": randn(5, 7) * 3}, lambda t: t["a"].cos())
case("tanh", {"a": randn(5, 7) * 2}, lambda t: t["a"].tanh())
case("sigmoid", {"a": randn(5, 7) * 3}, lambda t: t["a"].sigmoid())
case("relu", {"a": randn(5, 7)}, lambda t: t["a"].relu())
case("square", {"a": randn(5, 7)}, lambda t: t["a"].square())
case("reciprocal", {"a": nonzero(5, 7)}, lambda t: t["a"].reciprocal())
case("clamp", {"a": randn(5, 7)}, lambda t: t["a"].clamp(-0.5, 0.7))
case("clampMin", {"a": randn(5, 7)}, lambda t: t["a"].clamp(min=-0.2))
case("clampMax", {"a": randn(5, 7)}, lambda t: t["a"].clamp(max=0.3))
case("powScalar", {"a": randn(5, 7)}, lambda t: t["a"] ** 3)
case("powFractional", {"a": positive(5, 7)}, lambda t: t["a"] ** 2.5)
case("addScalar", {"a": randn(5, 7)}, lambda t: t["a"] + 1.5)
case("mulScalar", {"a": randn(5, 7)}, lambda t: t["a"] * -2.5)
case("divScalar", {"a": randn(5, 7)}, lambda t: t["a"] / 4)
case("rsubScalar", {"a": randn(5, 7)}, lambda t: 2 - t["a"])
case("rdivScalar", {"a": nonzero(5, 7)}, lambda t: 3 / t["a"])

# ---------------------------------------------------------------- elementwise, binary with broadcasting
case("add", {"a": randn(3, 1, 5), "b": randn(4, 1)}, lambda t: t["a"] + t["b"])
case("sub", {"a": randn(3, 1, 5), "b": randn(4, 1)}, lambda t: t["a"] - t["b"])
case("mul", {"a": randn(3, 1, 5), "b": randn(4, 1)}, lambda t: t["a"] * t["b"])
case("div", {"a": randn(2, 3, 4), "b": nonzero(3, 1)}, lambda t: t["a"] / t["b"])
case("pow", {"a": positive(2, 3), "b": randn(3)}, lambda t: t["a"] ** t["b"])
case("maximum", {"a": randn(3, 4), "b": randn(4)}, lambda t: torch.maximum(t["a"], t["b"]))
case("minimum", {"a": randn(3, 4), "b": randn(4)}, lambda t: torch.minimum(t["a"], t["b"]))
case("addLong", {"a": randn(3, 67), "b": randn(3, 67)}, lambda t: t["a"] + t["b"])
case("mulRowBroadcast", {"a": randn(6, 37), "b": randn(37)}, lambda t: t["a"] * t["b"])
case("permuteAdd", {"a": randn(3, 4, 5), "b": randn(5, 3, 4)}, lambda t: t["a"].permute(2, 0, 1) + t["b"])
case("eq", {"a": halves(4, 5), "b": halves(5)}, lambda t: t["a"] == t["b"])
case("lt", {"a": halves(4, 5), "b": halves(5)}, lambda t: t["a"] < t["b"])
case("ge", {"a": halves(4, 5), "b": halves(5)}, lambda t: t["a"] >= t["b"])
case("where", {"cond": randn(3, 1) > 0, "a": randn(3, 4), "b": randn(4)},
     lambda t: torch.where(t["cond"], t["a"], t["b"]))

# ---------------------------------------------------------------- reductions on [3, 4, 5]
case("sumAll", {"a": randn(3, 4, 5)}, lambda t: t["a"].sum())
case("sumDim1", {"a": randn(3, 4, 5)}, lambda t: t["a"].sum(1))
case("sumDim2Keep", {"a": randn(3, 4, 5)}, lambda t: t["a"].sum(2, keepdim=True))
case("sumDims02", {"a": randn(3, 4, 5)}, lambda t: t["a"].sum((0, 2)))
case("meanAll", {"a": randn(3, 4, 5)}, lambda t: t["a"].mean())
case("meanDim0", {"a": randn(3, 4, 5)}, lambda t: t["a"].mean(0))
case("meanDims12Keep", {"a": randn(3, 4, 5)}, lambda t: t["a"].mean((1, 2), keepdim=True))
case("varAllUnbiased", {"a": randn(3, 4, 5)}, lambda t: t["a"].var(unbiased=True))
case("varAllBiased", {"a": randn(3, 4, 5)}, lambda t: t["a"].var(unbiased=False))
case("varDim1Unbiased", {"a": randn(3, 4, 5)}, lambda t: t["a"].var(1, unbiased=True))
case("varDim2BiasedKeep", {"a": randn(3, 4, 5)}, lambda t: t["a"].var(2, unbiased=False, keepdim=True))
case("varDims02Unbiased", {"a": randn(3, 4, 5)}, lambda t: t["a"].var((0, 2), unbiased=True))
case("stdAllUnbiased", {"a": randn(3, 4, 5)}, lambda t: t["a"].std(unbiased=True))
case("stdDim0Biased", {"a": randn(3, 4, 5)}, lambda t: t["a"].std(0, unbiased=False))
case("prodAll", {"a": 1 + 0.1 * randn(2, 3, 4)}, lambda t: t["a"].prod())
case("prodDim1Keep", {"a": randn(3, 4, 5)}, lambda t: t["a"].prod(1, keepdim=True))
case("maxAll", {"a": randn(3, 4, 5)}, lambda t: t["a"].max())
case("minAll", {"a": randn(3, 4, 5)}, lambda t: t["a"].min())
case("amaxDims01", {"a": randn(3, 4, 5)}, lambda t: t["a"].amax((0, 1)))
case("aminDim2Keep", {"a": randn(3, 4, 5)}, lambda t: t["a"].amin(2, keepdim=True))
case("maxDim1", {"a": randn(3, 4, 5)}, lambda t: tuple(t["a"].max(1)))
case("minDim0Keep", {"a": randn(3, 4, 5)}, lambda t: tuple(t["a"].min(0, keepdim=True)))
case("argmaxAll", {"a": randn(3, 4, 5)}, lambda t: t["a"].argmax())
case("argmaxDim2", {"a": randn(3, 4, 5)}, lambda t: t["a"].argmax(2))
case("argminDim0", {"a": randn(3, 4, 5)}, lambda t: t["a"].argmin(0))
case("logsumexpDim1", {"a": randn(3, 4, 5)}, lambda t: t["a"].logsumexp(1))
case("logsumexpDim2Keep", {"a": randn(3, 4, 5)}, lambda t: t["a"].logsumexp(2, keepdim=True))
case("logsumexpLarge", {"a": randn(3, 4, 5) * 50}, lambda t: t["a"].logsumexp(1))
case("norm1All", {"a": randn(3, 4, 5)}, lambda t: torch.linalg.vector_norm(t["a"], 1))
case("norm2All", {"a": randn(3, 4, 5)}, lambda t: torch.linalg.vector_norm(t["a"], 2))
case("normInfAll", {"a": randn(3, 4, 5)}, lambda t: torch.linalg.vector_norm(t["a"], float("inf")))
case("norm1Dim1", {"a": randn(3, 4, 5)}, lambda t: torch.linalg.vector_norm(t["a"], 1, dim=1))
case("norm2Dim2Keep", {"a": randn(3, 4, 5)}, lambda t: torch.linalg.vector_norm(t["a"], 2, dim=2, keepdim=True))
case("normInfDim0", {"a": randn(3, 4, 5)}, lambda t: torch.linalg.vector_norm(t["a"], float("inf"), dim=0))
case("softmaxDim0", {"a": randn(3, 4, 5)}, lambda t: t["a"].softmax(0))
case("softmaxDim1", {"a": randn(3, 4, 5)}, lambda t: t["a"].softmax(1))
case("softmaxDimLast", {"a": randn(3, 4, 5)}, lambda t: t["a"].softmax(-1))
case("softmaxLarge", {"a": randn(4, 6) * 40}, lambda t: t["a"].softmax(-1))
case("logSoftmaxDim0", {"a": randn(3, 4, 5)}, lambda t: t["a"].log_softmax(0))
case("logSoftmaxDim1", {"a": randn(3, 4, 5)}, lambda t: t["a"].log_softmax(1))
case("logSoftmaxDimLast", {"a": randn(3, 4, 5)}, lambda t: t["a"].log_softmax(-1))
case("logSoftmaxLarge", {"a": randn(4, 6) * 40}, lambda t: t["a"].log_softmax(-1))

# ---------------------------------------------------------------- linear algebra
case("matmulVecVec", {"a": randn(7), "b": randn(7)}, lambda t: t["a"] @ t["b"])
case("matmulMatVec", {"a": randn(4, 7), "b": randn(7)}, lambda t: t["a"] @ t["b"])
case("matmulVecMat", {"a": randn(7), "b": randn(7, 5)}, lambda t: t["a"] @ t["b"])
case("matmulMatMat", {"a": randn(4, 7), "b": randn(7, 5)}, lambda t: t["a"] @ t["b"])
case("matmulBatchedBroadcast", {"a": randn(2, 1, 3, 4), "b": randn(5, 4, 6)}, lambda t: t["a"] @ t["b"])
case("matmulBatchedVec", {"a": randn(2, 3, 4), "b": randn(4)}, lambda t: t["a"] @ t["b"])
case("matmulLarge", {"a": randn(9, 40), "b": randn(40, 67)}, lambda t: t["a"] @ t["b"])
case("matmulTransposed", {"a": randn(7, 4), "b": randn(5, 7)}, lambda t: t["a"].t() @ t["b"].t())
case("bmm", {"a": randn(3, 4, 5), "b": randn(3, 5, 2)}, lambda t: torch.bmm(t["a"], t["b"]))
case("outer", {"a": randn(4), "b": randn(6)}, lambda t: torch.outer(t["a"], t["b"]))

# ---------------------------------------------------------------- indexing
case("gather", {"a": randn(3, 5), "idx": index(5, 3, 4)}, lambda t: t["a"].gather(1, t["idx"]))
case("gatherDim0", {"a": randn(4, 3), "idx": index(4, 2, 3)}, lambda t: t["a"].gather(0, t["idx"]))
case("scatterAdd", {"a": randn(4, 3), "idx": index(4, 5, 3), "src": randn(5, 3)},
     lambda t: t["a"].scatter_add(0, t["idx"], t["src"]))
case("indexSelect", {"a": randn(4, 5), "idx": torch.tensor([4, 0, 2, 0, 1, 4])},
     lambda t: t["a"].index_select(1, t["idx"]))
case("indexSelectDim0", {"a": randn(4, 5), "idx": torch.tensor([3, 1, 3])}, lambda t: t["a"].index_select(0, t["idx"]))
case("maskedFill", {"a": randn(3, 4), "mask": randn(4) > 0}, lambda t: t["a"].masked_fill(t["mask"], -1.5))
case("oneHot", {"idx": index(4, 5)}, lambda t: F.one_hot(t["idx"], 4).double())

# ---------------------------------------------------------------- joining and rearranging
case("cat", {"a": randn(2, 3), "b": randn(2, 5)}, lambda t: torch.cat([t["a"], t["b"]], 1))
case("catDim0", {"a": randn(2, 3), "b": randn(4, 3)}, lambda t: torch.cat([t["a"], t["b"]], 0))
case("stack", {"a": randn(2, 3), "b": randn(2, 3)}, lambda t: torch.stack([t["a"], t["b"]], 0))
case("stackDim2", {"a": randn(2, 3), "b": randn(2, 3)}, lambda t: torch.stack([t["a"], t["b"]], 2))
case("pad", {"a": randn(2, 3)}, lambda t: F.pad(t["a"], (1, 2)))
case("pad2d", {"a": randn(2, 3, 4)}, lambda t: F.pad(t["a"], (1, 0, 2, 1), value=0.5))
case("flip", {"a": randn(2, 3, 4)}, lambda t: t["a"].flip(0, 2))
case("roll", {"a": randn(3, 4)}, lambda t: t["a"].roll(1, 1))
case("rollNegative", {"a": randn(3, 4)}, lambda t: t["a"].roll(-2, 0))
case("repeat", {"a": randn(2, 3)}, lambda t: t["a"].repeat(2, 1, 3))
case("tril", {"a": randn(2, 4, 5)}, lambda t: t["a"].tril())
case("trilAbove", {"a": randn(2, 4, 5)}, lambda t: t["a"].tril(1))
case("triu", {"a": randn(2, 4, 5)}, lambda t: t["a"].triu())
case("triuBelow", {"a": randn(2, 4, 5)}, lambda t: t["a"].triu(-1))
case("transpose", {"a": randn(2, 3, 4)}, lambda t: t["a"].transpose(0, 2).contiguous())
case("sliceStep", {"a": randn(6, 5)}, lambda t: t["a"][1:6:2])
case("reshapeTransposed", {"a": randn(3, 4)}, lambda t: t["a"].t().reshape(2, 6))
case("expandMul", {"a": randn(3, 1), "b": randn(3, 4)}, lambda t: t["a"].expand(3, 4) * t["b"])
case("selectNarrow", {"a": randn(2, 5, 4)}, lambda t: t["a"].select(1, 2).narrow(1, 1, 2))
case("splitCat", {"a": randn(5, 3)}, lambda t: torch.cat(t["a"].split(2, 0)[::-1], 0))
case("chunkCat", {"a": randn(3, 5)}, lambda t: torch.cat(t["a"].chunk(2, 1)[::-1], 1))


# ---------------------------------------------------------------- computing and writing

def run_case(name, inputs, fn, out):
    for k, v in inputs.items():
        out[f"{name}.{k}"] = v
    leaves = {}
    for k, v in inputs.items():
        leaves[k] = v.double().requires_grad_() if v.dtype == torch.float32 else v
    result = fn(leaves)
    results = result if isinstance(result, tuple) else (result,)
    for i, r in enumerate(results):
        out[f"{name}.out" + (str(i) if i else "")] = r.detach()
    first = results[0]
    if first.dtype == torch.float64 and first.requires_grad:
        R = randn(*first.shape)
        out[f"{name}.R"] = R
        (first * R.double()).sum().backward()
        for k, v in leaves.items():
            if v.dtype == torch.float64:
                out[f"{name}.grad_{k}"] = v.grad


DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8"), torch.bool: ("BOOL", "?")}
ALIGNMENT_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]


def save_safetensors(tensors, path, metadata):
    """As safetensors.torch.save_file: largest alignment first, then by name; header padded to 8 bytes."""
    items = sorted(tensors.items(), key=lambda kv: (-ALIGNMENT_ORDER.index(DTYPES[kv[1].dtype][0]), kv[0]))
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in items:
        code, np_type = DTYPES[t.dtype]
        blob = np.ascontiguousarray(t.numpy()).astype(np_type).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def main():
    torch.set_num_threads(1)
    out = {}
    names = set()
    for name, inputs, fn in CASES:
        assert name not in names, name
        names.add(name)
        run_case(name, inputs, fn, out)
    path = os.path.normpath(OUT)
    save_safetensors(out, path, {"generator": "tools/reference/ops_fixtures.py", "torch": torch.__version__,
                                 "seed": str(SEED), "cases": str(len(CASES))})
    print(f"{len(CASES)} cases, {len(out)} tensors, {os.path.getsize(path)} bytes -> {path}")


if __name__ == "__main__":
    main()
