/**
 * What the one-pixel step's level count costs and changes, without recomputing the whole
 * recipe: the step feeds no other step, so it is swept again at --levels and spliced into copies
 * of the zoo's signature files (in --out), with its passes recorded. Compare the copies with
 * `npx tsx bench/lab-cv.ts`-style fits, or adopt them (as was done for 32 levels; zoo/README.md).
 * A splice at the recipe's own level count reproduces the stored files bit for bit.
 *
 *   npx tsx bench/lab-pixel-levels.ts --levels 16 [--out scratch/sig-L16]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RECIPE, stepOptions, stepResult } from '../src/recipe/recipe.js';
import { decodeSteps, encodeSteps } from '../src/recipe/result.js';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions } from '../src/engine/options.js';
import { sweepModel } from '../src/signature/signature.js';
import { inputRange, normalizeMeta } from '../zoo/dataset.js';

const { values } = parseArgs({ options: { levels: { type: 'string', default: '32' }, out: { type: 'string' }, models: { type: 'string', default: 'zoo/models' }, signatures: { type: 'string', default: 'zoo/signatures' } } });
const levels = Number(values.levels);
const out = values.out ?? `scratch/sig-L${levels}`;
fs.mkdirSync(out, { recursive: true });
const step = { ...RECIPE[0]!, levels };
for (const file of fs.readdirSync(values.signatures!).sort()) {
  const id = file.replace('.json.gz', '');
  const target = path.join(out, file);
  const dir = path.join(values.models!, id);
  if (fs.existsSync(target) || !fs.existsSync(path.join(dir, 'model.onnx'))) continue;
  const meta = normalizeMeta(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')));
  const options = resolveOptions({ inputRange: inputRange(meta), threads: 1 });
  const model = await loadModel(path.join(dir, 'model.onnx'), options);
  try {
    const body = decodeSteps(fs.readFileSync(path.join(values.signatures!, file)));
    const sig = await sweepModel(model, stepOptions(step, options, model.input.height, model.input.width));
    const { steps, ...rest } = body;
    const spliced = steps.map((s) => (s.step === step.name ? stepResult(step, sig) : s));
    fs.writeFileSync(target, encodeSteps(spliced, { ...rest, pixelPasses: sig.info.passes, pixelSeconds: sig.info.seconds }));
    console.log(`${id}: ${step.name} at ${levels} levels, ${sig.info.passes} passes`);
  } finally {
    model.native.close();
  }
}
