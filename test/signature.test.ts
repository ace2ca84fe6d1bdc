import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceSession } from 'onnxruntime-node';
import { computeSignature, type Signature } from '../src/signature/signature.js';
import type { SignatureOptions } from '../src/engine/options.js';
import { fixture } from './helpers.js';
import { openReferenceSession, type ReferenceOptions, referenceSweep } from './reference.js';

interface Case {
  name: string;
  model: string;
  options: Partial<SignatureOptions>;
  /** What the reference needs to know that the engine finds out by itself. */
  ref: Pick<ReferenceOptions, 'layout' | 'channels' | 'height' | 'width' | 'outputs'>;
}

const gray12 = { layout: 'NCHW', channels: 1, height: 12, width: 12, outputs: 'logits' } as const;
const CASES: Case[] = [
  { name: 'gray NCHW logits, 256 levels', model: 'gray-nchw-logits.onnx', options: { levels: 256 }, ref: gray12 },
  { name: 'gray NCHW logits, grey base, 2x2 blocks stride 2', model: 'gray-nchw-logits.onnx', options: { levels: 9, base: 128, block: 2, stride: 2 }, ref: gray12 },
  { name: 'gray NCHW logits, 3x3 blocks stride 1', model: 'gray-nchw-logits.onnx', options: { levels: 6, block: 3, stride: 1 }, ref: gray12 },
  {
    name: 'RGB NHWC probabilities (auto-detected)',
    model: 'rgb-nhwc-probs.onnx',
    options: { levels: 12 },
    ref: { layout: 'NHWC', channels: 3, height: 10, width: 10, outputs: 'probabilities' },
  },
  {
    name: 'RGB NHWC probabilities, channel mode',
    model: 'rgb-nhwc-probs.onnx',
    options: { levels: 7, mode: 'channel', base: 200 },
    ref: { layout: 'NHWC', channels: 3, height: 10, width: 10, outputs: 'probabilities' },
  },
  {
    name: 'RGB NCHW, weights in an external data file, [-1,1] range',
    model: 'rgb-nchw-external.onnx',
    options: { levels: 10, inputRange: [-1, 1] },
    ref: { layout: 'NCHW', channels: 3, height: 8, width: 8, outputs: 'logits' },
  },
  {
    name: 'fixed batch size 1',
    model: 'gray-batch1.onnx',
    options: { levels: 8, batch: 16 },
    ref: { layout: 'NCHW', channels: 1, height: 8, width: 8, outputs: 'logits' },
  },
  {
    name: 'NHWC gray, initializers listed among the inputs (old exporter)',
    model: 'gray-nhwc-old-exporter.onnx',
    options: { levels: 16 },
    ref: { layout: 'NHWC', channels: 1, height: 8, width: 8, outputs: 'logits' },
  },
  {
    name: '[-1,1] range with per-channel mean and std, channel mode',
    model: 'wide-range-logits.onnx',
    options: { levels: 5, inputRange: [-1, 1], mean: [0.1, -0.2, 0.3], std: [0.5, 0.25, 2], mode: 'channel' },
    ref: { layout: 'NCHW', channels: 3, height: 6, width: 6, outputs: 'logits' },
  },
  {
    name: 'dynamic height and width with --size',
    model: 'dynamic-hw.onnx',
    options: { levels: 6, size: [9, 7] },
    ref: { layout: 'NCHW', channels: 1, height: 9, width: 7, outputs: 'logits' },
  },
  {
    name: 'five channels with --layout NCHW',
    model: 'five-channels.onnx',
    options: { levels: 4, layout: 'NCHW' },
    ref: { layout: 'NCHW', channels: 5, height: 6, width: 6, outputs: 'logits' },
  },
];

const sessions = new Map<string, InferenceSession>();
afterAll(async () => {
  for (const s of sessions.values()) await s.release();
});

async function reference(c: Case, batch: number) {
  const file = fixture(c.model);
  if (!sessions.has(file)) sessions.set(file, await openReferenceSession(file));
  const o = c.options;
  return referenceSweep(sessions.get(file)!, {
    levels: o.levels ?? 256,
    base: o.base ?? 0,
    inputRange: o.inputRange ?? [0, 1],
    mean: o.mean,
    std: o.std,
    block: o.block ?? 1,
    stride: o.stride ?? 1,
    mode: o.mode ?? 'gray',
    batch,
    ...c.ref,
  });
}

describe('the engine equals a plain reference sweep, cell for cell', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const sig = await computeSignature(fixture(c.model), { ...c.options, threads: 2 });
      const ref = await reference(c, c.model === 'gray-batch1.onnx' ? 1 : 13);
      expect(sig.info.shape).toEqual(ref.shape);
      expect(sig.info.output.kind).toBe(c.ref.outputs);
      expect(Array.from(sig.signature)).toEqual(Array.from(ref.signature));
      expect(Array.from(sig.delta)).toEqual(Array.from(ref.delta));
      // The cases are chosen so that the comparison is not vacuous.
      expect(new Set(sig.signature).size).toBeGreaterThan(1);
      expect(Math.max(...sig.delta)).toBeGreaterThan(0);
    });
  }
});

describe('the result does not depend on threads or batch size', () => {
  let first: Signature;
  beforeAll(async () => {
    first = await computeSignature(fixture('rgb-nhwc-probs.onnx'), { levels: 32, threads: 1, batch: 1 });
  });
  for (const [threads, batch] of [[2, 7], [3, 64], [2, 1000], [1, 32]] as const) {
    it(`threads ${threads}, batch ${batch}`, async () => {
      const sig = await computeSignature(fixture('rgb-nhwc-probs.onnx'), { levels: 32, threads, batch });
      expect(Buffer.from(sig.signature.buffer).equals(Buffer.from(first.signature.buffer))).toBe(true);
      expect(Buffer.from(sig.delta.buffer).equals(Buffer.from(first.delta.buffer))).toBe(true);
    });
  }
});

describe('signature info', () => {
  it('records the model, input, options and passes', async () => {
    const sig = await computeSignature(fixture('gray-nchw-logits.onnx'), { levels: 16, threads: 2, batch: 10 });
    const { info } = sig;
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.input).toMatchObject({ name: 'image', layout: 'NCHW', channels: 1, height: 12, width: 12 });
    expect(info.classes).toBe(10);
    expect(info.shape).toEqual([10, 12, 12]);
    expect(info.options).toMatchObject({ levels: 16, base: 0, mode: 'gray', threads: 2, batch: 10 });
    // Every swept image once, plus the base batch and the padding of each thread's last batch.
    const swept = 12 * 12 * 16;
    expect(info.passes).toBeGreaterThanOrEqual(swept + 10);
    expect(info.passes).toBeLessThan(swept + 10 + 2 * 10);
    expect(info.passes % 10).toBe(0);
    expect(info.baseProbabilities).toHaveLength(10);
    // The base pixel value is level 0, so no gain can be negative.
    expect(Math.min(...sig.delta)).toBeGreaterThanOrEqual(0);
  });

  it('uses the fixed batch size of a model that has one', async () => {
    const sig = await computeSignature(fixture('gray-batch1.onnx'), { levels: 4, batch: 32 });
    expect(sig.info.options.batch).toBe(1);
  });
});

describe('progress and cancellation', () => {
  it('reports progress up to the total', async () => {
    const seen: { done: number; total: number }[] = [];
    await computeSignature(fixture('gray-nchw-logits.onnx'), { levels: 64 }, { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    const last = seen.at(-1)!;
    expect(last.total).toBe(12 * 12);
    expect(last.done).toBe(last.total);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
  });

  it('stops when the signal aborts, and a later sweep still works', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const run = computeSignature(fixture('gray-nchw-logits.onnx'), { levels: 65536, threads: 2 }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 0) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    // 9.4M passes would take far longer than this; the abort really stopped the work.
    expect(performance.now() - started).toBeLessThan(20_000);
    const again = await computeSignature(fixture('gray-nchw-logits.onnx'), { levels: 4 });
    expect(again.info.classes).toBe(10);
  });

  it('refuses to start with an aborted signal', async () => {
    await expect(computeSignature(fixture('gray-nchw-logits.onnx'), {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('adaptive search', () => {
  it('stays within the tolerances of the exhaustive search with far fewer passes', async () => {
    const file = fixture('gray-nchw-logits.onnx');
    const ex = await computeSignature(file, { levels: 256, search: 'exhaustive' });
    const ad = await computeSignature(file, { levels: 256, search: 'adaptive' });
    let moving = 0;
    let agree = 0;
    for (let i = 0; i < ex.delta.length; i++) {
      expect(Math.abs(ex.delta[i]! - ad.delta[i]!)).toBeLessThanOrEqual(0.005);
      if (ex.delta[i]! >= 0.01) {
        moving++;
        if (ex.signature[i] === ad.signature[i]) agree++;
      }
    }
    expect(moving).toBeGreaterThan(50);
    expect(agree / moving).toBeGreaterThanOrEqual(0.995);
    expect(ex.info.passes / ad.info.passes).toBeGreaterThanOrEqual(8);
  });

  it('gives the same result for any thread count and batch size', async () => {
    const file = fixture('rgb-nhwc-probs.onnx');
    const a = await computeSignature(file, { levels: 256, search: 'adaptive', threads: 1, batch: 1 });
    const b = await computeSignature(file, { levels: 256, search: 'adaptive', threads: 3, batch: 50 });
    expect(Buffer.from(b.signature.buffer).equals(Buffer.from(a.signature.buffer))).toBe(true);
    expect(Buffer.from(b.delta.buffer).equals(Buffer.from(a.delta.buffer))).toBe(true);
  });

  it('is the exhaustive search when the levels are too few for a grid', async () => {
    const file = fixture('gray-nchw-logits.onnx');
    const ex = await computeSignature(file, { levels: 8, search: 'exhaustive' });
    const ad = await computeSignature(file, { levels: 8, search: 'adaptive' });
    expect(Array.from(ad.signature)).toEqual(Array.from(ex.signature));
    expect(ad.info.passes).toBe(ex.info.passes);
  });
});

describe('log-probability score', () => {
  it('keeps S and turns D into the log of the probability ratio', async () => {
    const file = fixture('gray-nchw-logits.onnx');
    const p = await computeSignature(file, { levels: 16 });
    const q = await computeSignature(file, { levels: 16, score: 'log-probability' });
    expect(Array.from(q.signature)).toEqual(Array.from(p.signature));
    const cells = 12 * 12;
    for (let i = 0; i < p.delta.length; i++) {
      const p0 = p.info.baseProbabilities[Math.floor(i / cells)]!;
      expect(Math.log((p.delta[i]! + p0) / p0)).toBeCloseTo(q.delta[i]!, 3);
    }
    expect(q.info.baseProbabilities.every((v) => v <= 0)).toBe(true);
  });
});
