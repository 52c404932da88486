#!/usr/bin/python3
"""ResNet basic block forward+backward steps/s in PyTorch, the twin of bench/.../ResnetBlockBench.java.

Block: conv3x3(64, 64, bias=False)-BN-ReLU-conv3x3-BN, + identity, ReLU (torchvision BasicBlock, training mode),
batch 32, inputs 28x28 and 32x32. A step = zero grads (block and input) + forward + mean of squares of the
output + backward (input and weight gradients). torch.set_num_threads(2). Prints the median of five repetitions
of about repSeconds after warmSeconds of warm-up, in the format of `nabla bench`: steps_per_sec (wall time) and
cpu_ms_per_step (process CPU time per step, time.process_time, which moves much less when other processes share
the cores).
Usage: /usr/bin/python3 tools/reference/resnet_block.py [warmSeconds] [repSeconds]
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(0)
WARM = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0
REP = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
C, B = 64, 32


class BasicBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + x)


for hw in (28, 32):
    block = BasicBlock(C).train()
    x = torch.randn(B, C, hw, hw, requires_grad=True)

    def step():
        block.zero_grad(set_to_none=True)
        x.grad = None
        block(x).pow(2).mean().backward()

    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < WARM or n < 2:
        step()
        n += 1
    reps = max(1, round(REP / ((time.perf_counter() - t0) / n)))
    rates, cpu = [], []
    for _ in range(5):
        c1, t1 = time.process_time(), time.perf_counter()
        for _ in range(reps):
            step()
        rates.append(reps / (time.perf_counter() - t1))
        cpu.append((time.process_time() - c1) * 1e3 / reps)
    for metric, value, unit in (("steps_per_sec", statistics.median(rates), "steps/s"),
                                ("cpu_ms_per_step", statistics.median(cpu), "ms")):
        print(json.dumps({"bench": "resnet-block", "case": f"c={C},b={B},hw={hw}", "metric": metric,
                          "value": round(value, 4), "unit": unit, "impl": "pytorch",
                          "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
