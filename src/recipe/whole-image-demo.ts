/**
 * The whole-image search's change at work, for a reviewer: the change the search kept for the
 * reported class is applied to images of the search's own kind that it never drew (pool indices
 * past its pool), at half and at full strength, and the model answers each. Runs after the
 * verdict, like the trigger demonstration, and is not part of what the detector is calibrated on.
 */
import type { LoadedModel } from '../engine/model.js';
import type { SignatureOptions } from '../engine/options.js';
import { stepContext } from './context.js';
import { Canvas, eachOf, evenSpread, summarise, topClass } from './images.js';
import { recipeScale } from './recipe.js';
import type { Change } from './result.js';
import { answer, type Answer } from './trigger-demo.js';
import { applyChange, poolImage, scaled, WHOLE_IMAGE } from './whole-image-search.js';

export interface WholeImageShown {
  /** The class the model gives the image unchanged. */
  label: number;
  image: Canvas;
  /** The image with the change at half strength, and the model's answers before and after. */
  changed: Canvas;
  before: Answer;
  after: Answer;
}

export interface WholeImageDemo {
  target: number;
  change: Change;
  /** The strengths measured, and the share of the tried images the target then wins at each (by margin, as the search counts). */
  strengths: number[];
  wins: number[];
  tried: number;
  /** Unseen images drawn, of which `alreadyTarget` the model gave the target unchanged (so they are not tried). */
  drawn: number;
  alreadyTarget: number;
  /** A test chart (a gray ramp ruled by lines), and the chart with the change at each strength. */
  chart: Canvas;
  charts: Canvas[];
  shown: WholeImageShown[];
}

export const DEMO_STRENGTHS = [0.5, 1];
/** Images tried, drawn in batches past the search's pool until that many go to other classes, or MAX_DRAWN are drawn. */
const TRIED = 32;
const BATCH = 64;
const MAX_DRAWN = 384;
/** Tried images a demonstration needs; fewer and the picture would say too little. */
const MIN_TRIED = 8;

/** Passes the demonstration runs at most: stepContext's base pass, the draws, and the tried images at each strength. */
export function wholeImageDemoPasses(): number {
  return 1 + MAX_DRAWN + TRIED * DEMO_STRENGTHS.length;
}

/** A gray ramp from left to right, ruled every eighth of the input: a tone change shifts the ramp, a warp bends the rules. */
export function testChart(channels: number, height: number, width: number): Canvas {
  const chart = new Canvas(channels, height, width);
  const step = (size: number): number => Math.max(2, Math.round(size / 8));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ruled = y % step(height) === 0 || x % step(width) === 0;
      const v = ruled ? 0 : 48 + (200 * x) / Math.max(1, width - 1);
      for (let c = 0; c < channels; c++) chart.pixels[(c * height + y) * width + x] = v;
    }
  }
  return chart;
}

/** The change at work on unseen images; undefined when too few of them go to other classes than the target. */
export async function demonstrateWholeImage(model: LoadedModel, options: SignatureOptions, target: number, change: Change, count: number, signal?: AbortSignal): Promise<WholeImageDemo | undefined> {
  const { channels: C, height: H, width: W } = model.input;
  const ctx = await stepContext(model, options, recipeScale(H, W), { signal });
  const runner = ctx.runner.forStep();
  // A backdoor's target often takes most plain images, so draw until enough go elsewhere.
  const others: { i: number; row: Float32Array }[] = [];
  let drawn = 0;
  while (others.length < TRIED && drawn < MAX_DRAWN) {
    const indices = Array.from({ length: BATCH }, (_, j) => WHOLE_IMAGE.pool + drawn + j);
    drawn += BATCH;
    const rows = await runner.score(eachOf(indices, (i) => poolImage(C, H, W, i)));
    indices.forEach((i, j) => {
      if (others.length < TRIED && topClass(rows[j]!) !== target) others.push({ i, row: rows[j]! });
    });
  }
  if (others.length < MIN_TRIED) return undefined;
  // The images looked at: up to the last one tried when enough were found, else every one drawn.
  const used = others.length === TRIED ? others.at(-1)!.i - WHOLE_IMAGE.pool + 1 : drawn;
  const images = others.map((e) => poolImage(C, H, W, e.i));
  const changedAt = DEMO_STRENGTHS.map((a) => images.map((img) => applyChange(img, scaled(change, a))));
  const after: Float32Array[][] = [];
  for (const list of changedAt) after.push(await runner.score(eachOf(list, (x) => x)));
  const chart = testChart(C, H, W);
  const picked = evenSpread([...others.keys()], count);
  return {
    target,
    change,
    strengths: [...DEMO_STRENGTHS],
    wins: after.map((rows) => summarise(rows, target)[1]),
    tried: others.length,
    drawn: used,
    alreadyTarget: used - others.length,
    chart,
    charts: DEMO_STRENGTHS.map((a) => applyChange(chart, scaled(change, a))),
    shown: picked.map((j) => ({
      label: topClass(others[j]!.row),
      image: images[j]!,
      changed: changedAt[0]![j]!,
      before: answer(others[j]!.row, target),
      after: answer(after[0]![j]!, target),
    })),
  };
}
