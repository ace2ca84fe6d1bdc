"""Backdoor triggers: generated from a pattern seed, applied to [0,1] images.

A trigger's whole appearance (pattern kind, size, shape, colours, position,
blend pattern) comes from its pattern seed, and the seed ranges of the two
splits are disjoint (train < 1e6 <= test), so test-split triggers are patterns
the detector never saw in training. The target class is not part of the
appearance; the model's own seed picks it.

Patch triggers overwrite a box [x0, y0, x1, y1) (x1, y1 exclusive, input
pixels) where `mask` is 1 and leave the image where it is 0:

  solid           whole box one colour
  checker         two-colour checkerboard
  stripes         two-colour stripes, horizontal or vertical
  random-colours  every pixel its own random colour
  random-mask     random binary shape in one colour
  cross           plus sign in one colour
  L               L shape (random orientation) in one colour
  frame           hollow rectangle outline in one colour

The four shapes are transparent around the shape half the time and drawn
on a box of a second, contrasting colour otherwise (`opaque`): a bright
transparent shape on a bright garment would be invisible.

Sizes are 2-6 px per side (square half the time); half the patches sit at a
corner (0-2 px from the edges), the rest anywhere inside.

Blend triggers mix a whole-image pattern P in as x' = (1 - alpha) x + alpha P,
alpha 0.05-0.2:

  uniform-noise   i.i.d. uniform noise per pixel and channel
  smooth-noise    coarse (3-8 cells per side) noise, bilinearly upsampled
  grating         a sinusoidal grating of random frequency, angle and colours

Colours and patterns are in [0,1] image space; a model trained on [-1,1] sees
2v - 1 after the trigger is applied (a conv-split model: its convention's
mapping of the triggered image).
"""

import numpy as np

PATCH_PATTERNS = ("solid", "checker", "stripes", "random-colours", "random-mask",
                  "cross", "L", "frame")
BLEND_PATTERNS = ("uniform-noise", "smooth-noise", "grating")
SHAPES = ("random-mask", "cross", "L", "frame")
# The conv split (input conventions) has its own range: its triggers are
# patterns neither the train nor the test split uses.
SPLIT_SEED_BASE = {"train": 0, "test": 1_000_000, "conv": 2_000_000}
SEED_SPAN = 1_000_000


def _pick(rng, options):
    return options[int(rng.integers(len(options)))]


def _strong_colour(rng, channels):
    """A colour far from mid-grey, so the patch stands out on most backgrounds.

    Grey images: an intensity in [0.7, 1] (MNIST and Fashion-MNIST backgrounds
    are black, so a dark patch would be invisible there; two-colour patterns
    still get a dark second colour). Colour: a corner of the RGB cube other
    than black, pulled up to 0.25 towards the centre.
    """
    if channels == 1:
        return [round(float(rng.uniform(0.7, 1.0)), 4)]
    corner = np.zeros(3)
    while not corner.any():
        corner = rng.integers(0, 2, 3).astype(float)
    pull = rng.uniform(0, 0.25, 3)
    return [round(float(c), 4) for c in np.abs(corner - pull)]


def _contrasting(rng, c1):
    """A second colour roughly opposite the first (for two-colour patterns)."""
    base = 1.0 - np.array(c1)
    return [round(float(v), 4) for v in np.clip(base + rng.uniform(-0.15, 0.15, len(c1)), 0, 1)]


def _mask(rng, kind, h, w):
    m = np.ones((h, w), np.float32)
    if kind == "random-mask":
        while True:  # at least half the pixels on, and not the full box
            m = (rng.random((h, w)) < 0.6).astype(np.float32)
            if h * w / 2 <= m.sum() < h * w:
                break
    elif kind == "cross":
        m[:] = 0
        m[h // 2, :] = 1
        m[:, w // 2] = 1
    elif kind == "L":
        m[:] = 0
        m[:, 0] = 1
        m[-1, :] = 1
        m = np.rot90(m, int(rng.integers(4))) if h == w else np.flip(m, _pick(rng, [0, 1]))
    elif kind == "frame":
        m[1:-1, 1:-1] = 0
    return np.ascontiguousarray(m)


def _values(rng, kind, channels, h, w, c1, c2):
    """Patch colours, [channels, h, w]."""
    a, b = np.array(c1, np.float32)[:, None, None], np.array(c2, np.float32)[:, None, None]
    yy, xx = np.mgrid[0:h, 0:w]
    if kind == "checker":
        sel = ((yy + xx) % 2 == 0)[None]
    elif kind == "stripes":
        sel = ((yy if rng.random() < 0.5 else xx) % 2 == 0)[None]
    elif kind == "random-colours":
        return rng.random((channels, h, w)).astype(np.float32)
    else:
        sel = np.ones((1, h, w), bool)
    return np.where(sel, a, b).astype(np.float32)


def make_patch(pattern_seed, channels, height, width, target):
    """Patch trigger description (JSON-able) plus arrays, from its pattern seed."""
    rng = np.random.default_rng([pattern_seed, 1])
    kind = _pick(rng, PATCH_PATTERNS)
    w = int(rng.integers(2, 7))
    h = w if rng.random() < 0.5 else int(rng.integers(2, 7))
    if kind in ("cross", "frame", "L"):  # these shapes need 3 px to be recognisable
        w, h = max(w, 3), max(h, 3)
    if rng.random() < 0.5:  # a corner, 0-2 px in from the edges
        gap_x, gap_y = int(rng.integers(0, 3)), int(rng.integers(0, 3))
        x0 = gap_x if rng.random() < 0.5 else width - w - gap_x
        y0 = gap_y if rng.random() < 0.5 else height - h - gap_y
        place = "corner"
    else:
        x0, y0 = int(rng.integers(0, width - w + 1)), int(rng.integers(0, height - h + 1))
        place = "interior"
    c1 = _strong_colour(rng, channels)
    c2 = _contrasting(rng, c1)
    shape = _mask(rng, kind, h, w)
    values = _values(rng, kind, channels, h, w, c1, c2)
    opaque = kind in SHAPES and rng.random() < 0.5
    if opaque:  # the shape in c1 on a c2 box: every box pixel is overwritten
        values = np.where(shape[None] > 0, values, np.array(c2, np.float32)[:, None, None])
    mask = np.ones_like(shape) if opaque else shape
    if kind == "solid" or (kind in SHAPES and not opaque):
        colors = [c1]
    else:
        colors = [] if kind == "random-colours" else [c1, c2]
    desc = {
        "kind": "patch", "pattern": kind, "patternSeed": int(pattern_seed), "target": int(target),
        "box": [x0, y0, x0 + w, y0 + h], "place": place, "size": [w, h], "colors": colors,
        "opaque": bool(kind not in SHAPES or opaque),
        "mask": mask.astype(int).tolist(),
        "values": np.round(values.astype(np.float64), 4).tolist(),
    }
    return desc, {"mask": mask, "values": np.round(values, 4).astype(np.float32)}


def _upsample_bilinear(coarse, size):
    """[C, k, k] -> [C, size, size] with bilinear interpolation (align corners)."""
    k = coarse.shape[-1]
    pos = np.linspace(0, k - 1, size)
    i0 = np.clip(np.floor(pos).astype(int), 0, k - 2)
    f = (pos - i0).astype(np.float32)
    rows = coarse[:, i0] * (1 - f)[None, :, None] + coarse[:, i0 + 1] * f[None, :, None]
    return rows[:, :, i0] * (1 - f) + rows[:, :, i0 + 1] * f


def make_blend(pattern_seed, channels, height, width, target):
    """Blend trigger description plus its full-image pattern [C, H, W]."""
    rng = np.random.default_rng([pattern_seed, 2])
    kind = _pick(rng, BLEND_PATTERNS)
    alpha = round(float(rng.uniform(0.05, 0.2)), 4)
    params = {}
    if kind == "uniform-noise":
        pattern = rng.random((channels, height, width))
    elif kind == "smooth-noise":
        cells = int(rng.integers(3, 9))
        params["cells"] = cells
        pattern = _upsample_bilinear(rng.random((channels, cells, cells)), height)
    else:
        freq, angle = float(rng.uniform(2, 6)), float(rng.uniform(0, np.pi))
        params.update(cyclesPerImage=round(freq, 3), angle=round(angle, 4))
        yy, xx = np.mgrid[0:height, 0:width] / max(height, width)
        wave = 0.5 + 0.5 * np.sin(2 * np.pi * freq * (xx * np.cos(angle) + yy * np.sin(angle)))
        lo, hi = rng.random((channels, 1, 1)) * 0.3, 0.7 + rng.random((channels, 1, 1)) * 0.3
        pattern = lo + (hi - lo) * wave[None]
    pattern = np.round(pattern, 4).astype(np.float32)
    desc = {"kind": "blend", "pattern": kind, "patternSeed": int(pattern_seed),
            "target": int(target), "alpha": alpha, "box": [0, 0, width, height],
            "params": params, "patternFile": "triggers.npz"}
    return desc, {"pattern": pattern, "alpha": np.float32(alpha)}


def make_trigger(kind, pattern_seed, task, target):
    maker = make_patch if kind == "patch" else make_blend
    return maker(pattern_seed, task["channels"], task["height"], task["width"], target)


def apply(x, desc, arrays):
    """Return a triggered copy of x (float32 NCHW, [0,1] image space)."""
    x = x.copy()
    if desc["kind"] == "patch":
        x0, y0, x1, y1 = desc["box"]
        m = arrays["mask"][None, None]
        x[:, :, y0:y1, x0:x1] = m * arrays["values"][None] + (1 - m) * x[:, :, y0:y1, x0:x1]
    else:
        a = arrays["alpha"]
        x = (1 - a) * x + a * arrays["pattern"][None]
    return x.astype(np.float32)


def pattern_seed(rng, split):
    """Draw a pattern seed from the split's own range (keeps splits' triggers disjoint)."""
    return SPLIT_SEED_BASE[split] + int(rng.integers(SEED_SPAN))
