import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTransferTest, TRANSFER, TRANSFER_FEATURES, transferPasses } from '../src/recipe/transfer-test.js';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { stepContext } from '../src/recipe/context.js';
import { fixture, recipeProbe, ROOT } from './helpers.js';

async function transfer(file: string, inputRange: [number, number], threads = 2, settings = TRANSFER) {
  const options = resolveOptions({ inputRange, threads });
  const model = await loadModel(file, options);
  try {
    const probe = await recipeProbe(model, options);
    return await runTransferTest(await stepContext(model, options, 1), probe, settings);
  } finally {
    model.native.close();
  }
}

const column = (rows: number[][], name: (typeof TRANSFER_FEATURES)[number]): number[] => rows.map((r) => r[TRANSFER_FEATURES.indexOf(name)]!);

describe('transfer test', () => {
  it("carries the backdoored sample's trigger onto exemplars of every other class, and no clean class's patch", async () => {
    // samples/README.md: a 3×3 L-shaped patch at box [1,2,4,5] sends this model to class 2.
    const bad = await transfer(path.join(ROOT, 'samples', 'backdoored-mnist.onnx'), [0, 1]);
    const patch = column(bad.transfer, 'patchMargin');
    const wins = column(bad.transfer, 'patchWins');
    expect(patch.indexOf(Math.max(...patch))).toBe(2);
    expect(patch[2]).toBeGreaterThan(1); // class 2 wins by e^1 on average over other classes' exemplars
    expect(wins[2]).toBeGreaterThan(0.6);
    for (const [k, v] of patch.entries()) if (k !== 2) expect(v).toBeLessThan(0);
    // The box is located where the patch works best: on the trigger.
    const [x0, y0, x1, y1] = bad.patchBox[2]!;
    expect(x0 < 4 && x1 > 1 && y0 < 5 && y1 > 2, `box ${bad.patchBox[2]}`).toBe(true);

    const clean = await transfer(path.join(ROOT, 'samples', 'clean-mnist.onnx'), [-1, 1]);
    const cleanPatch = column(clean.transfer, 'patchMargin');
    expect(Math.max(...cleanPatch)).toBeLessThan(0.5);
    expect(clean.exemplarClasses).toBeGreaterThanOrEqual(8);
  });

  it('tells a blend trigger, which works from the border alone, from an attractor, which works in the centre', async () => {
    // The zoo's train-0077 (zoo/manifest.jsonl): a Fashion-MNIST ResNet-8, inputs [0,1], with a
    // grating blended in at α 0.1 as the trigger of class 1 (trouser). Its class 8 (bag) is an
    // attractor, as in clean Fashion-MNIST models: added ink favours it.
    const result = await transfer(fixture('blend-fmnist-zoo.onnx'), [0, 1]);
    const [blend, border, centre] = (['blendMargin', 'blendBorderMargin', 'blendCentreMargin'] as const).map((name) => column(result.transfer, name)) as [number[], number[], number[]];
    expect(blend[1]).toBeGreaterThan(5); // the trigger's class wins the blend, as the attractor does
    expect(blend[8]).toBeGreaterThan(2);
    expect(border[1]).toBeGreaterThan(centre[1]! + 3);
    expect(border[1]).toBeGreaterThan(0);
    expect(centre[8]).toBeGreaterThan(border[8]!);
  });

  it('lets its noise screen choose blend searches where a model has more classes than it searches', async () => {
    // The blend fixture above, with room for two blend searches (as a 43-class model has for 16):
    // the patch transfer ranks the blend target, class 1, only sixth, the noise screen first.
    const result = await transfer(fixture('blend-fmnist-zoo.onnx'), [0, 1], 2, { ...TRANSFER, maxBlendClasses: 2 });
    const [patch, noise, blend] = (['patchMargin', 'noiseMargin', 'blendMargin'] as const).map((name) => column(result.transfer, name)) as [number[], number[], number[]];
    const best = (xs: number[]): number => xs.indexOf(Math.max(...xs));
    expect(best(noise)).toBe(1);
    expect(noise[1]).toBeGreaterThan(0); // random noise mixed in at α 0.2 already wins, on average
    expect(best(patch)).not.toBe(1);
    const searched = blend.flatMap((v, k) => (Number.isFinite(v) ? [k] : []));
    expect(searched.sort()).toEqual([1, best(patch)].sort());
    expect(blend[1]).toBeGreaterThan(5);
  });

  it('is deterministic for any thread count and stays within its pass bound', async () => {
    const file = path.join(ROOT, 'samples', 'clean-mnist.onnx');
    const a = await transfer(file, [-1, 1], 1);
    const b = await transfer(file, [-1, 1], 2);
    expect(b.transfer).toEqual(a.transfer);
    expect(a.passes).toBeLessThanOrEqual(transferPasses(10));
    expect(a.transfer.length).toBe(10);
    for (const row of a.transfer) expect(row.length).toBe(TRANSFER_FEATURES.length);
    expect(b.patchBox).toEqual(a.patchBox);
    for (const box of a.patchBox.filter((x) => x !== null)) {
      const [x0, y0, x1, y1] = box;
      expect(x0 >= 0 && y0 >= 0 && x1 > x0 && y1 > y0 && x1 <= 28 && y1 <= 28, `box ${box}`).toBe(true);
    }
  });

  it('works on fixed-batch, NHWC colour and logit models', async () => {
    for (const [name, range] of [['gray-batch1.onnx', [0, 1]], ['rgb-nhwc-probs.onnx', [0, 1]], ['wide-range-logits.onnx', [-1, 1]]] as const) {
      const result = await transfer(fixture(name), [...range] as [number, number]);
      expect(result.transfer.length).toBe(result.classes);
      for (const row of result.transfer) for (const v of row) expect(Number.isNaN(v) || Number.isFinite(v)).toBe(true);
      for (const v of column(result.transfer, 'patchWins')) if (Number.isFinite(v)) expect(v >= 0 && v <= 1).toBe(true);
    }
  });
});
