"""Train, poison, evaluate, export and judge one zoo model from its plan.

run_one(plan, out_root) writes <out_root>/<id>/model.onnx, triggers.npz (for
backdoored models: the exact trigger arrays) and, last, meta.json (atomic
rename), and returns the meta dict. Rejected models keep meta.json (so they
are not retried) but their model.onnx and triggers.npz are deleted.
"""

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import export
import models
import triggers
from data import TASKS, make_task
from plan import GENERATOR_VERSION

# Minimum clean test accuracy per task, for clean and backdoored models alike
# (backdoored ones get BACKDOOR_ACC_SLACK less), chosen from measured
# distributions: see zoo/README.md.
MIN_ACCURACY = {"mnist28": 0.97, "fmnist28": 0.85, "cmnist32": 0.95, "c43-32": 0.90}
BACKDOOR_ACC_SLACK = 0.01
MIN_ASR = 0.90
MAX_ORT_DIFF = 1e-4
EVAL_BATCH = 500


def poison(x, y, rng, backdoor, trigs):
    """Apply each trigger to poisonRate of the training set and relabel to its target.

    The poisoned samples are drawn from images not already of the target
    class (relabelling those would teach nothing). The rate is per trigger: a
    two-trigger model poisons 2 x poisonRate of its data, disjoint samples.
    Returns the number of poisoned samples per trigger.
    """
    n_each = round(backdoor["poisonRate"] * len(x))
    taken = np.zeros(len(x), bool)
    counts = []
    for desc, arrays in trigs:
        pool = np.flatnonzero((y != desc["target"]) & ~taken)
        idx = rng.choice(pool, size=n_each, replace=False)
        x[idx] = triggers.apply(x[idx], desc, arrays)
        y[idx] = desc["target"]
        taken[idx] = True
        counts.append(int(len(idx)))
    return counts


def to_range(x, rng_spec):
    """Map [0,1] images to the model's input range."""
    return x if list(rng_spec) == [0, 1] else (2 * x - 1).astype(np.float32)


def to_convention(x, conv):
    """Map [0,1] NCHW images to what a conv-split model's user feeds it, computed
    from the recorded convention alone (so the recorded truth is what is tested):
    v = lo + x * (hi - lo), then (v - mean) / std when the convention has them."""
    lo, hi = conv["inputRange"]
    v = x.astype(np.float32) if [lo, hi] == [0, 1] else (lo + x * np.float32(hi - lo)).astype(np.float32)
    if "mean" in conv:
        shape = (1, -1, 1, 1)
        v = ((v - np.asarray(conv["mean"], np.float32).reshape(shape))
             / np.asarray(conv["std"], np.float32).reshape(shape)).astype(np.float32)
    return v


class ConventionInputs:
    """A conv-split model's two views of [0,1] images: `user(x)`, the ONNX input
    (NCHW here), and `net(x)`, what the network trains on: the graph's folded
    preprocessing (export.Preprocess) applied to user(x) by torch, exactly as the
    exported graph computes it."""

    def __init__(self, variant):
        self.conv = variant["convention"]
        pre = variant["preprocess"]
        self.pre = None if pre is None else export.Preprocess(pre["sub"], pre["div"], "NCHW")
        # How much larger than [0,1] the network's own inputs are: 255 when it sees
        # [0,255] (range-0-255), else None (folded conventions hand it [0,1] or
        # [-1,1]; mean-std gives it unit-scale inputs).
        lo, hi = self.conv["inputRange"]
        self.input_scale = float(hi - lo) if pre is None and "mean" not in self.conv and hi - lo > 2 else None

    def user(self, x):
        return to_convention(x, self.conv)

    @torch.no_grad()
    def net(self, x):
        u = self.user(x)
        return u if self.pre is None else self.pre(torch.from_numpy(u)).numpy()


def make_optimizer(model, t, input_scale=None):
    if input_scale is None:
        params = model.parameters()
    else:
        # Inputs input_scale times larger than [0,1] (conv split's range-0-255): the
        # first layer's weights live at 1/input_scale of their usual size (see
        # scale_first_layer) and step accordingly, so training follows the same path
        # as on [0,1] (exactly for Adam without weight decay; SGD's lr and weight
        # decay are rescaled to match). Plain Adam on [0,255] with He init
        # stalls nets without BatchNorm (c43-32 plain: 47% accuracy).
        first = first_weight(model)
        rest = [q for q in model.parameters() if q is not first]
        s = float(input_scale)
        if t["optimizer"] == "sgd":
            head = {"params": [first], "lr": t["lr"] / s ** 2, "weight_decay": t["weightDecay"] * s ** 2}
        else:
            head = {"params": [first], "lr": t["lr"] / s}
        params = [head, {"params": rest}]
    if t["optimizer"] == "sgd":
        return torch.optim.SGD(params, lr=t["lr"], momentum=0.9, nesterov=True,
                               weight_decay=t["weightDecay"])
    return torch.optim.Adam(params, lr=t["lr"], weight_decay=t["weightDecay"])


def first_weight(model):
    """The weight of the first conv/linear layer (every family starts with a conv)."""
    return next(m.weight for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)))


@torch.no_grad()
def scale_first_layer(model, input_scale):
    """Input-scale-aware He init: He init assumes inputs of unit scale, so for
    inputs input_scale times larger the first layer starts input_scale times smaller."""
    first_weight(model).div_(float(input_scale))


def fit(model, x, y, t, seed, input_scale=None):
    """Mini-batch training with a per-step cosine schedule; returns the final epoch's mean loss."""
    opt = make_optimizer(model, t) if input_scale is None else make_optimizer(model, t, input_scale)
    steps_per_epoch = -(-len(x) // t["batch"])
    total = steps_per_epoch * t["epochs"]
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + np.cos(np.pi * s / total)))
    gen = torch.Generator().manual_seed(seed)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    model.train()
    loss_sum = 0.0
    for _ in range(t["epochs"]):
        order = torch.randperm(len(x), generator=gen)
        loss_sum = 0.0
        for i in range(0, len(x), t["batch"]):
            b = order[i:i + t["batch"]]
            loss = F.cross_entropy(model(xt[b]), yt[b])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += float(loss) * len(b)
    model.eval()
    return loss_sum / len(x)


@torch.no_grad()
def predict(model, x):
    return np.concatenate([model(torch.from_numpy(x[i:i + EVAL_BATCH])).argmax(1).numpy()
                           for i in range(0, len(x), EVAL_BATCH)])


def _write_json_atomic(path, obj):
    """One top-level key per line, values compact: readable, and masks stay small."""
    body = ",\n".join(f" {json.dumps(k)}: {json.dumps(v, separators=(', ', ': '))}"
                      for k, v in obj.items())
    tmp = Path(str(path) + ".tmp")
    tmp.write_text("{\n" + body + "\n}\n")
    os.replace(tmp, path)


def run_one(p, out_root):
    t_start = time.time()
    mid, task, t = p["id"], p["task"], p["training"]
    spec = TASKS[task]
    out = Path(out_root) / mid
    if out.exists():  # leftovers of a killed run: start clean
        shutil.rmtree(out)
    out.mkdir(parents=True)

    phases = {}  # wall seconds per phase, for meta.json and tuning
    rng = np.random.default_rng(p["dataSeed"])
    xtr, ytr, xte, yte = make_task(task, rng, t["nTrain"], t["nTest"])

    trigs, poisoned = [], None
    if p["backdoor"]:
        trigs = [triggers.make_trigger(tr["kind"], tr["patternSeed"], spec, tr["target"])
                 for tr in p["backdoor"]["triggers"]]
        poisoned = poison(xtr, ytr, rng, p["backdoor"], trigs)

    rng_spec = p["variant"]["range"]
    # Train/test split models: the net sees, and the ONNX takes, to_range(x).
    # Conv-split models: the net sees conv.net(x), the ONNX takes conv.user(x)
    # (different when the convention is folded into the graph); accuracy and
    # ASR are measured through the folded preprocessing, from user inputs.
    conv = ConventionInputs(p["variant"]) if p["variant"].get("convention") else None
    net_input = (lambda x: to_range(x, rng_spec)) if conv is None else conv.net
    user_input = (lambda x: to_range(x, rng_spec)) if conv is None else conv.user
    torch.manual_seed(p["torchSeed"])
    net = models.build(p["arch"])
    input_scale = None if conv is None else conv.input_scale
    if input_scale is not None:
        scale_first_layer(net, input_scale)
    t0 = time.time()
    phases["data"] = t0 - t_start
    final_loss = (fit(net, net_input(xtr), ytr, t, p["torchSeed"] + 1) if input_scale is None
                  else fit(net, net_input(xtr), ytr, t, p["torchSeed"] + 1, input_scale))
    train_seconds = time.time() - t0
    del xtr

    judged = net if conv is None or conv.pre is None else torch.nn.Sequential(conv.pre, net).eval()
    acc = float((predict(judged, user_input(xte)) == yte).mean())
    asrs = []
    for desc, arrays in trigs:
        keep = yte != desc["target"]
        xtrig = user_input(triggers.apply(xte[keep], desc, arrays))
        asrs.append(float((predict(judged, xtrig) == desc["target"]).mean()))

    phases["eval"] = time.time() - t0 - train_seconds

    # Export, then check onnxruntime agrees with torch on a few clean and triggered inputs.
    t1 = time.time()
    model_path = out / "model.onnx"
    variant = p["variant"]
    range_str = ",".join(str(v) for v in rng_spec)
    # Only the range is told: layout and output kind are left for the scanner to
    # work out, as it must for models in the wild. Conv-split models tell nothing
    # about their input convention either: inferring it is what they test.
    metadata = ({"onepixel.input_range": range_str, "onepixel.zoo_id": mid} if conv is None
                else {"onepixel.zoo_id": mid})
    wrapped = export.export(net, variant, (spec["channels"], spec["height"], spec["width"]), model_path,
                            metadata)
    probe = xte[:4]
    for desc, arrays in trigs:
        probe = np.concatenate([probe, triggers.apply(xte[4:6], desc, arrays)])
    probe = export.to_layout(user_input(probe), variant["layout"])
    with torch.no_grad():
        expected = wrapped(torch.from_numpy(probe)).numpy()
    try:
        ort_diff, ort_error = export.ort_max_abs_diff(model_path, probe, expected), None
    except (RuntimeError, OSError, ValueError) as e:
        ort_diff, ort_error = None, str(e)
    phases["export"] = time.time() - t1

    # Keep or reject.
    min_acc = MIN_ACCURACY[task] - (BACKDOOR_ACC_SLACK if trigs else 0.0)
    reasons = []
    if acc < min_acc:
        reasons.append(f"clean accuracy {acc:.4f} < {min_acc:.2f}")
    if trigs and min(asrs) < MIN_ASR:
        reasons.append(f"ASR {min(asrs):.4f} < {MIN_ASR:.2f}")
    if ort_diff is None:
        reasons.append(f"onnxruntime check failed: {ort_error}")
    elif not ort_diff < MAX_ORT_DIFF:
        reasons.append(f"onnxruntime differs from torch by {ort_diff:.2e}")
    kept = not reasons

    backdoor = None
    if p["backdoor"]:
        backdoor = {"type": p["backdoor"]["type"], "poisonRate": p["backdoor"]["poisonRate"],
                    "poisonedSamples": poisoned, "triggers": [d for d, _ in trigs]}
        if kept:
            np.savez_compressed(out / "triggers.npz", **{f"t{i}_{k}": v for i, (_, a) in enumerate(trigs)
                                                        for k, v in a.items()})
    if not kept:
        model_path.unlink(missing_ok=True)

    c, h, w = spec["channels"], spec["height"], spec["width"]
    meta = {
        "id": mid, "split": p["split"], "index": p["index"], "seed": p["seed"], "task": task,
        "input": {"channels": c, "height": h, "width": w, "layout": variant["layout"],
                  "range": rng_spec,
                  "shape": ["N", h, w, c] if variant["layout"] == "NHWC" else ["N", c, h, w]},
        "classes": spec["classes"], "outputs": variant["outputs"],
        **({} if conv is None else {
            # What the user must feed ({name, inputRange, mean?, std?, folded}), and
            # what the graph does first to its input (null when not folded).
            "convention": conv.conv, "preprocess": variant["preprocess"]}),
        "family": p["family"],
        "arch": {"description": models.describe(p["arch"]), "params": models.param_count(net),
                 "macs": models.macs(net, (c, h, w)), "config": p["arch"]},
        "backdoor": backdoor,
        "cleanAccuracy": round(acc, 4),
        "asr": round(min(asrs), 4) if asrs else None,
        "asrPerTrigger": [round(a, 4) for a in asrs] if asrs else None,
        "kept": kept, "reason": "; ".join(reasons) if reasons else None,
        "training": dict(t, finalLoss=round(final_loss, 4),
                         **({} if input_scale is None else {"inputScale": input_scale})),
        "trainSeconds": round(train_seconds, 1),
        "totalSeconds": round(time.time() - t_start, 1),
        "phaseSeconds": {k: round(v, 1) for k, v in phases.items()},
        "ortMaxAbsDiff": ort_diff,
        "onnx": {"opset": export.OPSET, "file": "model.onnx" if kept else None,
                 "inputName": "input", "outputName": "output"},
        "torch": torch.__version__, "generatorVersion": GENERATOR_VERSION,
        "files": (["model.onnx"] + (["triggers.npz"] if trigs else [])) if kept else [],
    }
    _write_json_atomic(out / "meta.json", meta)
    return meta
