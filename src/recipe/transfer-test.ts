/**
 * The transfer test: the recipe's step after the patch probe. A trigger differs from an
 * ordinary adversarial patch in one way that can be measured without data: it wins on *any*
 * input, including inputs the model is sure belong to another class. On a plain image a clean
 * model is pushed to almost any class by a few pixels (measured on the zoo), so the patch
 * probe's patches alone do not separate clean from backdoored models.
 *
 * So the test first draws exemplars: random scribbles on black that the model itself assigns,
 * with a margin, to each class (a spread from weak to strong, so no class is represented only
 * by extreme images). Then, per class k:
 *  - **patch transfer**: each of the probe's candidate patches for k (up to 4) is stamped on
 *    the exemplars of every other class, and the one that transfers best is kept; recorded are
 *    k's mean margin over the best other class, and the share of exemplars that k then wins;
 *  - **noise screen**: a few random black-and-white noise patterns are mixed in at α = 0.2 over
 *    every exemplar, and each class's best mean margin over other classes' exemplars is
 *    recorded; it also chooses, with the patch transfer, which classes get a blend search
 *    where a model has more classes than the search covers;
 *  - **blend search**: whole-image triggers (a pattern mixed in at low opacity) are not patches
 *    at all, so a pattern P is searched, square by square as in black-box adversarial search,
 *    that maximises k's mean margin on a few exemplars of other classes when mixed in as
 *    (1 − α)·x + α·P, at α = 0.2 and again at 0.1; recorded are the margin and the share won
 *    on all of them, and at 0.2 the margins of the same pattern shuffled, mixed into the
 *    border only and mixed into the centre only;
 *  - **the trigger box**: the patches of the classes the transfer raised most are narrowed to
 *    the cells their transfer needs, and slid to where they work best.
 * Forward passes only, seeded, so the result is the same on every run and thread count.
 */
import type { StepContext } from './context.js';
import { byTurns, Canvas, classMargins, eachOf, evenSpread, everyPair, ImageRunner, margin, mix, palette, type Patch, random, ranked, scribble, stamp, summarise } from './images.js';
import { PROBE, type ProbeResult } from './patch-probe.js';
import { type Box, packPattern, type TransferMeasure, type TriggerPatch } from './result.js';

export interface TransferSettings {
  /** Random scribbles drawn to find exemplars. */
  pool: number;
  /** Exemplars kept per class, and the margin (log-probability) an exemplar needs at least. */
  perClass: number;
  minMargin: number;
  /**
   * Blend search: opacity, iterations, candidates per iteration, exemplars it is fitted on.
   * It runs at `alpha` and again at `faintAlpha`: measured on the zoo, classes that any added
   * ink favours (MNIST's 8) win at 0.2 but mostly not at 0.1, while blend triggers still do.
   */
  alpha: number;
  faintAlpha: number;
  iterations: number;
  candidates: number;
  fitBases: number;
  /**
   * Classes whose blend pattern is searched: with more classes than this, taken by turns from
   * those the patch transfer and the noise screen raised most.
   */
  maxBlendClasses: number;
  /** Noise patterns the screen mixes into every exemplar (at `alpha`). */
  screenPatterns: number;
  /** Classes (the most raised by the patch transfer) whose patch is narrowed to a trigger box. */
  boxClasses: number;
  /**
   * Bounds for models with many classes: the classes whose patch is transferred (the patch
   * probe's most raised first; the rest count as the median class), and the exemplars of other
   * classes each class is tried on (an even spread of them).
   */
  maxClasses: number;
  maxBases: number;
  /** Exemplars a narrowed patch is slid over to locate it. */
  locateBases: number;
}

export const TRANSFER: TransferSettings = {
  pool: 512,
  perClass: 4,
  minMargin: 0.5,
  alpha: 0.2,
  faintAlpha: 0.1,
  iterations: 40,
  candidates: 4,
  fitBases: 12,
  maxBlendClasses: 16,
  screenPatterns: 4,
  boxClasses: 3,
  maxClasses: 64,
  maxBases: 200,
  locateBases: 8,
};

/** Per-class measurements of the test, in the order of TRANSFER_FEATURES. */
export const TRANSFER_FEATURES = ['patchMargin', 'patchWins', 'blendMargin', 'blendWins', 'blendShuffledMargin', 'faintBlendMargin', 'faintBlendWins', 'blendBorderMargin', 'blendCentreMargin', 'noiseMargin'] as const;

export interface TransferResult extends TransferMeasure {
  /** Per class: TRANSFER_FEATURES values (NaN where the class had no other-class exemplars). */
  transfer: number[][];
  /** Exemplars drawn, the classes they cover, and their median own-class margin (the model's scale). */
  exemplars: number;
  exemplarClasses: number;
  exemplarMargin: number;
  /** The exemplars themselves, for the trigger search (in memory only: the recipe does not store them). */
  exemplarImages: Exemplar[];
  passes: number;
}

export interface Exemplar {
  label: number;
  image: Canvas;
  /** Its own class's margin. */
  margin: number;
}

export const EXEMPLAR_SEED = 0x7a5f3;
/** The noise screen's own stream: the blend searches draw what they drew before it existed. */
const SCREEN_SEED = 0xb1e4d;

/** Random scribbles on black, kept per class with a spread of margins. */
export async function drawExemplars(scorer: ImageRunner, shape: { channels: number; height: number; width: number }, classes: number, scale: number, next: () => number, s: TransferSettings): Promise<Exemplar[]> {
  const inks = palette(shape.channels).slice(1); // every colour but black
  const pool = Array.from({ length: s.pool }, () => {
    const canvas = new Canvas(shape.channels, shape.height, shape.width);
    const strokes = 2 + Math.floor(next() * 3);
    for (let n = 0; n < strokes; n++) scribble(canvas, inks[Math.floor(next() * inks.length)]!, next, scale);
    return canvas;
  });
  const rows = await scorer.score(pool);
  const out: Exemplar[] = [];
  for (let k = 0; k < classes; k++) {
    const found = rows.map((r, i) => ({ i, m: margin(r, k) })).filter((x) => x.m > s.minMargin).sort((a, b) => a.m - b.m || a.i - b.i);
    const picks = found.length <= s.perClass ? found : Array.from({ length: s.perClass }, (_, q) => found[Math.floor((q / Math.max(1, s.perClass - 1)) * (found.length - 1))]!);
    for (const p of picks) out.push({ label: k, image: pool[p.i]!, margin: p.m });
  }
  return out;
}

export function medianOf(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[(s.length >> 1) - 1]! + s[s.length >> 1]!) / 2;
}

/** The border's width, as a share of the input's shorter side. */
const BORDER_SHARE = 0.15;

/** 1 on the input's border (every channel), 0 inside. */
function borderMask(channels: number, height: number, width: number): Uint8Array {
  const d = Math.max(1, Math.round(BORDER_SHARE * Math.min(height, width)));
  const mask = new Uint8Array(channels * height * width);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if (y < d || x < d || y >= height - d || x >= width - d) mask[(c * height + y) * width + x] = 1;
    }
  }
  return mask;
}

/**
 * A blend pattern for class k, grown square by square. Returns its margin and wins on `all`;
 * with `control`, also the margin of the same pattern with its pixels shuffled, and its margins
 * when it is mixed into the border only and into the centre only. A model that calls any image
 * with more ink class k (MNIST's 8 is such an "attractor" for clean models) answers the
 * pattern where its classes' shapes are drawn, in the centre; a blend trigger was learned over
 * the whole image, border included, where no class draws anything (measured on the 86 gray
 * clean and blend zoo models: the border's margin ranks blend targets above attractors with
 * AUC 0.85, the whole pattern's 0.83, and the two together 0.93).
 */
async function searchBlend(scorer: ImageRunner, k: number, fit: Canvas[], all: Canvas[], next: () => number, s: TransferSettings, alpha: number, control: boolean): Promise<{ measured: number[]; pattern: Float32Array | null }> {
  if (fit.length === 0) return { measured: [NaN, NaN, NaN, NaN, NaN], pattern: null };
  const { channels: C, height: H, width: W } = fit[0]!;
  const meanMargin = async (patterns: Float32Array[]): Promise<number[]> => {
    const rows = await scorer.score(everyPair(patterns, fit, (p, b) => mix(b, p, alpha)));
    return patterns.map((_, j) => summarise(rows.slice(j * fit.length, (j + 1) * fit.length), k)[0]);
  };
  let pattern = new Float32Array(C * H * W);
  for (let i = 0; i < pattern.length; i++) pattern[i] = next() < 0.5 ? 0 : 255;
  let score = (await meanMargin([pattern]))[0]!;
  for (let it = 0; it < s.iterations; it++) {
    // Squares shrink from 45% to 5% of the side, as in square-attack style random search.
    const side = Math.max(1, Math.round(Math.min(H, W) * (0.4 * (1 - it / s.iterations) + 0.05)));
    const candidates = Array.from({ length: s.candidates }, () => {
      const q = pattern.slice();
      const y0 = Math.floor(next() * (H - side + 1));
      const x0 = Math.floor(next() * (W - side + 1));
      for (let c = 0; c < C; c++) {
        const v = next() < 0.5 ? 0 : 255;
        for (let y = y0; y < y0 + side; y++) q.fill(v, (c * H + y) * W + x0, (c * H + y) * W + x0 + side);
      }
      return q;
    });
    const scores = await meanMargin(candidates);
    let best = -1;
    scores.forEach((v, j) => {
      if (v > score) {
        score = v;
        best = j;
      }
    });
    if (best >= 0) pattern = candidates[best]!;
  }
  const [m, wins] = summarise(await scorer.score(eachOf(all, (b) => mix(b, pattern, alpha))), k);
  if (!control) return { measured: [m, wins, NaN, NaN, NaN], pattern };
  const shuffled = pattern.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const border = borderMask(C, H, W);
  const centre = border.map((v) => 1 - v);
  const margins = async (p: Float32Array, only?: Uint8Array): Promise<number> => summarise(await scorer.score(eachOf(all, (b) => mix(b, p, alpha, only))), k)[0];
  return { measured: [m, wins, await margins(shuffled), await margins(pattern, border), await margins(pattern, centre)], pattern };
}

/**
 * Per class, its best mean margin over exemplars of other classes with one of a few random
 * black-and-white noise patterns mixed in. Measured on the zoo's 43-class blend models: the
 * target ranked first of 43 in 6 of 7 (the patch transfer ranked it 0, 0, 1, 7, 12, 18 and 0),
 * so a target the transfer ranks low still gets its blend search.
 */
async function noiseScreen(scorer: ImageRunner, exemplars: Exemplar[], classes: number, s: TransferSettings): Promise<number[]> {
  const best = new Array<number>(classes).fill(NaN);
  const bases = evenSpread(exemplars, s.maxBases);
  if (bases.length === 0) return best;
  const next = random(SCREEN_SEED);
  const labels = bases.map((e) => e.label);
  for (let n = 0; n < s.screenPatterns; n++) {
    const pattern = Float32Array.from(bases[0]!.image.pixels, () => (next() < 0.5 ? 0 : 255));
    const margins = classMargins(await scorer.score(eachOf(bases, (e) => mix(e.image, pattern, s.alpha))), labels, classes);
    margins.forEach((m, k) => {
      if (Number.isFinite(m) && !(m <= best[k]!)) best[k] = m;
    });
  }
  return best;
}

/**
 * The test's blend phase: the noise screen, then blend searches for the chosen classes (in the
 * patch transfer's `order`), written into `transfer`; `next` is the test's stream after the
 * exemplars were drawn.
 */
async function blendPhase(scorer: ImageRunner, exemplars: Exemplar[], order: number[], transfer: number[][], next: () => number, s: TransferSettings, report: () => void): Promise<(string | null)[]> {
  const screen = await noiseScreen(scorer, exemplars, transfer.length, s);
  const noise = TRANSFER_FEATURES.indexOf('noiseMargin');
  screen.forEach((m, k) => (transfer[k]![noise] = m));
  const chosen = new Set(byTurns(order, ranked(screen), s.maxBlendClasses));
  const patterns: (string | null)[] = new Array<string | null>(transfer.length).fill(null);
  for (const k of order.filter((c) => chosen.has(c))) {
    const others = othersOfClass(exemplars, k, s);
    const fit = others.filter((_, i) => i % 2 === 0).slice(0, s.fitBases);
    const blend = await searchBlend(scorer, k, fit, others, next, s, s.alpha, true);
    const [m, wins, shuffled, border, centre] = blend.measured;
    const [faint, faintWins] = (await searchBlend(scorer, k, fit, others, next, s, s.faintAlpha, false)).measured;
    transfer[k]!.splice(2, 7, m!, wins!, shuffled!, faint!, faintWins!, border!, centre!);
    if (blend.pattern) patterns[k] = packPattern(blend.pattern);
    report();
  }
  return patterns;
}

/** Classes by how far the patch transfer raised them, most first (unmeasured ones last). */
function transferOrder(transfer: number[][]): number[] {
  const raised = (k: number): number => (Number.isFinite(transfer[k]![0]) ? transfer[k]![0]! : -Infinity);
  return [...transfer.keys()].sort((a, b) => raised(b) - raised(a) || a - b);
}

/** Exemplars of every class but k (an even spread of them). */
function othersOfClass(exemplars: Exemplar[], k: number, s: TransferSettings): Canvas[] {
  return evenSpread(exemplars.filter((e) => e.label !== k).map((e) => e.image), s.maxBases);
}

/**
 * The cells of class k's patch that its transfer needs. A 6×6-cell window usually holds a
 * smaller trigger, often with redundant cells, so cells are dropped cumulatively, the least
 * needed first (by the margin without each one alone), for as long as the patch keeps 90% of
 * its margin over the exemplars' own; the box bounds the cells that remain, and any cell whose
 * absence alone costs a quarter of that margin.
 */
async function narrowPatch(scorer: ImageRunner, k: number, probe: ProbeResult, patch: Patch, bases: Canvas[]): Promise<CellRect | null> {
  if (bases.length === 0) return null;
  const { cell, window } = probe;
  const cells = patch.cells.length;
  const margins = async (skips: ((i: number) => boolean)[]): Promise<number[]> => {
    const rows = await scorer.score(everyPair(skips, bases, (skip, b) => stamp(b, patch, cell, window, skip)));
    return skips.map((_, j) => summarise(rows.slice(j * bases.length, (j + 1) * bases.length), k)[0]);
  };
  const [full, own] = await margins([() => false, () => true]) as [number, number];
  if (!(full > own)) return null;
  const alone = await margins(Array.from({ length: cells }, (_, i) => (j: number) => j === i));
  const order = [...alone.keys()].sort((a, b) => alone[b]! - alone[a]! || a - b); // least needed first
  const rank = new Array<number>(cells);
  order.forEach((i, r) => (rank[i] = r));
  const dropped = await margins(Array.from({ length: cells - 1 }, (_, n) => (i: number) => rank[i]! <= n));
  let keep = cells; // cells kept: those ranked at or after cells - keep
  dropped.forEach((m, n) => {
    if (m >= full - 0.1 * (full - own)) keep = Math.min(keep, cells - (n + 1));
  });
  let [c0, r0, c1, r1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < cells; i++) {
    // Kept: the cells the cumulative drop could not spare, and any cell that alone costs a quarter.
    if (rank[i]! < cells - keep && full - alone[i]! < 0.25 * (full - own)) continue;
    const c = i % window;
    const r = Math.floor(i / window);
    [c0, r0, c1, r1] = [Math.min(c0, c), Math.min(r0, r), Math.max(c1, c + 1), Math.max(r1, r + 1)];
  }
  return { c0, r0, c1, r1 };
}

/** Cells [c0, c1) × [r0, r1) of a probe patch. */
interface CellRect {
  c0: number;
  r0: number;
  c1: number;
  r1: number;
}

/** Coarse places whose neighbourhood the locate search refines. */
const LOCATE_REFINED = 3;

/** Positions a locate search scores for a narrowed patch of w × h cells (bounds its passes). */
function locatePositions(side: number, w: number, h: number): number {
  const coarse = (n: number): number => Math.floor((side - n) / 2) + 1;
  return 1 + coarse(w) * coarse(h) + LOCATE_REFINED * 8;
}

/**
 * Where class k's narrowed patch works best. The probe found the patch wherever its coarse grid
 * first caught on, and a model often answers its trigger away from where it learned it, but
 * most answer it best there: so the narrowed cells are slid over the input, every second cell
 * first and then one cell around the three best, and the box goes where k's mean margin over
 * the exemplars is highest (the probe's own place unless another beats it).
 */
async function locatePatch(scorer: ImageRunner, k: number, probe: ProbeResult, patch: Patch, rect: CellRect, bases: Canvas[], shape: { height: number; width: number }): Promise<Box> {
  const { cell, window } = probe;
  const inside = (i: number): boolean => {
    const c = i % window;
    const r = Math.floor(i / window);
    return c >= rect.c0 && c < rect.c1 && r >= rect.r0 && r < rect.r1;
  };
  // Positions are the narrowed cells' top-left corner, in cells of the input.
  const cols = Math.floor(shape.width / cell) - (rect.c1 - rect.c0);
  const rows = Math.floor(shape.height / cell) - (rect.r1 - rect.r0);
  const scoreAt = async (places: [number, number][]): Promise<number[]> => {
    const moves = places.map(([r, c]) => ({ ...patch, x0: (c - rect.c0) * cell, y0: (r - rect.r0) * cell }));
    const scored = await scorer.score(everyPair(moves, bases, (moved, b) => stamp(b, moved, cell, window, (i) => !inside(i))));
    return places.map((_, j) => summarise(scored.slice(j * bases.length, (j + 1) * bases.length), k)[0]);
  };
  const home: [number, number] = [patch.y0 / cell + rect.r0, patch.x0 / cell + rect.c0];
  const coarse: [number, number][] = [home];
  for (let r = 0; r <= rows; r += 2) for (let c = 0; c <= cols; c += 2) coarse.push([r, c]);
  const coarseScores = await scoreAt(coarse);
  const best = [...coarse.keys()].sort((a, b) => coarseScores[b]! - coarseScores[a]! || a - b).slice(0, LOCATE_REFINED);
  const fine: [number, number][] = [];
  for (const i of best) {
    const [r, c] = coarse[i]!;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        if ((dr || dc) && r + dr >= 0 && r + dr <= rows && c + dc >= 0 && c + dc <= cols) fine.push([r + dr, c + dc]);
      }
    }
  }
  const places = [...coarse, ...fine];
  const scores = [...coarseScores, ...(await scoreAt(fine))];
  let at = 0; // the probe's own place wins ties
  scores.forEach((v, i) => {
    if (v > scores[at]!) at = i;
  });
  const [r, c] = places[at]!;
  return [c * cell, r * cell, Math.min(shape.width, (c + rect.c1 - rect.c0) * cell), Math.min(shape.height, (r + rect.r1 - rect.r0) * cell)];
}

/**
 * The narrowed cells of a patch, as locatePatch draws them from its box's corner; only those the
 * (clamped) box covers, since cells past the input's edge are never drawn.
 */
function narrowedCells(patch: Patch, rect: CellRect, probe: ProbeResult, box: Box): TriggerPatch {
  const rows = Math.min(rect.r1 - rect.r0, Math.ceil((box[3] - box[1]) / probe.cell));
  const cols = Math.min(rect.c1 - rect.c0, Math.ceil((box[2] - box[0]) / probe.cell));
  const colours: number[][] = [];
  for (let r = rect.r0; r < rect.r0 + rows; r++) for (let c = rect.c0; c < rect.c0 + cols; c++) colours.push([...patch.cells[r * probe.window + c]!]);
  return { cell: probe.cell, rows, cols, colours };
}

/** Runs the test on an open model, with the patch probe's result for the same model. */
export async function runTransferTest(ctx: StepContext, probe: ProbeResult, settings: TransferSettings = TRANSFER): Promise<TransferResult> {
  const started = performance.now();
  const { model, classes, callbacks } = ctx;
  const scorer = ctx.runner.forStep();
  const next = random(EXEMPLAR_SEED);
  const planned = transferPasses(classes, settings);
  const report = (): void => callbacks.onProgress?.({ done: Math.min(scorer.passes, planned), total: planned, seconds: (performance.now() - started) / 1000 });
  const exemplars = await drawExemplars(scorer, model.input, classes, probe.cell, next, settings);
  report();

  const othersOf = (k: number): Canvas[] => othersOfClass(exemplars, k, settings);
  const transfer: number[][] = Array.from({ length: classes }, () => TRANSFER_FEATURES.map(() => NaN));
  const byProbe = [...probe.refined.keys()].sort((a, b) => probe.refined[b]! - probe.refined[a]! || a - b);
  // Each class keeps the candidate patch that transfers best (the first among equals).
  const chosen: Patch[] = [...probe.patches];
  for (const k of byProbe.slice(0, settings.maxClasses)) {
    const others = othersOf(k);
    const tries = probe.candidates[k] ?? [probe.patches[k]!];
    const rows = await scorer.score(everyPair(tries, others, (p, b) => stamp(b, p, probe.cell, probe.window)));
    tries.forEach((p, j) => {
      const result = summarise(rows.slice(j * others.length, (j + 1) * others.length), k);
      if (j === 0 || result[0] > transfer[k]![0]!) {
        transfer[k]!.splice(0, 2, ...result);
        chosen[k] = p;
      }
    });
  }
  report();
  const order = transferOrder(transfer);
  const patchBox: (Box | null)[] = new Array<Box | null>(classes).fill(null);
  const patchCells: (TriggerPatch | null)[] = new Array<TriggerPatch | null>(classes).fill(null);
  for (const k of order.slice(0, settings.boxClasses)) {
    const rect = await narrowPatch(scorer, k, probe, chosen[k]!, othersOf(k).slice(0, 16));
    if (!rect) continue;
    patchBox[k] = await locatePatch(scorer, k, probe, chosen[k]!, rect, othersOf(k).slice(0, settings.locateBases), model.input);
    patchCells[k] = narrowedCells(chosen[k]!, rect, probe, patchBox[k]!);
  }
  const blendPatterns = await blendPhase(scorer, exemplars, order, transfer, next, settings, report);
  return {
    classes,
    baseLogP: probe.baseLogP,
    transfer,
    patchBox,
    patchCells,
    blendPatterns,
    exemplars: exemplars.length,
    exemplarClasses: new Set(exemplars.map((e) => e.label)).size,
    exemplarMargin: medianOf(exemplars.map((e) => e.margin)),
    exemplarImages: exemplars,
    passes: scorer.passes,
  };
}

/** Forward passes of the test at most (the pool, the transfers, every blend search and box). */
export function transferPasses(classes: number, s: TransferSettings = TRANSFER, side = 32): number {
  // side: the input's longer side in probe cells.
  const bases = Math.min(classes * s.perClass, s.maxBases);
  const blends = Math.min(classes, s.maxBlendClasses) * (2 * (1 + s.iterations * s.candidates) * s.fitBases + 5 * bases);
  const narrow = 16 * (1 + 2 * PROBE.window * PROBE.window);
  const boxes = Math.min(classes, s.boxClasses) * (narrow + s.locateBases * locatePositions(side, 1, 1));
  const patches = Math.min(classes, s.maxClasses) + Math.min(classes, PROBE.maxClasses) * (PROBE.candidates - 1);
  return s.pool + patches * bases + s.screenPatterns * bases + blends + boxes;
}
