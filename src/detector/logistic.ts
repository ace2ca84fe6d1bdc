/** L2-regularised logistic regression on standardised features, fitted by Newton's method. */
export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Standardised values are clipped to ±clip, in fitting and in use (absent: not clipped). */
  clip?: number;
}

function standardise(model: Pick<LogisticModel, 'mean' | 'scale' | 'clip'>, v: number, i: number): number {
  const z = (v - model.mean[i]!) / model.scale[i]!;
  return model.clip === undefined ? z : Math.max(-model.clip, Math.min(model.clip, z));
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The log-odds of a probability: sigmoid's inverse. */
export const logOdds = (p: number): number => Math.log(p / (1 - p));

export function logit(model: LogisticModel, x: number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += model.weights[i]! * standardise(model, x[i]!, i);
  return z;
}

export function predict(model: LogisticModel, x: number[]): number {
  return sigmoid(logit(model, x));
}

/** Solves A·x = b in place by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c < n; c++) a[r]![c]! -= f * a[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * x[c]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

export function trainLogistic(xs: number[][], ys: number[], l2 = 1, sampleWeights?: number[], clip?: number): LogisticModel {
  const d = xs[0]!.length;
  const n = xs.length;
  const w = sampleWeights ?? new Array<number>(n).fill(1);
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const x of xs) x.forEach((v, i) => (mean[i]! += v / n));
  for (const x of xs) x.forEach((v, i) => (scale[i]! += (v - mean[i]!) ** 2 / n));
  for (let i = 0; i < d; i++) scale[i] = Math.sqrt(scale[i]!) || 1;
  const z = xs.map((x) => [1, ...x.map((v, i) => standardise({ mean, scale, clip }, v, i))]);
  let beta = new Array<number>(d + 1).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let s = 0; s < n; s++) {
      const row = z[s]!;
      const p = sigmoid(row.reduce((acc, v, i) => acc + v * beta[i]!, 0));
      const g = w[s]! * (p - ys[s]!);
      const h = w[s]! * Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i <= d; i++) {
        grad[i]! += g * row[i]!;
        for (let j = 0; j <= i; j++) hess[i]![j]! += h * row[i]! * row[j]!;
      }
    }
    for (let i = 0; i <= d; i++) {
      for (let j = 0; j < i; j++) hess[j]![i] = hess[i]![j]!;
      if (i > 0) {
        grad[i]! += l2 * beta[i]!;
        hess[i]![i]! += l2;
      }
    }
    const step = solve(hess, grad);
    beta = beta.map((b, i) => b - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { mean, scale, weights: beta.slice(1), bias: beta[0]!, ...(clip === undefined ? {} : { clip }) };
}
