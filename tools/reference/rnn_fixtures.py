#!/usr/bin/python3
"""PyTorch reference fixtures for dev.nabla.nn.RNN / LSTM / GRU and the cells.

Run with Debian's interpreter (torch 1.13.1 + numpy):  /usr/bin/python3 tools/reference/rnn_fixtures.py

Writes core/src/test/resources/fixtures/rnn.safetensors. Each case NAME (its options are spelled out in the
name and mapped to the same construction in RnnFixtureTest) has
  NAME.sd.KEY          the module's PyTorch state dict (float32, drawn by PyTorch's own default init)
  NAME.x               the input (float32), NAME.h0 / NAME.c0 the initial states when given
  NAME.lengths         int64 valid lengths (packed cases: pack_padded_sequence(enforce_sorted=False), then
                       pad_packed_sequence with total_length T)
  NAME.r_out, r_h, r_c float32 weights of the loss  sum(out * r_out) + sum(h * r_h) + sum(c * r_c)
  NAME.out, NAME.h, NAME.c            float64 results computed in float64 from exactly the float32 values
  NAME.grad.x, grad.h0, grad.c0, grad.sd.KEY   float64 gradients of the loss
Cells store h (and c) as NAME.h / NAME.c, with NAME.out equal to h. Everything here is the same in PyTorch 2.x.
"""
import os
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn_fixtures import OUT_DIR, Store, save_safetensors  # noqa: E402

T, B, I, H = 5, 3, 3, 4


class LNLSTM(nn.Module):
    """The layer-normalized LSTM of Ba et al. 2016 as dev.nabla.nn.LayerNormLSTM computes it (not in PyTorch):
    gates = LN_ih(W_ih x) + LN_hh(W_hh h); c' = s(f) c + s(i) tanh(g); h' = s(o) tanh(LN_c(c'))."""
    num_layers = 1
    bidirectional = False

    def __init__(self, batch_first=False):
        super().__init__()
        k = 1 / H ** 0.5
        self.batch_first = batch_first
        self.weight_ih = nn.Parameter(torch.empty(4 * H, I).uniform_(-k, k))
        self.weight_hh = nn.Parameter(torch.empty(4 * H, H).uniform_(-k, k))
        self.ln_ih = nn.LayerNorm(4 * H)
        self.ln_hh = nn.LayerNorm(4 * H)
        self.ln_c = nn.LayerNorm(H)
        with torch.no_grad():  # non-trivial gains and biases, so the test sees them
            for ln in (self.ln_ih, self.ln_hh, self.ln_c):
                ln.weight.uniform_(0.5, 1.5)
                ln.bias.uniform_(-0.5, 0.5)

    def forward(self, x, lengths=None, hx=None):
        seq = x.transpose(0, 1) if self.batch_first else x
        gi = self.ln_ih(seq @ self.weight_ih.t())
        h, c = (hx[0][0], hx[1][0]) if hx is not None else (seq.new_zeros(B, H), seq.new_zeros(B, H))
        outs = []
        for t in range(seq.shape[0]):
            gates = gi[t] + self.ln_hh(h @ self.weight_hh.t())
            i, f, g, o = gates.chunk(4, 1)
            c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h_new = torch.sigmoid(o) * torch.tanh(self.ln_c(c_new))
            if lengths is None:
                h, c = h_new, c_new
                outs.append(h_new)
            else:
                m = (t < torch.tensor(lengths)).to(x.dtype).unsqueeze(1)
                h, c = h_new * m + h * (1 - m), c_new * m + c * (1 - m)
                outs.append(h_new * m)
        out = torch.stack(outs)
        return (out.transpose(0, 1) if self.batch_first else out), (h.unsqueeze(0), c.unsqueeze(0))


def run_case(s, name, module, batch_first=False, h0=False, c0=False, lengths=None, cell=False):
    torch.manual_seed(len(s.tensors) + 7)
    module = module.float()
    for k, v in module.state_dict().items():
        s.tensors[f"{name}.sd.{k}"] = v.detach().clone().float()
    states = module.num_layers * (2 if module.bidirectional else 1) if not cell else None
    if cell:
        x = s.randn(B, I)
    else:
        x = s.randn(B, T, I) if batch_first else s.randn(T, B, I)
    s.tensors[f"{name}.x"] = x
    m64 = module.double()
    xs = x.double().clone().requires_grad_(True)
    extra = {}
    shape = (B, H) if cell else (states, B, H)
    if h0:
        t = s.randn(*shape)
        s.tensors[f"{name}.h0"] = t
        extra["h0"] = t.double().clone().requires_grad_(True)
    if c0:
        t = s.randn(*shape)
        s.tensors[f"{name}.c0"] = t
        extra["c0"] = t.double().clone().requires_grad_(True)
    if cell:
        if isinstance(module, nn.LSTMCell):
            hx = (extra["h0"], extra["c0"]) if h0 else None
            h, c = m64(xs, hx)
        else:
            h, c = m64(xs, extra.get("h0")), None
        out = h
    else:
        hx = None
        if h0:
            hx = (extra["h0"], extra["c0"]) if isinstance(module, (nn.LSTM, LNLSTM)) else extra["h0"]
        if isinstance(module, LNLSTM):
            if lengths is not None:
                s.tensors[f"{name}.lengths"] = torch.tensor(lengths, dtype=torch.int64)
            out, st = m64(xs, lengths, hx)
        elif lengths is not None:
            s.tensors[f"{name}.lengths"] = torch.tensor(lengths, dtype=torch.int64)
            packed = pack_padded_sequence(xs, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
            po, st = m64(packed, hx)
            out, _ = pad_packed_sequence(po, batch_first=batch_first, total_length=T)
        else:
            out, st = m64(xs, hx)
        h, c = (st if isinstance(module, (nn.LSTM, LNLSTM)) else (st, None))
    loss = 0
    for key, t in (("out", out), ("h", h), ("c", c)):
        if t is None:
            continue
        r = s.randn(*t.shape)
        s.tensors[f"{name}.r_{key}"] = r
        s.tensors[f"{name}.{key}"] = t.detach().double()
        loss = loss + (t * r.double()).sum()
    loss.backward()
    s.tensors[f"{name}.grad.x"] = xs.grad.double()
    for k, v in extra.items():
        s.tensors[f"{name}.grad.{k}"] = v.grad.double()
    for k, p in m64.named_parameters():
        s.tensors[f"{name}.grad.sd.{k}"] = p.grad.double()


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    s = Store(5)

    def mk(cls, **kw):
        torch.manual_seed(len(s.tensors) + 1)
        return cls(I, H, **kw)

    run_case(s, "rnn_tanh", mk(nn.RNN))
    run_case(s, "rnn_relu.L2.h0", mk(nn.RNN, nonlinearity="relu", num_layers=2), h0=True)
    run_case(s, "rnn_tanh.bi.nobias.bf", mk(nn.RNN, bidirectional=True, bias=False, batch_first=True), batch_first=True)
    run_case(s, "lstm", mk(nn.LSTM))
    run_case(s, "lstm.L2.bi", mk(nn.LSTM, num_layers=2, bidirectional=True))
    run_case(s, "lstm.bf.h0c0", mk(nn.LSTM, batch_first=True), batch_first=True, h0=True, c0=True)
    run_case(s, "lstm.nobias.L2.h0c0", mk(nn.LSTM, bias=False, num_layers=2), h0=True, c0=True)
    run_case(s, "gru", mk(nn.GRU))
    run_case(s, "gru.L2.bi.h0", mk(nn.GRU, num_layers=2, bidirectional=True), h0=True)
    run_case(s, "gru.bf.nobias", mk(nn.GRU, batch_first=True, bias=False), batch_first=True)
    # packed (variable-length) batches; the longest row has length T
    run_case(s, "packed.lstm.bi", mk(nn.LSTM, bidirectional=True), lengths=[3, 5, 1])
    run_case(s, "packed.lstm.L2.bf.h0c0", mk(nn.LSTM, num_layers=2, batch_first=True), batch_first=True, h0=True,
             c0=True, lengths=[2, 4, 5])
    run_case(s, "packed.gru.bi.L2", mk(nn.GRU, bidirectional=True, num_layers=2), lengths=[5, 2, 3])
    run_case(s, "packed.rnn_tanh.bi.h0", mk(nn.RNN, bidirectional=True), h0=True, lengths=[4, 5, 1])
    # cells
    run_case(s, "cell.rnn_tanh.h0", mk(nn.RNNCell), h0=True, cell=True)
    run_case(s, "cell.rnn_relu", mk(nn.RNNCell, nonlinearity="relu"), cell=True)
    run_case(s, "cell.lstm.h0c0", mk(nn.LSTMCell), h0=True, c0=True, cell=True)
    run_case(s, "cell.lstm", mk(nn.LSTMCell, bias=False), cell=True)
    run_case(s, "cell.gru.h0", mk(nn.GRUCell), h0=True, cell=True)
    # layer-normalized LSTM (reference written out above)
    torch.manual_seed(99)
    run_case(s, "lnlstm.h0c0", LNLSTM(), h0=True, c0=True)
    torch.manual_seed(98)
    run_case(s, "lnlstm.bf.lengths", LNLSTM(batch_first=True), batch_first=True, lengths=[5, 2, 4])
    save_safetensors(s.tensors, os.path.join(OUT_DIR, "rnn.safetensors"))


if __name__ == "__main__":
    main()
