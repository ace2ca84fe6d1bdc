/**
 * Chooses the detector's features and L2 penalty: 5-fold cross-validation (folds by model) on
 * the zoo's training split only, with the very fitDetector that ships, for a few candidate
 * feature sets. The test split is not looked at unless asked (--test), so the choice stays
 * honest; src/detector/train.ts records the choice.
 *
 *   npx tsx bench/lab-cv.ts [--out bench/results/feature-choice.md] [--only PREFIX] [--test] [--list NAME]
 */
import fs from 'node:fs';
import { detect, featureNames } from '../src/detector/detector.js';
import { defaultFeatures, type FeatureChoice, fitDetector, type SpecialistFeatures } from '../src/detector/train.js';
import { loadZoo, type ZooEntry } from '../zoo/dataset.js';
import { auc, foldOf } from '../scripts/metrics.js';

const zoo = loadZoo();
const train = zoo.filter((m) => m.split === 'train');
const names = featureNames();


const table: string[] = [];

function report(label: string, rows: { m: ZooEntry; p: number; top: number }[]): void {
  const kindAuc = ['patch', 'two', 'blend'].map((k) => {
    const sel = rows.filter((r) => r.m.kind === k || !r.m.backdoored);
    return auc(sel.map((r) => r.p), sel.map((r) => r.m.backdoored)).toFixed(3);
  });
  const kinds = kindAuc.map((a, i) => `${['patch', 'two', 'blend'][i]} ${a}`);
  const bad = rows.filter((r) => r.m.backdoored);
  const all = auc(rows.map((r) => r.p), rows.map((r) => r.m.backdoored)).toFixed(3);
  const target = (bad.filter((r) => r.m.targets.includes(r.top)).length / bad.length).toFixed(2);
  table.push(`| ${label} | ${all} | ${kindAuc.join(' | ')} | ${target} |`);
  console.log(label.padEnd(40), 'AUC', auc(rows.map((r) => r.p), rows.map((r) => r.m.backdoored)).toFixed(3), '|', kinds.join(' '), '| target', (bad.filter((r) => r.m.targets.includes(r.top)).length / bad.length).toFixed(2), `n=${rows.length}`);
  if (process.argv.includes('--list') && label.startsWith(process.argv[process.argv.indexOf('--list') + 1]!)) {
    for (const r of [...rows].sort((a, b) => b.p - a.p)) console.log('   ', r.p.toFixed(3), r.m.id, r.m.task, r.m.family, r.m.kind, r.m.targets.join(','));
  }
}

function crossValidate(features: Partial<SpecialistFeatures>, l2: number, models: ZooEntry[], pooled = false, folds = 5) {
  const rows: { m: ZooEntry; p: number; top: number }[] = [];
  for (let f = 0; f < folds; f++) {
    const fit = models.filter((m) => foldOf(m.id, folds) !== f);
    if (!fit.some((m) => m.backdoored) || !fit.some((m) => !m.backdoored)) continue;
    const weights = fitDetector(fit, { l2, features, pooled });
    for (const m of models.filter((x) => foldOf(x.id, folds) === f)) {
      const d = detect(weights, m.steps, m.height, m.width);
      rows.push({ m, p: d.probability, top: d.targetClass });
    }
  }
  return rows;
}

const transfer = (n: string): boolean => n.startsWith('transfer.');
const d = defaultFeatures();
const patch = (f: Partial<FeatureChoice>): Partial<SpecialistFeatures> => ({ patch: { ...d.patch, ...f } });
const CANDIDATES: [string, Partial<SpecialistFeatures>, boolean?][] = [
  ['chosen (defaultFeatures)', {}],
  ['chosen, one scorer for every kind of trigger', {}, true],
  ['patch: everything', { patch: names }],
  ['patch: transfer classes only', patch({ classFeatures: names.classFeatures.filter(transfer) })],
  ['patch: model from the class scorer alone', patch({ modelFeatures: ['topClassLogit', 'topClassGap'] })],
  ['patch: no probe', patch({ modelFeatures: d.patch.modelFeatures.filter((n) => !n.startsWith('patch-probe.')) })],
  ['patch: unscaled margins', patch({ modelFeatures: d.patch.modelFeatures.map((n) => (n.startsWith('transfer.') ? n.replace('Scaled', '') : n)) })],
  ['patch: without transfer gaps and z-scores', patch({ modelFeatures: d.patch.modelFeatures.filter((n) => !/Gap$|Z$/.test(n) || n === 'topClassGap') })],
  ['patch: no box share', patch({ classFeatures: d.patch.classFeatures.filter((n) => n !== 'transfer.patchBoxShare') })],
  ['patch: + blend shuffled control', patch({ modelFeatures: [...d.patch.modelFeatures, 'transfer.topBlendSpecificity'] })],
  ['blend: the patch specialist\'s features', { blend: d.patch }],
  ['blend: everything', { blend: names }],
  ['blend: no border test', { blend: { classFeatures: d.blend.classFeatures.filter((n) => !/Border|Centre/.test(n)), modelFeatures: d.blend.modelFeatures.filter((n) => !n.includes('Border')) } }],
  ['blend: no shuffled control', { blend: { classFeatures: d.blend.classFeatures, modelFeatures: d.blend.modelFeatures.filter((n) => !n.includes('Specificity')) } }],
];
console.log(`zoo: ${zoo.length} models with signatures; cross-validation on the ${train.length} training models (${train.filter((m) => m.backdoored).length} backdoored)`);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]! : '';
for (const l2 of [1, 3, 10]) for (const [label, features, pooled] of CANDIDATES.filter(([l]) => l.startsWith(only))) report(`${label}, L2 ${l2}`, crossValidate(features, l2, train, pooled));
if (process.argv.includes('--out')) {
  const out = process.argv[process.argv.indexOf('--out') + 1]!;
  const head = [
    `Chosen by \`npx tsx bench/lab-cv.ts --out ${out}\` on ${new Date().toISOString().slice(0, 10)}: 5-fold cross-validation (folds by model) on the zoo's ${train.length} training models (${train.filter((m) => m.backdoored).length} backdoored), with the shipped fitDetector. AUC over all models, then against the clean models per kind of backdoor; target: the top class is a real target, over backdoored models.`,
    '',
    '| candidate | AUC | patch | two | blend | target |',
    '|---|---|---|---|---|---|',
  ];
  fs.writeFileSync(out, `${[...head, ...table].join('\n')}\n`);
}
if (process.argv.includes('--test')) {
  const test = zoo.filter((m) => m.split === 'test');
  for (const [label, features, pooled] of CANDIDATES) {
    const weights = fitDetector(train, { l2: 3, features, pooled });
    report(`[test split] ${label}, L2 3`, test.map((m) => { const d = detect(weights, m.steps, m.height, m.width); return { m, p: d.probability, top: d.targetClass }; }));
  }
}
