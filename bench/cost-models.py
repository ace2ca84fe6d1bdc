"""Exports untrained reference models of common shapes for the cost model's check (bench/cost.ts):
what a forward pass costs depends on the architecture, not on the weights, so random weights do.

  /usr/bin/python3 bench/cost-models.py OUT_DIR
"""
import os
import sys

import torch
import torch.nn as nn
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'models'))
from make import CifarResNet  # noqa: E402  (the bench's own CIFAR ResNet: n blocks per stage)


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
    # ResNet-6n+2: n basic blocks per stage.
    'resnet20-32': (lambda: CifarResNet(blocks_per_stage=3), (3, 32, 32)),
    'resnet56-32': (lambda: CifarResNet(blocks_per_stage=9), (3, 32, 32)),
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
