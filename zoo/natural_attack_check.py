#!/usr/bin/python3
"""Does a trigger kind take in a fine-tune? One attempt per kind, on a built base, with a planned
fine-tune's recipe and its trigger kind replaced; prints clean accuracy and attack success.
For tuning the fine-tune recipe and trigger ranges on design bases only.

    /usr/bin/python3 zoo/natural_attack_check.py --out /tmp/ftcheck --like nat-gts-b01-f0 warp filter quantize

OUT must hold the base (OUT/<base>/meta.json, weights.pt, as zoo/natural.py builds it); each
attempt is written to OUT/probe-<kind>/.
"""
import argparse
import copy
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import torch  # noqa: E402

from natural_plan import all_plans  # noqa: E402
from natural_train import attempt_one  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--like", required=True, help="a planned backdoored fine-tune whose recipe is reused")
ap.add_argument("--lr", type=float, help="replace the planned fine-tune learning rate (a dirty-label attack multiplies it by ATTACK_LR_FACTOR)")
ap.add_argument("kinds", nargs="+")
args = ap.parse_args()
torch.set_num_threads(1)
plan = all_plans()[args.like]
if plan["derivation"] != "fine-tune" or not plan["backdoor"]:
    sys.exit(f"{args.like} is not a backdoored fine-tune in the plan")
base = json.loads((Path(args.out) / plan["base"] / "meta.json").read_text())
for kind in args.kinds:
    p = copy.deepcopy(plan)
    p["id"] = f"probe-{kind}"
    p["backdoor"].update(trigger=kind, type=kind)
    if args.lr:
        p["training"]["lr"] = args.lr
    started = time.time()
    m = attempt_one(p, args.out, base, 0)
    t = m["backdoor"]["triggers"][0]
    print(f"{kind}: accuracy {m['cleanAccuracy']:.4f} (base {base['cleanAccuracy']:.4f}), attack success {m['asr']:.4f}, "
          f"poison {m['backdoor']['poisonRate']:.4f}, trigger {json.dumps({k: t[k] for k in ('strength', 'bits', 'gain') if k in t})}, "
          f"epochs {m['training'].get('epochsRun', m['training']['epochs'])}, checks {m['training'].get('attackChecks')}, "
          f"{time.time() - started:.0f} s{'' if m['kept'] else ' REJECTED: ' + m['reason']}", flush=True)
