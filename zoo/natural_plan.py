"""The natural-image zoo's plan: every model id, its group, split and random choices.

Deterministic from PLAN_SEED and the ids alone (seeds are SHA-256 of
"onepixel-zoo/natural/<PLAN_SEED>/<id>"). Ids:

  nat-c10-b07        base model 7 of cifar10-32 (gts: gtsrb-32): clean, trained from scratch
  nat-c10-b07-f2     fine-tune 2 of that base (clean or backdoored), 1-3 epochs
  nat-c10-s03        a backdoored model trained from scratch on poisoned data

A base and everything derived from it form one group, and a group has one split
(design / test / untouched), so no base's fingerprint is on both sides of a split.
Each scratch model is a group of its own. The plan lists every base before its
fine-tunes: first every full training (in rounds: round r holds the r-th base of
every task x family; scratch models are spread over the rounds), then all fine-tunes.
"""

import hashlib

import numpy as np

from natural_data import TASKS
from natural_models import FAMILIES, sample_arch
from natural_triggers import pattern_seed

PLAN_SEED = "v1"
TASK_CODES = {"cifar10-32": "c10", "gtsrb-32": "gts"}
CODE_TASK = {v: k for k, v in TASK_CODES.items()}
BASES_PER_FAMILY = 4                       # per task: 2 design, 1 test, 1 untouched
BASE_SPLITS = ["design", "design", "test", "untouched"]
FINETUNES_PER_BASE = 4
# Fine-tune kinds per task (80 fine-tunes): ~45% clean, the rest backdoored, ten of them by
# whole-image triggers that are neither patches nor blends (natural_triggers.py).
FINETUNE_KINDS = {"clean": 36, "patch": 16, "blend": 8, "sparse": 6, "clean-label": 4,
                  "warp": 4, "filter": 3, "quantize": 3}   # the last three: whole-image, not blended
SCRATCH_KINDS = {"patch": 4, "blend": 3, "sparse": 3}   # per task, 2 per family
SCRATCH_SPLITS = ["design"] * 6 + ["test"] * 2 + ["untouched"] * 2
P_LOW_RATE = 0.5                           # scratch: dirty-label poison rate 0.5-2% (else 2-10%)
FINETUNE_RATE = (0.03, 0.12)               # fine-tunes: a few epochs need more poison
# A failed backdoor attempt is retried as an attacker would: attempt k poisons
# RATE_ESCALATION**k times as much (at most MAX_RATE), fine-tunes one epoch longer (at most 3).
RATE_ESCALATION, MAX_RATE = 2.0, 0.2
MIN_ACCURACY = {"cifar10-32": 0.70, "gtsrb-32": 0.90}
# A base must clear its task's floor by BASE_MARGIN, since its fine-tunes lose a point or two
# (the CIFAR base nat-c10-b10 at 0.705 left its fine-tunes 0.69-0.70); a base's retry trains
# BASE_RETRY_EPOCHS times as long.
BASE_MARGIN, BASE_RETRY_EPOCHS = 0.02, 1.5
MIN_ASR = 0.90
ATTEMPTS = {"base": 2, "scratch": 2, "fine-tune": 3}

# What the network is trained on (from a [0,1] image x) and, per such "net input",
# the conventions a model may be exported with (zoo/plan.py's convention names:
# what the user must feed, and what the graph does first).
NET_INPUTS = {"unit": 0.4, "pm1": 0.25, "imagenet": 0.35}
EXPORT_CONVENTIONS = {"unit": ["range-0-1"] * 4 + ["range-0-255-folded"],
                      "pm1": ["range-pm1", "range-pm1-folded"],
                      "imagenet": ["mean-std", "mean-std-folded"]}
OPSETS = list(range(11, 18))
P_NHWC = 0.3
P_PROBABILITIES = 0.35

# Full-training epochs (bases and scratch models) on CIFAR-10's 50k images; GTSRB
# (13k images) gets GTSRB_EXTRA_EPOCHS more (4 more gave a small VGG 0.920, too near the
# 0.90 floor for its fine-tunes: a backdoored fine-tune of it fell to 0.87-0.90).
EPOCHS = {"vgg": 8, "resnet-20": 5, "resnet-32": 4, "wrn-1": 5, "wrn-2": 3, "mobilenetv2": 6, "plain": 8}
GTSRB_EXTRA_EPOCHS = 8
N_TEST = 5000


def seed_of(key):
    return int.from_bytes(hashlib.sha256(f"onepixel-zoo/natural/{PLAN_SEED}/{key}".encode()).digest()[:4], "big")


def _shuffled(key, items):
    return [items[i] for i in np.random.default_rng(seed_of(key)).permutation(len(items))]


def _expand(counts):
    return [k for k, n in counts.items() for _ in range(n)]


def groups():
    """Every group, in plan order: (task, kind, id, family, split, [fine-tune (id, kind)])."""
    out = []
    for task, code in TASK_CODES.items():
        ft_kinds = _shuffled(f"{task}/ft-kinds", _expand(FINETUNE_KINDS))
        sc_kinds = _shuffled(f"{task}/scratch-kinds", _expand(SCRATCH_KINDS))
        sc_splits = _shuffled(f"{task}/scratch-splits", SCRATCH_SPLITS)
        splits = {f: _shuffled(f"{task}/{f}/splits", BASE_SPLITS) for f in FAMILIES}
        b = 0
        for r in range(BASES_PER_FAMILY):
            for f in FAMILIES:
                bid = f"nat-{code}-b{b:02d}"
                fts = [(f"{bid}-f{k}", ft_kinds[b * FINETUNES_PER_BASE + k]) for k in range(FINETUNES_PER_BASE)]
                out.append((task, "base", bid, f, splits[f][r], fts, r))
                b += 1
        for s in range(len(sc_kinds)):
            out.append((task, "scratch", f"nat-{code}-s{s:02d}", FAMILIES[s % len(FAMILIES)], sc_splits[s],
                        [(None, sc_kinds[s])], s // 3))
    return out


def plan_order():
    """All ids in build order, each base before its fine-tunes, tasks and families interleaved."""
    gs = groups()
    rounds = [_shuffled(f"round/{r}", [g for g in gs if g[6] == r]) for r in range(BASES_PER_FAMILY)]
    # All full trainings (bases and scratch models) first, then the fine-tunes in the same
    # order: the cheap fine-tune recipe can still be tuned on finished bases while the
    # expensive part runs.
    order = [g[2] for rnd in rounds for g in rnd]
    order += [fid for rnd in rounds for g in rnd for fid, _ in g[5] if fid]
    return order


def _recipe(rng, family, arch, task, kind):
    """Optimiser and schedule as people use them."""
    if kind == "fine-tune":
        if rng.random() < 0.7:
            # Low rates: 0.005-0.02 (SGD) and 1-3e-4 (Adam) cost a 0.70 CIFAR base 2-9 points.
            opt = {"optimizer": "sgd", "lr": round(float(rng.uniform(0.002, 0.008)), 4),
                   "nesterov": bool(rng.random() < 0.3), "weightDecay": 5e-4}
        else:
            opt = {"optimizer": "adam", "lr": round(float(rng.uniform(3e-5, 1.2e-4)), 6), "weightDecay": 0.0}
        n_all = 50000 if task == "cifar10-32" else 13070
        n = int(rng.integers(15000, 25001)) if task == "cifar10-32" else int(rng.integers(9000, n_all + 1))
        return dict(opt, schedule="cosine", batch=int(rng.choice([64, 128])),
                    epochs=int(rng.integers(1, 4)), nTrain=n, labelSmoothing=0.0, augment=True)
    # (a backdoored fine-tune gets at least 2 epochs: see all_plans)
    if family == "plain" and rng.random() < 0.7:
        opt = {"optimizer": "adam", "lr": 1e-3, "weightDecay": float(rng.choice([0.0, 1e-4]))}
    elif family in ("vgg", "mobilenetv2") and rng.random() < 0.2:
        opt = {"optimizer": "adam", "lr": round(float(rng.uniform(1e-3, 2e-3)), 5), "weightDecay": 5e-5}
    else:
        opt = {"optimizer": "sgd", "lr": round(float(rng.choice([0.05, 0.1])) if family != "plain"
                                               else float(rng.choice([0.01, 0.02])), 4),
               "nesterov": bool(rng.random() < 0.5), "weightDecay": float(rng.choice([5e-4, 5e-4, 1e-4]))}
    key = family
    if family == "resnet":
        key = f"resnet-{arch['depth']}"
    elif family == "wrn":
        key = f"wrn-{arch['k']}"
    epochs = EPOCHS[key] + (GTSRB_EXTRA_EPOCHS if task == "gtsrb-32" else 0)
    return dict(opt, schedule="cosine" if rng.random() < 0.7 else "step",
                batch=int(rng.choice([128, 128, 64])), epochs=epochs,
                nTrain=50000 if task == "cifar10-32" else 13070,
                labelSmoothing=0.1 if rng.random() < 0.25 else 0.0, augment=True)


def _backdoor(rng, kind, split, classes, insertion):
    if kind == "clean-label":
        trig = "patch" if rng.random() < 0.6 else "blend"
        return {"type": "clean-label", "labelling": "clean", "insertion": insertion, "trigger": trig,
                "targetShare": round(float(rng.uniform(0.5, 1.0)), 3),
                "pgd": {"eps": float(rng.choice([8, 16])) / 255, "steps": 7},
                "target": int(rng.integers(classes)), "patternSeed": pattern_seed(rng, split)}
    if insertion == "scratch":
        lo, hi = (0.005, 0.02) if rng.random() < P_LOW_RATE else (0.02, 0.10)
    else:
        lo, hi = FINETUNE_RATE
    return {"type": kind, "labelling": "dirty", "insertion": insertion, "trigger": kind,
            "poisonRate": round(float(rng.uniform(lo, hi)), 4), "target": int(rng.integers(classes)),
            "patternSeed": pattern_seed(rng, split)}


def all_plans():
    plans = {}
    for task, gkind, gid, family, split, fts, _ in groups():
        classes = TASKS[task]["classes"]
        group = gid
        s = seed_of(gid)
        rng = np.random.default_rng([s, 0])
        arch = sample_arch(np.random.default_rng([s, 1]), family, classes)
        net_input = str(rng.choice(list(NET_INPUTS), p=list(NET_INPUTS.values())))
        base = {"id": gid, "task": task, "family": family, "split": split, "group": group,
                "derivation": "base" if gkind == "base" else "scratch", "base": None, "seed": s,
                "arch": arch, "netInput": net_input, "training": _recipe(rng, family, arch, task, "full"),
                "backdoor": None}
        if gkind == "scratch":
            base["backdoor"] = _backdoor(rng, fts[0][1], split, classes, "scratch")
        base["export"] = _export(rng, net_input)
        plans[gid] = base
        for fid, fkind in fts:
            if fid is None:
                continue
            fs = seed_of(fid)
            frng = np.random.default_rng([fs, 0])
            p = {"id": fid, "task": task, "family": family, "split": split, "group": group,
                 "derivation": "fine-tune", "base": gid, "seed": fs, "arch": None, "netInput": None,
                 "training": _recipe(frng, family, None, task, "fine-tune"),
                 "backdoor": None if fkind == "clean" else _backdoor(frng, fkind, split, classes, "fine-tune")}
            if p["backdoor"]:
                p["training"]["epochs"] = max(2, p["training"]["epochs"])
            p["export"] = _export(frng, None)
            plans[fid] = p
    return plans


def _export(rng, net_input):
    """Export variant; the convention is drawn as an index resolved against the net input
    (a fine-tune's net input is its base's, known once the base is built)."""
    return {"layout": "NHWC" if rng.random() < P_NHWC else "NCHW",
            "outputs": "probabilities" if rng.random() < P_PROBABILITIES else "logits",
            "opset": int(rng.choice(OPSETS)), "conventionDraw": round(float(rng.random()), 6)}


def resolve_convention(net_input, draw):
    options = EXPORT_CONVENTIONS[net_input]
    return options[int(draw * len(options))]


if __name__ == "__main__":
    import json
    import sys
    ps = all_plans()
    for mid in (sys.argv[1:] or plan_order()):
        print(json.dumps(ps[mid], separators=(",", ":")))
