/** Measures shared by `npm run evaluate` and the detector labs in bench/. */

/** Area under the ROC curve by ranks (ties count half); NaN without both labels. */
export function auc(scores: number[], labels: boolean[]): number {
  const pos = scores.filter((_, i) => labels[i]);
  const neg = scores.filter((_, i) => !labels[i]);
  if (pos.length === 0 || neg.length === 0) return NaN;
  let sum = 0;
  for (const p of pos) for (const n of neg) sum += p > n ? 1 : p === n ? 0.5 : 0;
  return sum / (pos.length * neg.length);
}

/** The q-quantile of xs (the smallest value with at least q of them at or below it). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0.5;
}

/** A model's cross-validation fold, from its id alone. */
export const foldOf = (id: string, folds: number): number => [...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % folds;

/**
 * A 95% bootstrap interval of the AUC: backdoored and clean models resampled separately (so
 * every resample has both), 2,000 times, with a fixed seed so the report is reproducible.
 */
export function aucInterval(scores: number[], labels: boolean[], reps = 2000, seed = 1): [number, number] {
  const pos = scores.filter((_, i) => labels[i]);
  const neg = scores.filter((_, i) => !labels[i]);
  if (pos.length === 0 || neg.length === 0) return [NaN, NaN];
  let state = seed >>> 0;
  const next = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 4294967296) * n);
  };
  const draws: number[] = [];
  for (let r = 0; r < reps; r++) {
    const p = pos.map(() => pos[next(pos.length)]!);
    const q = neg.map(() => neg[next(neg.length)]!);
    draws.push(auc([...p, ...q], [...p.map(() => true), ...q.map(() => false)]));
  }
  return [quantile(draws, 0.025), quantile(draws, 0.975)];
}
