/**
 * What the steps after the sweeps share in one recipe run: the model, its options, what its
 * output is (classes, and whether they are probabilities: one base pass decides it for every
 * step) and one image runner, of which each step takes its own view to count its passes.
 */
import type { LoadedModel } from '../engine/model.js';
import type { SignatureOptions } from '../engine/options.js';
import { checkOutput, type SignatureCallbacks } from '../signature/signature.js';
import { ImageRunner } from './images.js';

export interface StepContext {
  model: LoadedModel;
  options: SignatureOptions;
  classes: number;
  probabilities: boolean;
  runner: ImageRunner;
  /** The patch's cell side in pixels: the recipe's scale (1 up to 32×32 inputs, more for larger ones). */
  cell: number;
  callbacks: SignatureCallbacks;
}

export async function stepContext(model: LoadedModel, options: SignatureOptions, cell: number, callbacks: SignatureCallbacks = {}): Promise<StepContext> {
  const { classes, probabilities } = await checkOutput(model, options);
  return { model, options, classes, probabilities, runner: new ImageRunner(model, options, probabilities, classes, callbacks.signal), cell, callbacks };
}
