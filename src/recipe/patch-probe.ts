/**
 * The patch probe: the recipe's step for triggers that no single pixel or uniform block sets
 * off. Measured on the zoo, a real trigger stamped on a black image fires its target class in
 * nearly every backdoored model, but a 2-6 px pattern (checker, stripes, random colours) is not
 * reproduced by uniform blocks, and on a plain image a clean model is also pushed to almost any
 * class by a few pixels. What sets a trigger apart is that it wins on *any* image. So the probe
 * scores a small patch by its mean log-probability over several bases (black and black with
 * random strokes, which look like data to models trained on dark backgrounds): first random
 * patterns at every window position, then a greedy search that grows the best patch of each
 * of the most promising classes one cell at a time. Forward passes only.
 */
import type { LoadedModel } from '../engine/model.js';
import type { SignatureOptions } from '../engine/options.js';
import type { Box } from './result.js';
import { checkOutput, type SignatureCallbacks } from '../signature/signature.js';
import { Canvas, everyPair, palette, type Patch, random, Scorer, stamp, strokes } from './images.js';
import { quantizeGain, type StepResult } from './result.js';

export interface ProbeSettings {
  /** Patch side, in cells. */
  window: number;
  /** Window positions every `stride` cells. */
  stride: number;
  /** Random patterns tried at each position. */
  patterns: number;
  /** Bases: black, then black with random strokes. */
  bases: number;
  /** Greedy steps per patch, and patches grown per class. */
  steps: number;
  seeds: number;
  /** Classes whose patches are grown (the best by the random patterns); the rest keep their scan score. */
  maxClasses: number;
  /** Patches per grown class that the transfer test tries. */
  candidates: number;
}

export const PROBE: ProbeSettings = { window: 6, stride: 3, patterns: 6, bases: 4, steps: 6, seeds: 2, maxClasses: 10, candidates: 4 };

/** The probe as a recipe step: `gain` maps the random patterns' best mean log-gain per position. */
export interface ProbeResult extends StepResult {
  /** Per class: the mean log-probability over the bases of its best grown patch. */
  refined: number[];
  /** Per class: where that patch is, in input pixels [x0, y0, x1, y1). */
  refinedBox: Box[];
  /** Per class: the patch itself, and the patches the transfer test tries (see `candidates`). */
  patches: Patch[];
  candidates: Patch[][];
  /** Cell side in pixels and patch side in cells. */
  cell: number;
  window: number;
  passes: number;
}

/** The grid position whose window centre is nearest a point (x, y) in input pixels. */
function nearestPosition([x, y]: [number, number], rows: number, cols: number, stridePx: number, windowPx: number): number {
  const nearest = (v: number, n: number): number => Math.max(0, Math.min(n - 1, Math.round((v - windowPx / 2) / stridePx)));
  return nearest(y, rows) * cols + nearest(x, cols);
}

/** Mean over the bases of class k's log-probability, for consecutive groups of `bases` rows. */
function meanOver(rows: Float32Array[], at: number, bases: number, k: number): number {
  let sum = 0;
  for (let b = 0; b < bases; b++) sum += rows[at * bases + b]![k]!;
  return sum / bases;
}

/**
 * Runs the probe on an open model. `cell` is the patch's cell side in pixels (the recipe's
 * scale: 1 up to 32×32 inputs, more for larger ones).
 */
export async function runPatchProbe(
  model: LoadedModel,
  o: SignatureOptions,
  cell: number,
  callbacks: SignatureCallbacks = {},
  settings: ProbeSettings = PROBE,
  hints: ([number, number] | null)[] = [],
): Promise<ProbeResult> {
  const started = performance.now();
  const { channels, height, width } = model.input;
  const { classes, probabilities } = await checkOutput(model, o);
  const colours = palette(channels);
  const next = random(0x0e9e1);
  const { window, stridePx, rows, cols } = probeGrid(height, width, cell, settings);
  const scorer = new Scorer(model, o, probabilities, classes, callbacks.signal);

  const bases: Canvas[] = [];
  for (let b = 0; b < settings.bases; b++) {
    const canvas = new Canvas(channels, height, width);
    if (b > 0) strokes(canvas, colours, next, cell);
    bases.push(canvas);
  }
  const B = bases.length;
  const baseRows = await scorer.score(bases);
  const baseMean = Array.from({ length: classes }, (_, k) => meanOver(baseRows, 0, B, k));

  // Random patterns at every position: a map per class, and the best patch per position.
  const patches: Patch[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let n = 0; n < settings.patterns; n++) {
        const cells = Array.from({ length: window * window }, () => (next() < 0.4 ? colours[0]! : colours[1 + Math.floor(next() * (colours.length - 1))]!));
        patches.push({ y0: r * stridePx, x0: c * stridePx, cells });
      }
    }
  }
  const plannedPasses = probePasses(classes, channels, height, width, cell, settings);
  const report = (): void => callbacks.onProgress?.({ done: Math.min(scorer.passes, plannedPasses), total: plannedPasses, seconds: (performance.now() - started) / 1000 });
  const scanRows = await scorer.score(everyPair(patches, bases, (p, b) => stamp(b, p, cell, window)));
  report();
  const positions = rows * cols;
  const map = new Float32Array(classes * positions).fill(-Infinity);
  const bestPatch: number[] = new Array<number>(classes * positions).fill(0);
  patches.forEach((_, i) => {
    const at = Math.floor(i / settings.patterns);
    for (let k = 0; k < classes; k++) {
      const v = meanOver(scanRows, i, B, k);
      if (v > map[k * positions + at]!) {
        map[k * positions + at] = v;
        bestPatch[k * positions + at] = i;
      }
    }
  });

  // Grow patches for the classes the random patterns raised most.
  const scanBest = Array.from({ length: classes }, (_, k) => Math.max(...map.subarray(k * positions, (k + 1) * positions)));
  const order = [...scanBest.keys()].sort((a, b) => scanBest[b]! - scanBest[a]! || a - b);
  const refined = [...scanBest];
  const grown: Patch[] = Array.from({ length: classes }, (_, k) => {
    const at = map.subarray(k * positions, (k + 1) * positions).indexOf(scanBest[k]!);
    return patches[bestPatch[k * positions + at]!]!;
  });
  const boxOf = (p: Patch): Box => [p.x0, p.y0, Math.min(width, p.x0 + window * cell), Math.min(height, p.y0 + window * cell)];
  const refinedBox: Box[] = grown.map(boxOf);
  // Per class, the patches the transfer test tries, best probe score first. On plain bases the
  // probe's score saturates (several places reach P ≈ 1 for many classes), so which of them is
  // a trigger only shows when they are carried onto other images: each seed's grown patch, then
  // the best random patterns of the next positions.
  const candidates: Patch[][] = grown.map((p) => [p]);
  for (const k of order.slice(0, settings.maxClasses)) {
    const plane = map.subarray(k * positions, (k + 1) * positions);
    const ranked = [...plane.keys()].sort((a, b) => plane[b]! - plane[a]! || a - b);
    // The first seed is where the sweeps' gain for k peaks, when they gave one: a trigger
    // lights up there (the signature's premise), while random patterns rarely match a specific
    // trigger's shape. The others are where random patterns raised k most.
    const hinted = hints[k] ? nearestPosition(hints[k], rows, cols, stridePx, window * cell) : -1;
    const seeds = [...new Set([...(hinted >= 0 ? [hinted] : []), ...ranked])].slice(0, settings.seeds);
    const tried: { patch: Patch; score: number }[] = ranked
      .slice(seeds.length, Math.max(seeds.length, settings.candidates))
      .map((at) => ({ patch: patches[bestPatch[k * positions + at]!]!, score: plane[at]! }));
    for (const at of seeds) {
      let patch = patches[bestPatch[k * positions + at]!]!;
      let score = plane[at]!;
      for (let step = 0; step < settings.steps && score < Math.log(0.99); step++) {
        const candidates: Patch[] = [];
        patch.cells.forEach((current, i) => {
          // Cells of a window clipped at the edge are not drawn: changing them changes nothing.
          if (patch.x0 + (i % window) * cell >= width || patch.y0 + Math.floor(i / window) * cell >= height) return;
          for (const colour of colours) {
            if (colour === current) continue;
            const cells = [...patch.cells];
            cells[i] = colour;
            candidates.push({ ...patch, cells });
          }
        });
        const scored = await scorer.score(everyPair(candidates, bases, (p, b) => stamp(b, p, cell, window)));
        report();
        let best = -1;
        let bestScore = score;
        candidates.forEach((_, i) => {
          const v = meanOver(scored, i, B, k);
          if (v > bestScore) {
            bestScore = v;
            best = i;
          }
        });
        if (best < 0) break;
        patch = candidates[best]!;
        score = bestScore;
      }
      tried.push({ patch, score });
      if (score > refined[k]!) {
        refined[k] = score;
        grown[k] = patch;
        refinedBox[k] = boxOf(patch);
      }
    }
    candidates[k] = tried.sort((a, b) => b.score - a.score).slice(0, settings.candidates).map((t) => t.patch);
  }
  report();

  const gain = new Uint8Array(classes * positions);
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < positions; i++) gain[k * positions + i] = quantizeGain(map[k * positions + i]! - baseMean[k]!);
  }
  return {
    step: 'patch-probe',
    block: window * cell,
    stride: stridePx,
    rows,
    cols,
    classes,
    baseLogP: baseMean,
    gain,
    refined,
    refinedBox,
    patches: grown,
    candidates,
    cell,
    window,
    passes: scorer.passes,
  };
}

/**
 * The probe's window positions: every `stride` cells from the top-left corner, and one more
 * row and column whose window runs past the bottom and right edges (clipped there) whenever
 * the stride does not land exactly on them. Without those, the last pixels of a 32×32 input
 * (where BadNets puts its corner trigger) were never under a probe patch.
 */
export function probeGrid(height: number, width: number, cell: number, settings: ProbeSettings = PROBE): { window: number; stridePx: number; rows: number; cols: number } {
  const window = Math.max(1, Math.floor(Math.min(settings.window * cell, height, width) / cell));
  const stridePx = settings.stride * cell;
  const count = (extent: number): number => Math.ceil((extent - window * cell) / stridePx) + 1;
  return { window, stridePx, rows: count(height), cols: count(width) };
}

/** How many forward passes the probe needs at most (its greedy steps may stop early). */
export function probePasses(classes: number, channels: number, height: number, width: number, cell: number, settings: ProbeSettings = PROBE): number {
  const { window, rows, cols } = probeGrid(height, width, cell, settings);
  const positions = rows * cols;
  const colours = palette(channels).length;
  return (1 + positions * settings.patterns + Math.min(classes, settings.maxClasses) * settings.seeds * settings.steps * window * window * (colours - 1)) * settings.bases;
}
