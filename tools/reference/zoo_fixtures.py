#!/usr/bin/python3
"""PyTorch reference fixtures for weight normalization and the convolutional model zoo (issue 4).

Run with Debian's interpreter (torch 1.13.1 + numpy, no torchvision):  /usr/bin/python3 tools/reference/zoo_fixtures.py

Writes
- core/src/test/resources/fixtures/weight_norm.safetensors: cases in the format of nn_fixtures.py (NAME.inI, NAME.r,
  NAME.out, NAME.gradI of sum(out * r)) for a linear and a convolution whose weight is torch._weight_norm(v, g, 0),
  inputs (x, g, v, b); and "wnmod.*": the state dict of nn.utils.weight_norm(nn.Conv2d(3, 4, 3, stride=2, padding=1))
  (keys bias, weight_g, weight_v), an input and its output.
- models/src/test/resources/fixtures/conv_zoo.safetensors:
  "count.NAME": PyTorch's parameter counts of resnet18 (1000 classes), the small ResNet, DenseNet and VGG (10
  classes, 1 channel), counted on the plain-torch copies of the torchvision layouts below;
  "keys18.KEY": the shape of every resnet18 state-dict entry (as an int64 vector), so key names and shapes are checked;
  "resnet.*", "densenet.*", "vgg.*": state dict (sd.KEY), an input x, the eval-mode output y_eval and the train-mode
  output y_train of narrow instances of the three families (BasicBlocks with and without downsample, dense
  blocks, transitions), loaded unchanged by the Java models.
torchvision is absent here, so its resnet18 / DenseNet / vgg_bn layouts are rebuilt in plain torch with the same
module names; their parameter counts equal torchvision's (resnet18: 11,689,512, asserted below).
"""
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn_fixtures import OUT_DIR, ROOT, Store, save_safetensors  # noqa: E402

MODELS_OUT = os.path.normpath(os.path.join(ROOT, "models", "src", "test", "resources", "fixtures"))


# ---------------------------------------------------------------- torchvision layouts in plain torch

def conv3x3(i, o, stride=1):
    return nn.Conv2d(i, o, 3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    def __init__(self, i, o, stride):
        super().__init__()
        self.conv1 = conv3x3(i, o, stride)
        self.bn1 = nn.BatchNorm2d(o)
        self.relu = nn.ReLU()
        self.conv2 = conv3x3(o, o)
        self.bn2 = nn.BatchNorm2d(o)
        self.downsample = None
        if stride != 1 or i != o:
            self.downsample = nn.Sequential(nn.Conv2d(i, o, 1, stride=stride, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + (x if self.downsample is None else self.downsample(x)))


class ResNet(nn.Module):
    def __init__(self, in_ch, classes, widths, blocks, imagenet_stem):
        super().__init__()
        if imagenet_stem:
            self.conv1 = nn.Conv2d(in_ch, widths[0], 7, stride=2, padding=3, bias=False)
        else:
            self.conv1 = conv3x3(in_ch, widths[0])
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, 2, 1) if imagenet_stem else nn.Identity()
        w = widths[0]
        for s, (width, n) in enumerate(zip(widths, blocks)):
            layer = []
            for b in range(n):
                layer.append(BasicBlock(w, width, 2 if b == 0 and s > 0 else 1))
                w = width
            setattr(self, f"layer{s + 1}", nn.Sequential(*layer))
        self.stages = len(widths)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(w, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for s in range(self.stages):
            x = getattr(self, f"layer{s + 1}")(x)
        return self.fc(torch.flatten(self.avgpool(x), 1))


class DenseLayer(nn.Module):
    def __init__(self, i, growth, bn_size):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(i)
        self.relu1 = nn.ReLU()
        self.conv1 = nn.Conv2d(i, bn_size * growth, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth)
        self.relu2 = nn.ReLU()
        self.conv2 = nn.Conv2d(bn_size * growth, growth, 3, padding=1, bias=False)

    def forward(self, x):
        return self.conv2(self.relu2(self.norm2(self.conv1(self.relu1(self.norm1(x))))))


class DenseBlock(nn.ModuleDict):
    def __init__(self, n, i, growth, bn_size):
        super().__init__()
        for k in range(n):
            self.add_module(f"denselayer{k + 1}", DenseLayer(i + k * growth, growth, bn_size))

    def forward(self, x):
        feats = [x]
        for layer in self.values():
            feats.append(layer(torch.cat(feats, 1)))
        return torch.cat(feats, 1)


class Transition(nn.Sequential):
    def __init__(self, i, o):
        super().__init__()
        self.add_module("norm", nn.BatchNorm2d(i))
        self.add_module("relu", nn.ReLU())
        self.add_module("conv", nn.Conv2d(i, o, 1, bias=False))
        self.add_module("pool", nn.AvgPool2d(2, 2))


class DenseNet(nn.Module):
    def __init__(self, in_ch, classes, growth, blocks, bn_size):
        super().__init__()
        c = 2 * growth
        self.features = nn.Sequential(OrderedDict([("conv0", nn.Conv2d(in_ch, c, 3, padding=1, bias=False))]))
        for k, n in enumerate(blocks):
            self.features.add_module(f"denseblock{k + 1}", DenseBlock(n, c, growth, bn_size))
            c += n * growth
            if k < len(blocks) - 1:
                self.features.add_module(f"transition{k + 1}", Transition(c, c // 2))
                c //= 2
        self.features.add_module("norm5", nn.BatchNorm2d(c))
        self.classifier = nn.Linear(c, classes)

    def forward(self, x):
        f = F.relu(self.features(x))
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(f, 1), 1))


class Vgg(nn.Module):
    def __init__(self, in_ch, h, w, classes, block_widths, convs, hidden, dropout):
        super().__init__()
        layers, c = [], in_ch
        for bw in block_widths:
            for _ in range(convs):
                layers += [nn.Conv2d(c, bw, 3, padding=1), nn.BatchNorm2d(bw), nn.ReLU()]
                c = bw
            layers.append(nn.MaxPool2d(2))
            h, w = h // 2, w // 2
        self.features = nn.Sequential(*layers)
        self.flatten = nn.Flatten()
        self.classifier = nn.Sequential(nn.Linear(c * h * w, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, classes))

    def forward(self, x):
        return self.classifier(self.flatten(self.features(x)))


def count(m):
    return sum(p.numel() for p in m.parameters())


def randomize_bn(net, gen):
    """Non-trivial BN statistics and affine parameters, so eval mode differs from train mode."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.running_mean.copy_(torch.rand(c, generator=gen) - 0.5)
                m.running_var.copy_(torch.rand(c, generator=gen) + 0.5)
                m.weight.copy_(torch.rand(c, generator=gen) + 0.5)
                m.bias.copy_(torch.rand(c, generator=gen) - 0.5)


def model_case(t, name, net, x, gen):
    randomize_bn(net, gen)
    for k, v in net.state_dict().items():
        t[f"{name}.sd.{k}"] = v.detach().clone()
    t[f"{name}.x"] = x
    net.eval()
    with torch.no_grad():
        t[f"{name}.y_eval"] = net(x)
    net.train()
    with torch.no_grad():
        t[f"{name}.y_train"] = net(x)


def zoo():
    torch.manual_seed(21)
    gen = torch.Generator().manual_seed(22)
    t = {}
    r18 = ResNet(3, 1000, (64, 128, 256, 512), (2, 2, 2, 2), True)
    assert count(r18) == 11_689_512, count(r18)  # torchvision.models.resnet18().parameters()
    counts = {
        "resnet18": count(r18),
        "resnet_small": count(ResNet(1, 10, (16, 32, 64), (2, 2, 2), False)),
        "densenet_small": count(DenseNet(1, 10, 12, (4, 4, 4), 4)),
        "vgg_small": count(Vgg(1, 28, 28, 10, (32, 64), 2, 128, 0.5)),
    }
    for k, v in counts.items():
        t[f"count.{k}"] = torch.tensor([v], dtype=torch.int64)
        print(k, v)
    for k, v in r18.state_dict().items():
        t[f"keys18.{k}"] = torch.tensor(list(v.shape), dtype=torch.int64)
    model_case(t, "resnet", ResNet(1, 5, (4, 8, 16), (2, 2, 2), False), torch.randn(2, 1, 12, 12, generator=gen), gen)
    model_case(t, "densenet", DenseNet(1, 5, 4, (2, 3), 2), torch.randn(2, 1, 8, 8, generator=gen), gen)
    model_case(t, "vgg", Vgg(1, 8, 8, 5, (4, 6), 2, 16, 0.0), torch.randn(2, 1, 8, 8, generator=gen), gen)
    os.makedirs(MODELS_OUT, exist_ok=True)
    save_safetensors(t, os.path.join(MODELS_OUT, "conv_zoo.safetensors"))


def weight_norm():
    s = Store(31)
    g = (0, 1, 2, 3)
    s.case("wn.linear", lambda x, gg, v, b: F.linear(x, torch._weight_norm(v, gg, 0), b),
           [s.randn(4, 5), s.rand(3, 1) + 0.5, s.randn(3, 5), s.randn(3)], g)
    s.case("wn.conv2d.s2p1", lambda x, gg, v, b: F.conv2d(x, torch._weight_norm(v, gg, 0), b, stride=2, padding=1),
           [s.randn(2, 3, 6, 5), s.rand(4, 1, 1, 1) + 0.5, s.randn(4, 3, 3, 3), s.randn(4)], g)
    torch.manual_seed(32)
    conv = nn.utils.weight_norm(nn.Conv2d(3, 4, 3, stride=2, padding=1))
    with torch.no_grad():
        conv.weight_g.mul_(torch.rand(4, 1, 1, 1) + 0.5)
    for k, v in conv.state_dict().items():
        s.tensors[f"wnmod.sd.{k}"] = v.detach().clone()
    x = s.randn(2, 3, 7, 6)
    s.tensors["wnmod.x"] = x
    with torch.no_grad():
        s.tensors["wnmod.y"] = conv(x)
    save_safetensors(s.tensors, os.path.join(OUT_DIR, "weight_norm.safetensors"))


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    weight_norm()
    zoo()
