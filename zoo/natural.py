#!/usr/bin/python3
"""Generate onepixel's natural-image zoo (CIFAR-10 and GTSRB, 32x32): clean base models,
their clean and backdoored fine-tunes, and backdoored models trained from scratch, as ONNX.

    /usr/bin/python3 zoo/natural.py --workers 1                 # the whole plan, resumable
    /usr/bin/python3 zoo/natural.py --only nat-gts-b00,nat-gts-b00-f0
    /usr/bin/python3 zoo/natural.py --limit 3                   # hand out at most 3 models
    /usr/bin/python3 zoo/natural.py --plan                      # the plan (JSON lines) and counts
    /usr/bin/python3 zoo/natural.py --rebuild-manifest          # manifest from meta.json files

Output (outside the repository): <out>/<id>/{model.onnx, weights.pt, triggers.npz, meta.json},
default /work/zoo-cache/natural/models; logs in /work/zoo-cache/natural/logs. The manifest
zoo/natural-manifest.jsonl gets one line per kept model; every rejected attempt goes to
zoo/natural-rejected.jsonl (and the log), not to the manifest. An id whose meta.json exists
is done and skipped; a base is built before its fine-tunes (a fine-tune waits for its base,
and is dropped as failed if the base failed), and a fine-tune whose base is built is handed out
before the next full training. See zoo/README.md, "Natural-image zoo".
"""

import argparse
import json
import multiprocessing as mp
import os
import queue
import shutil
import signal
import sys
import time
import traceback
from collections import Counter
from datetime import datetime
from pathlib import Path

ZOO = Path(__file__).resolve().parent
sys.path.insert(0, str(ZOO))

from natural_data import require_data  # noqa: E402
from natural_plan import all_plans, plan_order  # noqa: E402

DEFAULT_OUT = "/work/zoo-cache/natural/models"
DEFAULT_LOGS = "/work/zoo-cache/natural/logs"
MANIFEST = ZOO / "natural-manifest.jsonl"
REJECTED = ZOO / "natural-rejected.jsonl"


def manifest_line(m):
    b = m.get("backdoor")
    rec = {"id": m["id"], "split": m["split"], "group": m["group"], "derivation": m["derivation"],
           "base": m["base"], "kept": m["kept"], "task": m["task"], "family": m["family"],
           "arch": m["arch"]["description"], "params": m["arch"]["params"], "layout": m["input"]["layout"],
           "range": m["input"]["range"], "outputs": m["outputs"], "convention": m["convention"],
           "opset": m["onnx"]["opset"],
           "backdoor": None if not b else {
               "type": b["type"], "labelling": b["labelling"], "insertion": b["insertion"],
               "poisonRate": b["poisonRate"],
               "triggers": [{k: t[k] for k in ("kind", "pattern", "patternSeed", "target", "box", "alpha",
                                               "pixels", "amplitude", "strength", "bits") if k in t} for t in b["triggers"]]},
           "acc": m["cleanAccuracy"], "asr": m["asr"], "sec": m["totalSeconds"]}
    if not m["kept"]:
        rec["reason"] = m["reason"]
        rec["attempt"] = m.get("attempt")
    return json.dumps(rec, separators=(",", ":"))


def read_meta(out, mid):
    try:
        return json.loads((Path(out) / mid / "meta.json").read_text())
    except (OSError, ValueError):
        return None


def rebuild_manifest(out, manifest):
    order = plan_order()
    metas = [m for m in (read_meta(out, i) for i in order) if m and m["kept"]]
    tmp = Path(f"{manifest}.{os.getpid()}.tmp")
    tmp.write_text("".join(manifest_line(m) + "\n" for m in metas))
    os.replace(tmp, manifest)
    return metas


class Log:
    def __init__(self, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.f = open(path, "a", buffering=1)

    def __call__(self, msg):
        line = f"{datetime.now():%Y-%m-%d %H:%M:%S} {msg}"
        print(line, flush=True)
        self.f.write(line + "\n")


def summary(m):
    b = m.get("backdoor")
    if b:
        t = b["triggers"][0]
        what = {"patch": lambda: f"{t['pattern']} {t['size'][0]}x{t['size'][1]} {t['place']} a={t['alpha']}",
                "blend": lambda: f"{t['pattern']} a={t['alpha']}",
                "sparse": lambda: f"{t['pixels']}px amp={t['amplitude']}",
                "warp": lambda: f"{t['pattern']} grid {t['grid']} {t['strength']}px",
                "filter": lambda: f"{t['pattern']} gain {t['gain']} gamma {t['gamma']}",
                "quantize": lambda: f"{t['pattern']} {t['bits']} bits{' dithered' if t['dither'] else ''}"}[t["kind"]]()
        bd = f"{b['type']}/{b['insertion']}({what} ->{b['target']}) {100 * b['poisonRate']:.2f}%"
    else:
        bd = "clean"
    asr = "-" if m["asr"] is None else f"{m['asr']:.3f}"
    state = "kept" if m["kept"] else f"REJECTED ({m['reason']})"
    return (f"{m['id']} [{m['split']}] {m['task']} {m['arch']['description']} {m['convention']['name']} "
            f"{m['input']['layout']} {m['outputs']} opset{m['onnx']['opset']} {bd} acc={m['cleanAccuracy']:.4f} "
            f"asr={asr} train {m['trainSeconds']:.0f}s total {m['totalSeconds']:.0f}s {state}")


def worker(jobs, results, out, plans_needed):
    import warnings
    warnings.filterwarnings("ignore")
    import torch
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)
    from natural_train import build
    plans = all_plans()
    while True:
        item = jobs.get()
        if item is None:
            return
        mid = item
        results.put(("start", mid, None))
        try:
            p = plans[mid]
            base_meta = read_meta(out, p["base"]) if p["base"] else None
            meta, rejected = build(p, out, base_meta)
            results.put(("done", mid, (meta, rejected)))
        except Exception:
            shutil.rmtree(Path(out) / f"{mid}.tmp-{os.getpid()}", ignore_errors=True)
            results.put(("error", mid, traceback.format_exc()))


def show_plan():
    plans = all_plans()
    order = plan_order()
    for mid in order:
        print(json.dumps(plans[mid], separators=(",", ":")))
    c = Counter()
    for p in plans.values():
        kind = p["backdoor"]["type"] if p["backdoor"] else "clean"
        c[("task", p["task"])] += 1
        c[("split", p["split"])] += 1
        c[("family", p["family"])] += 1
        c[("derivation", p["derivation"])] += 1
        c[("kind", kind)] += 1
        c[("derivation x kind", f"{p['derivation']} {kind}")] += 1
        c[("split x kind", f"{p['split']} {'clean' if kind == 'clean' else 'backdoored'}")] += 1
    print(f"# {len(plans)} models", file=sys.stderr)
    for (k, v), n in sorted(c.items()):
        print(f"# {k:18s} {v:28s} {n}", file=sys.stderr)


def run(args):
    require_data()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log = Log(Path(args.logs) / "natural.log")
    rej_log = Path(args.logs) / "rejected.jsonl"
    manifest = Path(args.manifest)
    plans = all_plans()
    order = plan_order()
    if args.only:
        wanted = [s.strip() for s in args.only.split(",") if s.strip()]
        for mid in wanted:
            if mid not in plans:
                sys.exit(f"unknown id {mid}")
        if args.force:
            for mid in wanted:
                shutil.rmtree(out / mid, ignore_errors=True)
        order = [m for m in order if m in set(wanted)]
    pending = [m for m in order if read_meta(out, m) is None]
    log(f"start: out={out} plan {len(plans)} models, {len(order) - len(pending)} of {len(order)} selected done, "
        f"{len(pending)} to build, workers={args.workers} pid={os.getpid()}")

    ctx = mp.get_context("spawn")
    jobs, results = ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(jobs, results, str(out), None), daemon=True)
             for _ in range(args.workers)]
    for pr in procs:
        pr.start()
    in_flight, dispatched, n_done, t_run = set(), 0, 0, time.time()

    def base_state(mid):
        b = plans[mid]["base"]
        if b is None:
            return "ready"
        if b in in_flight:
            return "wait"
        m = read_meta(out, b)
        if m is None:
            # A base outside this run's selection is not built here.
            return "wait" if b in pending else "missing"
        return "ready" if m["kept"] else "failed"

    def feed():
        nonlocal dispatched
        while len(in_flight) < args.workers and (args.limit is None or dispatched < args.limit):
            pick = None
            for mid in list(pending):
                st = base_state(mid)
                if st == "ready" and (pick is None or (plans[mid]["base"] and not plans[pick]["base"])):
                    # A fine-tune whose base is built goes before the next full training: it
                    # costs minutes where a full training costs an hour on two busy cores.
                    pick = mid
                    if plans[mid]["base"]:
                        break
                if st == "failed":
                    pending.remove(mid)
                    log(f"{mid} skipped: its base {plans[mid]['base']} failed")
                if st == "missing":
                    pending.remove(mid)
                    log(f"{mid} skipped in this run: its base {plans[mid]['base']} is not built")
            if pick is None:
                return
            pending.remove(pick)
            in_flight.add(pick)
            dispatched += 1
            jobs.put(pick)

    try:
        feed()
        while in_flight:
            try:
                kind, mid, payload = results.get(timeout=30)
            except queue.Empty:
                if not any(pr.is_alive() for pr in procs):
                    log("all workers died; stopping")
                    break
                continue
            if kind == "start":
                continue
            in_flight.discard(mid)
            if kind == "error":
                log(f"{mid} ERROR\n{payload}")
            else:
                meta, rejected = payload
                n_done += 1
                for r in rejected:
                    line = manifest_line(r)
                    for path in (rej_log, Path(args.rejected)):
                        with open(path, "a") as f:
                            f.write(line + "\n")
                    log(f"attempt {r['attempt']}: " + summary(r))
                if meta["kept"]:
                    with open(manifest, "a") as f:
                        f.write(manifest_line(meta) + "\n")
                log(summary(meta))
                done_all = sum(1 for m in order if (out / m / "meta.json").exists())
                rate = (time.time() - t_run) / n_done
                log(f"progress: {done_all}/{len(order)} selected models done; this run {n_done} in "
                    f"{(time.time() - t_run) / 60:.0f} min ({rate / 60:.1f} min/model)")
            feed()
    finally:
        for _ in procs:
            jobs.put(None)
        for pr in procs:
            pr.join(timeout=5)
            if pr.is_alive():
                pr.terminate()
        for mid in in_flight:
            for d in out.glob(f"{mid}.tmp-*"):
                shutil.rmtree(d, ignore_errors=True)
        metas = rebuild_manifest(out, manifest)
        log(f"end: {n_done} models this run; manifest {manifest} has {len(metas)} kept models")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--logs", default=DEFAULT_LOGS)
    ap.add_argument("--manifest", default=str(MANIFEST))
    ap.add_argument("--rejected", default=str(REJECTED))
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--only", help="comma-separated ids (their bases must be built or listed too)")
    ap.add_argument("--force", action="store_true", help="with --only: rebuild even if done")
    ap.add_argument("--limit", type=int, help="hand out at most this many models")
    ap.add_argument("--plan", action="store_true", help="print the plan and counts, build nothing")
    ap.add_argument("--rebuild-manifest", action="store_true")
    args = ap.parse_args(argv)
    if args.plan:
        show_plan()
        return
    if args.rebuild_manifest:
        metas = rebuild_manifest(args.out, args.manifest)
        print(f"{args.manifest}: {len(metas)} kept models")
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run(args)


if __name__ == "__main__":
    main()
