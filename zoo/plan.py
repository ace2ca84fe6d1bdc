"""Per-model plans: every random choice for a model, derived from its id alone.

An id is `<split>-<index>` with split `train`, `test` or `conv` (e.g.
`train-0042`). The `conv` split (input conventions) is drawn like the test
split but each model also gets an input convention (CONVENTIONS below): how
the pixels it was trained on map from [0,1] images, and whether that mapping
is folded into the exported graph.
Its seed is the first 4 bytes of SHA-256("onepixel-zoo/<id>"); independent
numpy streams ([seed, k]) feed the plan (trigger, poison rate, targets,
variant, hyper-parameters), the architecture size, and the data
subset/colouring, and torch's weight init and batch order use seed-derived
seeds too. Task, family and backdoor kind are stratified over blocks of
consecutive indices of a split (a hash of split and block number shuffles
each block), so they too follow from the id alone. So a model
is rebuilt exactly by `generate.py --only <id>` (same torch build, one thread).

Budget per model (nTrain images x epochs) comes from a deterministic cost
estimate (models.est_train_us), so a model trains in about 10-45 s on one
CPU thread and ResNet-20 in about 2 minutes; see zoo/README.md.
"""

import hashlib
import re

import numpy as np

from data import TASKS
from models import est_train_us, sample_arch
from triggers import pattern_seed

# 1, 2: development snapshots (the first few dozen models in zoo/models; their
#    meta.json is complete, but their ids rebuild differently with this code).
# 3: this code.
GENERATOR_VERSION = 3

# Task, family and backdoor kind are stratified: within each split, every
# block of consecutive ids holds these counts in a seeded random order, so
# both splits get the intended mix even when small. (Rejections still tilt
# the kept mix a little.) Shares: tasks 30/20/30/20%; families 21/21/16/21/21%;
# half clean, then patch 25%, blend 12.5%, two-trigger 12.5%.
TASK_BLOCK = {"mnist28": 3, "fmnist28": 2, "cmnist32": 3, "c43-32": 2}
FAMILY_BLOCK = {"plain": 4, "bn-gap": 4, "resnet": 3, "dwsep": 4, "wide": 4}
BACKDOOR_BLOCK = {"clean": 4, "patch": 2, "blend": 1, "two": 1}
POISON_RATE = (0.01, 0.20)          # fraction of the training set, per trigger

# Export variants.
P_NHWC = 0.3
P_PROBABILITIES = 0.4
P_SYMMETRIC_RANGE = 0.4              # inputs in [-1,1] instead of [0,1]

# Input conventions of the conv split, drawn uniformly (stratified in blocks of
# 5 consecutive conv ids). `user` is what the user must feed the ONNX model,
# the scanner's settings that reproduce the training inputs from a [0,1] image
# x: v = lo + x * (hi - lo), then (v - mean) / std when mean/std are given.
# `graph` is what the exported graph does first to its input (Sub, then Div,
# by constants), folded in like a torch preprocessing wrapper; the network is
# trained on exactly graph(user(x)).
MNIST_MEAN_STD = ([0.1307], [0.3081])
IMAGENET_MEAN_STD = ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
CONVENTION_NAMES = ["range-0-255", "mean-std", "mean-std-folded", "range-0-255-folded",
                    "range-pm1-folded"]
CONVENTION_BLOCK = {name: 1 for name in CONVENTION_NAMES}


def convention(name, channels):
    """The convention record ({name, inputRange, mean?, std?, folded}) and the
    graph's folded preprocessing ({sub, div}, per channel; None when not folded)."""
    mean, std = MNIST_MEAN_STD if channels == 1 else IMAGENET_MEAN_STD
    if name == "range-0-255":
        return {"name": name, "inputRange": [0, 255], "folded": False}, None
    if name == "mean-std":
        return {"name": name, "inputRange": [0, 1], "mean": mean, "std": std, "folded": False}, None
    if name == "mean-std-folded":
        return {"name": name, "inputRange": [0, 1], "folded": True}, {"sub": mean, "div": std}
    if name == "range-0-255-folded":
        return {"name": name, "inputRange": [0, 255], "folded": True}, {"sub": None, "div": [255.0]}
    if name == "range-pm1-folded":
        return ({"name": name, "inputRange": [0, 1], "folded": True},
                {"sub": [0.5] * channels, "div": [0.5] * channels})
    raise ValueError(f"unknown convention {name!r}")

# Training-set size per task; N_TEST test images are evaluated (clean and triggered).
N_TRAIN = {"mnist28": 10000, "fmnist28": 12000, "cmnist32": 12000, "c43-32": 16000}
N_TEST = 5000
BATCH = 32

# Epochs: as many as fit in TARGET_TRAIN_SECONDS by the cost estimate, within
# [MIN_EPOCHS, MAX_EPOCHS]. Small nets need the extra epochs to reach normal
# accuracy; big ones converge in 3. ResNet-20 gets a fixed RESNET20 budget.
TARGET_TRAIN_SECONDS = 40
MIN_EPOCHS, MAX_EPOCHS = 3, 10
RESNET20 = {"epochs": 3, "nTrain": 12000}

ID_RE = re.compile(r"^(train|test|conv)-(\d{4,})$")
SPLITS = ("train", "test", "conv")


def make_id(split, index):
    return f"{split}-{index:04d}"


def parse_id(model_id):
    m = ID_RE.match(model_id)
    if not m:
        raise ValueError(f"bad model id {model_id!r} (want train-0042 / test-0007 / conv-0003)")
    return m.group(1), int(m.group(2))


def model_seed(model_id):
    return int.from_bytes(hashlib.sha256(f"onepixel-zoo/{model_id}".encode()).digest()[:4], "big")


def _stratified(split, index, counts, salt):
    """The slot of `index` in its block: a seeded shuffle of the block's counts."""
    size = sum(counts.values())
    block, pos = divmod(index, size)
    slots = [k for k, n in counts.items() for _ in range(n)]
    key = int.from_bytes(hashlib.sha256(f"onepixel-zoo/{split}/{salt}/{block}".encode()).digest()[:4], "big")
    return slots[int(np.random.default_rng(key).permutation(size)[pos])]


def _training(rng, family, task, arch):
    """Optimiser, schedule and budget. BN families tolerate (and like) SGD with
    momentum; plain/wide nets without BN train more reliably with Adam."""
    if family in ("bn-gap", "resnet", "dwsep") and rng.random() < 0.5:
        opt, lr = "sgd", round(float(rng.uniform(0.03, 0.08)), 4)
    else:
        opt, lr = "adam", round(float(rng.uniform(1e-3, 3e-3)), 5)
    spec = TASKS[task]
    est_us = est_train_us(arch, (spec["channels"], spec["height"], spec["width"]))
    if arch.get("depth") == 20:
        n_train, epochs = RESNET20["nTrain"], RESNET20["epochs"]
    else:
        n_train = N_TRAIN[task]
        epochs = round(TARGET_TRAIN_SECONDS / (est_us * 1e-6 * n_train))
        epochs = min(MAX_EPOCHS, max(MIN_EPOCHS, epochs))
    return {"optimizer": opt, "lr": lr, "schedule": "cosine",
            "weightDecay": 5e-4 if opt == "sgd" else 0.0, "batch": BATCH, "epochs": epochs,
            "nTrain": n_train, "nTest": N_TEST, "estUsPerImage": round(est_us)}


def plan(model_id):
    split, index = parse_id(model_id)
    seed = model_seed(model_id)
    rng = np.random.default_rng([seed, 0])
    task = _stratified(split, index, TASK_BLOCK, "task")
    family = _stratified(split, index, FAMILY_BLOCK, "family")
    kind = _stratified(split, index, BACKDOOR_BLOCK, "backdoor")
    spec = dict(TASKS[task])
    arch = sample_arch(np.random.default_rng([seed, 1]), family, spec)

    backdoor = None
    if kind != "clean":
        # Rate per trigger; a two-trigger model draws from half the range so its
        # total poisoned fraction stays within POISON_RATE too.
        lo, hi = POISON_RATE
        rate = round(float(rng.uniform(lo, hi / 2 if kind == "two" else hi)), 4)
        classes = spec["classes"]
        target = int(rng.integers(classes))
        if kind == "two":
            # Same target for both triggers half the time, else a different one.
            other = target if rng.random() < 0.5 else int((target + rng.integers(1, classes)) % classes)
            trig = [("patch", pattern_seed(rng, split), target), ("patch", pattern_seed(rng, split), other)]
        else:
            trig = [(kind, pattern_seed(rng, split), target)]
        backdoor = {"type": kind, "poisonRate": rate,
                    "triggers": [{"kind": k, "patternSeed": s, "target": t} for k, s, t in trig]}

    if split == "conv":
        # Layout and outputs as in the other splits; the convention replaces the range draw.
        conv, graph = convention(_stratified(split, index, CONVENTION_BLOCK, "convention"),
                                 spec["channels"])
        variant = {
            "layout": "NHWC" if rng.random() < P_NHWC else "NCHW",
            "outputs": "probabilities" if rng.random() < P_PROBABILITIES else "logits",
            "range": conv["inputRange"], "convention": conv, "preprocess": graph,
        }
    else:
        variant = {
            "layout": "NHWC" if rng.random() < P_NHWC else "NCHW",
            "outputs": "probabilities" if rng.random() < P_PROBABILITIES else "logits",
            "range": [-1, 1] if rng.random() < P_SYMMETRIC_RANGE else [0, 1],
        }
    return {
        "id": model_id, "split": split, "index": index, "seed": seed, "task": task,
        "family": family, "arch": arch, "backdoor": backdoor, "variant": variant,
        "training": _training(rng, family, task, arch),
        "dataSeed": [seed, 2], "torchSeed": seed,
    }


if __name__ == "__main__":
    import json
    import sys
    for mid in sys.argv[1:]:
        print(json.dumps(plan(mid)))
