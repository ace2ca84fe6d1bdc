/**
 * Chooses the detector's features and L2 penalty: 5-fold cross-validation (folds by model) on
 * the zoo's training split only, with the very fitDetector that ships, for a few candidate
 * feature sets. The test split is not looked at unless asked (--test), so the choice stays
 * honest; src/detector/train.ts records the choice.
 *
 *   npx tsx bench/lab-cv.ts [--out bench/results/feature-choice.md] [--only PREFIX] [--test] [--list NAME] [--members N]
 *
 * Fits are single (--members 1) unless asked: the shipped detector bags 10, and a table of
 * bagged fits takes over an hour on two cores.
 */
import fs from 'node:fs';
import { detect } from '../src/detector/detector.js';
import { DEFAULT_L2, defaultFeatures, type FeatureChoice, fitDetector, type SpecialistFeatures } from '../src/detector/train.js';
import { loadZoo, type ZooEntry } from '../zoo/dataset.js';
import { auc, foldOf } from '../scripts/metrics.js';

const zoo = loadZoo();
const train = zoo.filter((m) => m.split === 'train');


const table: string[] = [];
const members = process.argv.includes('--members') ? Number(process.argv[process.argv.indexOf('--members') + 1]) : 1;

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
    const weights = fitDetector(fit, { l2, features, pooled, members });
    for (const m of models.filter((x) => foldOf(x.id, folds) === f)) {
      const d = detect(weights, m.result, m.height, m.width);
      rows.push({ m, p: d.probability, top: d.targetClass });
    }
  }
  return rows;
}

const d = defaultFeatures();
const patch = (f: Partial<FeatureChoice>): Partial<SpecialistFeatures> => ({ patch: { ...d.patch, ...f } });
const blend = (f: Partial<FeatureChoice>): Partial<SpecialistFeatures> => ({ blend: { ...d.blend, ...f } });
const without = (names: string[], test: (n: string) => boolean): string[] => names.filter((n) => !test(n));
const gaps = (n: string): boolean => /^transfer\..*Gap(Scaled)?$/.test(n);
const noise = (n: string): boolean => n.startsWith('transfer.noise');
const search = (n: string): boolean => n.startsWith('trigger-search.');
type Run = [label: string, features: Partial<SpecialistFeatures>, pooled?: boolean, l2?: number];
const CANDIDATES: Run[] = [
  ['chosen (defaultFeatures)', {}],
  ['chosen, one scorer for every kind of trigger', {}, true],
  ['patch: without the gaps to the best other class', patch({ classFeatures: without(d.patch.classFeatures, gaps) })],
  ['patch: without the noise screen', patch({ classFeatures: without(d.patch.classFeatures, noise) })],
  ['patch: without the trigger search', patch({ classFeatures: without(d.patch.classFeatures, search) })],
  ['patch: model from the class scorer alone', patch({ modelFeatures: ['topClassLogit', 'topClassGap'] })],
  ['patch: no probe', patch({ modelFeatures: d.patch.modelFeatures.filter((n) => !n.startsWith('patch-probe.')) })],
  ['blend: without the gaps to the best other class', blend({ classFeatures: without(d.blend.classFeatures, gaps) })],
  ['blend: without the noise screen', blend({ classFeatures: without(d.blend.classFeatures, noise) })],
  ['blend: without the trigger search', blend({ classFeatures: without(d.blend.classFeatures, search) })],
  ['blend: the patch specialist\'s features', { blend: d.patch }],
];
console.log(`zoo: ${zoo.length} models with signatures; cross-validation on the ${train.length} training models (${train.filter((m) => m.backdoored).length} backdoored)`);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]! : '';
// Every candidate at the shipped penalty, and the chosen features at others.
const runs: Run[] = [...CANDIDATES, ...[0.1, 3].map((l2): Run => ['chosen (defaultFeatures)', {}, false, l2])];
for (const [label, features, pooled, l2 = DEFAULT_L2] of runs.filter(([l]) => l.startsWith(only))) report(`${label}, L2 ${l2}`, crossValidate(features, l2, train, pooled));
if (process.argv.includes('--out')) {
  const out = process.argv[process.argv.indexOf('--out') + 1]!;
  const head = [
    `Chosen by \`npx tsx bench/lab-cv.ts --out ${out}\` on ${new Date().toISOString().slice(0, 10)}: 5-fold cross-validation (folds by model) on the zoo's ${train.length} training models (${train.filter((m) => m.backdoored).length} backdoored), with the shipped fitDetector (${members === 1 ? 'single fits' : `bags of ${members}`}). AUC over all models, then against the clean models per kind of backdoor; target: the top class is a real target, over backdoored models.`,
    '',
    '| candidate | AUC | patch | two | blend | target |',
    '|---|---|---|---|---|---|',
  ];
  fs.writeFileSync(out, `${[...head, ...table].join('\n')}\n`);
}
if (process.argv.includes('--test')) {
  const test = zoo.filter((m) => m.split === 'test');
  for (const [label, features, pooled] of CANDIDATES) {
    const weights = fitDetector(train, { features, pooled });
    report(`[test split] ${label}, L2 ${DEFAULT_L2}`, test.map((m) => { const d = detect(weights, m.result, m.height, m.width); return { m, p: d.probability, top: d.targetClass }; }));
  }
}
