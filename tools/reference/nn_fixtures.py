#!/usr/bin/python3
"""PyTorch reference fixtures for dev.nabla.nn and dev.nabla.loss.

Run with Debian's interpreter (torch 1.13.1 + numpy):  /usr/bin/python3 tools/reference/nn_fixtures.py

Writes core/src/test/resources/fixtures/nn_{activations,losses,layers}.safetensors. Each case NAME has
  NAME.in0, NAME.in1, ...  the inputs: float32 values (drawn in float32) or int64 class indices
  NAME.r                   a float32 tensor of the output's shape
  NAME.out                 the output, float64, computed in float64 from exactly the float32 inputs
  NAME.gradI               float64 gradient of sum(out * r) with respect to input I (only where given)
Option values (margins, reductions, ...) are encoded in the case name; the Java tests
(ActivationFixtureTest, LayerFixtureTest, LossFixtureTest) map each name to the same call.

Torch 1.13 versus current PyTorch: every case here gives the same result in 2.x. In particular
cross_entropy with label smoothing, ignore_index and reduction='mean' and no weights divides the
smoothing term by the number of non-ignored targets in this build, as in 2.x (checked below).
The contrastive loss is not in PyTorch; its reference is written out from the formula
y * d^2 / 2 + (1 - y) * max(0, margin - d)^2 / 2 with d = pairwise_distance(x1, x2) (Hadsell et al. 2006).
Initializers are random and are checked statistically in Java, except calculate_gain (stored here).
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT_DIR = os.path.normpath(os.path.join(ROOT, "core", "src", "test", "resources", "fixtures"))

DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8")}


def save_safetensors(tensors, path):
    """A minimal safetensors writer: 8-byte LE header length, JSON header, raw little-endian data."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        code, np_dtype = DTYPES[t.dtype]
        data = t.numpy().astype(np_dtype).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    size = os.path.getsize(path)
    assert size < 300_000, f"{path} is {size} bytes"
    print(f"wrote {path}: {len(tensors)} tensors, {size} bytes")


class Store:
    def __init__(self, seed):
        self.tensors = {}
        self.gen = torch.Generator().manual_seed(seed)

    def randn(self, *shape, scale=1.0):
        return (torch.randn(shape, generator=self.gen) * scale).float()

    def rand(self, *shape):
        return torch.rand(shape, generator=self.gen).float()

    def randint(self, low, high, *shape):
        return torch.randint(low, high, shape, generator=self.gen, dtype=torch.int64)

    def case(self, name, fn, inputs, grad=()):
        assert name + ".out" not in self.tensors, name
        xs = []
        for i, t in enumerate(inputs):
            assert t.dtype in (torch.float32, torch.int64), (name, i, t.dtype)
            self.tensors[f"{name}.in{i}"] = t
            if t.is_floating_point():
                xs.append(t.double().clone().requires_grad_(i in grad))
            else:
                xs.append(t.clone())
        out = fn(*xs)
        r = self.randn(*out.shape)
        self.tensors[f"{name}.r"] = r
        self.tensors[f"{name}.out"] = out.detach().double()
        if grad:
            (out * r.double()).sum().backward()
            for i in grad:
                self.tensors[f"{name}.grad{i}"] = xs[i].grad.double()


# ---------------------------------------------------------------- activations

def hardswish_scalar_path(t):
    """F.hardswish one element at a time. At x = 3 PyTorch's CPU kernels disagree on the gradient: the
    scalar loop and the CUDA kernel give 1.5 (the formula x/3 + 1/2 applies on [-3, 3]), the vectorized
    loop gives 1. Nabla follows the formula, so the reference is taken from the scalar loop."""
    return torch.stack([F.hardswish(e.reshape(1)) for e in t.reshape(-1)]).reshape(t.shape)


def activations():
    s = Store(1)
    x = s.randn(4, 8, scale=2.5)
    # kinks and special points: exact 0, the bounds of the hard functions, softplus's threshold, tails
    x[0] = torch.tensor([-3.0, -1.0, 0.0, 1.0, 3.0, 6.0, -0.5, 0.5])
    x[1] = torch.tensor([-2.0, 1.5, 2.5, -6.0, 20.0, -20.0, 0.25, -0.25])
    g = (0,)
    unary = {
        "relu": F.relu,
        "leaky_relu": F.leaky_relu,
        "leaky_relu.0.2": lambda t: F.leaky_relu(t, 0.2),
        "relu6": F.relu6,
        "elu": F.elu,
        "elu.0.5": lambda t: F.elu(t, 0.5),
        "selu": F.selu,
        "celu": F.celu,
        "celu.2": lambda t: F.celu(t, 2.0),
        "gelu": F.gelu,
        "gelu.tanh": lambda t: F.gelu(t, approximate="tanh"),
        "silu": F.silu,
        "mish": F.mish,
        "softplus": F.softplus,
        "softplus.2.5": lambda t: F.softplus(t, beta=2, threshold=5),
        "softsign": F.softsign,
        "hardtanh": F.hardtanh,
        "hardtanh.-2.1.5": lambda t: F.hardtanh(t, -2.0, 1.5),
        "hardsigmoid": F.hardsigmoid,
        "hardswish": hardswish_scalar_path,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "tanhshrink": F.tanhshrink,
        "softshrink": F.softshrink,
        "hardshrink.1": lambda t: F.hardshrink(t, 1.0),
        "logsigmoid": F.logsigmoid,
        "softmax.1": lambda t: F.softmax(t, 1),
        "softmax.0": lambda t: F.softmax(t, 0),
        "log_softmax.1": lambda t: F.log_softmax(t, 1),
        "log_softmax.0": lambda t: F.log_softmax(t, 0),
        "glu.-1": lambda t: F.glu(t, -1),
        "glu.0": lambda t: F.glu(t, 0),
        "erf": torch.erf,
    }
    for name, fn in unary.items():
        s.case(name, fn, [x], g)
    s.case("prelu.single", F.prelu, [x, torch.tensor([0.25])], (0, 1))
    s.case("prelu.channels", F.prelu, [x, s.randn(8)], (0, 1))
    s.case("prelu.4d", F.prelu, [s.randn(2, 3, 2, 2), s.randn(3)], (0, 1))
    # erf over a wide range, both signs, including the series / continued-fraction switch at 2.5
    s.case("erf.range", torch.erf, [torch.linspace(-6, 6, 97).float()], g)
    save_safetensors(s.tensors, os.path.join(OUT_DIR, "nn_activations.safetensors"))


# ---------------------------------------------------------------- layers and helpers

def layers():
    s = Store(2)
    s.case("linear", lambda x, w, b: F.linear(x, w, b), [s.randn(5, 4), s.randn(3, 4), s.randn(3)], (0, 1, 2))
    s.case("linear.nobias", lambda x, w: F.linear(x, w), [s.randn(5, 4), s.randn(3, 4)], (0, 1))
    s.case("linear.3d", lambda x, w, b: F.linear(x, w, b), [s.randn(2, 5, 4), s.randn(3, 4), s.randn(3)], (0, 1, 2))
    s.case("bilinear", lambda a, b, w, c: F.bilinear(a, b, w, c), [s.randn(5, 4), s.randn(5, 3), s.randn(2, 4, 3), s.randn(2)], (0, 1, 2, 3))
    s.case("bilinear.nobias", lambda a, b, w: F.bilinear(a, b, w), [s.randn(2, 5, 4), s.randn(2, 5, 3), s.randn(2, 4, 3)], (0, 1, 2))
    s.case("pairwise_distance.2", lambda a, b: F.pairwise_distance(a, b), [s.randn(5, 6), s.randn(5, 6)], (0, 1))
    s.case("pairwise_distance.3", lambda a, b: F.pairwise_distance(a, b, p=3.0), [s.randn(5, 6), s.randn(5, 6)], (0, 1))
    s.case("pairwise_distance.1", lambda a, b: F.pairwise_distance(a, b, p=1.0), [s.randn(5, 6), s.randn(5, 6)], (0, 1))
    s.case("cosine_similarity", lambda a, b: F.cosine_similarity(a, b, dim=1), [s.randn(5, 6), s.randn(5, 6)], (0, 1))
    s.case("cosine_similarity.dim0", lambda a, b: F.cosine_similarity(a, b, dim=0), [s.randn(5, 6), s.randn(5, 6)], (0, 1))
    w = s.randn(4, 6, scale=2.0)
    w[1] *= 0.1  # one row already inside the bound
    s.case("renorm.3", lambda t: torch.renorm(t, 2, 0, 3.0), [w], ())
    s.case("renorm.3d.1", lambda t: torch.renorm(t, 2, 0, 1.0), [s.randn(3, 2, 4)], ())
    names = ["linear", "conv1d", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]
    gains = [torch.nn.init.calculate_gain(n) for n in names] + [torch.nn.init.calculate_gain("leaky_relu", 0.2)]
    s.tensors["calculate_gain"] = torch.tensor(gains, dtype=torch.float64)
    save_safetensors(s.tensors, os.path.join(OUT_DIR, "nn_layers.safetensors"))


# ---------------------------------------------------------------- losses

RED = ("none", "mean", "sum")


def contrastive_ref(x1, x2, y, margin):
    d = F.pairwise_distance(x1, x2)
    return y * d.pow(2) / 2 + (1 - y) * torch.clamp(margin - d, min=0).pow(2) / 2


def reduce(v, red):
    return v if red == "none" else (v.mean() if red == "mean" else v.sum())


def losses():
    s = Store(3)
    n, c = 5, 4
    a, b = s.randn(n, c), s.randn(n, c)
    for red in RED:
        s.case(f"mse.{red}", lambda p, t, red=red: F.mse_loss(p, t, reduction=red), [a, b], (0, 1))
        s.case(f"l1.{red}", lambda p, t, red=red: F.l1_loss(p, t, reduction=red), [a, b], (0, 1))
        s.case(f"smooth_l1.1.{red}", lambda p, t, red=red: F.smooth_l1_loss(p, t, reduction=red), [a, b], (0, 1))
        s.case(f"huber.1.{red}", lambda p, t, red=red: F.huber_loss(p, t, reduction=red), [a, b], (0, 1))
    s.case("smooth_l1.0.5.mean", lambda p, t: F.smooth_l1_loss(p, t, beta=0.5), [a, b], (0, 1))
    s.case("smooth_l1.0.mean", lambda p, t: F.smooth_l1_loss(p, t, beta=0.0), [a, b], (0, 1))
    s.case("huber.0.5.mean", lambda p, t: F.huber_loss(p, t, delta=0.5), [a, b], (0, 1))
    s.case("huber.2.sum", lambda p, t: F.huber_loss(p, t, reduction="sum", delta=2.0), [a, b], (0, 1))

    # binary cross-entropy on probabilities
    p = torch.sigmoid(s.randn(n, c, scale=2.0)).float()
    y = s.rand(n, c)
    wc = s.rand(c) + 0.5
    for red in RED:
        s.case(f"bce.{red}", lambda x, t, red=red: F.binary_cross_entropy(x, t, reduction=red), [p, y], (0,))
    s.case("bce.w.mean", lambda x, t, w: F.binary_cross_entropy(x, t, weight=w), [p, y, wc], (0,))
    pe = p.clone()
    pe[0, :4] = torch.tensor([0.0, 1.0, 1e-30, 1.0 - 2 ** -24])  # exact 0 and 1: logs clamped at -100
    s.case("bce.extreme.none", lambda x, t: F.binary_cross_entropy(x, t, reduction="none"), [pe, y], ())

    # binary cross-entropy on logits
    z = s.randn(n, c, scale=3.0)
    z[0, :4] = torch.tensor([0.0, 40.0, -40.0, 100.0])
    pw = s.rand(c) * 3
    for red in RED:
        s.case(f"bce_logits.{red}", lambda x, t, red=red: F.binary_cross_entropy_with_logits(x, t, reduction=red), [z, y], (0, 1))
    s.case("bce_logits.w.mean", lambda x, t, w: F.binary_cross_entropy_with_logits(x, t, weight=w), [z, y, wc], (0, 1))
    s.case("bce_logits.pw.mean", lambda x, t, q: F.binary_cross_entropy_with_logits(x, t, pos_weight=q), [z, y, pw], (0, 1))
    s.case("bce_logits.w.pw.sum", lambda x, t, w, q: F.binary_cross_entropy_with_logits(x, t, weight=w, reduction="sum", pos_weight=q),
           [z, y, s.rand(n, c), pw], (0, 1))

    # cross-entropy with class indices
    logits = s.randn(n, c, scale=2.0)
    tgt = torch.tensor([0, 3, 1, 2, 3])
    tgt_ign = torch.tensor([0, -100, 1, -100, 3])
    tgt_ign2 = torch.tensor([2, 3, 1, 2, 0])
    wcls = s.rand(c) + 0.2
    for red in RED:
        s.case(f"ce.{red}", lambda x, t, red=red: F.cross_entropy(x, t, reduction=red), [logits, tgt], (0,))
        s.case(f"ce.w.{red}", lambda x, t, w, red=red: F.cross_entropy(x, t, weight=w, reduction=red), [logits, tgt, wcls], (0,))
        s.case(f"ce.ign.{red}", lambda x, t, red=red: F.cross_entropy(x, t, reduction=red), [logits, tgt_ign], (0,))
        s.case(f"ce.w.ign.{red}", lambda x, t, w, red=red: F.cross_entropy(x, t, weight=w, reduction=red), [logits, tgt_ign, wcls], (0,))
        s.case(f"ce.ls.{red}", lambda x, t, red=red: F.cross_entropy(x, t, reduction=red, label_smoothing=0.1), [logits, tgt], (0,))
        s.case(f"ce.ls.w.ign.{red}", lambda x, t, w, red=red: F.cross_entropy(x, t, weight=w, reduction=red, label_smoothing=0.2),
               [logits, tgt_ign, wcls], (0,))
    s.case("ce.ign2.mean", lambda x, t: F.cross_entropy(x, t, ignore_index=2), [logits, tgt_ign2], (0,))
    s.case("ce.ls.ign.mean", lambda x, t: F.cross_entropy(x, t, label_smoothing=0.2), [logits, tgt_ign], (0,))
    s.case("ce.ls.w.mean", lambda x, t, w: F.cross_entropy(x, t, weight=w, label_smoothing=0.3), [logits, tgt, wcls], (0,))
    s.case("ce.kdim.mean", lambda x, t: F.cross_entropy(x, t), [s.randn(2, c, 3), s.randint(0, c, 2, 3)], (0,))
    kt = s.randint(0, c, 2, 3, 2)
    kt[0, 0, 0] = -100
    s.case("ce.kdim.w.ls.none", lambda x, t, w: F.cross_entropy(x, t, weight=w, reduction="none", label_smoothing=0.1),
           [s.randn(2, c, 3, 2), kt, wcls], (0,))
    s.case("ce.kdim.w.ign.mean", lambda x, t, w: F.cross_entropy(x, t, weight=w), [s.randn(2, c, 3, 2), kt, wcls], (0,))
    s.case("ce.unbatched.mean", lambda x, t: F.cross_entropy(x, t), [s.randn(c), torch.tensor(2)], (0,))
    s.case("ce.unbatched.w.ls.none", lambda x, t, w: F.cross_entropy(x, t, weight=w, reduction="none", label_smoothing=0.1),
           [s.randn(c), torch.tensor(1), wcls], (0,))

    # check (documented above) that this build already normalizes label smoothing by the non-ignored count
    lp = logits.double().log_softmax(1)
    m = (tgt_ign != -100).double()
    expect = 0.8 * F.nll_loss(lp, tgt_ign) + 0.2 / c * (-(lp.sum(1)) * m).sum() / m.sum()
    assert torch.allclose(F.cross_entropy(logits.double(), tgt_ign, label_smoothing=0.2), expect)

    # cross-entropy with probability targets
    probs = torch.softmax(s.randn(n, c), 1).float()
    for red in RED:
        s.case(f"ce.prob.{red}", lambda x, t, red=red: F.cross_entropy(x, t, reduction=red), [logits, probs], (0, 1))
    s.case("ce.prob.w.mean", lambda x, t, w: F.cross_entropy(x, t, weight=w), [logits, probs, wcls], (0, 1))
    s.case("ce.prob.w.ls.none", lambda x, t, w: F.cross_entropy(x, t, weight=w, reduction="none", label_smoothing=0.1),
           [logits, probs, wcls], (0, 1))
    s.case("ce.prob.ls.sum", lambda x, t: F.cross_entropy(x, t, reduction="sum", label_smoothing=0.25), [logits, probs], (0, 1))
    s.case("ce.prob.kdim.mean", lambda x, t: F.cross_entropy(x, t), [s.randn(2, c, 3), torch.softmax(s.randn(2, c, 3), 1).float()], (0, 1))

    # negative log-likelihood
    logp = torch.log_softmax(s.randn(n, c), 1).float()
    for red in RED:
        s.case(f"nll.{red}", lambda x, t, red=red: F.nll_loss(x, t, reduction=red), [logp, tgt], (0,))
    s.case("nll.w.ign.mean", lambda x, t, w: F.nll_loss(x, t, weight=w), [logp, tgt_ign, wcls], (0,))
    s.case("nll.kdim.w.sum", lambda x, t, w: F.nll_loss(x, t, weight=w, reduction="sum"), [s.randn(2, c, 3), s.randint(0, c, 2, 3), wcls], (0,))

    # KL divergence
    q = torch.softmax(s.randn(n, c), 1)
    q[0, 1] = 0.0
    q[3, 0] = 0.0
    q = q.float()
    for red in RED + ("batchmean",):
        s.case(f"kl.{red}", lambda x, t, red=red: F.kl_div(x, t, reduction=red), [logp, q], (0,))
    logq = torch.log_softmax(s.randn(n, c), 1).float()
    s.case("kl.logt.batchmean", lambda x, t: F.kl_div(x, t, reduction="batchmean", log_target=True), [logp, logq], (0, 1))
    s.case("kl.logt.none", lambda x, t: F.kl_div(x, t, reduction="none", log_target=True), [logp, logq], (0, 1))

    # multi-class hinge
    for red in RED:
        s.case(f"mm.{red}", lambda x, t, red=red: F.multi_margin_loss(x, t, reduction=red), [logits, tgt], (0,))
    s.case("mm.p2.mean", lambda x, t: F.multi_margin_loss(x, t, p=2), [logits, tgt], (0,))
    s.case("mm.m0.5.w.sum", lambda x, t, w: F.multi_margin_loss(x, t, margin=0.5, weight=w, reduction="sum"), [logits, tgt, wcls], (0,))
    s.case("mm.unbatched.none", lambda x, t: F.multi_margin_loss(x, t, reduction="none"), [s.randn(c, scale=0.5), torch.tensor(1)], (0,))

    # multi-label soft margin
    ml = s.randint(0, 2, n, c).float()
    for red in RED:
        s.case(f"mlsm.{red}", lambda x, t, red=red: F.multilabel_soft_margin_loss(x, t, reduction=red), [z, ml], (0,))
    s.case("mlsm.w.mean", lambda x, t, w: F.multilabel_soft_margin_loss(x, t, weight=w), [z, ml, wcls], (0,))

    # cosine embedding
    e1, e2 = s.randn(n, 6), s.randn(n, 6)
    pm = torch.tensor([1.0, -1.0, 1.0, -1.0, -1.0])
    for red in RED:
        s.case(f"cos.{red}", lambda x1, x2, t, red=red: F.cosine_embedding_loss(x1, x2, t, reduction=red), [e1, e2, pm], (0, 1))
    s.case("cos.m-0.2.mean", lambda x1, x2, t: F.cosine_embedding_loss(x1, x2, t, margin=-0.2), [e1, e2, pm], (0, 1))

    # margin ranking
    r1, r2 = s.randn(7), s.randn(7)
    rt = torch.tensor([1.0, -1.0, 1.0, 1.0, -1.0, -1.0, 1.0])
    for red in RED:
        s.case(f"rank.{red}", lambda x1, x2, t, red=red: F.margin_ranking_loss(x1, x2, t, reduction=red), [r1, r2, rt], (0, 1))
    s.case("rank.0.5.mean", lambda x1, x2, t: F.margin_ranking_loss(x1, x2, t, margin=0.5), [r1, r2, rt], (0, 1))

    # triplet margin
    ta, tp, tn = s.randn(n, 6), s.randn(n, 6), s.randn(n, 6)
    for red in RED:
        s.case(f"trip.{red}", lambda x, y_, z_, red=red: F.triplet_margin_loss(x, y_, z_, reduction=red), [ta, tp, tn], (0, 1, 2))
    s.case("trip.m0.5.p1.mean", lambda x, y_, z_: F.triplet_margin_loss(x, y_, z_, margin=0.5, p=1), [ta, tp, tn], (0, 1, 2))
    s.case("trip.swap.mean", lambda x, y_, z_: F.triplet_margin_loss(x, y_, z_, swap=True), [ta, tp, tn], (0, 1, 2))
    s.case("trip.p3.m2.sum", lambda x, y_, z_: F.triplet_margin_loss(x, y_, z_, margin=2.0, p=3, reduction="sum"), [ta, tp, tn], (0, 1, 2))

    # contrastive (formula; not in PyTorch)
    c1, c2 = s.randn(6, 4, scale=0.4), s.randn(6, 4, scale=0.4)
    sim = torch.tensor([1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    for red in RED:
        s.case(f"contrastive.1.{red}", lambda x1, x2, t, red=red: reduce(contrastive_ref(x1, x2, t, 1.0), red), [c1, c2, sim], (0, 1))
    s.case("contrastive.3.mean", lambda x1, x2, t: contrastive_ref(x1, x2, t, 3.0).mean(), [c1, c2, sim], (0, 1))

    save_safetensors(s.tensors, os.path.join(OUT_DIR, "nn_losses.safetensors"))


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    print("torch", torch.__version__, "numpy", np.__version__)
    activations()
    layers()
    losses()
