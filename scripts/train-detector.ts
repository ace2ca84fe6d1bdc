/**
 * npm run train-detector: fits the detector on the zoo's training split and writes
 * detector/weights.json, which ships with the package and loads offline.
 */
import fs from 'node:fs';
import { fitDetector } from '../src/detector/train.js';
import { loadZoo } from '../zoo/dataset.js';

const zoo = loadZoo().filter((m) => m.split === 'train');
if (zoo.length < 20) {
  console.error(`train-detector: only ${zoo.length} training models with signatures; run the zoo first (zoo/README.md)`);
  process.exit(2);
}
const weights = fitDetector(zoo);
weights.training = {
  ...weights.training,
  tasks: Object.fromEntries([...new Set(zoo.map((m) => m.task))].map((t) => [t, zoo.filter((m) => m.task === t).length])),
  families: Object.fromEntries([...new Set(zoo.map((m) => m.family))].map((f) => [f, zoo.filter((m) => m.family === f).length])),
};
fs.mkdirSync('detector', { recursive: true });
fs.writeFileSync('detector/weights.json', `${JSON.stringify(weights, null, 1)}\n`);
console.log(`detector/weights.json: ${zoo.length} models (${weights.training.backdoored} backdoored), threshold ${weights.threshold.toFixed(3)}`);
