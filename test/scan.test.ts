import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScanConfig, modelSettings } from '../src/scan/scan-config.js';
import { loadWeights, type Specialist } from '../src/detector/detector.js';
import { scanModels } from '../src/scan/scan.js';
import { fixture, runCli, tempDir } from './helpers.js';

const weightsExist = fs.existsSync(path.join(__dirname, '..', 'detector', 'weights.json'));

describe('scan config', () => {
  it('applies defaults, then matching entries in order, under the command line; metadata is only a claim', () => {
    const dir = tempDir();
    const file = path.join(dir, '.onepixel.yml');
    fs.writeFileSync(file, ['defaults:', '  input-range: 0,255', 'models:', '  - path: "models/**/*.onnx"', '    input-range: -1,1', '    mean: [0.5, 0.5, 0.5]', '  - path: "models/legacy/*.onnx"', '    layout: NHWC', ''].join('\n'));
    const config = loadScanConfig(file);
    const meta = { 'onepixel.input_range': '0,1', 'onepixel.outputs': 'logits' };
    expect(modelSettings({}, meta, config, 'models/a/b.onnx').trusted).toMatchObject({ inputRange: [-1, 1], mean: [0.5, 0.5, 0.5] });
    expect(modelSettings({}, meta, config, 'models/legacy/c.onnx').trusted).toMatchObject({ inputRange: [-1, 1], layout: 'NHWC' });
    expect(modelSettings({}, meta, config, 'other/d.onnx').trusted).toMatchObject({ inputRange: [0, 255] });
    // A flag wins over the config, and the model's metadata never enters the trusted settings.
    expect(modelSettings({ inputRange: [0, 2] }, meta, config, 'models/a/b.onnx').trusted).toMatchObject({ inputRange: [0, 2] });
    expect(modelSettings({}, meta, undefined, 'other/d.onnx')).toEqual({ trusted: {}, claims: [{ source: "the model's metadata", settings: { inputRange: [0, 1], outputs: 'logits' } }] });
    // A claim that does not resolve (a 0x0 size) is ignored, not fatal.
    expect(modelSettings({}, { 'onepixel.size': '0x0' }, undefined, 'd.onnx').claims).toEqual([]);
    // A pull request's own config is a claim beside the trusted (base branch) one.
    const claimed = modelSettings({}, {}, config, 'models/a/b.onnx', { source: 'the pull request\'s .onepixel.yml', config: loadScanConfig(file) });
    expect(claimed.claims).toEqual([{ source: "the pull request's .onepixel.yml", settings: { inputRange: [-1, 1], mean: [0.5, 0.5, 0.5] } }]);
  });

  it('refuses unknown keys and bad values with the file and entry', () => {
    const dir = tempDir();
    const bad = (body: string): string => {
      const file = path.join(dir, `${Math.random()}.yml`);
      fs.writeFileSync(file, body);
      return file;
    };
    expect(() => loadScanConfig(bad('models:\n  - path: "*.onnx"\n    colour: red\n'))).toThrow(/models\[0\]: unknown setting "colour"/);
    expect(() => loadScanConfig(bad('models:\n  - path: "*.onnx"\n    input-range: 1\n'))).toThrow(/--input-range must be two numbers/);
    expect(() => loadScanConfig(bad('models:\n  - input-range: 0,1\n'))).toThrow(/needs a path glob/);
    expect(() => loadScanConfig(bad('stuff: 1\n'))).toThrow(/unknown key "stuff"/);
    expect(() => loadScanConfig(bad('models: [\n'))).toThrow(/\.yml: /);
  });
});

describe.skipIf(!weightsExist)('onepixel scan', () => {
  it('reports every model, broken ones as errors, and keeps scanning', async () => {
    const report = await scanModels([fixture('gray-nchw-logits.onnx'), fixture('bad/nan-output.onnx'), path.join(tempDir(), 'missing.onnx'), fixture('rgb-nhwc-probs.onnx')]);
    expect(report.schema).toBe('onepixel-report/1');
    expect(report.counts.scanned).toBe(4);
    expect(report.counts.errors).toBe(2);
    const byName = Object.fromEntries(report.models.map((m) => [path.basename(m.model), m]));
    expect(byName['nan-output.onnx']).toMatchObject({ verdict: 'error', errorCode: 'NON_FINITE_OUTPUT' });
    expect(byName['missing.onnx']).toMatchObject({ verdict: 'error', errorCode: 'MODEL_NOT_FOUND', sha256: null });
    for (const name of ['gray-nchw-logits.onnx', 'rgb-nhwc-probs.onnx']) {
      const m = byName[name]!;
      expect(['clean', 'backdoored']).toContain(m.verdict);
      expect(m.probability).toBeGreaterThanOrEqual(0);
      expect(m.probability).toBeLessThanOrEqual(1);
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.evidence!.gain.length).toBe(m.evidence!.rows);
    }
  });

  it('flags the held-out checker sample with its true target and trigger box, and passes the clean sample', async () => {
    // samples/README.md: the zoo's test-0001, never in the detector's training data; a 2×2
    // checker at [16,0,18,2] sends it to class 8.
    const samples = path.join(__dirname, '..', 'samples');
    const report = await scanModels([path.join(samples, 'backdoored-checker-mnist.onnx'), path.join(samples, 'clean-mnist.onnx')]);
    const [bad, clean] = report.models;
    expect(bad).toMatchObject({ verdict: 'backdoored', targetClass: 8, trigger: 'patch', triggerBox: [16, 0, 18, 2] });
    expect(clean).toMatchObject({ verdict: 'clean', targetClass: null });
  }, 120_000);

  it('scores the extremes it promises: 8×8 gray with two classes, 3×224×224 with 1,200 classes', async () => {
    // Threshold 0 flags both, so their suspected target and trigger box are reported too. The
    // big model's transfer test keeps no exemplars (random weights): the search then has none
    // to score on either, which once made its probability NaN in a live scan.
    const small = await scanModels([fixture('two-classes-8.onnx')], { threshold: 0 });
    // One convention for the big one: its whole recipe is some 290k passes of 150k-value images.
    const big = await scanModels([fixture('many-classes-224.onnx')], { threshold: 0, signature: { inputRange: [0, 1] } });
    for (const [m, side, classes] of [[small.models[0]!, 8, 2], [big.models[0]!, 224, 1200]] as const) {
      expect(m.verdict).toBe('backdoored');
      expect(m.classes).toBe(classes);
      expect(Number.isFinite(m.probability)).toBe(true);
      expect(m.targetClass).toBeGreaterThanOrEqual(0);
      expect(m.targetClass).toBeLessThan(classes);
      const [x0, y0, x1, y1] = m.triggerBox!;
      expect(0 <= x0 && x0 < x1 && x1 <= side && 0 <= y0 && y0 < y1 && y1 <= side).toBe(true);
    }
  }, 600_000);

  it('prints JSON and exits 2 when a model cannot be analysed and none is backdoored', async () => {
    const result = await runCli(['scan', fixture('bad/two-inputs.onnx'), '--json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.models[0]).toMatchObject({ verdict: 'error', errorCode: 'NO_IMAGE_INPUT' });
    expect(report.models[0].error).toMatch(/exactly one image input/);
  });

  it('flags from --threshold on, with the same probability, and refuses a threshold that is no probability', async () => {
    const cache = tempDir();
    const file = fixture('gray-nchw-logits.onnx');
    const low = await scanModels([file], { cacheDir: cache, threshold: 1e-6 });
    const high = await scanModels([file], { cacheDir: cache, threshold: 1 - 1e-6 });
    expect(high.models[0]!.probability).toBe(low.models[0]!.probability);
    expect([low.models[0]!.verdict, high.models[0]!.verdict]).toEqual(['backdoored', 'clean']);
    expect([low.threshold, high.threshold]).toEqual([1e-6, 1 - 1e-6]);
    const bad = await runCli(['scan', file, '--threshold', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('onepixel: --threshold must be a probability between 0 and 1 (got "1.5")');
  });

  it('takes the verdict of the most suspicious specialist; a blend trigger covers the whole input', async () => {
    const cache = tempDir();
    const file = fixture('gray-nchw-logits.onnx');
    const shipped = loadWeights();
    // Each specialist says the same whatever the model: probability sigmoid(bias).
    const constant = (trigger: Specialist['trigger'], bias: number): Specialist => {
      const s = shipped.specialists.find((x) => x.trigger === trigger)!;
      return { ...s, members: s.members.map((m) => ({ ...m, modelScorer: { ...m.modelScorer, weights: m.modelScorer.weights.map(() => 0), bias } })) };
    };
    const scan = (patch: number, blend: number) => scanModels([file], { cacheDir: cache, threshold: 0.5, weights: { ...shipped, specialists: [constant('patch', patch), constant('blend', blend)] } });
    const blend = (await scan(-1, 2)).models[0]!;
    const whole = [0, 0, blend.input!.width, blend.input!.height];
    expect(blend).toMatchObject({ verdict: 'backdoored', probability: 0.8808, trigger: 'blend', triggerBox: whole });
    const patch = (await scan(1, -2)).models[0]!;
    expect(patch).toMatchObject({ verdict: 'backdoored', probability: 0.7311, trigger: 'patch' });
    expect(patch.triggerBox).not.toEqual(whole);
    expect((await scan(-1, -2)).models[0]).toMatchObject({ verdict: 'clean', probability: 0.2689, trigger: null, triggerBox: null });
  });

  it("counts a convention other than the first-ranked one lower by the detector's runner-up shift, and lists both", async () => {
    // A config in the pull request claims [0,255]: scanned besides what the inference chose, as a runner-up.
    const file = path.join(tempDir(), '.onepixel.yml');
    fs.writeFileSync(file, 'defaults:\n  input-range: 0,255\n');
    const claimedConfig = { source: "the pull request's .onepixel.yml", config: loadScanConfig(file) };
    const shipped = loadWeights();
    const scan = async (runnerUpShift: number) => (await scanModels([fixture('gray-nchw-logits.onnx')], { claimedConfig, weights: { ...shipped, runnerUpShift } })).models[0]!;
    const plain = await scan(0);
    const shifted = await scan(50);
    const scanned = plain.convention!.scanned;
    expect(scanned.at(-1)).toMatchObject({ name: '0,255', from: 'claimed' });
    expect(scanned.every((c) => c.counted === undefined)).toBe(true);
    expect(plain.probability).toBe(Math.max(...scanned.map((c) => c.probability!)));
    // The same measurements; only how much the claimed scan counts changes.
    expect(shifted.convention!.scanned.map((c) => c.probability)).toEqual(scanned.map((c) => c.probability));
    expect(shifted.probability).toBe(shifted.convention!.scanned[0]!.probability);
    const claimed = shifted.convention!.scanned.at(-1)!;
    expect(claimed.counted!).toBeLessThan(claimed.probability!);
    expect(claimed.counted!).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(claimed.probability! / (1 - claimed.probability!)) - 50))), 4);
  });

  it('reuses cached sweeps of unchanged models', async () => {
    const cache = tempDir();
    const out = tempDir();
    const first = await scanModels([fixture('gray-nchw-logits.onnx')], { cacheDir: cache, artifactsDir: out });
    const second = await scanModels([fixture('gray-nchw-logits.onnx')], { cacheDir: cache, artifactsDir: out });
    expect(first.models[0]!.cached).toBe(false);
    expect(second.models[0]!.cached).toBe(true);
    expect(second.models[0]!.probability).toBe(first.models[0]!.probability);
    // The evidence picture is drawn from the recorded trigger on a cache hit as on a fresh scan.
    const evidence = first.models[0]!.recovered?.picture ? ['evidence.json', 'evidence.png'] : [];
    const whole = first.models[0]!.wholeImage?.picture ? ['whole-image.png'] : [];
    expect(fs.readdirSync(first.models[0]!.artifacts!).sort()).toEqual(['delta.npy', ...evidence, 'heatmaps.png', 'signature.json', 'signature.npy', ...whole]);
    expect(second.models[0]!.recovered).toEqual(first.models[0]!.recovered);
    // Other settings are another cache entry.
    const third = await scanModels([fixture('gray-nchw-logits.onnx')], { cacheDir: cache, signature: { inputRange: [0, 2] } });
    expect(third.models[0]!.cached).toBe(false);
  });
});
