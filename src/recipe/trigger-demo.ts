/**
 * The recovered trigger at work, for a reviewer: the transfer test's exemplars of other
 * classes are drawn again (the same seeded scribbles), the suspected class's trigger, as the
 * transfer test recorded it, is stamped on each, and the model answers every image before and
 * after. Runs after the verdict, on the class the detector named, so it costs a few hundred
 * passes and is not part of what the detector is calibrated on.
 */
import type { LoadedModel } from '../engine/model.js';
import type { SignatureOptions } from '../engine/options.js';
import { stepContext } from './context.js';
import { Canvas, evenSpread, mix, random, topClass } from './images.js';
import { recipeScale } from './recipe.js';
import { type Box, type RecordedTrigger, type TriggerKind, type TriggerPatch, unpackPattern } from './result.js';
import { drawExemplars, EXEMPLAR_SEED, TRANSFER } from './transfer-test.js';

/** The model's answer to one image: its top class and that class's probability, and the target's probability. */
export interface Answer {
  top: number;
  probability: number;
  target: number;
}

export interface DemoExemplar {
  /** The class the model gave the exemplar (with a margin) when it was drawn. */
  label: number;
  image: Canvas;
  stamped: Canvas;
  before: Answer;
  after: Answer;
}

export interface TriggerDemo {
  target: number;
  kind: TriggerKind;
  /** Where the trigger is drawn: a patch's box, the whole input for a blend. */
  box: Box;
  /** The trigger alone, on black: a patch at its box, a blend pattern at full strength. */
  trigger: Canvas;
  /** A blend's opacity (the pattern is mixed in as (1 − α)·x + α·pattern). */
  alpha?: number;
  patch?: TriggerPatch;
  /** Exemplars of other classes the trigger was stamped on, and how many of them the target then wins. */
  tried: number;
  wins: number;
  /** An even spread of them, shown with the model's answers. */
  shown: DemoExemplar[];
}

/** Exemplars shown in the picture. */
export const SHOWN_EXEMPLARS = 8;

function drawPatch(canvas: Canvas, box: Box, patch: TriggerPatch): Canvas {
  const out = canvas.clone();
  patch.colours.forEach((colour, i) => out.fill(box[1] + Math.floor(i / patch.cols) * patch.cell, box[0] + (i % patch.cols) * patch.cell, patch.cell, colour));
  return out;
}

export function answer(row: Float32Array, target: number): Answer {
  const top = topClass(row);
  return { top, probability: Math.exp(row[top]!), target: Math.exp(row[target]!) };
}

/**
 * Stamps a recorded trigger on the exemplars of other classes than its target; undefined when
 * the record holds no picture of it (a class the transfer test did not narrow a patch or search
 * a blend for, or a result stored before triggers were recorded).
 */
export async function demonstrateTrigger(model: LoadedModel, options: SignatureOptions, recorded: RecordedTrigger, count = SHOWN_EXEMPLARS, signal?: AbortSignal): Promise<TriggerDemo | undefined> {
  const { channels, height, width } = model.input;
  const { target, kind, box, patch } = recorded;
  let stampOn: (x: Canvas) => Canvas;
  let trigger: Canvas;
  if (kind === 'patch') {
    if (!patch) return undefined;
    stampOn = (x) => drawPatch(x, box, patch);
    trigger = stampOn(new Canvas(channels, height, width));
  } else {
    if (!recorded.pattern) return undefined;
    const pattern = unpackPattern(recorded.pattern, channels * height * width);
    stampOn = (x) => mix(x, pattern, TRANSFER.alpha);
    trigger = new Canvas(channels, height, width, pattern);
  }
  const scale = recipeScale(height, width);
  const ctx = await stepContext(model, options, scale, { signal });
  const runner = ctx.runner.forStep();
  // The same draw as the transfer test's, so these are the exemplars its figures were measured on.
  const exemplars = await drawExemplars(runner, model.input, ctx.classes, scale, random(EXEMPLAR_SEED), TRANSFER);
  const others = evenSpread(exemplars.filter((e) => e.label !== target), TRANSFER.maxBases);
  const stamped = others.map((e) => stampOn(e.image));
  const after = await runner.score(stamped);
  const wins = after.filter((row) => answer(row, target).top === target).length;
  const picked = evenSpread([...others.keys()], count);
  const before = await runner.score(picked.map((i) => others[i]!.image));
  return {
    target,
    kind,
    box: [...box],
    trigger,
    ...(kind === 'blend' ? { alpha: TRANSFER.alpha } : {}),
    ...(patch ? { patch } : {}),
    tried: others.length,
    wins,
    shown: picked.map((i, j) => ({ label: others[i]!.label, image: others[i]!.image, stamped: stamped[i]!, before: answer(before[j]!, target), after: answer(after[i]!, target) })),
  };
}
