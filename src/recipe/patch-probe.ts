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
import type { StepContext } from './context.js';
import type { Box } from './result.js';
import { Canvas, type Colour, everyPair, ImageRunner, palette, type Patch, random, stamp, strokes } from './images.js';
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

/** `count` random patterns of window × window cells at every grid position: 40% of cells the first colour. */
function randomPatches(rows: number, cols: number, stridePx: number, window: number, count: number, colours: Colour[], next: () => number): Patch[] {
  const patches: Patch[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let n = 0; n < count; n++) {
        const cells = Array.from({ length: window * window }, () => (next() < 0.4 ? colours[0]! : colours[1 + Math.floor(next() * (colours.length - 1))]!));
        patches.push({ y0: r * stridePx, x0: c * stridePx, cells });
      }
    }
  }
  return patches;
}

/**
 * Per class and position: the best mean log-probability any random pattern there reached over
 * the bases, and which pattern reached it (patterns come `patterns` per position, in order).
 */
function patternMap(rows: Float32Array[], count: number, patterns: number, bases: number, classes: number, positions: number): { map: Float32Array; bestPatch: number[] } {
  const map = new Float32Array(classes * positions).fill(-Infinity);
  const bestPatch: number[] = new Array<number>(classes * positions).fill(0);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(i / patterns);
    for (let k = 0; k < classes; k++) {
      const v = meanOver(rows, i, bases, k);
      if (v > map[k * positions + at]!) {
        map[k * positions + at] = v;
        bestPatch[k * positions + at] = i;
      }
    }
  }
  return { map, bestPatch };
}

interface Growth {
  scorer: ImageRunner;
  bases: Canvas[];
  colours: Colour[];
  cell: number;
  window: number;
  width: number;
  height: number;
  /** Greedy steps at most. */
  steps: number;
  report: () => void;
}

/**
 * Grows a patch for class k greedily: each step tries every other colour in every drawn cell,
 * on every base, and keeps the change that raises k's mean log-probability most, until none
 * does or k is reached with P ≥ 0.99.
 */
async function grow(g: Growth, k: number, start: Patch, startScore: number): Promise<{ patch: Patch; score: number }> {
  const { cell, window, width, height } = g;
  let patch = start;
  let score = startScore;
  for (let step = 0; step < g.steps && score < Math.log(0.99); step++) {
    const candidates: Patch[] = [];
    patch.cells.forEach((current, i) => {
      // Cells of a window clipped at the edge are not drawn: changing them changes nothing.
      if (patch.x0 + (i % window) * cell >= width || patch.y0 + Math.floor(i / window) * cell >= height) return;
      for (const colour of g.colours) {
        if (colour === current) continue;
        const cells = [...patch.cells];
        cells[i] = colour;
        candidates.push({ ...patch, cells });
      }
    });
    const scored = await g.scorer.score(everyPair(candidates, g.bases, (p, b) => stamp(b, p, cell, window)));
    g.report();
    let best = -1;
    let bestScore = score;
    candidates.forEach((_, i) => {
      const v = meanOver(scored, i, g.bases.length, k);
      if (v > bestScore) {
        bestScore = v;
        best = i;
      }
    });
    if (best < 0) break;
    patch = candidates[best]!;
    score = bestScore;
  }
  return { patch, score };
}

/** A plain base and bases with random strokes: a trigger works on all of them. */
function probeBases(input: { channels: number; height: number; width: number }, count: number, colours: Colour[], next: () => number, cell: number): Canvas[] {
  return Array.from({ length: count }, (_, b) => {
    const canvas = new Canvas(input.channels, input.height, input.width);
    if (b > 0) strokes(canvas, colours, next, cell);
    return canvas;
  });
}

/**
 * Class k's patches, best first: one grown from each seed position (the hinted one first, then
 * where random patterns raised k most), and the best random patterns of the next positions.
 */
async function growFromSeeds(g: Growth, k: number, plane: Float32Array, patchAt: (at: number) => Patch, hinted: number, settings: ProbeSettings): Promise<{ patch: Patch; score: number }[]> {
  const ranked = [...plane.keys()].sort((a, b) => plane[b]! - plane[a]! || a - b);
  const seeds = [...new Set([...(hinted >= 0 ? [hinted] : []), ...ranked])].slice(0, settings.seeds);
  const tried = ranked.slice(seeds.length, Math.max(seeds.length, settings.candidates)).map((at) => ({ patch: patchAt(at), score: plane[at]! }));
  for (const at of seeds) tried.push(await grow(g, k, patchAt(at), plane[at]!));
  return tried.sort((a, b) => b.score - a.score);
}

/**
 * Runs the probe. `hints` are, per class, where the sweeps' gain peaks (the first seed of its
 * patch), or null.
 */
export async function runPatchProbe(ctx: StepContext, settings: ProbeSettings = PROBE, hints: ([number, number] | null)[] = []): Promise<ProbeResult> {
  const started = performance.now();
  const { model, classes, cell, callbacks } = ctx;
  const { channels, height, width } = model.input;
  const colours = palette(channels);
  const next = random(0x0e9e1);
  const { window, stridePx, rows, cols } = probeGrid(height, width, cell, settings);
  const scorer = ctx.runner.forStep();

  const bases = probeBases(model.input, settings.bases, colours, next, cell);
  const B = bases.length;
  const baseRows = await scorer.score(bases);
  const baseMean = Array.from({ length: classes }, (_, k) => meanOver(baseRows, 0, B, k));

  // Random patterns at every position: a map per class, and the best patch per position.
  const patches = randomPatches(rows, cols, stridePx, window, settings.patterns, colours, next);
  const plannedPasses = probePasses(classes, channels, height, width, cell, settings);
  const report = (): void => callbacks.onProgress?.({ done: Math.min(scorer.passes, plannedPasses), total: plannedPasses, seconds: (performance.now() - started) / 1000 });
  const scanRows = await scorer.score(everyPair(patches, bases, (p, b) => stamp(b, p, cell, window)));
  report();
  const positions = rows * cols;
  const { map, bestPatch } = patternMap(scanRows, patches.length, settings.patterns, B, classes, positions);

  // Grow patches for the classes the random patterns raised most.
  const planes = Array.from({ length: classes }, (_, k) => map.subarray(k * positions, (k + 1) * positions));
  const scanBest = planes.map((plane) => Math.max(...plane));
  const order = [...scanBest.keys()].sort((a, b) => scanBest[b]! - scanBest[a]! || a - b);
  const refined = [...scanBest];
  const grown: Patch[] = planes.map((plane, k) => patches[bestPatch[k * positions + plane.indexOf(scanBest[k]!)]!]!);
  const boxOf = (p: Patch): Box => [p.x0, p.y0, Math.min(width, p.x0 + window * cell), Math.min(height, p.y0 + window * cell)];
  const refinedBox: Box[] = grown.map(boxOf);
  // Per class, the patches the transfer test tries, best probe score first. On plain bases the
  // probe's score saturates (several places reach P ≈ 1 for many classes), so which of them is
  // a trigger only shows when they are carried onto other images: each seed's grown patch, then
  // the best random patterns of the next positions.
  const candidates: Patch[][] = grown.map((p) => [p]);
  const growth: Growth = { scorer, bases, colours, cell, window, width, height, steps: settings.steps, report };
  for (const k of order.slice(0, settings.maxClasses)) {
    const plane = planes[k]!;
    const patchAt = (at: number): Patch => patches[bestPatch[k * positions + at]!]!;
    // The first seed is where the sweeps' gain for k peaks, when they gave one: a trigger
    // lights up there (the signature's premise), while random patterns rarely match a specific
    // trigger's shape. The others are where random patterns raised k most.
    const hinted = hints[k] ? nearestPosition(hints[k], rows, cols, stridePx, window * cell) : -1;
    const tried = await growFromSeeds(growth, k, plane, patchAt, hinted, settings);
    if (tried[0]!.score > refined[k]!) {
      refined[k] = tried[0]!.score;
      grown[k] = tried[0]!.patch;
      refinedBox[k] = boxOf(tried[0]!.patch);
    }
    candidates[k] = tried.slice(0, settings.candidates).map((t) => t.patch);
  }
  report();
  // The map as gains over the plain bases' mean, as the sweeps store theirs.
  const gain = map.map((v, i) => quantizeGain(v - baseMean[Math.floor(i / positions)]!));
  return {
    step: 'patch-probe', block: window * cell, stride: stridePx, rows, cols, classes, baseLogP: baseMean, gain: Uint8Array.from(gain),
    refined, refinedBox, patches: grown, candidates, cell, window, passes: scorer.passes,
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
