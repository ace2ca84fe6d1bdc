/** Hand-written models and reports for the action's tests. */
import { createHash } from 'node:crypto';
import { buildReport, type ModelReport, type ScanReport } from '../../src/report/report.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A 16×16 gain map, flat and low except a bright 3×3 patch at rows/cols 12..14. */
export function gainMap(bright: number, rows = 16, cols = 16): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (r >= 12 && r < 15 && c >= 12 && c < 15 ? bright : 0.05)));
}

export function backdoored(model = 'models/bad.onnx'): ModelReport {
  return {
    model,
    sha256: sha(model),
    verdict: 'backdoored',
    probability: 0.97,
    targetClass: 7,
    triggerBox: [24, 24, 30, 30],
    seconds: 12.4,
    classes: 10,
    settings: { levels: 256, mode: 'gray', inputRange: [0, 1] },
    evidence: { rows: 16, cols: 16, cellHeight: 2, cellWidth: 2, gain: gainMap(0.9) },
  };
}

export function clean(model = 'models/good.onnx'): ModelReport {
  return {
    model,
    sha256: sha(model),
    verdict: 'clean',
    probability: 0.02,
    targetClass: 3,
    triggerBox: null,
    seconds: 3.1,
    classes: 10,
    settings: { levels: 256, mode: 'gray', inputRange: [0, 1] },
    evidence: { rows: 16, cols: 16, cellHeight: 2, cellWidth: 2, gain: gainMap(0.1) },
  };
}

export function broken(model = 'models/broken.onnx'): ModelReport {
  return {
    model,
    sha256: sha(model),
    verdict: 'error',
    probability: null,
    targetClass: null,
    triggerBox: null,
    seconds: 0,
    error: `${model} is not an ONNX model`,
    errorCode: 'NOT_ONNX',
  };
}

export const report = (models: ModelReport[], threshold = 0.5): ScanReport => buildReport(models, threshold, '0.1.0');
