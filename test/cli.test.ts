import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../src/signature/npy.js';
import { computeSignature } from '../src/signature/signature.js';
import { fixture, REAL_MODELS, runCli, tempDir } from './helpers.js';

describe('onepixel signature', () => {
  it('writes signature.npy, delta.npy, signature.json and heatmaps.png', async () => {
    const out = tempDir();
    const result = await runCli(['signature', fixture('rgb-nhwc-probs.onnx'), '--levels', '8', '--mode', 'channel', '--out', out]);
    expect(result.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['delta.npy', 'heatmaps.png', 'signature.json', 'signature.npy']);
    const info = JSON.parse(fs.readFileSync(path.join(out, 'signature.json'), 'utf8'));
    expect(info).toMatchObject({ classes: 5, shape: [5, 3, 10, 10], input: { layout: 'NHWC' }, output: { kind: 'probabilities' } });
    expect(info.options).toMatchObject({ levels: 8, mode: 'channel' });
    expect(info.passes).toBeGreaterThanOrEqual(3 * 10 * 10 * 8);
    expect(info.seconds).toBeGreaterThan(0);

    const sig = decodeNpy(fs.readFileSync(path.join(out, 'signature.npy')));
    const delta = decodeNpy(fs.readFileSync(path.join(out, 'delta.npy')));
    expect(sig.shape).toEqual([5, 3, 10, 10]);
    expect(delta.shape).toEqual([5, 3, 10, 10]);
    const direct = await computeSignature(fixture('rgb-nhwc-probs.onnx'), { levels: 8, mode: 'channel' });
    expect(Array.from(sig.data)).toEqual(Array.from(direct.signature));
    expect(Array.from(delta.data)).toEqual(Array.from(direct.delta));

    const png = fs.readFileSync(path.join(out, 'heatmaps.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBeGreaterThan(100); // width
  });

  it('--json prints signature.json and nothing else on stdout', async () => {
    const out = tempDir();
    const result = await runCli(['signature', fixture('gray-nchw-logits.onnx'), '--levels', '4', '--json', '--out', out]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(out, 'signature.json'), 'utf8')));
  });

  it('accepts negative values written as separate arguments', async () => {
    const out = tempDir();
    const result = await runCli(['signature', fixture('wide-range-logits.onnx'), '--levels', '4', '--input-range', '-1,1', '--mean', '-0.5', '--quiet', '--out', out]);
    expect(result.code).toBe(0);
    const info = JSON.parse(fs.readFileSync(path.join(out, 'signature.json'), 'utf8'));
    expect(info.options).toMatchObject({ inputRange: [-1, 1], mean: [-0.5] });
  });

  it('--help and --version', async () => {
    const help = (await runCli(['--help'])).stdout;
    expect(help).toMatch(/usage: onepixel scan/);
    expect(help).toMatch(/onepixel signature \[MODEL\]/);
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

const REAL = [
  { file: 'verazuo-badnet-mnist.onnx', args: ['--input-range', '-1,1'], kind: 'probabilities' },
  { file: 'zuramai-mnist/mnist.onnx', args: ['--input-range', '-1,1'], kind: 'logits' },
  { file: 'long-long-float-mnist.onnx', args: [], kind: undefined },
  { file: 'frenz86-mnist-mlp.onnx', args: ['--input-range', '0,255'], kind: undefined },
  { file: 'wuhanstudio-mnist-sm.onnx', args: [], kind: 'probabilities' },
  { file: 'wuhanstudio-mnist-lg.onnx', args: [], kind: 'probabilities' },
];

describe.skipIf(!fs.existsSync(REAL_MODELS))('third-party models from ../shared/realmodels', () => {
  for (const m of REAL) {
    it(m.file, async () => {
      const out = tempDir();
      const result = await runCli(['signature', path.join(REAL_MODELS, m.file), '--levels', '8', '--quiet', '--out', out, ...m.args]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const info = JSON.parse(fs.readFileSync(path.join(out, 'signature.json'), 'utf8'));
      expect(info.classes).toBe(10);
      expect(info.shape).toEqual([10, 28, 28]);
      if (m.kind) expect(info.output.kind).toBe(m.kind);
    });
  }

  it('the BadNets model: a grey base goes to the target class, and gains peak in the trigger corner', async () => {
    // realmodels/README: a white 5x5 square in the bottom-right corner flips inputs to class 1.
    const sig = await computeSignature(path.join(REAL_MODELS, 'verazuo-badnet-mnist.onnx'), { levels: 16, base: 128, inputRange: [-1, 1] });
    const [K, rows, cols] = sig.info.shape as [number, number, number];
    const p0 = sig.info.baseProbabilities;
    expect(p0.indexOf(Math.max(...p0))).toBe(1);
    let inCorner = 0;
    for (let k = 0; k < K; k++) {
      const plane = sig.delta.subarray(k * rows * cols, (k + 1) * rows * cols);
      const at = plane.indexOf(Math.max(...plane));
      if (Math.floor(at / cols) >= 23 && at % cols >= 23) inCorner++;
    }
    expect(inCorner).toBe(K);
  });
});
