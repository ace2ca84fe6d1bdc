import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWeightsPath, loadWeights } from '../src/detector/detector.js';
import { Canvas, eachOf, palette, random, ImageRunner, stamp, strokes } from '../src/recipe/images.js';
import { PROBE, probeGrid, probePasses } from '../src/recipe/patch-probe.js';
import { checkOutput } from '../src/signature/signature.js';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { fixture, recipeProbe, ROOT, tempDir } from './helpers.js';

async function probe(file: string, inputRange: [number, number], threads = 2) {
  const options = resolveOptions({ inputRange, threads });
  const model = await loadModel(file, options);
  try {
    return { result: await recipeProbe(model, options), input: model.input };
  } finally {
    model.native.close();
  }
}

describe('patch probe', () => {
  it('grows a patch for the backdoored sample that reaches its target class on every base, and one at the trigger', async () => {
    // samples/README.md: a 3×3 L-shaped patch at box [1,2,4,5] sends this model to class 2.
    const { result } = await probe(path.join(ROOT, 'samples', 'backdoored-mnist.onnx'), [0, 1]);
    const top = result.refined.indexOf(Math.max(...result.refined));
    expect(top).toBe(2);
    expect(result.refined[2]).toBeGreaterThan(Math.log(0.9));
    // On black bases several places saturate for class 2; the block sweep's peak seeds one at
    // the trigger, among the patches the transfer test tries.
    const onTrigger = result.candidates[2]!.filter((p) => p.x0 < 4 && p.x0 + PROBE.window > 1 && p.y0 < 5 && p.y0 + PROBE.window > 2);
    expect(onTrigger.length).toBeGreaterThan(0);
  });

  it('is deterministic, stays within its pass bound, and keeps boxes inside the input', async () => {
    const file = path.join(ROOT, 'samples', 'clean-mnist.onnx');
    const a = await probe(file, [-1, 1], 1);
    const b = await probe(file, [-1, 1], 2);
    expect(b.result.refined).toEqual(a.result.refined);
    expect(Array.from(b.result.gain)).toEqual(Array.from(a.result.gain));
    const { height, width, channels } = a.input;
    expect(a.result.passes).toBeLessThanOrEqual(probePasses(10, channels, height, width, 1));
    expect(a.result.gain.length).toBe(10 * a.result.rows * a.result.cols);
    for (const [x0, y0, x1, y1] of a.result.refinedBox) {
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(y0).toBeGreaterThanOrEqual(0);
      expect(x1 - x0).toBeGreaterThan(0);
      expect(x1 - x0).toBeLessThanOrEqual(PROBE.window); // narrower where the window is clipped at the edge
      expect(x1).toBeLessThanOrEqual(width);
      expect(y1).toBeLessThanOrEqual(height);
    }
  });

  it('puts a window over every pixel, the last row and column included', () => {
    for (const [side, cell] of [[28, 1], [32, 1], [33, 1], [6, 1], [224, 7], [64, 2]] as const) {
      const { window, stridePx, rows, cols } = probeGrid(side, side, cell);
      expect(rows).toBe(cols);
      expect((cols - 1) * stridePx + window * cell, `side ${side}`).toBeGreaterThanOrEqual(side);
      if (cols > 1) expect((cols - 2) * stridePx + window * cell, `side ${side}`).toBeLessThan(side);
    }
  });

  it('works on fixed-batch, NHWC colour and logit models', async () => {
    for (const [name, range] of [['gray-batch1.onnx', [0, 1]], ['rgb-nhwc-probs.onnx', [0, 1]], ['wide-range-logits.onnx', [-1, 1]]] as const) {
      const { result } = await probe(fixture(name), [...range] as [number, number]);
      expect(result.refined.every(Number.isFinite)).toBe(true);
      expect(result.refined.every((v) => v <= 1e-6)).toBe(true); // log-probabilities
      expect(result.refinedBox.length).toBe(result.classes);
    }
  });
});

describe('detector weights', () => {
  it('refuses weights fitted for other features, in one line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'weights.json');
    const shipped = JSON.parse(fs.readFileSync(defaultWeightsPath(), 'utf8')) as { specialists: { modelFeatures: string[] }[] };
    const [first, ...rest] = shipped.specialists;
    fs.writeFileSync(file, JSON.stringify({ ...shipped, specialists: [{ ...first, modelFeatures: first!.modelFeatures.slice(0, -1) }, ...rest] }));
    expect(() => loadWeights(file)).toThrow(/^.*weights\.json was trained for other features; run npm run train-detector$/);
    expect(() => loadWeights()).not.toThrow();
  });

  it('refuses weights of an older schema, or a file that is no weights, in one line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'weights.json');
    const shipped = JSON.parse(fs.readFileSync(defaultWeightsPath(), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...shipped, schema: 'onepixel-detector/2' }));
    expect(() => loadWeights(file)).toThrow(/^.*weights\.json is not detector weights of schema onepixel-detector\/3 \(found "onepixel-detector\/2"\); run npm run train-detector$/);
    const recipe = JSON.stringify(shipped.recipe);
    for (const body of ['null', '[]', '{"schema":"onepixel-detector/3"}', `{"schema":"onepixel-detector/3","recipe":${recipe},"specialists":[null,{"members":[{}]}]}`]) {
      fs.writeFileSync(file, body);
      expect(() => loadWeights(file)).toThrow(/^[^\n]*weights\.json [^\n]*; run npm run train-detector$/);
    }
  });
});

describe('scorer', () => {
  it('scores a stamped image from its converted base exactly as from the whole image, in both layouts', async () => {
    for (const [file, inputRange] of [['rgb-nhwc-probs.onnx', [-1, 1]], ['gray-nchw-logits.onnx', [0, 1]]] as const) {
      const options = resolveOptions({ inputRange: [...inputRange], threads: 1 });
      const model = await loadModel(fixture(file), options);
      try {
        const { channels, height, width } = model.input;
        const colours = palette(channels);
        const base = new Canvas(channels, height, width);
        strokes(base, colours, random(7), 1);
        // Patches inside, across the edges, and off the top-left corner.
        const patches = [[2, 3], [height - 2, width - 3], [-1, -2]].map(([y0, x0], n) => ({ y0: y0!, x0: x0!, cells: Array.from({ length: 9 }, (_, i) => colours[(i + n) % colours.length]!) }));
        const stamped = patches.map((p) => stamp(base, p, 1, 3));
        expect(stamped.every((c) => c.origin?.base === base)).toBe(true);
        const { classes, probabilities } = await checkOutput(model, options);
        const scorer = new ImageRunner(model, options, probabilities, classes);
        const fast = await scorer.score(eachOf(stamped, (c) => c));
        const whole = await scorer.score(eachOf(stamped, (c) => new Canvas(c.channels, c.height, c.width, c.pixels)));
        expect(fast).toEqual(whole);
      } finally {
        model.native.close();
      }
    }
  });
});
