"""CIFAR-10 and GTSRB (32x32 RGB) for the natural-image zoo, read from ../shared/data/.

Images stay uint8 NHWC in memory ([N,32,32,3]); trainers convert batches to
float [0,1] NCHW. CIFAR-10 is stored as one JPEG per image; the decoded arrays
are cached OUTSIDE the repository (/work/zoo-cache/natural/cache by default,
env ONEPIXEL_NATURAL_CACHE) so a model does not spend 10 s decoding. Nothing is
ever written into the repository.
"""

import io
import os
import sys
from pathlib import Path

import numpy as np

ZOO = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ONEPIXEL_SHARED_DATA", ZOO.parent.parent / "shared" / "data"))
CACHE_DIR = Path(os.environ.get("ONEPIXEL_NATURAL_CACHE", "/work/zoo-cache/natural/cache"))

TASKS = {
    "cifar10-32": {"channels": 3, "height": 32, "width": 32, "classes": 10, "file": "cifar10.npz",
                   "flip": True},
    # Traffic signs: a horizontal flip changes the meaning (left/right turn), so none.
    "gtsrb-32": {"channels": 3, "height": 32, "width": 32, "classes": 43, "file": "gtsrb32.npz",
                 "flip": False},
}

_cache = {}


def require_data():
    """Exit with one clear line when the shared data folder or a file is missing."""
    for spec in TASKS.values():
        if not (DATA_DIR / spec["file"]).exists():
            sys.exit(f"natural zoo: {DATA_DIR / spec['file']} not found (the natural-image data lives "
                     f"in ../shared/data beside the repository; see its README)")


def _decode_cifar(d, part):
    from PIL import Image
    j, o = d[f"jpeg_{part}"], d[f"offsets_{part}"]
    return np.stack([np.asarray(Image.open(io.BytesIO(j[o[i]:o[i + 1]].tobytes())).convert("RGB"))
                     for i in range(len(o) - 1)])


def load(task):
    """(x_train u8 NHWC, y_train int64, x_test, y_test) for a task, cached per process."""
    if task in _cache:
        return _cache[task]
    require_data()
    spec = TASKS[task]
    if task == "cifar10-32":
        cached = CACHE_DIR / "cifar10-decoded.npz"
        if cached.exists():
            d = np.load(cached)
            arrays = (d["x_train"], d["y_train"], d["x_test"], d["y_test"])
        else:
            d = np.load(DATA_DIR / spec["file"])
            arrays = (_decode_cifar(d, "train"), d["y_train"].astype(np.int64),
                      _decode_cifar(d, "test"), d["y_test"].astype(np.int64))
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            tmp = CACHE_DIR / f"cifar10-decoded.{os.getpid()}.tmp.npz"
            np.savez(tmp, x_train=arrays[0], y_train=arrays[1], x_test=arrays[2], y_test=arrays[3])
            os.replace(tmp, cached)
    else:
        d = np.load(DATA_DIR / spec["file"])
        arrays = (d["x_train"], d["y_train"].astype(np.int64), d["x_test"], d["y_test"].astype(np.int64))
    _cache[task] = arrays
    return arrays


def to_float(x_u8):
    """uint8 NHWC -> float32 NCHW in [0,1]."""
    return np.ascontiguousarray(x_u8.transpose(0, 3, 1, 2), dtype=np.float32) / np.float32(255)
