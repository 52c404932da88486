#!/usr/bin/python3
"""Reference fixtures for dev.nabla.optim: optimizer trajectories and lr-schedule sequences.

Run with Debian's interpreter (torch 1.13.1 + numpy):

    /usr/bin/python3 tools/reference/optim_fixtures.py [OUT_DIR]

OUT_DIR defaults to core/src/test/resources/fixtures. Writes two safetensors files:

optim_trajectories.safetensors
    init                 [N] f32      the starting parameters: w (3x4) and b (5), flattened and concatenated
    <case>.grads         [T, N] f32   the gradient used at each step (computed by torch at torch's parameters)
    <case>.loss          [T] f64      the loss at each step (for Eve)
    <case>.params        [T, N] f32   the parameters after each step
    __metadata__["cases"]  JSON: {case: {"optimizer": torch class name or "Lamb"/"AdaMod"/"Eve",
                                         "kwargs": {...}, "groups": [{...}, {...}] (optional),
                                         "source": "torch" | "numpy"}}
    __metadata__["shapes"] JSON: [[3, 4], [5]]

  Java replays <case>.grads into a fresh optimizer from `init` and compares its parameters with
  <case>.params after every step. The gradient of each step is that of a fixed, badly scaled
  quadratic-plus-Rosenbrock loss at torch's current parameters, plus seeded noise (so that gradient
  signs flip, for Rprop), with one element always exactly 0; its scales span 1e-3 to 10, so that a
  misplaced eps (some cases use eps = 1e-3) shows.

  LAMB, AdaMod and Eve are not in torch.optim: their cases are float64 numpy implementations of the
  formulas documented in the Java classes (source "numpy"), replaying the gradients and losses of the
  "adam" case; they check the Java float32 loops against an independent float64 implementation.

  NAdam: Debian's torch 1.13 default (single-tensor) path has a bug fixed in 2.0
  (pytorch/pytorch#92699: mu_product_next multiplies mu twice); the cases use foreach=True, whose
  1.13 code computes the 2.x rule. Nabla follows current PyTorch.

optim_schedules.safetensors
    <case>.lr            [T+1, G] f64  each group's lr after construction (row 0) and after each step
    <case>.momentum      [T+1, G] f64  each group's momentum (SGD) or beta1 (Adam), when cycled
    <case>.metrics       [T] f64       the metric passed to ReduceLROnPlateau.step
    __metadata__["cases"]  JSON: {case: {"optimizer": "SGD"|"Adam", "groups": [{"lr": ..}, ..],
                                         "scheduler": {"type": ..., "kwargs": {...},
                                                       "schedulers": [...], "milestones": [...]}}}
"""

import json
import math
import os
import struct
import sys

import numpy as np
import torch

T = 25          # optimizer steps
T_SCHED = 40    # schedule steps
SHAPES = [[3, 4], [5]]
N = 17


# ---------------------------------------------------------------- safetensors writer

def save_safetensors(path, tensors, metadata):
    """Minimal safetensors writer: 8-byte LE header length, JSON header, raw LE data."""
    dtypes = {np.dtype('float32'): 'F32', np.dtype('float64'): 'F64', np.dtype('int64'): 'I64'}
    header = {'__metadata__': metadata}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        a = a.astype(a.dtype.newbyteorder('<'), copy=False)
        data = a.tobytes()
        header[name] = {'dtype': dtypes[a.dtype], 'shape': list(a.shape),
                        'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


# ---------------------------------------------------------------- the problem

def initial_params():
    rng = np.random.RandomState(1234)
    x = (rng.randn(N) * 0.8 + 0.3).astype(np.float32)
    return x


SCALE = torch.tensor(np.logspace(-3, 1, N), dtype=torch.float32)
TARGET = torch.tensor(np.linspace(-1.0, 1.5, N), dtype=torch.float32)
NOISE = torch.tensor(np.random.RandomState(99).randn(T, N) * 0.3, dtype=torch.float32)
ZERO_INDEX = 7


def loss_and_grads(w, b, step):
    """Sets w.grad and b.grad at the current parameters; returns the loss (float)."""
    w.grad = None
    b.grad = None
    x = torch.cat([w.reshape(-1), b])
    loss = 0.5 * (SCALE * (x - TARGET) ** 2).sum() + 0.05 * ((x[1:] - x[:-1] ** 2) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        g = torch.cat([w.grad.reshape(-1), b.grad]) + NOISE[step] * SCALE.sqrt()
        g[ZERO_INDEX] = 0.0
        w.grad.copy_(g[:12].reshape(3, 4))
        b.grad.copy_(g[12:])
    return float(loss)


def flat(w, b):
    return torch.cat([w.detach().reshape(-1), b.detach()]).numpy().copy()


def run_torch_case(make_optimizer, init):
    w = torch.tensor(init[:12].reshape(3, 4), requires_grad=True)
    b = torch.tensor(init[12:], requires_grad=True)
    opt = make_optimizer(w, b)
    grads, losses, params = [], [], []
    for t in range(T):
        loss = loss_and_grads(w, b, t)
        grads.append(torch.cat([w.grad.reshape(-1), b.grad]).numpy().copy())  # before step: NAdam foreach edits grads
        losses.append(loss)
        opt.step()
        params.append(flat(w, b))
    return np.stack(grads), np.array(losses, dtype=np.float64), np.stack(params)


OPTIMIZERS = {
    'SGD': torch.optim.SGD, 'Adagrad': torch.optim.Adagrad, 'Adadelta': torch.optim.Adadelta,
    'RMSprop': torch.optim.RMSprop, 'Rprop': torch.optim.Rprop, 'Adam': torch.optim.Adam,
    'AdamW': torch.optim.AdamW, 'Adamax': torch.optim.Adamax, 'NAdam': torch.optim.NAdam,
    'RAdam': torch.optim.RAdam,
}

TORCH_CASES = {
    'sgd': ('SGD', dict(lr=0.05)),
    'sgd_momentum': ('SGD', dict(lr=0.02, momentum=0.9)),
    'sgd_dampening_wd': ('SGD', dict(lr=0.02, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    'sgd_nesterov_wd': ('SGD', dict(lr=0.02, momentum=0.9, nesterov=True, weight_decay=0.01)),
    'adagrad': ('Adagrad', dict(lr=0.1)),
    'adagrad_opts': ('Adagrad', dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1, eps=1e-3, weight_decay=0.01)),
    'adadelta': ('Adadelta', dict(lr=1.0)),
    'adadelta_opts': ('Adadelta', dict(lr=0.5, rho=0.8, eps=1e-3, weight_decay=0.01)),
    'rmsprop': ('RMSprop', dict(lr=0.01)),
    'rmsprop_eps_wd': ('RMSprop', dict(lr=0.01, alpha=0.9, eps=1e-3, weight_decay=0.01)),
    'rmsprop_momentum': ('RMSprop', dict(lr=0.005, momentum=0.9)),
    'rmsprop_centered': ('RMSprop', dict(lr=0.01, centered=True, eps=1e-3)),
    'rmsprop_centered_momentum': ('RMSprop', dict(lr=0.005, alpha=0.9, momentum=0.8, centered=True, weight_decay=0.01)),
    'rprop': ('Rprop', dict(lr=0.01)),
    'rprop_opts': ('Rprop', dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2))),
    'adam': ('Adam', dict(lr=0.05)),
    'adam_opts': ('Adam', dict(lr=0.05, betas=(0.8, 0.99), eps=1e-3, weight_decay=0.05)),
    'amsgrad': ('Adam', dict(lr=0.05, amsgrad=True, eps=1e-3, weight_decay=0.01)),
    'adamw': ('AdamW', dict(lr=0.05, weight_decay=0.1)),
    'adamw_amsgrad': ('AdamW', dict(lr=0.05, weight_decay=0.1, amsgrad=True, eps=1e-3, betas=(0.85, 0.995))),
    'adamax': ('Adamax', dict(lr=0.05)),
    'adamax_opts': ('Adamax', dict(lr=0.05, betas=(0.8, 0.95), eps=1e-3, weight_decay=0.02)),
    'nadam': ('NAdam', dict(lr=0.05, foreach=True)),
    'nadam_opts': ('NAdam', dict(lr=0.05, betas=(0.8, 0.99), eps=1e-3, weight_decay=0.02, momentum_decay=1e-2, foreach=True)),
    'radam': ('RAdam', dict(lr=0.05)),
    'radam_opts': ('RAdam', dict(lr=0.05, betas=(0.85, 0.99), eps=1e-3, weight_decay=0.02)),
}

# per-group settings: group 0 is w, group 1 is b
GROUP_CASES = {
    'sgd_groups': ('SGD', dict(lr=0.02, momentum=0.9), [dict(lr=0.05, momentum=0.5), dict(weight_decay=0.1)]),
    'adam_groups': ('Adam', dict(lr=0.05), [dict(lr=0.01), dict(weight_decay=0.05)]),
    'adamw_groups': ('AdamW', dict(lr=0.05, weight_decay=0.1), [dict(weight_decay=0.0), dict(lr=0.02)]),
}


def jsonable(kwargs):
    return {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}


# ---------------------------------------------------------------- numpy references (not in torch)

def np_lamb(init, grads, lr, beta1=0.9, beta2=0.999, eps=1e-6, weight_decay=0.0, bias_correction=True, trust_clip=math.inf):
    ps = [init[:12].astype(np.float64), init[12:].astype(np.float64)]
    ms = [np.zeros_like(p) for p in ps]
    vs = [np.zeros_like(p) for p in ps]
    out = []
    for t in range(1, len(grads) + 1):
        g_all = grads[t - 1].astype(np.float64)
        gs = [g_all[:12], g_all[12:]]
        for i in range(2):
            p, g = ps[i], gs[i]
            ms[i] = beta1 * ms[i] + (1 - beta1) * g
            vs[i] = beta2 * vs[i] + (1 - beta2) * g * g
            mh = ms[i] / (1 - beta1 ** t) if bias_correction else ms[i]
            vh = vs[i] / (1 - beta2 ** t) if bias_correction else vs[i]
            u = mh / (np.sqrt(vh) + eps) + weight_decay * p
            pn, un = np.linalg.norm(p), np.linalg.norm(u)
            ratio = min(pn / un, trust_clip) if pn > 0 and un > 0 else 1.0
            ps[i] = p - lr * ratio * u
        out.append(np.concatenate(ps))
    return np.stack(out).astype(np.float32)


def np_adamod(init, grads, lr, beta1=0.9, beta2=0.999, beta3=0.999, eps=1e-8, weight_decay=0.0):
    p = init.astype(np.float64)
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    s = np.zeros_like(p)
    out = []
    for t in range(1, len(grads) + 1):
        g = grads[t - 1].astype(np.float64)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        eta = lr * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t) / (np.sqrt(v) + eps)
        s = beta3 * s + (1 - beta3) * eta
        p = p * (1 - lr * weight_decay)
        p = p - np.minimum(eta, s) * m
        out.append(p.copy())
    return np.stack(out).astype(np.float32)


def np_eve(init, grads, losses, lr, beta1=0.9, beta2=0.999, beta3=0.999, eps=1e-8, clip=10.0, loss_min=0.0):
    p = init.astype(np.float64)
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    d, prev = 1.0, None
    out, ds = [], []
    for t in range(1, len(grads) + 1):
        loss = losses[t - 1]
        if prev is not None:
            change, gap = abs(loss - prev), loss - loss_min
            inv = 1 / clip if gap <= 0 else (clip if change == 0 else gap / change)
            inv = min(max(inv, 1 / clip), clip)
            d = beta3 * d + (1 - beta3) / inv
        prev = loss
        g = grads[t - 1].astype(np.float64)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        p = p - (lr / d) / (1 - beta1 ** t) * m / (np.sqrt(v) / math.sqrt(1 - beta2 ** t) + eps)
        out.append(p.copy())
        ds.append(d)
    return np.stack(out).astype(np.float32)


# ---------------------------------------------------------------- trajectories

def trajectories():
    init = initial_params()
    tensors = {'init': init}
    cases = {}
    for name, (opt, kwargs) in TORCH_CASES.items():
        g, l, p = run_torch_case(lambda w, b: OPTIMIZERS[opt]([w, b], **kwargs), init)
        tensors[name + '.grads'], tensors[name + '.loss'], tensors[name + '.params'] = g, l, p
        cases[name] = {'optimizer': opt, 'kwargs': jsonable(kwargs), 'source': 'torch'}
    for name, (opt, kwargs, groups) in GROUP_CASES.items():
        g, l, p = run_torch_case(
            lambda w, b: OPTIMIZERS[opt]([dict(params=[w], **groups[0]), dict(params=[b], **groups[1])], **kwargs), init)
        tensors[name + '.grads'], tensors[name + '.loss'], tensors[name + '.params'] = g, l, p
        cases[name] = {'optimizer': opt, 'kwargs': jsonable(kwargs), 'groups': groups, 'source': 'torch'}

    grads, losses = tensors['adam.grads'], tensors['adam.loss']
    numpy_cases = {
        'lamb': ('Lamb', dict(lr=0.05), np_lamb),
        'lamb_opts': ('Lamb', dict(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-3, weight_decay=0.05), np_lamb),
        # without weight decay the trust ratio cancels the scale of u, so test the switches with it on
        'lamb_nobc_wd_clip': ('Lamb', dict(lr=0.05, bias_correction=False, weight_decay=0.1, trust_clip=0.1), np_lamb),
        'adamod': ('AdaMod', dict(lr=0.05), np_adamod),
        'adamod_opts': ('AdaMod', dict(lr=0.05, beta1=0.8, beta2=0.99, beta3=0.9, eps=1e-3, weight_decay=0.05), np_adamod),
    }
    for name, (opt, kwargs, fn) in numpy_cases.items():
        tensors[name + '.grads'], tensors[name + '.loss'] = grads, losses
        tensors[name + '.params'] = fn(init, grads, **kwargs)
        cases[name] = {'optimizer': opt, 'kwargs': kwargs, 'source': 'numpy', 'replays': 'adam'}
    for name, kwargs in {'eve': dict(lr=0.05), 'eve_opts': dict(lr=0.05, beta3=0.9, clip=3.0, loss_min=0.5, eps=1e-3)}.items():
        tensors[name + '.grads'], tensors[name + '.loss'] = grads, losses
        tensors[name + '.params'] = np_eve(init, grads, losses, **kwargs)
        cases[name] = {'optimizer': 'Eve', 'kwargs': kwargs, 'source': 'numpy', 'replays': 'adam'}
    meta = {'cases': json.dumps(cases, sort_keys=True), 'shapes': json.dumps(SHAPES),
            'generator': 'tools/reference/optim_fixtures.py, torch ' + torch.__version__}
    return tensors, meta


# ---------------------------------------------------------------- schedules

S = torch.optim.lr_scheduler


def build_scheduler(opt, spec):
    kind, kwargs = spec['type'], dict(spec.get('kwargs', {}))
    if kind == 'SequentialLR':
        subs = [build_scheduler(opt, s) for s in spec['schedulers']]
        return S.SequentialLR(opt, subs, milestones=spec['milestones'])
    if kind == 'ChainedScheduler':
        return S.ChainedScheduler([build_scheduler(opt, s) for s in spec['schedulers']])
    return getattr(S, kind)(opt, **kwargs)


SCHEDULE_CASES = {
    'step': {'type': 'StepLR', 'kwargs': {'step_size': 7, 'gamma': 0.5}},
    'multistep': {'type': 'MultiStepLR', 'kwargs': {'milestones': [5, 12, 12, 30], 'gamma': 0.3}},
    'exponential': {'type': 'ExponentialLR', 'kwargs': {'gamma': 0.9}},
    'constant': {'type': 'ConstantLR', 'kwargs': {'factor': 0.5, 'total_iters': 6}},
    'linear_warmup': {'type': 'LinearLR', 'kwargs': {'start_factor': 0.25, 'end_factor': 1.0, 'total_iters': 8}},
    'linear_decay': {'type': 'LinearLR', 'kwargs': {'start_factor': 1.0, 'end_factor': 0.1, 'total_iters': 10}},
    'polynomial': {'type': 'PolynomialLR', 'kwargs': {'total_iters': 20, 'power': 2.0}},
    'cosine': {'type': 'CosineAnnealingLR', 'kwargs': {'T_max': 10, 'eta_min': 0.001}},
    'cosine_warm': {'type': 'CosineAnnealingWarmRestarts', 'kwargs': {'T_0': 5, 'eta_min': 0.001}},
    'cosine_warm_mult': {'type': 'CosineAnnealingWarmRestarts', 'kwargs': {'T_0': 3, 'T_mult': 2}},
    'cyclic_triangular': {'type': 'CyclicLR', 'kwargs': {'base_lr': [0.01, 0.001], 'max_lr': [0.1, 0.01],
                                                          'step_size_up': 4, 'step_size_down': 6}},
    'cyclic_triangular2': {'type': 'CyclicLR', 'kwargs': {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 5,
                                                           'mode': 'triangular2', 'base_momentum': 0.7, 'max_momentum': 0.95}},
    'cyclic_exp_range': {'type': 'CyclicLR', 'kwargs': {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 3,
                                                         'mode': 'exp_range', 'gamma': 0.95, 'cycle_momentum': False}},
    'onecycle_cos': {'type': 'OneCycleLR', 'kwargs': {'max_lr': [0.5, 0.1], 'total_steps': 40}},
    'onecycle_linear': {'type': 'OneCycleLR', 'kwargs': {'max_lr': 0.3, 'total_steps': 40, 'pct_start': 0.25,
                                                         'anneal_strategy': 'linear', 'div_factor': 10.0,
                                                         'final_div_factor': 100.0}},
    'onecycle_three_phase': {'type': 'OneCycleLR', 'kwargs': {'max_lr': 0.3, 'total_steps': 45, 'three_phase': True,
                                                              'base_momentum': 0.8, 'max_momentum': 0.9}},
    'onecycle_adam': {'type': 'OneCycleLR', 'kwargs': {'max_lr': 0.01, 'total_steps': 40}, 'optimizer': 'Adam'},
    'sequential_warmup_cosine': {'type': 'SequentialLR', 'milestones': [5], 'schedulers': [
        {'type': 'LinearLR', 'kwargs': {'start_factor': 0.1, 'end_factor': 1.0, 'total_iters': 5}},
        {'type': 'CosineAnnealingLR', 'kwargs': {'T_max': 20, 'eta_min': 0.0}}]},
    'sequential_three': {'type': 'SequentialLR', 'milestones': [4, 15], 'schedulers': [
        {'type': 'ConstantLR', 'kwargs': {'factor': 0.5, 'total_iters': 10}},
        {'type': 'ExponentialLR', 'kwargs': {'gamma': 0.9}},
        {'type': 'StepLR', 'kwargs': {'step_size': 6, 'gamma': 0.5}}]},
    'chained': {'type': 'ChainedScheduler', 'schedulers': [
        {'type': 'ConstantLR', 'kwargs': {'factor': 0.5, 'total_iters': 4}},
        {'type': 'ExponentialLR', 'kwargs': {'gamma': 0.9}}]},
    'plateau_min_rel': {'type': 'ReduceLROnPlateau', 'kwargs': {'mode': 'min', 'factor': 0.5, 'patience': 3,
                                                                 'threshold': 1e-2, 'cooldown': 2, 'min_lr': 0.005}},
    'plateau_max_abs': {'type': 'ReduceLROnPlateau', 'kwargs': {'mode': 'max', 'factor': 0.3, 'patience': 2,
                                                                 'threshold': 0.05, 'threshold_mode': 'abs',
                                                                 'min_lr': [0.01, 0.001]}},
}


def plateau_metrics(mode):
    rng = np.random.RandomState(7)
    t = np.arange(T_SCHED)
    base = 1.0 / (1 + 0.5 * t) + 0.3           # improves quickly, then flattens out
    values = base + rng.randn(T_SCHED) * 0.01
    return values if mode == 'min' else 2.0 - values


def schedules():
    tensors, cases = {}, {}
    for name, spec in SCHEDULE_CASES.items():
        spec = dict(spec)
        opt_name = spec.pop('optimizer', 'SGD')
        groups = [{'lr': 0.1}, {'lr': 0.02}]
        w = torch.zeros(2, requires_grad=True)
        b = torch.zeros(2, requires_grad=True)
        if opt_name == 'SGD':
            opt = torch.optim.SGD([dict(params=[w], **groups[0]), dict(params=[b], **groups[1])], lr=0.1, momentum=0.9)
        else:
            opt = torch.optim.Adam([dict(params=[w], **groups[0]), dict(params=[b], **groups[1])], lr=0.1)
        sched = build_scheduler(opt, spec)
        plateau = spec['type'] == 'ReduceLROnPlateau'
        cycles = spec['type'] in ('CyclicLR', 'OneCycleLR') and spec['kwargs'].get('cycle_momentum', True)

        def momentum():
            return [g['momentum'] if opt_name == 'SGD' else g['betas'][0] for g in opt.param_groups]

        lrs = [[g['lr'] for g in opt.param_groups]]
        moms = [momentum()]
        metrics = plateau_metrics(spec['kwargs']['mode']) if plateau else None
        for t in range(T_SCHED):
            opt.step()  # no gradients: parameters stay, but torch sees the right call order
            if plateau:
                sched.step(float(metrics[t]))
            else:
                sched.step()
            lrs.append([g['lr'] for g in opt.param_groups])
            moms.append(momentum())
        tensors[name + '.lr'] = np.array(lrs, dtype=np.float64)
        if cycles:
            tensors[name + '.momentum'] = np.array(moms, dtype=np.float64)
        if plateau:
            tensors[name + '.metrics'] = np.asarray(metrics, dtype=np.float64)
        cases[name] = {'optimizer': opt_name, 'groups': groups, 'scheduler': spec}
    meta = {'cases': json.dumps(cases, sort_keys=True),
            'generator': 'tools/reference/optim_fixtures.py, torch ' + torch.__version__}
    return tensors, meta


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', 'core', 'src', 'test', 'resources', 'fixtures')
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    t, m = trajectories()
    save_safetensors(os.path.join(out, 'optim_trajectories.safetensors'), t, m)
    t, m = schedules()
    save_safetensors(os.path.join(out, 'optim_schedules.safetensors'), t, m)
    print('wrote', out)


if __name__ == '__main__':
    main()
