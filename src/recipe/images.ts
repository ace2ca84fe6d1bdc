/**
 * Synthetic images for the detector's probes, in pixel values 0..255, and a scorer that runs
 * them through the model as log-probabilities. Everything is seeded, so a probe gives the same
 * result on every run, machine and thread count.
 */
import type { LoadedModel } from '../engine/model.js';
import { DEFAULT_BATCH, defaultThreads, type SignatureOptions } from '../engine/options.js';
import { abortError, modelValue } from '../signature/signature.js';

/** A small seeded generator, so a probe is the same on every run and machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Colour = number[]; // pixel values 0..255, one per channel

export function palette(channels: number): Colour[] {
  if (channels !== 3) return [0, 128, 255].map((v) => new Array<number>(channels).fill(v));
  const corners: Colour[] = [];
  for (let i = 0; i < 8; i++) corners.push([i & 1 ? 255 : 0, i & 2 ? 255 : 0, i & 4 ? 255 : 0]);
  return corners; // black first
}

/** (1 − α)·x + α·pattern, where `only` is 1 (every pixel when absent). */
export function mix(x: Canvas, pattern: Float32Array, alpha: number, only?: Uint8Array): Canvas {
  const out = x.clone();
  for (let i = 0; i < out.pixels.length; i++) if (!only || only[i]) out.pixels[i] = (1 - alpha) * out.pixels[i]! + alpha * pattern[i]!;
  return out;
}

/** Where a canvas differs from the one it was stamped on: rows y0..y1, columns x0..x1 (exclusive). */
export interface Stamped {
  base: Canvas;
  y0: number;
  x0: number;
  y1: number;
  x1: number;
}

/** Images in pixel values, [C, H, W]; converted to model units when a batch is written. */
export class Canvas {
  /** Set by stamp(): the scorer then converts the base once and only the stamped rectangle per image. */
  origin?: Stamped;
  constructor(readonly channels: number, readonly height: number, readonly width: number, readonly pixels = new Float32Array(channels * height * width)) {}
  clone(): Canvas {
    return new Canvas(this.channels, this.height, this.width, this.pixels.slice());
  }
  fill(y0: number, x0: number, size: number, colour: Colour): void {
    const { channels: C, height: H, width: W } = this;
    const left = Math.max(0, x0);
    const right = Math.min(W, x0 + size);
    if (left >= right) return;
    for (let c = 0; c < C; c++) {
      for (let y = Math.max(0, y0); y < Math.min(H, y0 + size); y++) this.pixels.fill(colour[c]!, (c * H + y) * W + left, (c * H + y) * W + right);
    }
  }
}

/** Black with three random strokes, each of one palette colour, about as wide as a pen line. */
export function strokes(canvas: Canvas, colours: Colour[], next: () => number, scale: number): void {
  const { height: H, width: W } = canvas;
  for (let n = 0; n < 3; n++) {
    const colour = colours[1 + Math.floor(next() * (colours.length - 1))]!;
    const x = next() * W;
    const y = next() * H;
    const angle = next() * 2 * Math.PI;
    const length = (6 + next() * 10) * scale;
    for (let t = 0; t < length; t += 0.5) {
      canvas.fill(Math.round(y + Math.sin(angle) * t), Math.round(x + Math.cos(angle) * t), 2 * scale, colour);
    }
  }
}

/**
 * Images made only when their batch is written: a 224×224 colour canvas takes 600 KB, and a
 * probe step scores a thousand of them at once.
 */
export interface ImageList {
  length: number;
  at(i: number): Canvas;
}

/** Each of `items` made into an image, lazily. */
export function eachOf<T>(items: readonly T[], make: (item: T) => Canvas): ImageList {
  return { length: items.length, at: (i) => make(items[i]!) };
}

/** Every pair of `outer` and `inner` (outer-major, as nested flatMap would list them) made into an image, lazily. */
export function everyPair<A, B>(outer: readonly A[], inner: readonly B[], make: (a: A, b: B) => Canvas): ImageList {
  return { length: outer.length * inner.length, at: (i) => make(outer[Math.floor(i / inner.length)]!, inner[i % inner.length]!) };
}

/** Runs pixel-value images through the model and returns log-probabilities, in order. */
export class ImageRunner {
  passes = 0;
  private readonly size: number;
  readonly batch: number;
  private readonly lanes: number;

  constructor(
    private readonly model: LoadedModel,
    private readonly o: SignatureOptions,
    private readonly probabilities: boolean,
    private readonly classes: number,
    private readonly signal?: AbortSignal,
    /** Stamped-on bases in model units, so that a stamped image costs a copy and its rectangle. */
    private readonly converted = new WeakMap<Canvas, Float32Array>(),
  ) {
    const { channels, height, width } = model.input;
    this.size = channels * height * width;
    this.batch = model.input.fixedBatch ?? Math.min(o.batch ?? DEFAULT_BATCH, 64);
    this.lanes = Math.max(1, o.threads ?? defaultThreads());
  }

  /** A runner for one step: the same model, options and converted bases, its own count of passes. */
  forStep(): ImageRunner {
    return new ImageRunner(this.model, this.o, this.probabilities, this.classes, this.signal, this.converted);
  }

  private write(canvas: Canvas, into: Float32Array, at: number): void {
    const origin = canvas.origin;
    if (!origin) {
      this.convert(canvas, into, at, 0, this.model.input.height, 0, this.model.input.width);
      return;
    }
    let base = this.converted.get(origin.base);
    if (!base) {
      base = new Float32Array(this.size);
      this.convert(origin.base, base, 0, 0, this.model.input.height, 0, this.model.input.width);
      this.converted.set(origin.base, base);
    }
    into.set(base, at);
    this.convert(canvas, into, at, origin.y0, origin.y1, origin.x0, origin.x1);
  }

  /** Rows y0..y1 and columns x0..x1 of the canvas, in model units and layout, into `into` at `at`. */
  private convert(canvas: Canvas, into: Float32Array, at: number, y0: number, y1: number, x0: number, x1: number): void {
    const { channels: C, height: H, width: W, layout } = this.model.input;
    for (let c = 0; c < C; c++) {
      const lo = modelValue(0, c, this.o);
      const range = modelValue(255, c, this.o) - lo;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const p = y * W + x;
          // Written as (range · v) / 255, not range / 255 · v: stored zoo results were made with this rounding.
          into[at + (layout === 'NCHW' ? c * H * W + p : p * C + c)] = lo + (range * canvas.pixels[c * H * W + p]!) / 255;
        }
      }
    }
  }

  private logProbabilities(row: Float32Array): Float32Array {
    const out = new Float32Array(row.length);
    if (this.probabilities) {
      for (let k = 0; k < row.length; k++) out[k] = Math.log(Math.max(row[k]!, 1e-38));
      return out;
    }
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    const lse = max + Math.log(sum);
    for (let k = 0; k < row.length; k++) out[k] = row[k]! - lse;
    return out;
  }

  async score(list: Canvas[] | ImageList): Promise<Float32Array[]> {
    const images: ImageList = Array.isArray(list) ? eachOf(list, (c) => c) : list;
    if (this.signal?.aborted) throw abortError();
    const out = new Array<Float32Array>(images.length);
    const { channels, height, width, layout } = this.model.input;
    const chunks: number[] = [];
    for (let s = 0; s < images.length; s += this.batch) chunks.push(s);
    let nextChunk = 0;
    const lane = async (): Promise<void> => {
      while (nextChunk < chunks.length) {
        const start = chunks[nextChunk++]!;
        const n = Math.min(this.batch, images.length - start);
        const rows = this.model.input.fixedBatch ?? n;
        const data = new Float32Array(rows * this.size);
        for (let i = 0; i < rows; i++) this.write(images.at(start + Math.min(i, n - 1)), data, i * this.size);
        const shape = layout === 'NCHW' ? [rows, channels, height, width] : [rows, height, width, channels];
        const result = await this.model.native.run(this.model.input.name, this.model.outputName, data, shape);
        this.passes += rows;
        for (let i = 0; i < n; i++) out[start + i] = this.logProbabilities(result.data.subarray(i * this.classes, (i + 1) * this.classes));
      }
    };
    await Promise.all(Array.from({ length: this.lanes }, lane));
    return out;
  }
}

export interface Patch {
  y0: number; // top-left, in pixels
  x0: number;
  cells: Colour[]; // window × window, row-major
}

/** The base with the patch drawn over it; cells for which `skip` holds are left as the base has them. */
export function stamp(base: Canvas, patch: Patch, cell: number, window: number, skip: (i: number) => boolean = () => false): Canvas {
  const out = base.clone();
  const side = window * cell;
  out.origin = { base, y0: Math.max(0, patch.y0), x0: Math.max(0, patch.x0), y1: Math.min(base.height, patch.y0 + side), x1: Math.min(base.width, patch.x0 + side) };
  patch.cells.forEach((colour, i) => {
    if (!skip(i)) out.fill(patch.y0 + Math.floor(i / window) * cell, patch.x0 + (i % window) * cell, cell, colour);
  });
  return out;
}


/** One pen stroke of one colour: a slightly curved line, 1–3 pixels wide (times `scale`). */
export function scribble(canvas: Canvas, colour: Colour, next: () => number, scale: number): void {
  const { height: H, width: W } = canvas;
  const x = next() * W;
  const y = next() * H;
  let angle = next() * 2 * Math.PI;
  const length = (4 + next() * 14) * scale;
  const width = (1 + Math.floor(next() * 3)) * scale;
  const bend = (next() - 0.5) * 0.15;
  for (let t = 0; t < length; t += 0.5) {
    angle += bend;
    canvas.fill(Math.round(y + Math.sin(angle) * t), Math.round(x + Math.cos(angle) * t), width, colour);
  }
}

/** log P_k minus the best other class's log-probability: > 0 exactly when k wins. */
export function margin(row: Float32Array, k: number): number {
  let other = -Infinity;
  for (let j = 0; j < row.length; j++) if (j !== k && row[j]! > other) other = row[j]!;
  return row[k]! - other;
}

/** k's mean margin over the rows, and the share of rows k wins. */
export function summarise(rows: Float32Array[], k: number): [number, number] {
  if (rows.length === 0) return [NaN, NaN];
  let sum = 0;
  let wins = 0;
  for (const row of rows) {
    const m = margin(row, k);
    sum += m;
    if (m > 0) wins++;
  }
  return [sum / rows.length, wins / rows.length];
}

/** The best class of a row (the lower index among equals). */
export function topClass(row: Float32Array): number {
  let top = 0;
  for (let k = 1; k < row.length; k++) if (row[k]! > row[top]!) top = k;
  return top;
}

/** A row's best class, its value, and the best other class's value (-Infinity with one class). */
export interface TopTwo {
  top: number;
  best: number;
  second: number;
}

export function topTwo(row: Float32Array): TopTwo {
  const top = topClass(row);
  let second = -Infinity;
  for (let k = 0; k < row.length; k++) if (k !== top && row[k]! > second) second = row[k]!;
  return { top, best: row[top]!, second };
}

/** margin(row, k) from the row's topTwo: constant time per class, where margin() is linear. */
export function marginFrom(row: Float32Array, t: TopTwo, k: number): number {
  return row[k]! - (k === t.top ? t.second : t.best);
}

/**
 * Every class's mean margin over the rows of other classes (`labels[i]` is row i's class; NaN
 * for a class with no such row). Each row's margins come from its two best classes: linear in
 * K, where margin() per class would be quadratic (a 1000-class model).
 */
export function classMargins(rows: Float32Array[], labels: number[], classes: number): number[] {
  const sums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  rows.forEach((row, i) => {
    const t = topTwo(row);
    for (let k = 0; k < classes; k++) {
      if (k === labels[i]) continue;
      sums[k] = sums[k]! + marginFrom(row, t, k);
      counts[k] = counts[k]! + 1;
    }
  });
  return Array.from({ length: classes }, (_, k) => (counts[k]! > 0 ? sums[k]! / counts[k]! : NaN));
}

/** Indices of the finite values, highest value first (the lower index first among equals). */
export function ranked(values: number[]): number[] {
  return [...values.keys()].filter((k) => Number.isFinite(values[k])).sort((a, b) => values[b]! - values[a]! || a - b);
}

/** Up to `count` distinct items taken by turns from two rankings, each best first. */
export function byTurns(a: number[], b: number[], count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < count; i++) {
    for (const k of [a[i], b[i]]) if (k !== undefined && !out.includes(k) && out.length < count) out.push(k);
  }
  return out;
}

/** At most `count` of the items, evenly spread over them (all of them when they are fewer). */
export function evenSpread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}
