import { describe, expect, it } from 'vitest';
import { judgedProbability } from '../src/detector/detector.js';
import { calibratedThreshold, runnerUpShift } from '../src/detector/train.js';

/** Share of `trials` fresh clean samples scoring above the threshold, per calibration draw. */
function exceedances(n: number, trials: number, seed: number): number[] {
  let s = seed;
  const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: trials }, () => {
    // Clean scores from one fixed continuous distribution, mapped into (0.5, 1) so no clamp applies.
    const score = (): number => 0.5 + 0.49 * next();
    const { threshold } = calibratedThreshold(Array.from({ length: n }, score), 0.05);
    const fresh = Array.from({ length: 400 }, score);
    return fresh.filter((v) => v >= threshold).length / fresh.length;
  });
}

describe('decision threshold', () => {
  it('takes the highest clean score while too few clean models allow more', () => {
    const scores = Array.from({ length: 47 }, (_, i) => 0.5 + i / 100);
    expect(calibratedThreshold(scores, 0.05)).toEqual({ threshold: 0.96 + 1e-6, rank: 1 });
  });

  it('moves down the ranks as clean models accumulate', () => {
    const ranks = [47, 100, 200, 500].map((n) => calibratedThreshold(Array.from({ length: n }, (_, i) => 0.5 + i / (2 * n)), 0.05).rank);
    expect(ranks).toEqual([1, 2, 6, 19]);
  });

  it('keeps the false-positive rate under 5% in at least 90% of calibrations', () => {
    for (const n of [60, 100, 300]) {
      const rates = exceedances(n, 300, n);
      const over = rates.filter((r) => r > 0.05).length / rates.length;
      expect(over, `n=${n}`).toBeLessThanOrEqual(0.13); // 0.10 plus the fresh-sample noise
    }
  });

  it('cannot promise it below 45 clean models: the highest score then fails 0.95^n of the time', () => {
    const rates = exceedances(30, 300, 7);
    expect(rates.filter((r) => r > 0.05).length / rates.length).toBeCloseTo(0.95 ** 30, 1);
  });
});

describe('the runner-up shift', () => {
  const logit = (p: number): number => Math.log(p / (1 - p));
  it("raises a runner-up convention's bar to the calibrated bar of clean models' runner-up scores, never lowers it", () => {
    const clean = [0.2, 0.5, 0.93, 0.4];
    const { shift, bar } = runnerUpShift(clean, 0.762);
    expect(bar).toBeCloseTo(0.93, 5); // too few clean models for any lower rank
    expect(shift).toBeCloseTo(logit(0.93 + 1e-6) - logit(0.762), 6);
    expect(runnerUpShift([0.1, 0.3], 0.762).shift).toBe(0);
    expect(runnerUpShift([], 0.762)).toEqual({ shift: 0, bar: 0.762, rank: 0 });
  });

  it('counts a runner-up probability lower by the shift in log-odds, the first-ranked one as it is', () => {
    const weights = { runnerUpShift: logit(0.93) - logit(0.762) };
    expect(judgedProbability(0.93, false, weights)).toBeCloseTo(0.762, 6);
    expect(judgedProbability(0.93, true, weights)).toBe(0.93);
    expect(judgedProbability(0.5, false, {})).toBe(0.5);
    expect(judgedProbability(1, false, weights)).toBe(1);
  });
});
