"""Architecture families of the natural-image zoo (32x32x3 inputs, CIFAR-10 / GTSRB).

Built the way people build them for CIFAR-sized images, each from a JSON-able
config (recorded in meta.json, so a model can be rebuilt from its meta alone):

  vgg        VGG-style: stages of conv3x3+BN+ReLU, maxpool; a GAP+linear head or a
             flatten+FC(+dropout) head (as in the common VGG-CIFAR repositories)
  resnet     He et al. CIFAR ResNet-20/32: 3 stages of n BasicBlocks (n=3/5), BN,
             global average pooling, one linear layer
  wrn        Wide-ResNet-16-k (Zagoruyko & Komodakis): pre-activation blocks,
             2 per stage, widths 16k/32k/64k, optional dropout inside blocks
  mobilenetv2  inverted residuals (expand 1x1, depthwise 3x3, linear 1x1
             projection; residual when the shape allows), ReLU6, CIFAR strides
  plain      Keras-tutorial CNN without BatchNorm: conv-conv-pool stages,
             flatten, FC, dropout

All take NCHW float input; layout, normalisation and softmax are export wrappers
(zoo/export.py).
"""

import torch
from torch import nn

FAMILIES = ("vgg", "resnet", "wrn", "mobilenetv2", "plain")


def _pick(rng, options):
    return options[int(rng.integers(len(options)))]


# ---------------------------------------------------------------- sampling

def sample_vgg(rng):
    base = _pick(rng, [16, 24, 32])
    stages = _pick(rng, [3, 3, 4])
    convs = [_pick(rng, [1, 2]) for _ in range(stages)]
    head = _pick(rng, ["gap", "fc"])
    return {"family": "vgg", "widths": [min(base * 2 ** i, 192) for i in range(stages)],
            "convsPerStage": convs, "head": head,
            "hidden": _pick(rng, [128, 256]) if head == "fc" else 0,
            "dropout": _pick(rng, [0.0, 0.3, 0.5]) if head == "fc" else 0.0}


def sample_resnet(rng):
    depth = _pick(rng, [20, 20, 32])
    return {"family": "resnet", "depth": depth, "blocksPerStage": (depth - 2) // 6,
            "widths": [16, 32, 64]}


def sample_wrn(rng):
    k = _pick(rng, [1, 1, 2])
    return {"family": "wrn", "depth": 16, "k": k, "widths": [16 * k, 32 * k, 64 * k],
            "dropout": _pick(rng, [0.0, 0.0, 0.3])}


def sample_mobilenetv2(rng):
    width = _pick(rng, [0.5, 0.75, 1.0])
    t = _pick(rng, [4, 6])
    # (expansion, channels, repeats, stride) per stage: 32 -> 16 -> 8 -> 4 (a stride-1 stem,
    # as CIFAR ports do, and one stride fewer than ImageNet's MobileNetV2).
    stages = [[1, 16, 1, 1], [t, 24, 2, 2], [t, 32, _pick(rng, [2, 3]), 2],
              [t, 64, _pick(rng, [2, 3]), 2], [t, 96, 1, 1]]
    ch = lambda c: max(8, int(round(c * width / 8)) * 8)  # noqa: E731
    return {"family": "mobilenetv2", "widthMult": width, "stem": ch(32),
            "stages": [[e, ch(c), n, s] for e, c, n, s in stages],
            "last": _pick(rng, [256, 384])}


def sample_plain(rng):
    base = _pick(rng, [16, 32, 32])
    stages = _pick(rng, [2, 3])
    return {"family": "plain", "widths": [base * 2 ** i for i in range(stages)],
            "convsPerStage": _pick(rng, [1, 2, 2]), "hidden": _pick(rng, [128, 256, 512]),
            "dropout": _pick(rng, [0.0, 0.25, 0.5])}


SAMPLERS = {"vgg": sample_vgg, "resnet": sample_resnet, "wrn": sample_wrn,
            "mobilenetv2": sample_mobilenetv2, "plain": sample_plain}


def sample_arch(rng, family, classes):
    cfg = SAMPLERS[family](rng)
    cfg.update(inChannels=3, size=32, classes=classes)
    return cfg


# ---------------------------------------------------------------- building

def _cbr(cin, cout, k=3, stride=1, groups=1, act=nn.ReLU):
    return [nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, groups=groups, bias=False),
            nn.BatchNorm2d(cout), act(inplace=True)]


def build_vgg(c):
    layers, cin, size = [], 3, 32
    for w, n in zip(c["widths"], c["convsPerStage"]):
        for _ in range(n):
            layers += _cbr(cin, w)
            cin = w
        layers.append(nn.MaxPool2d(2))
        size //= 2
    if c["head"] == "gap":
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, c["classes"])]
    else:
        layers += [nn.Flatten(), nn.Linear(cin * size * size, c["hidden"]), nn.ReLU(inplace=True)]
        if c["dropout"]:
            layers.append(nn.Dropout(c["dropout"]))
        layers.append(nn.Linear(c["hidden"], c["classes"]))
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    """CIFAR ResNet BasicBlock; 1x1 conv+BN projection shortcut when the shape changes."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(cout))

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, c):
        super().__init__()
        w = c["widths"]
        self.conv1 = nn.Conv2d(3, w[0], 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(w[0])
        blocks, cin = [], w[0]
        for stage, width in enumerate(w):
            for b in range(c["blocksPerStage"]):
                blocks.append(BasicBlock(cin, width, 2 if stage and not b else 1))
                cin = width
        self.layers = nn.Sequential(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(cin, c["classes"])

    def forward(self, x):
        x = self.layers(torch.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(self.pool(x), 1))


class WideBlock(nn.Module):
    """Pre-activation wide block: BN-ReLU-conv-(dropout)-BN-ReLU-conv, 1x1 shortcut on change."""

    def __init__(self, cin, cout, stride, dropout):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.drop = nn.Dropout(dropout) if dropout else nn.Identity()
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Conv2d(cin, cout, 1, stride=stride, bias=False)

    def forward(self, x):
        o = torch.relu(self.bn1(x))
        y = self.conv1(o)
        y = self.conv2(self.drop(torch.relu(self.bn2(y))))
        return y + (x if self.shortcut is None else self.shortcut(o))


class WideResNet(nn.Module):
    def __init__(self, c):
        super().__init__()
        n = (c["depth"] - 4) // 6
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        blocks, cin = [], 16
        for stage, width in enumerate(c["widths"]):
            for b in range(n):
                blocks.append(WideBlock(cin, width, 2 if stage and not b else 1, c["dropout"]))
                cin = width
        self.blocks = nn.Sequential(*blocks)
        self.bn = nn.BatchNorm2d(cin)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(cin, c["classes"])

    def forward(self, x):
        x = torch.relu(self.bn(self.blocks(self.conv1(x))))
        return self.fc(torch.flatten(self.pool(x), 1))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        hid = cin * expand
        layers = [] if expand == 1 else _cbr(cin, hid, 1, act=nn.ReLU6)
        layers += _cbr(hid, hid, 3, stride=stride, groups=hid, act=nn.ReLU6)
        layers += [nn.Conv2d(hid, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.conv = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.conv(x) if self.residual else self.conv(x)


def build_mobilenetv2(c):
    layers = _cbr(3, c["stem"], act=nn.ReLU6)
    cin = c["stem"]
    for e, ch, n, s in c["stages"]:
        for i in range(n):
            layers.append(InvertedResidual(cin, ch, s if i == 0 else 1, e))
            cin = ch
    layers += _cbr(cin, c["last"], 1, act=nn.ReLU6)
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(c["last"], c["classes"])]
    return nn.Sequential(*layers)


def build_plain(c):
    layers, cin, size = [], 3, 32
    for w in c["widths"]:
        for _ in range(c["convsPerStage"]):
            layers += [nn.Conv2d(cin, w, 3, padding=1), nn.ReLU(inplace=True)]
            cin = w
        layers.append(nn.MaxPool2d(2))
        size //= 2
    layers += [nn.Flatten(), nn.Linear(cin * size * size, c["hidden"]), nn.ReLU(inplace=True)]
    if c["dropout"]:
        layers.append(nn.Dropout(c["dropout"]))
    layers.append(nn.Linear(c["hidden"], c["classes"]))
    return nn.Sequential(*layers)


BUILDERS = {"vgg": build_vgg, "resnet": ResNet, "wrn": WideResNet,
            "mobilenetv2": build_mobilenetv2, "plain": build_plain}


def build(c):
    model = BUILDERS[c["family"]](c)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out" if c["family"] != "plain" else "fan_in",
                                    nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def param_count(model):
    return sum(p.numel() for p in model.parameters())


def macs(model):
    total = [0]

    def hook(mod, inp, out):
        if isinstance(mod, nn.Conv2d):
            total[0] += out.numel() * mod.kernel_size[0] * mod.kernel_size[1] * mod.in_channels // mod.groups
        elif isinstance(mod, nn.Linear):
            total[0] += mod.in_features * mod.out_features

    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    was = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, 32, 32))
    model.train(was)
    for h in hs:
        h.remove()
    return total[0]


def describe(c):
    f = c["family"]
    if f == "vgg":
        convs = "".join(map(str, c["convsPerStage"]))
        head = "gap" if c["head"] == "gap" else f"fc{c['hidden']}" + (f" drop{c['dropout']}" if c["dropout"] else "")
        return f"vgg-bn {'x'.join(map(str, c['widths']))} convs {convs} {head}"
    if f == "resnet":
        return f"resnet-{c['depth']} widths {'/'.join(map(str, c['widths']))}"
    if f == "wrn":
        return f"wrn-16-{c['k']}" + (f" drop{c['dropout']}" if c["dropout"] else "")
    if f == "mobilenetv2":
        return (f"mobilenetv2 x{c['widthMult']} t{c['stages'][1][0]} "
                f"{sum(s[2] for s in c['stages'])} blocks last{c['last']}")
    return (f"plain {'x'.join(map(str, c['widths']))} conv{c['convsPerStage']}/stage fc{c['hidden']}"
            + (f" drop{c['dropout']}" if c["dropout"] else ""))


if __name__ == "__main__":
    # Smoke check and timing: every family builds, runs, and how long a training step takes.
    import sys
    import time
    import numpy as np
    torch.set_num_threads(1)
    rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    for fam in FAMILIES:
        for _ in range(2):
            cfg = sample_arch(rng, fam, 10)
            m = build(cfg)
            opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
            x, y = torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,))
            for i in range(4):
                if i == 1:
                    t0 = time.time()
                loss = nn.functional.cross_entropy(m(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            ms = (time.time() - t0) / 3 / 128 * 1000
            print(f"{describe(cfg):50s} {param_count(m):8d} params {macs(m) / 1e6:7.1f} MMAC {ms:.2f} ms/img")
