"""Exports untrained reference models of common shapes for the cost model's check (bench/cost.ts):
what a forward pass costs depends on the architecture, not on the weights, so random weights do.

  /usr/bin/python3 bench/cost-models.py OUT_DIR
"""
import os
import sys

import torch
import torch.nn as nn
import torchvision


class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = nn.Sequential() if stride == 1 and cin == cout else nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        return torch.relu(self.b2(self.c2(y)) + self.short(x))


def resnet_cifar(depth):
    n = (depth - 2) // 6
    layers, cin = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()], 16
    for cout, stride in [(16, 1), (32, 2), (64, 2)]:
        for i in range(n):
            layers.append(Basic(cin, cout, stride if i == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def vgg_cifar(widths):
    layers, cin = [], 3
    for w in widths:
        if w == 'M':
            layers.append(nn.MaxPool2d(2))
        else:
            layers += [nn.Conv2d(cin, w, 3, padding=1), nn.BatchNorm2d(w), nn.ReLU()]
            cin = w
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(cin, 10))


MODELS = {
    'resnet20-32': (lambda: resnet_cifar(20), (3, 32, 32)),
    'resnet56-32': (lambda: resnet_cifar(56), (3, 32, 32)),
    'vgg11-32': (lambda: vgg_cifar([64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M']), (3, 32, 32)),
    'mobilenetv2-32': (lambda: torchvision.models.mobilenet_v2(num_classes=10), (3, 32, 32)),
    'mobilenetv2-96': (lambda: torchvision.models.mobilenet_v2(num_classes=100), (3, 96, 96)),
    'resnet18-112': (lambda: torchvision.models.resnet18(num_classes=100), (3, 112, 112)),
    'resnet18-224': (lambda: torchvision.models.resnet18(num_classes=1000), (3, 224, 224)),
}

if __name__ == '__main__':
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    for name, (make, shape) in MODELS.items():
        path = os.path.join(out, f'{name}.onnx')
        if os.path.exists(path):
            continue
        model = make().eval()
        torch.onnx.export(model, torch.zeros(1, *shape), path, input_names=['image'], output_names=['logits'],
                          dynamic_axes={'image': {0: 'N'}, 'logits': {0: 'N'}}, opset_version=13)
        print(path)
