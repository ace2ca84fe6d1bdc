import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classVectors, detect, loadWeights, scoreWithSpecialist } from '../src/detector/detector.js';
import { DEFAULT_MEMBERS, fitDetector } from '../src/detector/train.js';
import { loadZoo } from '../zoo/dataset.js';
import { ROOT } from './helpers.js';

// The first training models with signatures in the committed zoo, both kinds of label included.
const zoo = loadZoo(path.join(ROOT, 'zoo/manifest.jsonl'), path.join(ROOT, 'zoo/signatures')).filter((m) => m.split === 'train');
const small = zoo.slice(0, 60);

describe('detector fitting (bagged specialists)', () => {
  it('has committed zoo signatures of both labels to fit on', () => {
    expect(small.some((m) => m.backdoored) && small.some((m) => !m.backdoored)).toBe(true);
  });

  it('is deterministic, and its members are fitted on different subsets', () => {
    const a = fitDetector(small, { members: 5 });
    const b = fitDetector(small, { members: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    for (const s of a.specialists) {
      expect(s.members).toHaveLength(5);
      const distinct = new Set(s.members.map((m) => JSON.stringify(m.classScorer.weights)));
      expect(distinct.size).toBe(5);
    }
    expect(fitDetector(small, { members: 1 }).specialists.every((s) => s.members.length === 1)).toBe(true);
    expect(a.threshold).toBeGreaterThan(0);
    expect(a.threshold).toBeLessThanOrEqual(1);
  });

  it('scores a model with the mean of its members', () => {
    const weights = fitDetector(small, { members: 3 });
    const m = zoo[zoo.length - 1]!;
    const { vectors } = classVectors(m.result, m.height, m.width);
    const bySpecialist = weights.specialists.map((s) => {
      const single = s.members.map((member) => detect({ ...weights, specialists: [{ ...s, members: [member] }] }, m.result, m.height, m.width).probability);
      const mean = single.reduce((x, y) => x + y, 0) / single.length;
      expect(scoreWithSpecialist(s, vectors, m.result).probability).toBeCloseTo(mean, 12);
      return mean;
    });
    expect(detect(weights, m.result, m.height, m.width).probability).toBeCloseTo(Math.max(...bySpecialist), 12);
  });

  it('ships weights with the default number of members', () => {
    const shipped = loadWeights();
    expect(shipped.training.members).toBe(DEFAULT_MEMBERS);
    expect(shipped.specialists.every((s) => s.members.length === DEFAULT_MEMBERS)).toBe(true);
  });
});
