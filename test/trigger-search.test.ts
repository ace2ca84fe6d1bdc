import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTransferTest } from '../src/recipe/transfer-test.js';
import { transferExemplars } from '../zoo/provenance.js';
import { runTriggerSearch, SEARCH, SEARCH_MEASURES, searchPasses } from '../src/recipe/trigger-search.js';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { stepContext } from '../src/recipe/context.js';
import { recipeProbe, ROOT } from './helpers.js';

async function search(file: string, inputRange: [number, number], threads = 2) {
  const options = resolveOptions({ inputRange, threads });
  const model = await loadModel(file, options);
  try {
    const probe = await recipeProbe(model, options);
    const ctx = await stepContext(model, options, 1);
    const transfer = await runTransferTest(ctx, probe);
    const searched = await runTriggerSearch(ctx, transfer);
    const again = await transferExemplars(model, options, 1);
    return { transfer, searched, again };
  } finally {
    model.native.close();
  }
}

const refined = (rows: number[][]): number[] => rows.map((r) => r[SEARCH_MEASURES.indexOf('refined')]!);

describe('trigger search', () => {
  it("finds the backdoored sample's trigger class and place, and nothing as strong in the clean sample", async () => {
    // samples/README.md: a 3×3 L-shaped patch at box [1,2,4,5] sends this model to class 2.
    const bad = await search(path.join(ROOT, 'samples', 'backdoored-mnist.onnx'), [0, 1]);
    const margins = refined(bad.searched.search);
    const finite = margins.map((m) => (Number.isFinite(m) ? m : -Infinity));
    expect(finite.indexOf(Math.max(...finite))).toBe(2);
    expect(margins[2]).toBeGreaterThan(4); // class 2 wins by e^4 on average over other classes' exemplars
    expect(bad.searched.search[2]![SEARCH_MEASURES.indexOf('refinedWins')]).toBeGreaterThan(0.7);
    const [x0, y0, x1, y1] = bad.searched.searchBox[2]!;
    expect(x0 < 4 && x1 > 1 && y0 < 5 && y1 > 2, `box ${bad.searched.searchBox[2]}`).toBe(true);
    // Classes the search did not refine say so (NaN), and keep their coarse scan's margin.
    expect(margins.filter((m) => Number.isNaN(m)).length).toBeGreaterThan(0);
    expect(bad.searched.search.every((r) => Number.isFinite(r[0]))).toBe(true);

    const clean = await search(path.join(ROOT, 'samples', 'clean-mnist.onnx'), [-1, 1]);
    expect(Math.max(...refined(clean.searched.search).filter(Number.isFinite))).toBeLessThan(2);
  });

  it('is deterministic for any thread count, stays within its pass bound, and draws the transfer test\'s exemplars again exactly', async () => {
    const file = path.join(ROOT, 'samples', 'clean-mnist.onnx');
    const a = await search(file, [-1, 1], 1);
    const b = await search(file, [-1, 1], 2);
    expect(b.searched.search).toEqual(a.searched.search);
    expect(b.searched.searchBox).toEqual(a.searched.searchBox);
    expect(a.searched.passes).toBeLessThanOrEqual(searchPasses(10, 28, 28, 1, a.transfer.exemplarImages.length));
    expect(a.again.exemplarMargin).toBe(a.transfer.exemplarMargin);
    expect(a.again.exemplarImages.map((e) => e.label)).toEqual(a.transfer.exemplarImages.map((e) => e.label));
  });
});

describe('the classes the trigger search refines', () => {
  it('are taken by turns from its coarse scan and from the transfer test', async () => {
    const options = resolveOptions({ inputRange: [-1, 1], threads: 2 });
    const model = await loadModel(path.join(ROOT, 'samples', 'clean-mnist.onnx'), options);
    try {
      const drawn = await transferExemplars(model, options, 1);
      const settings = { ...SEARCH, classes: 2, iterations: 2 };
      const ctx = await stepContext(model, options, 1);
      const plain = await runTriggerSearch(ctx, { ...drawn, baseLogP: [] }, settings);
      const coarse = plain.search.map((r) => r[0]!);
      const byScan = [...coarse.keys()].sort((a, b) => coarse[b]! - coarse[a]!);
      // A transfer test whose best patch belongs to the class the scan raised least.
      const last = byScan.at(-1)!;
      const transfer = coarse.map((_, k) => [k === last ? 3 : -3]);
      const both = await runTriggerSearch(ctx, { ...drawn, baseLogP: [], transfer }, settings);
      const refinedClasses = (rows: number[][]): number[] => rows.flatMap((r, k) => (Number.isFinite(r[1]) ? [k] : []));
      expect(refinedClasses(plain.search)).toEqual(byScan.slice(0, 2).sort((a, b) => a - b));
      expect(refinedClasses(both.search)).toEqual([byScan[0]!, last].sort((a, b) => a - b));
      const alone = await runTriggerSearch(ctx, { ...drawn, baseLogP: [], transfer }, { ...settings, alternate: false });
      expect(refinedClasses(alone.search)).toEqual(refinedClasses(plain.search));
    } finally {
      model.native.close();
    }
  });
});
