#!/usr/bin/python3
"""PyTorch reference fixtures for attention and transformers (issue 5).

Run with Debian's interpreter (torch 1.13.1 + numpy):  /usr/bin/python3 tools/reference/attention_fixtures.py

Writes core/src/test/resources/fixtures/attention.safetensors, with two kinds of cases:

* functional cases in the format of nn_fixtures.py (NAME.in0.., NAME.r, NAME.out, NAME.gradI): scaled
  dot-product attention written out as softmax(q k^T / sqrt(d) + mask) v (torch 1.13 has no public
  F.scaled_dot_product_attention; this is its definition in 2.x), one case per mask kind. Boolean masks are
  stored as int64 (nonzero = masked out) since the case format holds float32 and int64 only.
* module cases: a PyTorch module's state dict as NAME.sd.<key> (float32, PyTorch's own keys), its inputs
  NAME.x0.. (float32; masks as int64 or float32 as the call takes them), NAME.r, the output NAME.out and,
  for need_weights, NAME.weights (float64), gradients of sum(out * r) for the float inputs NAME.gx<I> and
  for every parameter NAME.pgrad.<key> (float64). The module runs in float64 from exactly the float32
  values, in training mode with dropout 0 (so the math path runs, as it does in training). Parameters are
  perturbed from their init so that zero biases and unit norms do not hide a mistake.

attention_classic.safetensors holds module cases for the attention of the notes (Bahdanau's additive
attention, Luong's dot / general / concat scores, local-m and local-p windows, a pointer-network head and a
gated temporal convolution block), written as the papers' formulas in torch with the Nabla modules' parameter
names; those outputs concatenate what the Java side returns (context, weights, attentional vector) along the
last dimension.

No case has a query whose keys are all masked (PyTorch gives NaN there; Nabla defines zero weights and
tests that separately). Every case gives the same result in torch 2.x.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn_fixtures import OUT_DIR, Store, save_safetensors  # noqa: E402


def sdpa(q, k, v, mask=None, causal=False):
    """torch 2.x F.scaled_dot_product_attention's math: bool mask True = keep there, so the callers pass
    the additive form built from MultiheadAttention's convention (True / nonzero = masked out)."""
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores + mask
    if causal:
        lq, lk = scores.shape[-2], scores.shape[-1]
        keep = torch.ones(lq, lk, dtype=torch.bool).tril()
        scores = scores.masked_fill(~keep, float("-inf"))
    return torch.softmax(scores, -1) @ v


def additive(bool_like, dtype=torch.float64):
    return torch.zeros(bool_like.shape, dtype=dtype).masked_fill(bool_like != 0, float("-inf"))


def no_full_rows(mask_int):
    """Unmasks the first key of any row that masks every key."""
    m = mask_int.clone()
    full = (m != 0).all(-1)
    m[..., 0][full] = 0
    return m


def functional(s):
    g = (0, 1, 2)
    q, k, v = s.randn(2, 3, 4, 8), s.randn(2, 3, 5, 8), s.randn(2, 3, 5, 6)
    s.case("sdpa.nomask", lambda q, k, v: sdpa(q, k, v), [q, k, v], g)
    bm = no_full_rows((s.rand(4, 5) < 0.4).long())
    s.case("sdpa.bool_mask", lambda q, k, v, m: sdpa(q, k, v, additive(m)), [q, k, v, bm], g)
    fm = s.randn(2, 1, 4, 5)
    s.case("sdpa.float_mask", lambda q, k, v, m: sdpa(q, k, v, m), [q, k, v, fm], g)
    kpm = torch.tensor([[0, 0, 0, 1, 1], [0, 1, 0, 0, 0]])
    s.case("sdpa.key_padding", lambda q, k, v, m: sdpa(q, k, v, additive(m).reshape(2, 1, 1, 5)), [q, k, v, kpm], g)
    qc, kc, vc = s.randn(2, 5, 4), s.randn(2, 5, 4), s.randn(2, 5, 3)
    s.case("sdpa.causal", lambda q, k, v: sdpa(q, k, v, causal=True), [qc, kc, vc], g)
    s.case("sdpa.causal.rect", lambda q, k, v: sdpa(q, k, v, causal=True), [s.randn(2, 3, 4), kc, vc], g)
    s.case("sdpa.weights.bool_mask", lambda q, k, m: torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(8) + additive(m), -1),
           [q, k, bm], (0, 1))


def perturb(module, gen, scale=0.2):
    with torch.no_grad():
        for p in module.parameters():
            p.add_(torch.randn(p.shape, generator=gen) * scale)


def module_case(s, name, module, inputs, fn, grad, with_weights=False):
    """fn(module, *xs) -> output or (output, weights)."""
    perturb(module, s.gen)
    module.train()
    for k, v in module.state_dict().items():
        s.tensors[f"{name}.sd.{k}"] = v.detach().float().clone()
    m = module.double()
    xs = []
    for i, t in enumerate(inputs):
        s.tensors[f"{name}.x{i}"] = t
        if t.is_floating_point():
            xs.append(t.double().clone().requires_grad_(i in grad))
        else:
            xs.append(t.clone())
    res = fn(m, *xs)
    out, w = (res if with_weights else (res, None))
    r = s.randn(*out.shape)
    s.tensors[f"{name}.r"] = r
    s.tensors[f"{name}.out"] = out.detach().double()
    if w is not None:
        s.tensors[f"{name}.weights"] = w.detach().double()
    (out * r.double()).sum().backward()
    for i in grad:
        s.tensors[f"{name}.gx{i}"] = xs[i].grad.double()
    for k, p in m.named_parameters():
        s.tensors[f"{name}.pgrad.{k}"] = p.grad.double()


def mha(s):
    E, H, N, L, S = 8, 2, 3, 4, 5
    x = s.randn(L, N, E)
    module_case(s, "mha.self.seqfirst", nn.MultiheadAttention(E, H), [x],
                lambda m, x: m(x, x, x, need_weights=True), (0,), with_weights=True)
    q, mem = s.randn(N, L, E), s.randn(N, S, E)
    kpm = torch.tensor([[0, 0, 0, 0, 1], [0, 0, 1, 1, 1], [0, 0, 0, 0, 0]])
    am = no_full_rows((s.rand(L, S) < 0.3).long())
    module_case(s, "mha.cross.batchfirst.masks", nn.MultiheadAttention(E, H, batch_first=True), [q, mem, kpm, am],
                lambda m, q, mem, kpm, am: m(q, mem, mem, key_padding_mask=kpm.bool(), attn_mask=am.bool(), need_weights=True),
                (0, 1), with_weights=True)
    qs, ks, vs = s.randn(L, N, E), s.randn(S, N, 6), s.randn(S, N, 5)
    fm = s.randn(N * H, L, S)
    module_case(s, "mha.kvdim.floatmask.perhead", nn.MultiheadAttention(E, H, kdim=6, vdim=5), [qs, ks, vs, fm],
                lambda m, q, k, v, fm: m(q, k, v, attn_mask=fm, need_weights=True, average_attn_weights=False),
                (0, 1, 2), with_weights=True)
    qb, mb = s.randn(L, N, E), s.randn(S, N, E)
    module_case(s, "mha.bias_kv.zero_attn", nn.MultiheadAttention(E, H, add_bias_kv=True, add_zero_attn=True), [qb, mb, kpm, am],
                lambda m, q, mem, kpm, am: m(q, mem, mem, key_padding_mask=kpm.bool(), attn_mask=am.bool(), need_weights=True),
                (0, 1), with_weights=True)
    xc = s.randn(N, L, E)
    module_case(s, "mha.nobias.causal", nn.MultiheadAttention(E, H, bias=False, batch_first=True), [xc],
                lambda m, x: m(x, x, x, attn_mask=nn.Transformer.generate_square_subsequent_mask(L).double(), need_weights=False)[0],
                (0,))


def layers(s):
    E, H, FF, N, L, S = 8, 2, 16, 3, 5, 4
    # pre- and post-norm, relu and gelu, batch first and not: four combinations that cover each choice twice
    for norm_first, act, bf in (
            (False, "relu", False), (True, "gelu", True), (False, "gelu", True),
            (True, "relu", False)):
        tag = f"{'pre' if norm_first else 'post'}.{act}.{'bf' if bf else 'sf'}"
        x = s.randn(N, L, E) if bf else s.randn(L, N, E)
        kpm = torch.tensor([[0, 0, 0, 0, 1], [0, 0, 0, 1, 1], [0, 0, 0, 0, 0]])
        enc = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, activation=act, batch_first=bf, norm_first=norm_first)
        module_case(s, f"enc.{tag}", enc, [x, kpm], lambda m, x, kpm: m(x, src_key_padding_mask=kpm.bool()), (0,))
        t = s.randn(N, L, E) if bf else s.randn(L, N, E)
        mem = s.randn(N, S, E) if bf else s.randn(S, N, E)
        mkpm = torch.tensor([[0, 0, 0, 1], [0, 0, 0, 0], [0, 1, 1, 1]])
        dec = nn.TransformerDecoderLayer(E, H, FF, dropout=0.0, activation=act, batch_first=bf, norm_first=norm_first)
        module_case(s, f"dec.{tag}", dec, [t, mem, mkpm],
                    lambda m, t, mem, mkpm: m(t, mem, tgt_mask=nn.Transformer.generate_square_subsequent_mask(L).double(),
                                              memory_key_padding_mask=mkpm.bool()), (0, 1))
    layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, batch_first=True)
    stack = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(E))
    x = s.randn(N, L, E)
    module_case(s, "encoder2.norm", stack, [x],
                lambda m, x: m(x, mask=nn.Transformer.generate_square_subsequent_mask(L).double()), (0,))
    tr = nn.Transformer(E, H, 2, 1, FF, dropout=0.0, batch_first=True)
    src, tgt = s.randn(N, S, E), s.randn(N, L, E)
    module_case(s, "transformer.small", tr, [src, tgt],
                lambda m, a, b: m(a, b, tgt_mask=nn.Transformer.generate_square_subsequent_mask(L).double()), (0, 1))
    # the tutorial's sinusoidal table
    max_len, d = 12, 8
    pos = torch.arange(max_len).unsqueeze(1)
    div = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
    pe = torch.zeros(max_len, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    s.tensors["positional.table"] = pe


# ---------------------------------------------------------------- classic attention (torch expressions)
# PyTorch has no modules for these; each is the paper's formula in torch, with the parameter names of the
# Nabla module, so the state dict loads unchanged.

class Additive(nn.Module):
    """Bahdanau: u = v^T tanh(W1 E + W2 d), a = softmax(u), context a E."""
    def __init__(self, hq, hk, a):
        super().__init__()
        self.key_proj = nn.Linear(hk, a, bias=False)
        self.query_proj = nn.Linear(hq, a)
        self.v = nn.Linear(a, 1, bias=False)

    def scores(self, q, keys):
        return self.v(torch.tanh(self.key_proj(keys).unsqueeze(1) + self.query_proj(q).unsqueeze(2))).squeeze(-1)

    def forward(self, q, keys, kpm):
        u = self.scores(q, keys) + additive(kpm).unsqueeze(1)
        w = torch.softmax(u, -1)
        return torch.cat([w @ keys, w], -1)


class Luong(nn.Module):
    def __init__(self, score, hq, hk, a, out):
        super().__init__()
        self.score, self.hq = score, hq
        if score == "general":
            self.attn = nn.Linear(hk, hq, bias=False)
        elif score == "concat":
            self.attn = nn.Linear(hq + hk, a, bias=False)
            self.v = nn.Linear(a, 1, bias=False)
        self.combine = nn.Linear(hk + hq, out, bias=False)

    def scores(self, q, keys):
        if self.score == "dot":
            return q @ keys.transpose(1, 2)
        if self.score == "general":
            return q @ self.attn(keys).transpose(1, 2)
        t, s = q.shape[1], keys.shape[1]
        pairs = torch.cat([q.unsqueeze(2).expand(-1, -1, s, -1), keys.unsqueeze(1).expand(-1, t, -1, -1)], -1)
        return self.v(torch.tanh(self.attn(pairs))).squeeze(-1)

    def finish(self, q, w, keys):
        c = w @ keys
        h = torch.tanh(self.combine(torch.cat([c, q], -1)))
        return torch.cat([c, w, h], -1)

    def forward(self, q, keys):
        return self.finish(q, torch.softmax(self.scores(q, keys), -1), keys)


class Local(nn.Module):
    def __init__(self, align, mode, d, hq):
        super().__init__()
        self.align, self.mode, self.d = align, mode, d
        if mode == "p":
            self.predict_proj = nn.Linear(hq, hq, bias=False)
            self.predict_v = nn.Linear(hq, 1, bias=False)

    def forward(self, q, keys):
        n, t, s = q.shape[0], q.shape[1], keys.shape[1]
        scores = self.align.scores(q, keys)
        pos = torch.arange(s, dtype=scores.dtype)
        if self.mode == "m":
            p = torch.arange(t, dtype=scores.dtype).reshape(1, t, 1)
        else:
            p = torch.sigmoid(self.predict_v(torch.tanh(self.predict_proj(q)))) * s
        outside = (pos - p.detach()).abs() > self.d
        w = torch.softmax(scores.masked_fill(outside, float("-inf")), -1)
        if self.mode == "p":
            sigma = self.d / 2
            w = w * torch.exp(-(pos - p) ** 2 / (2 * sigma ** 2))
        return self.align.finish(q, w, keys)


class Pointer(nn.Module):
    def __init__(self, hd, he, a):
        super().__init__()
        self.attention = Additive(hd, he, a)

    def forward(self, dec, enc, mask):
        return torch.log_softmax(self.attention.scores(dec, enc).masked_fill(mask.bool().unsqueeze(1), float("-inf")), -1)


class GatedConv(nn.Module):
    def __init__(self, cin, c, k, dil, residual):
        super().__init__()
        self.conv = nn.Conv1d(cin, 2 * c, k, dilation=dil)
        self.pad, self.residual = dil * (k - 1), residual

    def forward(self, x):
        y = F.glu(self.conv(F.pad(x, (self.pad, 0))), 1)
        return y + x if self.residual else y


def classic(s):
    N, T, S, H, K, A = 2, 3, 6, 5, 4, 7
    q, keys = s.randn(N, T, H), s.randn(N, S, K)
    kpm = torch.tensor([[0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0, 0]])
    module_case(s, "classic.additive", Additive(H, K, A), [q, keys, kpm], lambda m, q, k, p: m(q, k, p), (0, 1))
    for score in ("dot", "general", "concat"):
        hk = H if score == "dot" else K
        keys2 = s.randn(N, S, hk)
        module_case(s, f"classic.luong.{score}", Luong(score, H, hk, A, 4), [q, keys2], lambda m, q, k: m(q, k), (0, 1))
    module_case(s, "classic.local_m", Local(Luong("general", H, K, A, 4), "m", 1, H), [q, keys], lambda m, q, k: m(q, k), (0, 1))
    module_case(s, "classic.local_p", Local(Luong("dot", H, H, A, 4), "p", 2, H), [q, s.randn(N, S, H)], lambda m, q, k: m(q, k), (0, 1))
    mask = torch.tensor([[0, 1, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0]])
    module_case(s, "classic.pointer", Pointer(H, K, A), [q, keys, mask], lambda m, d, e, mk: m(d, e, mk), (0, 1))
    module_case(s, "classic.gated_conv", GatedConv(3, 4, 3, 2, False), [s.randn(2, 3, 7)], lambda m, x: m(x), (0,))
    module_case(s, "classic.gated_conv.residual", GatedConv(4, 4, 2, 1, True), [s.randn(2, 4, 6)], lambda m, x: m(x), (0,))


def main():
    torch.manual_seed(0)  # module inits draw from the global generator
    s = Store(51)
    functional(s)
    mha(s)
    layers(s)
    save_safetensors(s.tensors, os.path.join(OUT_DIR, "attention.safetensors"))
    c = Store(52)
    classic(c)
    save_safetensors(c.tensors, os.path.join(OUT_DIR, "attention_classic.safetensors"))


if __name__ == "__main__":
    main()
