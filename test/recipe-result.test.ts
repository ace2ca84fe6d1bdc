/**
 * The one value that crosses from measuring to judging: RecipeResult, its codec for the stored
 * format (every committed zoo result reads and writes back byte for byte), and the detector's
 * features, each a named record, so their names can never drift from their values.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classVectors, featureNames, modelInput } from '../src/detector/detector.js';
import { classEvidence, classFeatures, modelFeatures } from '../src/detector/features.js';
import { decodeSteps, encodeRecipe, recipeResult, type StepResult, storedSteps, type WholeImageMeasure } from '../src/recipe/result.js';
import { strongestFinding } from '../src/recipe/whole-image-search.js';
import { loadZoo } from '../zoo/dataset.js';
import { ROOT } from './helpers.js';

const stored = (steps: StepResult[]): string => JSON.stringify(steps.map((s) => ({ ...s, gain: Buffer.from(s.gain).toString('base64') })));

describe('RecipeResult', () => {
  it('reads every committed zoo result and writes it back exactly as stored', () => {
    const dir = path.join(ROOT, 'zoo', 'signatures');
    const files = fs.readdirSync(dir).slice(0, 200);
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const { steps } = decodeSteps(fs.readFileSync(path.join(dir, f)));
      expect(stored(storedSteps(recipeResult(steps))), f).toBe(stored(steps));
    }
  });

  it('carries the whole-image search when it ran, and reads results stored before it without it', () => {
    const { steps } = decodeSteps(fs.readFileSync(path.join(ROOT, 'zoo', 'signatures', fs.readdirSync(path.join(ROOT, 'zoo', 'signatures'))[0]!)));
    const before = recipeResult(steps);
    expect(before.wholeImage).toBeUndefined();
    const classes = before.pixel.classes;
    const wins = Array.from({ length: classes }, (_, k) => (k === 3 ? [[0.5, 0.75, 1, 1], [0, 0, 0, 0.25], [0, 0, 0, 0], [0, 0, 0, 0]] : k === 5 ? [[0, 0.1, 0.2, 0.4], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]] : null));
    const wholeImage: WholeImageMeasure = {
      classes,
      baseLogP: before.transfer.baseLogP,
      screen: Array.from({ length: classes }, (_, k) => (k === 3 ? 4.5 : 1)),
      wins,
      changes: wins.map((w) => (w ? { family: 'tone' as const, theta: [0.5, -1, 0.25] } : null)),
    };
    const after = recipeResult(decodeSteps(encodeRecipe({ ...before, wholeImage })).steps);
    expect(after.wholeImage).toEqual(wholeImage);
    expect(strongestFinding(after.wholeImage!)).toEqual({ targetClass: 3, family: 'tone', wins: [0.5, 0.75, 1, 1], otherWins: 0.4 });
  });

  it('refuses a stored result that lacks a step, naming it', () => {
    const { steps } = decodeSteps(fs.readFileSync(path.join(ROOT, 'zoo', 'signatures', fs.readdirSync(path.join(ROOT, 'zoo', 'signatures'))[0]!)));
    expect(() => recipeResult(steps.filter((s) => s.step !== 'trigger-search'))).toThrow(/without trigger-search/);
  });
});

describe("the detector's features", () => {
  const zoo = loadZoo(path.join(ROOT, 'zoo/manifest.jsonl'), path.join(ROOT, 'zoo/signatures')).slice(0, 5);

  it('come as named records: the names the weights select by are those of the values scored', () => {
    const names = featureNames();
    for (const m of zoo) {
      for (const e of classEvidence(m.result)) expect(classFeatures(e, m.height, m.width).map((f) => f.name)).toEqual(names.classFeatures);
      const model = modelFeatures(m.result).map((f) => f.name);
      expect(names.modelFeatures.slice(names.modelFeatures.length - model.length)).toEqual(model);
      const { vectors } = classVectors(m.result, m.height, m.width);
      expect(vectors.every((v) => v.length === names.classFeatures.length)).toBe(true);
      expect(modelInput(vectors.map(() => 0), m.result)).toHaveLength(names.modelFeatures.length);
    }
  });

  it('name every feature once', () => {
    const names = featureNames();
    expect(new Set(names.classFeatures).size).toBe(names.classFeatures.length);
    expect(new Set(names.modelFeatures).size).toBe(names.modelFeatures.length);
  });
});
