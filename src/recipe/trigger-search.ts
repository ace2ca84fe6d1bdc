/**
 * The trigger search: the recipe's last step, after the transfer test and on its exemplars.
 * The transfer test carries the patch probe's patches, found on plain bases, over to other
 * classes' exemplars; measured on the zoo's 150 held-out clean and patch-backdoored models, the
 * true trigger stamped on those exemplars separates them with AUC 0.986 by its margin alone,
 * where the probe's best patch reaches 0.947: the probe often misses the trigger (a 3×5 checker
 * that no uniform block or random pattern sets off). So this step searches a patch on the test's
 * own objective, a class's mean margin over exemplars of the other classes:
 *  - a coarse scan stamps random palette patterns of `side` cells at every position of a grid
 *    and keeps, per class, the best one;
 *  - for the classes the scan raised most, a random search (square-attack style) recolours
 *    squares of cells, shrinking as it goes, and now and then moves the patch a little,
 *    keeping any change that raises the class's margin;
 *  - the refined patch is measured on every exemplar of the other classes: its mean margin
 *    and the share of them the class wins.
 * Forward passes only, seeded, so the result is the same on every run and thread count.
 */
import type { StepContext } from './context.js';
import type { Box, SearchMeasure } from './result.js';
import { byTurns, classMargins, type Colour, eachOf, evenSpread, everyPair, palette, type Patch, random, ranked, stamp, summarise } from './images.js';
import { TRANSFER_FEATURES, type TransferResult } from './transfer-test.js';

export interface SearchSettings {
  /** Patch side and the coarse scan's stride, in cells. */
  side: number;
  stride: number;
  /** Random patterns per position in the coarse scan. */
  patterns: number;
  /** Exemplars a patch is scored on while searching (an even spread over the classes). */
  fitBases: number;
  /** Classes refined, and the random search's length. */
  classes: number;
  /**
   * Whether the refined classes are taken by turns from the coarse scan's best and the transfer
   * test's best patch margins (else from the scan's alone). A trigger can need refining before
   * it fires at all, while the probe's patch, found on plain bases, already set it off a little.
   */
  alternate: boolean;
  iterations: number;
  candidates: number;
  /** Exemplars of other classes a refined patch is measured on, at most. */
  maxBases: number;
}

export const SEARCH: SearchSettings = { side: 6, stride: 3, patterns: 2, fitBases: 16, classes: 4, alternate: true, iterations: 60, candidates: 4, maxBases: 200 };

/** Per class: the coarse scan's best margin, the refined patch's margin and wins (NaN where not refined). */
export const SEARCH_MEASURES = ['coarse', 'refined', 'refinedWins'] as const;

export interface SearchResult extends SearchMeasure {
  search: number[][];
  passes: number;
  seconds: number;
}

/** Top-left corners (pixels) along one side: every `stride` cells, and one flush with the far edge. */
function corners(extent: number, patchPx: number, stridePx: number): number[] {
  const out: number[] = [];
  for (let at = 0; at + patchPx <= extent; at += stridePx) out.push(at);
  const last = Math.max(0, extent - patchPx);
  if (out.at(-1) !== last) out.push(last);
  return out;
}

/** The patch's side in cells, for an input of this size (never larger than the input). */
function sideCells(height: number, width: number, cell: number, s: SearchSettings): number {
  return Math.max(1, Math.min(s.side, Math.floor(Math.min(height, width) / cell)));
}

/** Forward passes of the search at most. */
export function searchPasses(classes: number, height: number, width: number, cell: number, exemplars: number, s: SearchSettings = SEARCH): number {
  const side = sideCells(height, width, cell, s);
  const positions = corners(height, side * cell, s.stride * cell).length * corners(width, side * cell, s.stride * cell).length;
  const fit = Math.min(exemplars, s.fitBases);
  const refined = Math.min(classes, s.classes);
  return positions * s.patterns * fit + refined * (s.iterations * s.candidates * fit + Math.min(exemplars, s.maxBases));
}

/** Per class, the scanned patch that raised it most (-1 where none gave a finite margin). */
function bestPerClass(scanned: number[][], classes: number): number[] {
  return Array.from({ length: classes }, (_, k) => {
    let at = -1;
    scanned.forEach((s, j) => {
      if (Number.isFinite(s[k]) && (at < 0 || s[k]! > scanned[at]![k]!)) at = j;
    });
    return at;
  });
}

/**
 * A random change to a patch at iteration `it` of `iterations`: one in five moves it by up to
 * two cells (a trigger works best where it was learned); the others paint a square of one
 * colour, of up to three cells early on and single cells at the end.
 */
function mutation(g: { side: number; cell: number; patchPx: number; width: number; height: number; colours: Colour[]; next: () => number }, iterations: number): (patch: Patch, it: number) => Patch {
  const { side, cell, patchPx, colours, next } = g;
  return (patch, it) => {
    if (next() < 0.2) {
      const shift = (at: number, extent: number): number => Math.max(0, Math.min(extent - patchPx, at + (Math.floor(next() * 5) - 2) * cell));
      const x0 = shift(patch.x0, g.width);
      return { ...patch, x0, y0: shift(patch.y0, g.height) };
    }
    const size = Math.min(side, 1 + Math.floor(next() * 3 * (1 - it / iterations)));
    const r0 = Math.floor(next() * (side - size + 1));
    const c0 = Math.floor(next() * (side - size + 1));
    const colour = colours[Math.floor(next() * colours.length)]!;
    const cells = [...patch.cells];
    for (let r = r0; r < r0 + size; r++) for (let c = c0; c < c0 + size; c++) cells[r * side + c] = colour;
    return { ...patch, cells };
  };
}

/**
 * Runs the search on an open model with the transfer test's exemplars (`exemplarImages`). `cell` is the patch's
 * cell side in pixels (the recipe's scale), as in the patch probe.
 */
export async function runTriggerSearch(
  ctx: StepContext,
  drawn: Pick<TransferResult, 'exemplarImages' | 'exemplarMargin' | 'baseLogP'> & { transfer?: (number | null)[][] },
  settings: SearchSettings = SEARCH,
): Promise<SearchResult> {
  const started = performance.now();
  const exemplars = drawn.exemplarImages;
  const { model, classes, cell, callbacks } = ctx;
  const scorer = ctx.runner.forStep();
  const { channels, height, width } = model.input;
  const colours = palette(channels);
  const next = random(0x51ed);
  const side = sideCells(height, width, cell, settings);
  const patchPx = side * cell;
  const planned = searchPasses(classes, height, width, cell, exemplars.length, settings);
  const report = (): void => callbacks.onProgress?.({ done: Math.min(scorer.passes, planned), total: planned, seconds: (performance.now() - started) / 1000 });
  const fit = evenSpread(exemplars, settings.fitBases);

  /** Per patch, per class: the class's mean margin over the fit exemplars of other classes. */
  const score = async (patches: Patch[]): Promise<number[][]> => {
    const rows = await scorer.score(everyPair(patches, fit, (p, e) => stamp(e.image, p, cell, side)));
    report();
    const labels = fit.map((e) => e.label);
    return patches.map((_, j) => classMargins(rows.slice(j * fit.length, (j + 1) * fit.length), labels, classes));
  };
  const randomCells = (): Patch['cells'] => Array.from({ length: side * side }, () => colours[Math.floor(next() * colours.length)]!);

  const scan: Patch[] = [];
  for (const y0 of corners(height, patchPx, settings.stride * cell)) {
    for (const x0 of corners(width, patchPx, settings.stride * cell)) {
      for (let n = 0; n < settings.patterns; n++) scan.push({ y0, x0, cells: randomCells() });
    }
  }
  const scanned = scan.length > 0 && fit.length > 0 ? await score(scan) : [];
  const best = bestPerClass(scanned, classes);
  const coarse = best.map((at, k) => (at >= 0 ? scanned[at]![k]! : NaN));
  const search = coarse.map((c) => [c, NaN, NaN]);
  const searchBox: (Box | null)[] = new Array<Box | null>(classes).fill(null);
  const order = ranked(coarse);
  const patchMargins = coarse.map((c, k) => (Number.isFinite(c) ? drawn.transfer?.[k]?.[TRANSFER_FEATURES.indexOf('patchMargin')] ?? NaN : NaN));
  const refine = byTurns(order, settings.alternate ? ranked(patchMargins) : [], settings.classes);

  const mutate = mutation({ side, cell, patchPx, width, height, colours, next }, settings.iterations);
  for (const k of refine) {
    let patch = scan[best[k]!]!;
    let value = coarse[k]!;
    for (let it = 0; it < settings.iterations; it++) {
      const tries = Array.from({ length: settings.candidates }, () => mutate(patch, it));
      const scored = await score(tries);
      scored.forEach((s, j) => {
        if (s[k]! > value) {
          value = s[k]!;
          patch = tries[j]!;
        }
      });
    }
    const others = evenSpread(exemplars.filter((e) => e.label !== k), settings.maxBases);
    search[k] = [coarse[k]!, ...summarise(await scorer.score(eachOf(others, (e) => stamp(e.image, patch, cell, side))), k)];
    searchBox[k] = [patch.x0, patch.y0, Math.min(width, patch.x0 + patchPx), Math.min(height, patch.y0 + patchPx)];
    report();
  }
  return {
    block: patchPx,
    stride: settings.stride * cell,
    classes,
    baseLogP: drawn.baseLogP,
    search,
    searchBox,
    exemplarMargin: drawn.exemplarMargin ?? null,
    passes: scorer.passes,
    seconds: (performance.now() - started) / 1000,
  };
}
