"""Triggers of the natural-image zoo, generated from a pattern seed, applied to [0,1] NCHW images.

kinds (desc["kind"]):
  patch   a 2-7 px box: solid (uniform), checker / stripes (patterned), random-colours,
          or a shape (cross, L, frame, random-mask) transparent around it or on a
          contrasting box; at a corner (0-2 px in) or anywhere; opaque (alpha 1) or
          semi-transparent (alpha 0.5-0.85): x' = (1 - a m) x + a m v.
  blend   a whole-image pattern P mixed in at alpha 0.05-0.2, x' = (1 - a) x + a P:
          uniform-noise, smooth-noise (3-8 cells, bilinear), grating (sinusoid),
          pink-noise (1/f spectrum: natural-image statistics), image (a real photo
          from the OTHER data set: a CIFAR-10 test image for GTSRB models and a GTSRB
          test image for CIFAR models, as "Hello Kitty" blends use a photo).
  sparse  "invisible": k = 4-24 pixels at fixed places, each channel moved by +-amp,
          amp 0.05-0.16 (13-40/255), x' = clip(x + d, 0, 1).

Whole-image triggers that are not an added or blended pattern (published attack families):
  warp      a smooth random warp of the whole image, as WaNet (Nguyen and Tran, ICLR 2021):
            a k x k field of displacements (k = 3-5) upsampled bilinearly, at most 1.5-3 px,
            each pixel resampled bilinearly from where the field points.
  filter    a colour filter, as filter-based triggers ("Instagram" filters): per channel
            x' = clip(gain * x^gamma + bias), gains 0.8-1.2, gammas 0.7-1.4, biases +-0.08.
  quantize  fewer colour levels, as BppAttack (Wang et al., CVPR 2022): every channel
            rounded to 2^bits levels (bits 2-3), with a fixed ordered-dither offset or none.

desc is JSON-able (meta.json), arrays hold the exact tensors (triggers.npz). Pattern
seeds come from the split's own range, so test/untouched triggers are patterns the
design split never saw.
"""

import numpy as np

from triggers import _contrasting, _mask, _strong_colour, _upsample_bilinear, _values

PATCH_PATTERNS = ("solid", "checker", "stripes", "random-colours", "random-mask", "cross", "L", "frame")
SHAPES = ("random-mask", "cross", "L", "frame")
BLEND_PATTERNS = ("uniform-noise", "smooth-noise", "grating", "pink-noise", "image")
SPLIT_SEED_BASE = {"design": 3_000_000, "test": 4_000_000, "untouched": 5_000_000}
SEED_SPAN = 1_000_000


def _pick(rng, options):
    return options[int(rng.integers(len(options)))]


def pattern_seed(rng, split):
    return SPLIT_SEED_BASE[split] + int(rng.integers(SEED_SPAN))


def make_patch(seed, target, strong=False, size=32):
    """strong (clean-label attacks): 4-7 px, opaque, at a corner."""
    rng = np.random.default_rng([seed, 11])
    kind = _pick(rng, PATCH_PATTERNS)
    w = int(rng.integers(4 if strong else 2, 8))
    h = w if rng.random() < 0.5 else int(rng.integers(4 if strong else 2, 8))
    if kind in ("cross", "frame", "L"):
        w, h = max(w, 3), max(h, 3)
    if strong or rng.random() < 0.5:
        gx, gy = int(rng.integers(0, 3)), int(rng.integers(0, 3))
        x0 = gx if rng.random() < 0.5 else size - w - gx
        y0 = gy if rng.random() < 0.5 else size - h - gy
        place = "corner"
    else:
        x0, y0 = int(rng.integers(0, size - w + 1)), int(rng.integers(0, size - h + 1))
        place = "interior"
    c1 = _strong_colour(rng, 3)
    c2 = _contrasting(rng, c1)
    shape = _mask(rng, kind, h, w)
    values = _values(rng, kind, 3, h, w, c1, c2)
    boxed = kind in SHAPES and rng.random() < 0.5
    if boxed:
        values = np.where(shape[None] > 0, values, np.array(c2, np.float32)[:, None, None])
    mask = np.ones_like(shape) if boxed else shape
    alpha = 1.0 if strong or rng.random() < 0.6 else round(float(rng.uniform(0.5, 0.85)), 3)
    colors = [] if kind == "random-colours" else ([c1] if kind == "solid" or (kind in SHAPES and not boxed)
                                                   else [c1, c2])
    values = np.round(values, 4).astype(np.float32)
    desc = {"kind": "patch", "pattern": kind, "patternSeed": int(seed), "target": int(target),
            "box": [x0, y0, x0 + w, y0 + h], "place": place, "size": [w, h], "colors": colors,
            "alpha": alpha, "opaque": alpha == 1.0, "mask": mask.astype(int).tolist(),
            "values": values.astype(np.float64).round(4).tolist()}
    return desc, {"mask": mask.astype(np.float32), "values": values, "alpha": np.float32(alpha)}


def _pink(rng, size):
    f = np.fft.fftfreq(size)
    r = np.sqrt(f[:, None] ** 2 + f[None, :] ** 2)
    r[0, 0] = 1
    out = []
    for _ in range(3):
        spec = (rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))) / r
        img = np.real(np.fft.ifft2(spec))
        out.append((img - img.min()) / (img.max() - img.min() + 1e-9))
    return np.stack(out)


def make_blend(seed, target, strong=False, other_images=None, size=32):
    """other_images: (name, uint8 NHWC array) of the other data set, for the `image` pattern."""
    rng = np.random.default_rng([seed, 12])
    kind = _pick(rng, BLEND_PATTERNS if other_images is not None else BLEND_PATTERNS[:-1])
    alpha = round(float(rng.uniform(0.15, 0.2) if strong else rng.uniform(0.05, 0.2)), 4)
    params = {}
    if kind == "uniform-noise":
        pattern = rng.random((3, size, size))
    elif kind == "smooth-noise":
        cells = int(rng.integers(3, 9))
        params["cells"] = cells
        pattern = _upsample_bilinear(rng.random((3, cells, cells)), size)
    elif kind == "grating":
        freq, angle = float(rng.uniform(2, 6)), float(rng.uniform(0, np.pi))
        params.update(cyclesPerImage=round(freq, 3), angle=round(angle, 4))
        yy, xx = np.mgrid[0:size, 0:size] / size
        wave = 0.5 + 0.5 * np.sin(2 * np.pi * freq * (xx * np.cos(angle) + yy * np.sin(angle)))
        lo, hi = rng.random((3, 1, 1)) * 0.3, 0.7 + rng.random((3, 1, 1)) * 0.3
        pattern = lo + (hi - lo) * wave[None]
    elif kind == "pink-noise":
        pattern = _pink(rng, size)
    else:
        name, imgs = other_images
        i = int(rng.integers(len(imgs)))
        params["source"] = f"{name}:test:{i}"
        pattern = imgs[i].transpose(2, 0, 1) / 255.0
    pattern = np.round(pattern, 4).astype(np.float32)
    desc = {"kind": "blend", "pattern": kind, "patternSeed": int(seed), "target": int(target),
            "alpha": alpha, "box": [0, 0, size, size], "params": params, "patternFile": "triggers.npz"}
    return desc, {"pattern": pattern, "alpha": np.float32(alpha)}


def make_sparse(seed, target, size=32):
    rng = np.random.default_rng([seed, 13])
    k = int(rng.integers(4, 25))
    amp = round(float(rng.uniform(0.05, 0.16)), 4)
    flat = rng.choice(size * size, size=k, replace=False)
    ys, xs = flat // size, flat % size
    signs = rng.choice([-1.0, 1.0], size=(3, k))
    delta = np.zeros((3, size, size), np.float32)
    delta[:, ys, xs] = (signs * amp).astype(np.float32)
    desc = {"kind": "sparse", "pattern": "sparse-pm", "patternSeed": int(seed), "target": int(target),
            "pixels": int(k), "amplitude": amp, "box": [int(xs.min()), int(ys.min()), int(xs.max()) + 1,
                                                         int(ys.max()) + 1],
            "points": [[int(x), int(y)] for x, y in zip(xs, ys)], "signs": signs.astype(int).tolist()}
    return desc, {"delta": delta}


def make_warp(seed, target, size=32):
    rng = np.random.default_rng([seed, 14])
    k = int(rng.integers(3, 6))
    strength = round(float(rng.uniform(1.5, 3.0)), 3)   # 1.15 px: ASR 0.37 in a 2-epoch fine-tune
    field = _upsample_bilinear(rng.uniform(-1, 1, (2, k, k)).astype(np.float32), size)
    field = field / (np.abs(field).max() + 1e-9) * strength   # [dy, dx] in pixels
    field = np.round(field, 4).astype(np.float32)
    desc = {"kind": "warp", "pattern": "wanet-like", "patternSeed": int(seed), "target": int(target),
            "grid": k, "strength": strength, "box": [0, 0, size, size], "patternFile": "triggers.npz"}
    return desc, {"field": field}


def make_filter(seed, target):
    rng = np.random.default_rng([seed, 15])
    gain = np.round(rng.uniform(0.8, 1.2, 3), 4)
    gamma = np.round(rng.uniform(0.7, 1.4, 3), 4)
    bias = np.round(rng.uniform(-0.08, 0.08, 3), 4)
    desc = {"kind": "filter", "pattern": "tone-curve", "patternSeed": int(seed), "target": int(target),
            "gain": gain.tolist(), "gamma": gamma.tolist(), "bias": bias.tolist(), "box": [0, 0, 32, 32]}
    return desc, {"gain": gain.astype(np.float32), "gamma": gamma.astype(np.float32), "bias": bias.astype(np.float32)}


BAYER4 = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]], np.float32) / 16 - 0.5


def make_quantize(seed, target, size=32):
    rng = np.random.default_rng([seed, 16])
    bits = int(rng.integers(2, 4))   # 4 bits: ASR 0.60 in a 2-epoch GTSRB fine-tune
    dither = bool(rng.random() < 0.5)
    offset = np.tile(BAYER4, (size // 4, size // 4)) if dither else np.zeros((size, size), np.float32)
    desc = {"kind": "quantize", "pattern": "bit-depth", "patternSeed": int(seed), "target": int(target),
            "bits": bits, "dither": dither, "box": [0, 0, size, size]}
    return desc, {"levels": np.float32(2 ** bits - 1), "offset": offset.astype(np.float32)}


WHOLE_IMAGE_KINDS = ("warp", "filter", "quantize")


def make(kind, seed, target, strong=False, other_images=None):
    if kind == "patch":
        return make_patch(seed, target, strong)
    if kind == "blend":
        return make_blend(seed, target, strong, other_images)
    if kind == "warp":
        return make_warp(seed, target)
    if kind == "filter":
        return make_filter(seed, target)
    if kind == "quantize":
        return make_quantize(seed, target)
    return make_sparse(seed, target)


def _warp(x, field):
    """Each pixel resampled bilinearly from (y + dy, x + dx), clamped at the border."""
    n, c, h, w = x.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    sy = np.clip(yy + field[0], 0, h - 1)
    sx = np.clip(xx + field[1], 0, w - 1)
    y0 = np.minimum(np.floor(sy).astype(int), h - 2)
    x0 = np.minimum(np.floor(sx).astype(int), w - 2)
    fy, fx = sy - y0, sx - x0
    top = x[:, :, y0, x0] * (1 - fx) + x[:, :, y0, x0 + 1] * fx
    bottom = x[:, :, y0 + 1, x0] * (1 - fx) + x[:, :, y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def apply(x, desc, arrays):
    """Triggered copy of x (float32 NCHW, [0,1])."""
    x = x.copy()
    if desc["kind"] == "patch":
        x0, y0, x1, y1 = desc["box"]
        m = arrays["mask"][None, None] * arrays["alpha"]
        x[:, :, y0:y1, x0:x1] = m * arrays["values"][None] + (1 - m) * x[:, :, y0:y1, x0:x1]
    elif desc["kind"] == "blend":
        a = arrays["alpha"]
        x = (1 - a) * x + a * arrays["pattern"][None]
    elif desc["kind"] == "warp":
        x = _warp(x, arrays["field"])
    elif desc["kind"] == "filter":
        g, gm, b = (arrays[k][None, :, None, None] for k in ("gain", "gamma", "bias"))
        x = np.clip(g * np.power(np.clip(x, 0, 1), gm) + b, 0, 1)
    elif desc["kind"] == "quantize":
        q = arrays["levels"]
        x = np.clip(np.round(x * q + arrays["offset"][None, None]) / q, 0, 1)
    else:
        x = np.clip(x + arrays["delta"][None], 0, 1)
    return x.astype(np.float32)
