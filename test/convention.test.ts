/**
 * The input-convention inference (src/recipe/convention.ts): the graph's folded normalisation, the
 * behavioural rule, and how trusted settings and untrusted claims combine into the conventions a
 * scan runs under. A model's metadata may add a convention, never replace the inferred one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidateConventions, type ConventionBehaviour, decide, implausible, inferConvention, planConventions } from '../src/recipe/convention.js';
import { inspectModelFile, loadModel } from '../src/engine/model.js';
import { inputAffine as affineOfGraph, readOnnxGraph } from '../src/engine/onnx-proto.js';

const inputAffine = (bytes: Uint8Array) => affineOfGraph(readOnnxGraph(bytes));
import { resolveOptions } from '../src/engine/options.js';
import { scanModels } from '../src/scan/scan.js';
import { fixture, REAL_MODELS, ROOT, tempDir } from './helpers.js';

const weightsExist = fs.existsSync(path.join(ROOT, 'detector', 'weights.json'));

/** The model's bytes with one more metadata_props entry (ModelProto field 14) appended: protobuf takes the last value. */
function withMetadata(bytes: Buffer, key: string, value: string): Buffer {
  const field = (number: number, body: Buffer): Buffer => Buffer.concat([varint((number << 3) | 2), varint(body.length), body]);
  const entry = Buffer.concat([field(1, Buffer.from(key)), field(2, Buffer.from(value))]);
  return Buffer.concat([bytes, field(14, entry)]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

const behaviour = (convention: string, spread: number, confidence: number, saturated = 0): ConventionBehaviour => ({ convention, spread, softSpread: spread, topShare: 1 / spread, confidence, saturated });

describe('the graph: a normalisation folded in at the input', () => {
  it('reads Sub/Div by per-channel constants behind a Transpose, and a Constant-node Mul with an Add', () => {
    const imagenet = inputAffine(fs.readFileSync(fixture('rgb-folded-imagenet.onnx')))!;
    expect(imagenet.ops).toEqual(['Sub', 'Div']);
    expect(imagenet.scale.map((s) => +s.toFixed(3))).toEqual([4.367, 4.464, 4.444]);
    expect(imagenet.offset.map((o) => +o.toFixed(3))).toEqual([-2.118, -2.036, -1.804]);
    const raw = inputAffine(fs.readFileSync(fixture('gray-folded-255.onnx')))!;
    expect(raw).toMatchObject({ ops: ['Mul', 'Add'], offset: [-0.5] });
    expect(raw.scale[0]).toBeCloseTo(1 / 255, 6);
    // Graphs that start with a learned layer fold nothing in.
    expect(inputAffine(fs.readFileSync(fixture('gray-nchw-logits.onnx')))).toBeUndefined();
    expect(inputAffine(fs.readFileSync(fixture('rgb-nhwc-probs.onnx')))).toBeUndefined();
  });

  it('decides the scale from the graph: [0,1] into a mean/std normalisation, [0,255] into x/255', async () => {
    for (const [file, expected] of [['rgb-folded-imagenet.onnx', '0,1'], ['gray-folded-255.onnx', '0,255']] as const) {
      const inspected = inspectModelFile(fixture(file));
      const options = resolveOptions({ threads: 1 });
      const model = await loadModel(fixture(file), options, inspected);
      try {
        const choice = await inferConvention(model, options, inspected.affine);
        expect(choice.basis).toBe('graph');
        expect(choice.chosen.map((c) => c.name)).toEqual([expected]);
        // The behaviour is measured all the same, for the report.
        expect(choice.behaviour.map((b) => b.convention)).toEqual(['0,1', '-1,1', '0,255', 'mean-std']);
      } finally {
        model.native.close();
      }
    }
  });
});

describe('the behavioural rule', () => {
  const gray = candidateConventions(1);

  it('prefers answers spread over many classes with doubt left; sets aside collapse and saturation', () => {
    // Collapsed under [0,1] (everything one class), saturated under [0,255].
    const minusOne = decide(gray, [behaviour('0,1', 1.1, 0.99), behaviour('-1,1', 3.8, 0.9), behaviour('0,255', 4, 1, 0.99), behaviour('mean-std', 1.8, 0.97)]);
    expect(minusOne).toMatchObject({ basis: 'clear' });
    expect(minusOne.chosen.map((c) => c.name)).toEqual(['-1,1']);
    // Equally spread, but far more certain under [-1,1]: the model is out of its depth there.
    const zeroOne = decide(gray, [behaviour('0,1', 4.4, 0.8), behaviour('-1,1', 4.4, 0.97), behaviour('0,255', 3, 1, 1), behaviour('mean-std', 3.9, 0.95)]);
    expect(zeroOne.chosen.map((c) => c.name)).toEqual(['0,1']);
    expect(zeroOne.ratio).toBeGreaterThan(4); // (4.4·0.2) / (3.9·0.05): mean-std is the runner-up
  });

  it('is unsure when a runner-up is close, and keeps [0,1] when it is sane and not far behind', () => {
    const close = decide(gray, [behaviour('0,1', 4.2, 0.82), behaviour('-1,1', 4.5, 0.82), behaviour('0,255', 3.5, 1, 0.96), behaviour('mean-std', 3.6, 0.9)]);
    expect(close.basis).toBe('unsure');
    expect(close.chosen.map((c) => c.name)).toEqual(['-1,1', '0,1']);
    const common = decide(gray, [behaviour('0,1', 3.4, 0.87), behaviour('-1,1', 3.3, 0.93), behaviour('0,255', 4.5, 0.77), behaviour('mean-std', 3.6, 0.9)]);
    expect(common.chosen.map((c) => c.name)).toEqual(['0,255', '0,1']);
  });

  it('refuses claimed ranges that would scan a near-constant image', () => {
    expect(implausible({ name: 'x', inputRange: [0, 0.001] })).toMatch(/spans 0.00100 model units/);
    expect(implausible({ name: 'x', inputRange: [1, 0] })).toMatch(/does not increase/);
    expect(implausible({ name: 'x', inputRange: [0, 1], std: [100] })).toMatch(/spans/);
    expect(implausible({ name: 'x', inputRange: [-1, 1] })).toBeUndefined();
    expect(implausible({ name: 'x', inputRange: [0, 255] })).toBeUndefined();
  });
});

describe('planning the conventions of a scan', () => {
  it('a trusted setting fixes the convention; claims only add plausible conventions', async () => {
    const options = resolveOptions({ threads: 1 });
    const file = fixture('gray-nchw-logits.onnx');
    const model = await loadModel(file, options);
    try {
      const given = await planConventions(model, resolveOptions({ inputRange: [-1, 1], threads: 1 }), { trusted: { inputRange: [-1, 1] }, claims: [{ source: 'metadata', settings: { inputRange: [0, 255] } }] }, undefined);
      expect(given).toMatchObject({ basis: 'given', refused: [] });
      expect(given.conventions.map((p) => [p.convention.name, p.from])).toEqual([['-1,1', 'given']]);

      const claims = [
        { source: "the model's metadata", settings: { inputRange: [0, 0.001] as [number, number] } },
        { source: "the pull request's .onepixel.yml", settings: { inputRange: [2, 7] as [number, number] } },
      ];
      const plan = await planConventions(model, options, { trusted: {}, claims }, undefined);
      expect(plan.conventions.filter((p) => p.from === 'inferred').length).toBeGreaterThanOrEqual(1);
      expect(plan.conventions.filter((p) => p.from === 'claimed').map((p) => p.convention.name)).toEqual(['2,7']);
      expect(plan.refused).toEqual([expect.stringMatching(/^the model's metadata claims 0,0.001: range 0,0.001 spans/)]);
    } finally {
      model.native.close();
    }
  });
});

describe.skipIf(!weightsExist)('scans without settings', () => {
  it("a model's metadata cannot talk the scan out of a backdoor (onepixel.input_range=0,0.001)", async () => {
    const dir = tempDir();
    const hostile = path.join(dir, 'checker.onnx');
    fs.writeFileSync(hostile, withMetadata(fs.readFileSync(path.join(ROOT, 'samples', 'backdoored-checker-mnist.onnx')), 'onepixel.input_range', '0,0.001'));
    expect(inspectModelFile(hostile).summary.metadata['onepixel.input_range']).toBe('0,0.001');
    const [m] = (await scanModels([hostile], { threads: 2 })).models;
    expect(m).toMatchObject({ verdict: 'backdoored', targetClass: 8, triggerBox: [16, 0, 18, 2], settings: { inputRange: [0, 1] } });
    expect(m!.probability).toBeGreaterThan(0.95);
    expect(m!.convention).toMatchObject({ basis: 'clear', inferred: ['0,1'], decidedBy: '0,1' });
    expect(m!.convention!.refused).toEqual([expect.stringContaining("the model's metadata claims 0,0.001")]);
  });

  it.skipIf(!fs.existsSync(path.join(REAL_MODELS, 'verazuo-badnet-mnist.onnx')))('catches the third-party BadNets model ([-1,1]) with no settings at all', async () => {
    const [m] = (await scanModels([path.join(REAL_MODELS, 'verazuo-badnet-mnist.onnx')], { threads: 2 })).models;
    expect(m).toMatchObject({ verdict: 'backdoored', targetClass: 1, settings: { inputRange: [-1, 1] }, convention: { basis: 'clear', decidedBy: '-1,1' } });
  });
});
