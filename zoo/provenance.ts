/**
 * What a stored zoo result was made with, and what it takes to bring an old one up to date
 * (zoo/signatures.ts): the recipe's fingerprints, and the transfer test's exemplars drawn again
 * for adding the trigger search to results stored before it existed. The scan never needs these.
 */
import crypto from 'node:crypto';
import type { LoadedModel } from '../src/engine/model.js';
import type { SignatureOptions } from '../src/engine/options.js';
import { recipeSettings } from '../src/recipe/recipe.js';
import { random, ImageRunner } from '../src/recipe/images.js';
import { drawExemplars, EXEMPLAR_SEED, medianOf, TRANSFER, type TransferResult, type TransferSettings } from '../src/recipe/transfer-test.js';
import { checkOutput } from '../src/signature/signature.js';

const digest = (settings: object): string => crypto.createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);

/** A short digest of recipeSettings(): stored results made with another one are stale. */
export function recipeFingerprint(): string {
  return digest(recipeSettings());
}

/**
 * The digest of every setting but the trigger search's and the whole-image search's (results
 * were fingerprinted so before either existed): a stored result whose steps before the search match it needs only the search
 * added or redone.
 */
export function fingerprintBeforeSearch(): string {
  const { search: _search, wholeImage: _wholeImage, ...before } = recipeSettings();
  return digest(before);
}

/** The transfer test's exemplars drawn again, exactly as the test draws them (same seed, same first draws). */
export async function transferExemplars(model: LoadedModel, o: SignatureOptions, cell: number, settings: TransferSettings = TRANSFER): Promise<Pick<TransferResult, 'exemplarImages' | 'exemplarMargin'> & { passes: number }> {
  const { classes, probabilities } = await checkOutput(model, o);
  const scorer = new ImageRunner(model, o, probabilities, classes);
  const exemplars = await drawExemplars(scorer, model.input, classes, cell, random(EXEMPLAR_SEED), settings);
  return { exemplarImages: exemplars, exemplarMargin: medianOf(exemplars.map((e) => e.margin)), passes: scorer.passes };
}
