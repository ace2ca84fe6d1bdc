/**
 * npm run train-detector: fits the detector on the zoo's training split and writes
 * detector/weights.json, which ships with the package and loads offline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fitDetector } from '../src/detector/train.js';
import { loadZoo, readManifest } from '../zoo/dataset.js';
import { withRunnerUpShift } from './convention-eval.js';

const { values } = parseArgs({ options: { manifest: { type: 'string', default: 'zoo/manifest.jsonl' }, signatures: { type: 'string', default: 'zoo/signatures' }, out: { type: 'string', default: 'detector/weights.json' } } });
const zoo = loadZoo(values.manifest, values.signatures).filter((m) => m.split === 'train');
if (zoo.length < 8) {
  console.error(`train-detector: only ${zoo.length} training models with signatures; run the zoo first (zoo/README.md)`);
  process.exit(2);
}
const weights = withRunnerUpShift(fitDetector(zoo), readManifest(values.manifest));
weights.training = {
  ...weights.training,
  tasks: Object.fromEntries([...new Set(zoo.map((m) => m.task))].map((t) => [t, zoo.filter((m) => m.task === t).length])),
  families: Object.fromEntries([...new Set(zoo.map((m) => m.family))].map((f) => [f, zoo.filter((m) => m.family === f).length])),
};
fs.mkdirSync(path.dirname(values.out!), { recursive: true });
fs.writeFileSync(values.out!, `${JSON.stringify(weights, null, 1)}\n`);
const runnerUp = weights.training.runnerUp as { bar: number; clean: number; designModels: number };
console.log(`${values.out}: ${zoo.length} models (${weights.training.backdoored} backdoored), threshold ${weights.threshold.toFixed(3)}, runner-up shift ${weights.runnerUpShift} (bar ${runnerUp.bar.toFixed(3)}, from ${runnerUp.clean} clean of ${runnerUp.designModels} unsure design models)`);
