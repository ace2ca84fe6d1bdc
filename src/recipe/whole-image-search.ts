/**
 * The whole-image search: a black-box search, per candidate class, for a change spread over the
 * whole image that sends other classes' images to that class. Every other probe in the recipe is
 * local (a pixel, a block, a patch) or an additive blend; a trigger that retones, warps or
 * posterises the whole image leaves them blind.
 *
 * Three families of change, each a few numbers, each bounded so that a clean image stays clearly
 * itself:
 *  - tone: per channel, gain, gamma and offset (an image filter);
 *  - field: a smooth additive field, a coarse grid per channel upsampled bilinearly;
 *  - warp: a smooth displacement field of a few pixels, resampled bilinearly;
 * plus posterisation at 2-4 bits, with and without ordered dither, which has no parameters.
 *
 * A screen first applies random members of every family to a few images and ranks the classes
 * by how far the best of them raised each class; the top classes are then searched with
 * antithetic NES gradient estimates, family by family, on images of other classes, and what the
 * search found is measured on images it did not use: the share of them the class then wins.
 * A class that a small whole-image change wins from most images, where other classes win few,
 * is the signature of a whole-image trigger.
 *
 * Forward passes only, seeded.
 */
import type { StepContext } from './context.js';
import { Canvas, eachOf, everyPair, type ImageRunner, marginFrom, random, scribble, summarise, topClass, topTwo } from './images.js';
import { CHANGE_FAMILIES, type Change, type ChangeFamily, WHOLE_IMAGE_STRENGTHS, type WholeImageFinding, type WholeImageMeasure } from './result.js';

export interface WholeImageSettings {
  /** Images drawn to find images of every class. */
  pool: number;
  /** Images the search is fitted on per class, and images it is measured on. */
  fit: number;
  held: number;
  /** Random members of each family with parameters that the screen tries. */
  screen: number;
  /** Classes searched after the screen. */
  candidates: number;
  /** NES: iterations, antithetic pairs per iteration, exploration (a share of the bound). */
  iterations: number;
  pairs: number;
  sigma: number;
  /** Bounds: tone's log-gain, log-gamma and offset (a share of 255). */
  toneGain: number;
  toneGamma: number;
  toneOffset: number;
  /** The field's amplitude (a share of 255) and its grid's side. */
  fieldAmplitude: number;
  fieldGrid: number;
  /** The warp's largest displacement in pixels (at 32×32; scaled with the input) and its grid's side. */
  warpPixels: number;
  warpGrid: number;
}

export const WHOLE_IMAGE: WholeImageSettings = {
  pool: 384,
  fit: 12,
  held: 32,
  screen: 16,
  candidates: 5,
  iterations: 10,
  pairs: 6,
  sigma: 0.3,
  toneGain: 0.25,
  toneGamma: 0.4,
  toneOffset: 0.1,
  fieldAmplitude: 0.1,
  fieldGrid: 4,
  warpPixels: 3,
  warpGrid: 4,
};

const POOL_SEED = 0x3b0a7;
const SEARCH_SEED = 0x9e1d2;

/** Posterise variants, by index: bits, and whether an ordered dither is added first. */
const POSTERISE: [number, boolean][] = [
  [2, false],
  [3, false],
  [4, false],
  [2, true],
  [3, true],
  [4, true],
];
const BAYER4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map((v) => v / 16 - 0.5);

function parameterCount(family: ChangeFamily, channels: number, s: WholeImageSettings): number {
  if (family === 'tone') return 3 * channels;
  if (family === 'field') return channels * s.fieldGrid * s.fieldGrid;
  if (family === 'warp') return 2 * s.warpGrid * s.warpGrid;
  return 1;
}

/** The forward passes the search runs at most, from its settings alone. */
export function wholeImagePasses(classes: number, s: WholeImageSettings = WHOLE_IMAGE): number {
  const searched = CHANGE_FAMILIES.filter((f) => f !== 'posterise');
  const screen = (searched.length * s.screen + POSTERISE.length) * s.fit;
  const nes = (1 + s.iterations * 2 * s.pairs + 1) * s.fit;
  const perClass = searched.length * (nes + s.held * WHOLE_IMAGE_STRENGTHS.length) + POSTERISE.length * s.fit + s.held * WHOLE_IMAGE_STRENGTHS.length;
  return s.pool + screen + Math.min(classes, s.candidates) * perClass;
}

/** The change at a share of its strength: parameters scaled toward none, posterisation mixed in. */
export function scaled(change: Change, share: number): Change {
  if (change.family === 'posterise') return { ...change, mix: share * (change.mix ?? 1) };
  return { family: change.family, theta: change.theta.map((v) => v * share) };
}

/** A k×k grid (at `offset`) upsampled bilinearly to H×W, its corners on the image's corners. */
function upsample(grid: ArrayLike<number>, offset: number, k: number, H: number, W: number, out: Float32Array): void {
  // Separable: along x for each grid row, then along y; tight loops, since a 224×224 input
  // upsamples several planes per image.
  const rowsAcross = new Float32Array(k * W);
  for (let gy = 0; gy < k; gy++) {
    for (let x = 0; x < W; x++) {
      const gx = (x / Math.max(1, W - 1)) * (k - 1);
      const x0 = Math.min(k - 2, Math.floor(gx));
      const fx = gx - x0;
      const a = grid[offset + gy * k + x0]!;
      rowsAcross[gy * W + x] = a + (grid[offset + gy * k + x0 + 1]! - a) * fx;
    }
  }
  for (let y = 0; y < H; y++) {
    const gy = (y / Math.max(1, H - 1)) * (k - 1);
    const y0 = Math.min(k - 2, Math.floor(gy));
    const fy = gy - y0;
    const top = y0 * W;
    const bottom = top + W;
    for (let x = 0; x < W; x++) out[y * W + x] = rowsAcross[top + x]! + (rowsAcross[bottom + x]! - rowsAcross[top + x]!) * fy;
  }
}

const clip = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** The change applied to an image, in pixel values (the warp's bound scaled to the input's size). */
export function applyChange(image: Canvas, change: Change, s: WholeImageSettings = WHOLE_IMAGE): Canvas {
  const { channels: C, height: H, width: W } = image;
  const src = image.pixels;
  const out = new Canvas(C, H, W);
  const dst = out.pixels;
  const t = change.theta;
  if (change.family === 'tone') {
    // A table per channel at quarter levels: Math.pow per pixel would cost more than the model.
    const table = new Float32Array(1021);
    for (let c = 0; c < C; c++) {
      const gain = Math.exp(s.toneGain * t[3 * c]!);
      const gamma = Math.exp(s.toneGamma * t[3 * c + 1]!);
      const offset = s.toneOffset * t[3 * c + 2]!;
      for (let i = 0; i < table.length; i++) table[i] = clip(255 * (gain * Math.pow(i / 1020, gamma) + offset));
      for (let i = c * H * W; i < (c + 1) * H * W; i++) {
        const v = src[i]! * 4;
        const i0 = Math.min(1019, Math.floor(v));
        dst[i] = table[i0]! + (table[i0 + 1]! - table[i0]!) * (v - i0);
      }
    }
  } else if (change.family === 'field') {
    const k = s.fieldGrid;
    const plane = new Float32Array(H * W);
    for (let c = 0; c < C; c++) {
      upsample(t, c * k * k, k, H, W, plane);
      for (let p = 0; p < H * W; p++) dst[c * H * W + p] = clip(src[c * H * W + p]! + 255 * s.fieldAmplitude * plane[p]!);
    }
  } else if (change.family === 'warp') {
    const k = s.warpGrid;
    const reach = (s.warpPixels * Math.min(H, W)) / 32;
    const dy = new Float32Array(H * W);
    const dx = new Float32Array(H * W);
    upsample(t, 0, k, H, W, dy);
    upsample(t, k * k, k, H, W, dx);
    const plane = H * W;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        let sy = y + reach * dy[p]!;
        let sx = x + reach * dx[p]!;
        sy = sy < 0 ? 0 : sy > H - 1 ? H - 1 : sy;
        sx = sx < 0 ? 0 : sx > W - 1 ? W - 1 : sx;
        const y0 = Math.min(H - 2, sy | 0);
        const x0 = Math.min(W - 2, sx | 0);
        const fy = sy - y0;
        const fx = sx - x0;
        const q = y0 * W + x0;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        for (let o = 0; o < C * plane; o += plane) dst[o + p] = src[o + q]! * w00 + src[o + q + 1]! * w01 + src[o + q + W]! * w10 + src[o + q + W + 1]! * w11;
      }
    }
  } else {
    const [bits, dither] = POSTERISE[Math.round(t[0]!)]!;
    const q = 2 ** bits - 1;
    const a = change.mix ?? 1;
    for (let c = 0; c < C; c++) {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const i = (c * H + y) * W + x;
          const d = dither ? BAYER4[(y % 4) * 4 + (x % 4)]! : 0;
          dst[i] = (1 - a) * src[i]! + a * clip((255 * Math.round((src[i]! / 255) * q + d)) / q);
        }
      }
    }
  }
  return out;
}

/**
 * Pool image `i`: a smooth colour field with discs on it (even i) or strokes on black (odd i),
 * each from its own seeded stream, so that any image can be drawn again without keeping the
 * pool (384 images of a 224×224 colour input would take 230 MB).
 */
export function poolImage(channels: number, height: number, width: number, i: number, seed = POOL_SEED): Canvas {
  const next = random((seed + Math.imul(i, 0x9e3779b1)) >>> 0);
  const canvas = new Canvas(channels, height, width);
  if (i % 2 === 0) {
    const k = 2 + Math.floor(next() * 4);
    const grid = Array.from({ length: channels * k * k }, () => next() * 255);
    const plane = new Float32Array(height * width);
    for (let c = 0; c < channels; c++) {
      upsample(grid, c * k * k, k, height, width, plane);
      canvas.pixels.set(plane, c * height * width);
    }
    const discs = 1 + Math.floor(next() * 3);
    for (let d = 0; d < discs; d++) {
      const cx = next() * width;
      const cy = next() * height;
      const r = (0.15 + next() * 0.3) * Math.min(height, width);
      const colour = Array.from({ length: channels }, () => next() * 255);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) for (let c = 0; c < channels; c++) canvas.pixels[(c * height + y) * width + x] = colour[c]!;
      }
    }
  } else {
    const scale = Math.max(1, Math.round(Math.min(height, width) / 28));
    const strokes = 2 + Math.floor(next() * 3);
    for (let n = 0; n < strokes; n++) scribble(canvas, Array.from({ length: channels }, () => 96 + next() * 159), next, scale);
  }
  return canvas;
}

function randomChange(family: ChangeFamily, channels: number, s: WholeImageSettings, next: () => number): Change {
  return { family, theta: Array.from({ length: parameterCount(family, channels, s) }, () => 2 * next() - 1) };
}

/** A standard normal draw (Box-Muller) from the seeded stream. */
function gaussian(next: () => number): number {
  const u = Math.max(1e-12, next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/** Non-finite values as `otherwise`: a model that answers NaN must neither steer the search nor crash it. */
const finite = (v: number, otherwise = -Infinity): number => (Number.isFinite(v) ? v : otherwise);

/** Held images a class needs before its wins are reported as shares. */
const MIN_HELD = 8;

export type WholeImageResult = WholeImageMeasure & { passes: number };

/** The pool as the model answers it: its labels, and its images in an order that reaches every answered class early. */
interface LabelledPool {
  rows: Float32Array[];
  labels: number[];
  order: number[];
  image: (i: number) => Canvas;
  /** `count` images the model does not give class k, after skipping `skip` of them. */
  othersOf: (k: number, skip: number, count: number) => Canvas[];
}

async function labelledPool(runner: ImageRunner, C: number, H: number, W: number, s: WholeImageSettings): Promise<LabelledPool> {
  const rows = await runner.score(eachOf([...Array(s.pool).keys()], (i) => poolImage(C, H, W, i)));
  const labels = rows.map(topClass);
  const kept = new Map<number, Canvas>();
  const image = (i: number): Canvas => {
    let canvas = kept.get(i);
    if (!canvas) kept.set(i, (canvas = poolImage(C, H, W, i)));
    return canvas;
  };
  // By turns over the classes the model answered.
  const byLabel = new Map<number, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  const order: number[] = [];
  for (let r = 0; order.length < s.pool; r++) for (const list of byLabel.values()) if (r < list.length) order.push(list[r]!);
  const othersOf = (k: number, skip: number, count: number): Canvas[] =>
    order
      .filter((i) => labels[i] !== k)
      .slice(skip, skip + count)
      .map(image);
  return { rows, labels, order, image, othersOf };
}

/**
 * The screen: random members of every family on the pool's first images; per class, the best
 * change's mean margin gain over those images the class does not already own (null: none).
 */
async function screenClasses(runner: ImageRunner, pool: LabelledPool, classes: number, channels: number, s: WholeImageSettings, next: () => number): Promise<(number | null)[]> {
  const first = pool.order.slice(0, s.fit);
  const tried: Change[] = [];
  for (const family of CHANGE_FAMILIES) {
    if (family === 'posterise') POSTERISE.forEach((_, v) => tried.push({ family, theta: [v] }));
    else for (let j = 0; j < s.screen; j++) tried.push(randomChange(family, channels, s, next));
  }
  const changed = await runner.score(everyPair(tried, first, (ch, i) => applyChange(pool.image(i), ch, s)));
  // Margins from each row's two best classes: linear in the classes, where margin() per class
  // would be quadratic (a 1,200-class model).
  const before = first.map((i) => topTwo(pool.rows[i]!));
  const after = changed.map(topTwo);
  return Array.from({ length: classes }, (_, k): number | null => {
    const mine = first.filter((i) => pool.labels[i] !== k);
    if (mine.length === 0) return null;
    let best = -Infinity;
    tried.forEach((_, c) => {
      let sum = 0;
      first.forEach((i, j) => {
        if (pool.labels[i] !== k) sum += marginFrom(changed[c * first.length + j]!, after[c * first.length + j]!, k) - marginFrom(pool.rows[i]!, before[j]!, k);
      });
      best = Math.max(best, finite(sum / mine.length));
    });
    return Number.isFinite(best) ? best : null;
  });
}

/**
 * One class searched: per family, the best change found on images of other classes, and its
 * wins on other images at each strength; with the change that won most. Null without images.
 */
async function searchClass(runner: ImageRunner, pool: LabelledPool, k: number, channels: number, s: WholeImageSettings, next: () => number, report: () => void): Promise<{ wins: number[][]; change: Change } | null> {
  const fit = pool.othersOf(k, 0, s.fit);
  const held = pool.othersOf(k, s.fit, s.held);
  if (held.length < MIN_HELD) return null;
  const meanMargins = async (list: Change[]): Promise<number[]> => {
    const rows = await runner.score(everyPair(list, fit, (ch, img) => applyChange(img, ch, s)));
    return list.map((_, c) => finite(summarise(rows.slice(c * fit.length, (c + 1) * fit.length), k)[0]));
  };
  const heldWins = async (change: Change): Promise<number[]> => {
    const rows = await runner.score(everyPair(WHOLE_IMAGE_STRENGTHS, held, (a, img) => applyChange(img, scaled(change, a), s)));
    return WHOLE_IMAGE_STRENGTHS.map((_, j) => summarise(rows.slice(j * held.length, (j + 1) * held.length), k)[1]);
  };
  const wins: number[][] = [];
  let change: Change | undefined;
  for (const family of CHANGE_FAMILIES) {
    const found = family === 'posterise' ? await bestPosterise(meanMargins) : await nes(family, channels, s, next, meanMargins);
    const w = await heldWins(found);
    if (!change || wins.every((x) => ahead(w, x))) change = found;
    wins.push(w);
    report();
  }
  return { wins, change: { ...change!, theta: change!.theta.map((v) => Math.round(v * 1000) / 1000) } };
}

/** Runs the search; `baseLogP` is the base image's, as the other steps record it. */
export async function runWholeImageSearch(ctx: StepContext, baseLogP: number[], s: WholeImageSettings = WHOLE_IMAGE): Promise<WholeImageResult> {
  const { classes, callbacks } = ctx;
  const { channels: C, height: H, width: W } = ctx.model.input;
  const runner = ctx.runner.forStep();
  const planned = wholeImagePasses(classes, s);
  const started = performance.now();
  const report = (): void => callbacks.onProgress?.({ done: Math.min(runner.passes, planned), total: planned, seconds: (performance.now() - started) / 1000 });
  const pool = await labelledPool(runner, C, H, W, s);
  report();
  const next = random(SEARCH_SEED);
  const screen = await screenClasses(runner, pool, classes, C, s, next);
  report();
  const wins: (number[][] | null)[] = new Array(classes).fill(null);
  const changes: (Change | null)[] = new Array(classes).fill(null);
  const candidates = [...screen.keys()].filter((k) => screen[k] !== null).sort((a, b) => screen[b]! - screen[a]! || a - b).slice(0, s.candidates);
  for (const k of candidates) {
    const found = await searchClass(runner, pool, k, C, s, next, report);
    if (!found) continue;
    wins[k] = found.wins;
    changes[k] = found.change;
  }
  return { classes, baseLogP, screen, wins, changes, passes: runner.passes };
}

async function bestPosterise(meanMargins: (list: Change[]) => Promise<number[]>): Promise<Change> {
  const all: Change[] = POSTERISE.map((_, v) => ({ family: 'posterise', theta: [v] }));
  const m = await meanMargins(all);
  return all[m.indexOf(Math.max(...m))] ?? all[0]!;
}

/**
 * Antithetic NES on the fit images' mean margin, parameters kept in [-1, 1]: a normalised step
 * that shrinks, so the bound is reached in a few steps and then refined. The best change any
 * probe or step reached is kept.
 */
async function nes(family: ChangeFamily, channels: number, s: WholeImageSettings, next: () => number, meanMargins: (list: Change[]) => Promise<number[]>): Promise<Change> {
  const n = parameterCount(family, channels, s);
  const bounded = (v: number): number => Math.max(-1, Math.min(1, v));
  let theta = new Array<number>(n).fill(0);
  let best: Change = { family, theta };
  let bestMargin = (await meanMargins([best]))[0]!;
  for (let it = 0; it < s.iterations; it++) {
    const eps = Array.from({ length: s.pairs }, () => Array.from({ length: n }, () => gaussian(next)));
    const probes: Change[] = eps.flatMap((e) => [1, -1].map((sign) => ({ family, theta: theta.map((v, i) => bounded(v + sign * s.sigma * e[i]!)) })));
    const m = await meanMargins(probes);
    const grad = new Array<number>(n).fill(0);
    eps.forEach((e, p) => {
      const d = finite(m[2 * p]! - m[2 * p + 1]!, 0);
      for (let i = 0; i < n; i++) grad[i]! += d * e[i]!;
    });
    const norm = Math.hypot(...grad) || 1;
    const step = 0.5 * (1 - it / s.iterations) + 0.1;
    theta = theta.map((v, i) => bounded(v + (step * Math.sqrt(n) * grad[i]!) / norm));
    m.forEach((v, j) => {
      if (v > bestMargin) {
        bestMargin = v;
        best = probes[j]!;
      }
    });
  }
  const last = (await meanMargins([{ family, theta }]))[0]!;
  return last > bestMargin ? { family, theta } : best;
}

/**
 * The searched class whose best change wins the most held images at full strength (then at the
 * weaker strengths, then the lower class), or undefined when no class was searched.
 */
export function strongestFinding(m: WholeImageMeasure): WholeImageFinding | undefined {
  const best = (k: number): { family: number; wins: number[] } => {
    const rows = m.wins[k]!;
    let f = 0;
    for (let i = 1; i < rows.length; i++) if (ahead(rows[i]!, rows[f]!)) f = i;
    return { family: f, wins: rows[f]! };
  };
  const searched = [...m.wins.keys()].filter((k) => m.wins[k]);
  if (searched.length === 0) return undefined;
  const top = searched.reduce((a, k) => (ahead(best(k).wins, best(a).wins) ? k : a));
  const others = searched.filter((k) => k !== top).map((k) => best(k).wins.at(-1)!);
  const { family, wins } = best(top);
  return { targetClass: top, family: CHANGE_FAMILIES[family]!, wins, otherWins: others.length > 0 ? Math.max(...others) : null };
}

/** Wins compared at full strength first, then from the strongest of the weaker strengths down. */
function ahead(a: number[], b: number[]): boolean {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}
