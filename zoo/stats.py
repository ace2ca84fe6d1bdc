#!/usr/bin/python3
"""Summarise a zoo manifest: counts, accuracy, ASR and seconds per group.

    /usr/bin/python3 zoo/stats.py [zoo/manifest.jsonl]

Prints, per split x family and per task, how many models were built and
kept, mean clean accuracy and ASR of the kept ones, and the mean seconds per
model (all models, rejected included: they cost the same), then the
rejection reasons.
"""

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def table(rows, key, title):
    groups = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    print(f"\n{title:28s} {'built':>5s} {'kept':>5s} {'bd':>4s} {'acc':>7s} {'asr':>7s} {'sec':>6s} {'max s':>6s}")
    for k in sorted(groups):
        g = groups[k]
        kept = [r for r in g if r["kept"]]
        bd = [r for r in kept if r["backdoor"]]
        print(f"{k:28s} {len(g):5d} {len(kept):5d} {len(bd):4d} {mean([r['acc'] for r in kept]):7.4f} "
              f"{mean([r['asr'] for r in bd]):7.4f} {mean([r['sec'] for r in g]):6.0f} "
              f"{max(r['sec'] for r in g):6.0f}")


def main():
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent / "manifest.jsonl")
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    # The manifest may hold a model twice (appended, then a rebuild): keep the last.
    rows = list({r["id"]: r for r in rows}.values())
    print(f"{path}: {len(rows)} models, {sum(r['kept'] for r in rows)} kept")
    table(rows, lambda r: f"{r['split']} {r['family']}", "split family")
    table(rows, lambda r: r["task"], "task")
    table(rows, lambda r: r["backdoor"]["type"] if r["backdoor"] else "clean", "backdoor")
    table(rows, lambda r: "resnet-20" if r["arch"].startswith("resnet-20") else r["family"], "family (resnet-20 apart)")
    reasons = Counter()
    for r in rows:
        if not r["kept"]:
            for part in r["reason"].split("; "):
                reasons[re.split(r"\s[\d.]", part)[0]] += 1  # "clean accuracy", "ASR", ...
    print("\nrejections:", dict(reasons))


if __name__ == "__main__":
    main()
