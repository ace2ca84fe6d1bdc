// Scratch: cross-validated AUC of detector variants (feature subsets, L2) on the zoo.
import { featureNames, classVectors } from '../src/detector/detector.js';
import { modelVector } from '../src/detector/features.js';
import { logit, predict, trainLogistic } from '../src/detector/logistic.js';
import { loadZoo } from '../zoo/dataset.js';

const zoo = loadZoo();
const names = featureNames();
const cls = zoo.map((m) => classVectors(m.steps, m.height, m.width).vectors);
const mod = zoo.map((m) => modelVector(m.steps));
function auc(s: number[], l: boolean[]) {
  const p = s.filter((_, i) => l[i]), n = s.filter((_, i) => !l[i]);
  let sum = 0; for (const a of p) for (const b of n) sum += a > b ? 1 : a === b ? 0.5 : 0;
  return sum / (p.length * n.length);
}
const fold = (id: string, f: number) => [...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % f;
function run(label: string, keepClass: (n: string) => boolean, keepModel: (n: string) => boolean, l2 = 1, split?: 'test') {
  const ci = names.classFeatures.map((n, i) => (keepClass(n) ? i : -1)).filter((i) => i >= 0);
  const mi = names.modelFeatures.slice(2).map((n, i) => (keepModel(n) ? i : -1)).filter((i) => i >= 0);
  const F = 5;
  const oof: number[] = new Array(zoo.length).fill(NaN);
  const hit: number[] = [];
  const folds = split ? [0] : [...Array(F).keys()];
  for (const f of folds) {
    const inTrain = (i: number) => (split ? zoo[i]!.split === 'train' : fold(zoo[i]!.id, F) !== f);
    const tr = zoo.map((_, i) => i).filter(inTrain);
    const te = zoo.map((_, i) => i).filter((i) => !inTrain(i));
    // class scorer
    const xs: number[][] = [], ys: number[] = [], ws: number[] = [];
    for (const i of tr) {
      const m = zoo[i]!; if (!m.backdoored) continue;
      cls[i]!.forEach((v, k) => { const t = m.targets.includes(k); xs.push(ci.map((j) => v[j]!)); ys.push(t ? 1 : 0); ws.push(t ? 1 / m.targets.length : 1 / (cls[i]!.length - m.targets.length)); });
    }
    const cs = trainLogistic(xs, ys, l2, ws);
    const row = (i: number) => {
      const sc = cls[i]!.map((v) => logit(cs, ci.map((j) => v[j]!)));
      const s = [...sc].sort((a, b) => b - a);
      return { r: [s[0]!, s[0]! - (s[1] ?? s[0]!), ...mi.map((j) => mod[i]![j]!)], top: sc.indexOf(s[0]!) };
    };
    const ms = trainLogistic(tr.map((i) => row(i).r), tr.map((i) => (zoo[i]!.backdoored ? 1 : 0)), l2);
    for (const i of te) { const { r, top } = row(i); oof[i] = predict(ms, r); if (zoo[i]!.backdoored) hit.push(zoo[i]!.targets.includes(top) ? 1 : 0); }
  }
  const idx = zoo.map((_, i) => i).filter((i) => Number.isFinite(oof[i]));
  const byKind = ['patch', 'two', 'blend'].map((k) => {
    const sel = idx.filter((i) => zoo[i]!.kind === k || !zoo[i]!.backdoored);
    return `${k} ${auc(sel.map((i) => oof[i]!), sel.map((i) => zoo[i]!.backdoored)).toFixed(3)}`;
  }).join(' ');
  console.log(label.padEnd(28), `l2=${l2}`, 'AUC', auc(idx.map((i) => oof[i]!), idx.map((i) => zoo[i]!.backdoored)).toFixed(3), '|', byKind, '| target', (hit.reduce((a, b) => a + b, 0) / hit.length).toFixed(2), `n=${idx.length}`);
}
console.log(`${zoo.length} models (${zoo.filter((m) => m.backdoored).length} backdoored; train ${zoo.filter((m) => m.split === 'train').length})`);
const all = () => true;
const transferOnly = (n: string) => n.startsWith('transfer.');
const tp = (n: string) => n.startsWith('transfer.') || n.startsWith('patch-probe.');
for (const l2 of [1, 3, 10]) {
  run('all', all, all, l2);
  run('transfer+probe', tp, tp, l2);
  run('transfer', transferOnly, transferOnly, l2);
  run('transfer patch only', (n) => n.startsWith('transfer.patch'), (n) => n.startsWith('transfer.topPatch'), l2);
}
if (zoo.some((m) => m.split === 'test')) { run('all [test split]', all, all, 3, 'test'); run('transfer [test split]', transferOnly, transferOnly, 3, 'test'); }
