"""The benchmark's PyTorch-made models, exported to ONNX (opset 13, dynamic batch "N").

    /usr/bin/python3 bench/models/make.py [resnet-32] [resnet18-224] [--force]

- resnet-32.onnx: a CIFAR-style ResNet (He et al. 2016, section 4.2) on 3x32x32: a 3x3 stem,
  three stages of two BasicBlocks (16/32/64 channels, stride 2 between stages, 1x1 projection
  shortcuts), global average pooling, 10 classes: ResNet-14, 0.18M parameters, so the file
  stays under 1 MB and is committed. Briefly trained (one pass over 12,000 images, seed 0) on
  Fashion-MNIST drawn as 3x32x32 (padded by 2, grey in every channel, values 0..1), from
  Debian's copy in /usr/share/datasets/fashion-mnist: a ResNet with random weights barely
  reacts to one pixel (its gains stay under 0.01), which would leave nothing to compare. Where
  that folder is missing the weights stay random (and the script says so). Batch norm is
  folded into the convolutions by the export.
- resnet18-224.onnx: torchvision's ResNet-18 (weights=None, seed 0) on 3x224x224, 1000
  classes, ~45 MB: not committed (.gitignore); made on demand by `npm run bench`.

The export follows the zoo's conventions (zoo/export.py): eval mode, constant folding, input
"input", output "output" (logits), dynamic batch dimension "N", onnx.checker. Needs Debian's
python3-torch, python3-torchvision and python3-onnx.
"""

import gzip
import os
import sys
from pathlib import Path

import numpy as np

import onnx
import torch
from torch import nn
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
OPSET = 13


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class CifarResNet(nn.Module):
    def __init__(self, blocks_per_stage=2, widths=(16, 32, 64), classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU())
        layers, cin = [], widths[0]
        for i, w in enumerate(widths):
            for b in range(blocks_per_stage):
                layers.append(BasicBlock(cin, w, 2 if (i > 0 and b == 0) else 1))
                cin = w
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.layers(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def randomize_batchnorm(model, generator):
    """Random-init batch norm is the identity in eval mode; give it statistics like a trained net's."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                n = m.num_features
                m.running_mean.copy_(torch.randn(n, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(n, generator=generator) * 0.5 + 0.75)
                m.weight.copy_(torch.rand(n, generator=generator) * 0.5 + 0.75)
                m.bias.copy_(torch.randn(n, generator=generator) * 0.1)


FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")


def fashion_mnist_32(part, n):
    """The first n images of a Fashion-MNIST part as float32 [n,3,32,32] in 0..1, and labels."""
    def idx(name):
        with gzip.open(FASHION_MNIST / name) as f:
            data = f.read()
        dims = data[3]
        shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
        return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)
    images = idx(f"{part}-images-idx3-ubyte.gz")[:n].astype(np.float32) / 255
    labels = idx(f"{part}-labels-idx1-ubyte.gz")[:n].astype(np.int64)
    x = np.repeat(np.pad(images, ((0, 0), (2, 2), (2, 2)))[:, None], 3, axis=1)
    return torch.from_numpy(x), torch.from_numpy(labels)


def train_briefly(model, n=12000, batch=64, seed=0):
    """One pass of Adam over n training images; returns the accuracy on 2,000 test images."""
    x, y = fashion_mnist_32("train", n)
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    model.train()
    for i in range(0, n, batch):
        at = order[i:i + batch]
        optimizer.zero_grad()
        F.cross_entropy(model(x[at]), y[at]).backward()
        optimizer.step()
    model.eval()
    tx, ty = fashion_mnist_32("t10k", 2000)
    with torch.no_grad():
        return float((model(tx).argmax(1) == ty).float().mean())


def export(model, shape_chw, path, doc):
    model.eval()
    dummy = torch.zeros((1, *shape_chw))
    tmp = Path(str(path) + ".tmp")
    torch.onnx.export(model, dummy, str(tmp), opset_version=OPSET, do_constant_folding=True,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
    proto = onnx.load(str(tmp))
    proto.producer_name = "onepixel bench/models/make.py"
    proto.doc_string = doc
    onnx.checker.check_model(proto)
    onnx.save(proto, str(tmp))
    os.replace(tmp, path)
    print(f"{os.path.getsize(path):10d}  {path.relative_to(HERE.parent.parent)}")


def resnet_32(path):
    torch.manual_seed(0)
    model = CifarResNet()
    if (FASHION_MNIST / "train-images-idx3-ubyte.gz").exists():
        accuracy = train_briefly(model)
        doc = f"CIFAR-style ResNet-14 (16/32/64), one pass over 12,000 Fashion-MNIST images as 3x32x32 in 0..1, seed 0; test accuracy {accuracy:.3f}"
    else:
        print(f"make.py: {FASHION_MNIST} is missing, so resnet-32 keeps random weights", file=sys.stderr)
        randomize_batchnorm(model, torch.Generator().manual_seed(1))
        doc = "CIFAR-style ResNet-14 (16/32/64), random weights, seed 0"
    print(f"resnet-32: {doc}")
    export(model, (3, 32, 32), path, doc)


def resnet18_224(path):
    import torchvision
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None)
    export(model, (3, 224, 224), path, "torchvision resnet18(weights=None), seed 0")


MODELS = {"resnet-32": resnet_32, "resnet18-224": resnet18_224}


def main(argv):
    force = "--force" in argv
    names = [a for a in argv if not a.startswith("--")] or list(MODELS)
    for name in names:
        if name not in MODELS:
            sys.exit(f"make.py: unknown model {name} (known: {', '.join(MODELS)})")
        path = HERE / f"{name}.onnx"
        if path.exists() and not force:
            print(f"{'exists':>10}  {path.relative_to(HERE.parent.parent)}")
            continue
        MODELS[name](path)


if __name__ == "__main__":
    main(sys.argv[1:])
