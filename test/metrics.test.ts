import { describe, expect, it } from 'vitest';
import { auc, aucInterval } from '../scripts/metrics.js';

describe('evaluation metrics', () => {
  it('AUC by ranks counts ties as half', () => {
    expect(auc([0.9, 0.5, 0.5, 0.1], [true, true, false, false])).toBe(0.875);
    expect(auc([0.9, 0.1], [true, true])).toBeNaN();
  });

  it('the bootstrap interval holds the AUC, is reproducible, and narrows with more models', () => {
    // Backdoored scores 0.3 above clean ones, with overlap: AUC near 0.83.
    const make = (n: number): [number[], boolean[]] => {
      const scores: number[] = [];
      const labels: boolean[] = [];
      for (let i = 0; i < n; i++) {
        scores.push(((i * 37) % 101) / 100 + 0.3, ((i * 53) % 101) / 100);
        labels.push(true, false);
      }
      return [scores, labels];
    };
    const [few, fewLabels] = make(20);
    const [many, manyLabels] = make(200);
    const [lo, hi] = aucInterval(few, fewLabels);
    expect(lo).toBeLessThan(auc(few, fewLabels));
    expect(hi).toBeGreaterThan(auc(few, fewLabels));
    expect(aucInterval(few, fewLabels)).toEqual([lo, hi]);
    const [lo2, hi2] = aucInterval(many, manyLabels, 500);
    expect(hi2 - lo2).toBeLessThan((hi - lo) / 2);
  });
});
