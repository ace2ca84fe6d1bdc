/**
 * What each feature carries on its own, for feature work: the AUC of every model-level feature
 * over the zoo, and for every class feature how often its largest class is a real target (and
 * the AUC of that largest value). `--rows` prints each model's transfer-test model features.
 *
 *   npx tsx bench/lab-features.ts [--rows]
 */
import { classEvidence, classFeatures, modelFeatures } from '../src/detector/features.js';
import { featureNames } from '../src/detector/detector.js';
import { loadZoo } from '../zoo/dataset.js';
import { auc } from '../scripts/metrics.js';

const zoo = loadZoo();
const names = featureNames();
console.log(`${zoo.length} models, ${zoo.filter((m) => m.backdoored).length} backdoored`);
const labels = zoo.map((m) => m.backdoored);
const mv = zoo.map((m) => modelFeatures(m.result).map((f) => f.value));
names.modelFeatures.slice(2).forEach((n, j) => console.log('model', n.padEnd(34), auc(mv.map((v) => v[j]!), labels).toFixed(3)));
const cv = zoo.map((m) => classEvidence(m.result).map((e) => classFeatures(e, m.height, m.width).map((f) => f.value)));
names.classFeatures.forEach((n, j) => {
  let hits = 0, bd = 0;
  const kinds: Record<string, [number, number]> = {};
  zoo.forEach((m, i) => {
    if (!m.backdoored) return;
    bd++;
    const col = cv[i]!.map((v) => v[j]!);
    const top = col.indexOf(Math.max(...col));
    const hit = m.targets.includes(top) ? 1 : 0;
    hits += hit;
    (kinds[m.kind] ??= [0, 0])[0] += hit; kinds[m.kind]![1]++;
  });
  // model-level AUC of the max of this class feature
  const a = auc(cv.map((c) => Math.max(...c.map((v) => v[j]!))), labels);
  console.log('class', n.padEnd(34), 'hit', (hits / bd).toFixed(2), Object.entries(kinds).map(([k, [h, t]]) => `${k}:${h}/${t}`).join(' '), 'maxAUC', a.toFixed(3));
});
if (process.argv.includes('--rows')) zoo.forEach((m, i) => console.log(m.id, m.task, m.family, m.kind, m.targets.join(','), mv[i]!.slice(-14).map((v) => v.toFixed(2)).join(' ')));
