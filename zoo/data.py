"""Datasets for the model zoo, built only from MNIST and Fashion-MNIST.

Tasks (all images are float32 NCHW in [0,1]; the input range is applied later):

  mnist28   1x28x28, 10 classes: MNIST digits.
  fmnist28  1x28x28, 10 classes: Fashion-MNIST items.
  cmnist32  3x32x32, 10 classes: MNIST digits placed at a random offset (0-4 px)
            in a 32x32 canvas, with a random foreground colour (any hue,
            luminance >= 0.45) and a random dark background colour (HSV value
            <= 0.3) per image, a blocky illumination field and pixel noise.
            Colour carries no label information.
  c43-32    3x32x32, 43 classes (GTSRB's class count). Classes 0-39 are
            digit d in colour group g, label 10*g + d; the groups are
            foreground hues around red (0 deg), yellow (54), green (126) and
            blue (223), +-14 deg, always bright on a dark random background, so
            the hue group IS part of the label. Classes 40-42 are Fashion-MNIST
            T-shirt (0), trouser (1) and sneaker (7) in any hue. Classes are
            roughly balanced. Same canvas, offset, illumination and noise as
            cmnist32.

Each model gets its own random training subset, colouring and order from its
seed, so two models of one task never see identical data.
"""

import gzip
from pathlib import Path

import numpy as np

ZOO = Path(__file__).resolve().parent
MNIST_DIR = ZOO / "data" / "mnist"
FMNIST_DIR = Path("/usr/share/datasets/fashion-mnist")

TASKS = {
    "mnist28": {"channels": 1, "height": 28, "width": 28, "classes": 10},
    "fmnist28": {"channels": 1, "height": 28, "width": 28, "classes": 10},
    "cmnist32": {"channels": 3, "height": 32, "width": 32, "classes": 10},
    "c43-32": {"channels": 3, "height": 32, "width": 32, "classes": 43},
}

# Hue centres (fractions of a turn) of c43-32's four foreground colour groups.
C43_HUES = (0.0, 0.15, 0.35, 0.62)
C43_HUE_JITTER = 0.04
C43_FASHION = (0, 1, 7)  # Fashion-MNIST T-shirt, trouser, sneaker -> classes 40..42

_cache = {}


def _read_idx(path):
    """Read an IDX file (optionally gzipped) into a uint8 array."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _source(name, part):
    """(images uint8 [N,28,28], labels int64 [N]) of mnist/fmnist train/t10k, cached."""
    key = (name, part)
    if key not in _cache:
        if name == "mnist":
            d, suffix = MNIST_DIR, ""
        else:
            d, suffix = FMNIST_DIR, ".gz"
        img = d / f"{part}-images-idx3-ubyte{suffix}"
        lab = d / f"{part}-labels-idx1-ubyte{suffix}"
        if not img.exists():
            raise FileNotFoundError(f"{img} missing: run zoo/fetch-data.sh first")
        _cache[key] = (_read_idx(img), _read_idx(lab).astype(np.int64))
    return _cache[key]


# ---------------------------------------------------------------- colour helpers

def hsv_to_rgb(h, s, v):
    """Vectorised HSV->RGB; h, s, v are arrays in [0,1]; returns [..., 3]."""
    i = np.floor(h * 6).astype(np.int64) % 6
    f = h * 6 - np.floor(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    table = np.stack([np.stack(c, -1) for c in
                      ((v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q))])
    return np.take_along_axis(table, i[None, ..., None].repeat(3, -1), 0)[0]


def luminance(rgb):
    return rgb @ np.array([0.299, 0.587, 0.114], np.float32)


def _colours(rng, n, hue=None, sat=(0.0, 1.0), val=(0.0, 1.0), min_luma=None):
    h = rng.random(n) if hue is None else hue
    out = hsv_to_rgb(h, rng.uniform(*sat, n), rng.uniform(*val, n)).astype(np.float32)
    if min_luma is not None:  # redraw the too-dark ones (e.g. saturated blue)
        dark = luminance(out) < min_luma
        if dark.any():
            out[dark] = _colours(rng, int(dark.sum()), None if hue is None else hue[dark],
                                 sat, val, min_luma)
    return out


def _smooth_field(rng, n, size, cells=4, amp=0.12):
    """Low-frequency multiplicative illumination, ~1 +- amp, per image."""
    coarse = rng.uniform(-amp, amp, (n, 1, cells, cells)).astype(np.float32)
    reps = -(-size // cells)
    field = np.repeat(np.repeat(coarse, reps, 2), reps, 3)[:, :, :size, :size]
    # A 3x3 box blur softens the block edges enough for a lighting-like field.
    pad = np.pad(field, ((0, 0), (0, 0), (1, 1), (1, 1)), mode="edge")
    blur = sum(pad[:, :, dy:dy + size, dx:dx + size] for dy in range(3) for dx in range(3)) / 9
    return 1.0 + blur


def _place(glyphs, rng, size=32):
    """Put 28x28 glyph alphas at a random offset (0..size-28 each axis) in a size x size canvas."""
    n = len(glyphs)
    out = np.zeros((n, size, size), np.float32)
    span = size - 28 + 1
    ox, oy = rng.integers(0, span, n), rng.integers(0, span, n)
    for dx in range(span):
        for dy in range(span):
            sel = (ox == dx) & (oy == dy)
            out[sel, dy:dy + 28, dx:dx + 28] = glyphs[sel]
    return out


def colourise(glyphs, fg, bg, rng, size=32):
    """Composite glyph alpha (uint8 [N,28,28]) over bg in fg colour on a size^2 canvas."""
    alpha = _place(glyphs.astype(np.float32) / 255.0, rng, size)[:, None]   # N,1,S,S
    img = bg[:, :, None, None] * (1 - alpha) + fg[:, :, None, None] * alpha
    img *= _smooth_field(rng, len(glyphs), size)
    img += rng.normal(0, 0.03, img.shape).astype(np.float32)
    return np.clip(img, 0, 1).astype(np.float32)


# ---------------------------------------------------------------- task builders

def _subset(rng, n_total, n):
    return rng.permutation(n_total)[:n]


def _gray(name, part, rng, n):
    imgs, labels = _source(name, part)
    idx = _subset(rng, len(imgs), n)
    return (imgs[idx].astype(np.float32)[:, None] / 255.0), labels[idx]


def _cmnist(part, rng, n):
    imgs, labels = _source("mnist", part)
    idx = _subset(rng, len(imgs), n)
    # Any hue, but the digit is always clearly lighter than the background
    # (luminance >= 0.45 vs <= 0.3): small nets then reach MNIST-like accuracy
    # in the time budget, and colour still says nothing about the label.
    fg = _colours(rng, n, sat=(0.3, 1.0), val=(0.7, 1.0), min_luma=0.45)
    bg = _colours(rng, n, sat=(0.0, 1.0), val=(0.0, 0.3))
    return colourise(imgs[idx], fg, bg, rng), labels[idx]


def _c43(part, rng, n):
    n_fashion = round(n * 3 / 43)
    n_digit = n - n_fashion
    dimgs, dlabels = _source("mnist", part)
    didx = _subset(rng, len(dimgs), n_digit)
    group = rng.integers(0, 4, n_digit)
    hue = (np.array(C43_HUES)[group] + rng.uniform(-C43_HUE_JITTER, C43_HUE_JITTER, n_digit)) % 1
    dfg = _colours(rng, n_digit, hue=hue, sat=(0.7, 1.0), val=(0.75, 1.0))

    fimgs, flabels = _source("fmnist", part)
    pool = np.flatnonzero(np.isin(flabels, C43_FASHION))
    fidx = pool[_subset(rng, len(pool), n_fashion)]
    ffg = _colours(rng, n_fashion, sat=(0.5, 1.0), val=(0.75, 1.0))
    fmap = {c: 40 + i for i, c in enumerate(C43_FASHION)}

    glyphs = np.concatenate([dimgs[didx], fimgs[fidx]])
    labels = np.concatenate([10 * group + dlabels[didx], [fmap[c] for c in flabels[fidx]]])
    fg = np.concatenate([dfg, ffg])
    bg = _colours(rng, n, sat=(0.0, 0.8), val=(0.0, 0.3))
    order = rng.permutation(n)  # interleave digits and fashion items
    return colourise(glyphs[order], fg[order], bg[order], rng), labels[order].astype(np.int64)


BUILD = {
    "mnist28": lambda part, rng, n: _gray("mnist", part, rng, n),
    "fmnist28": lambda part, rng, n: _gray("fmnist", part, rng, n),
    "cmnist32": _cmnist,
    "c43-32": _c43,
}


def make_task(task, rng, n_train, n_test):
    """(x_train, y_train, x_test, y_test) for one model: float32 NCHW in [0,1], int64 labels."""
    xtr, ytr = BUILD[task]("train", rng, n_train)
    xte, yte = BUILD[task]("t10k", rng, n_test)
    return xtr, ytr, xte, yte


if __name__ == "__main__":
    # Writes a contact sheet of each task to zoo/logs/ for a visual check.
    import sys
    sys.path.insert(0, str(ZOO))
    out = ZOO / "logs"
    out.mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    for name in TASKS:
        x, y, xt, yt = make_task(name, rng, 64, 16)
        print(name, x.shape, x.dtype, float(x.min()), float(x.max()), np.bincount(y).tolist())
        grid = x[:64].reshape(8, 8, *x.shape[1:]).transpose(0, 3, 1, 4, 2)
        grid = grid.reshape(8 * x.shape[2], 8 * x.shape[3], x.shape[1])
        np.save(out / f"sheet-{name}.npy", grid)
