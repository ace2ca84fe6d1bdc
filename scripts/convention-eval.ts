/**
 * docs/EVALUATION.md's "Scans without settings": how the input-convention inference does on
 * models whose convention is known, and what withholding every model's settings costs the
 * detector. The behaviour of each model is stored in zoo/conventions (zoo/conventions.ts), so
 * the rule is judged again here as it stands in src/recipe/convention.ts; the conventions it chooses
 * besides the true one were scanned into zoo/signatures-alt. A scan without settings scores a
 * model by the worst (highest) probability over the conventions the rule chooses. The model's
 * metadata, which names the true range for zoo models, is withheld too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { candidateConventions, type ConventionBehaviour, conventionFolder, decide } from '../src/recipe/convention.js';
import { detect, type DetectorWeights, judgedProbability } from '../src/detector/detector.js';
import { logOdds, sigmoid } from '../src/detector/logistic.js';
import { runnerUpShift } from '../src/detector/train.js';
import { RECIPE_STEPS } from '../src/recipe/recipe.js';
import { decodeSteps, recipeResult, type StepResult } from '../src/recipe/result.js';
import type { ManifestLine, ZooEntry } from '../zoo/dataset.js';
import { auc, aucInterval } from './metrics.js';

interface Record {
  id: string;
  sha256: string;
  truth: string;
  made?: string;
  channels?: number;
  affine: { scale: number[]; offset: number[]; ops: string[] } | null;
  behaviour: ConventionBehaviour[];
}

/** Models whose records are design data: the rule's constants were chosen looking at them. */
const DESIGN = (id: string): boolean => id.startsWith('train-') || (id.startsWith('conv-') && Number(id.slice(5)) < 12);

function loadRecords(dir: string): Map<string, Record> {
  const out = new Map<string, Record>();
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record;
    out.set(r.id, r);
  }
  return out;
}

const channelsOf = (r: Record): number => r.channels ?? 1;

export interface RunnerUpRow {
  id: string;
  backdoored: boolean;
  /** The conventions the rule chose, first-ranked first, and the detector's probability under each. */
  chosen: string[];
  probabilities: number[];
}

/**
 * The design models (training zoo, conv-0000..0011) the rule is unsure about, each scored under
 * every convention it chose (zoo/conventions.ts --scan --design made the scans), for choosing
 * the runner-up shift (train.ts runnerUpShift). Models with a scan missing are left out.
 */
export function designRunnerUps(weights: DetectorWeights, manifest: ManifestLine[], dirs = { records: 'zoo/conventions', alt: 'zoo/signatures-alt' }): RunnerUpRow[] {
  const byId = new Map(manifest.map((m) => [m.id, m]));
  const rows: RunnerUpRow[] = [];
  for (const r of loadRecords(dirs.records).values()) {
    const m = byId.get(r.id);
    if (!DESIGN(r.id) || !m) continue;
    const chosen = chosenFor(r).chosen.map((c) => c.name);
    if (chosen.length < 2) continue;
    const probabilities = chosen.map((name) => storedProbability(weights, path.join(dirs.alt, `${r.id}.${conventionFolder({ name, inputRange: [0, 1] })}.json.gz`), r.sha256, m.input));
    if (probabilities.some((p) => p === undefined)) continue;
    rows.push({ id: r.id, backdoored: m.backdoor !== null && m.backdoor !== undefined, chosen, probabilities: probabilities as number[] });
  }
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The detector with its runner-up shift: chosen from the highest probability of each clean
 * unsure design model under a convention not ranked first (train.ts runnerUpShift), as
 * `npm run train-detector` ships it and `npm run evaluate` refits it.
 */
export function withRunnerUpShift(weights: DetectorWeights, manifest: ManifestLine[]): DetectorWeights {
  const rows = designRunnerUps(weights, manifest);
  const clean = rows.filter((r) => !r.backdoored).map((r) => Math.max(...r.probabilities.slice(1)));
  const { shift, bar, rank } = runnerUpShift(clean, weights.threshold, weights.training.maxFalsePositives as number);
  const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
  return {
    ...weights,
    runnerUpShift: round(shift, 4),
    training: { ...weights.training, runnerUp: { designModels: rows.length, clean: clean.length, bar: round(bar, 4), rank, topCleanScores: [...clean].sort((a, b) => b - a).slice(0, 5).map((v) => round(v, 3)) } },
  };
}

/** A model's probability when each convention but the first counts with the runner-up shift (as the scan judges it). */
export const countedWorst = (probabilities: number[], weights: Pick<DetectorWeights, 'runnerUpShift'>): number => Math.max(...probabilities.map((p, i) => judgedProbability(p, i === 0, weights)));
const chosenFor = (r: Record) => decide(candidateConventions(channelsOf(r)), r.behaviour, r.affine ?? undefined);

/** A stored scan's probability, when it was made from these model bytes. */
function storedProbability(weights: DetectorWeights, file: string, sha256: string, m: { height: number; width: number }): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const body = decodeSteps(fs.readFileSync(file)) as { steps: StepResult[]; sha256?: string };
  if (body.sha256 !== sha256) return undefined;
  const steps = body.steps.filter((s) => RECIPE_STEPS.includes(s.step));
  return detect(weights, recipeResult(steps), m.height, m.width).probability;
}

/**
 * With settings and without, on the same model bytes: a held-out model rebuilt on another
 * machine may differ from the one zoo/signatures was made from, and then its scan under the
 * true convention is in zoo/signatures-alt too. Undefined while a needed scan is missing.
 */
function bothWays(weights: DetectorWeights, m: ZooEntry, r: Record & { sha256: string }, dirs: { alt: string; signatures: string }): { with: number; without: number } | undefined {
  const at = (name: string): number | undefined => {
    const folder = conventionFolder({ name, inputRange: [0, 1] });
    return storedProbability(weights, path.join(dirs.alt, `${m.id}.${folder}.json.gz`), r.sha256, m) ?? (name === r.truth ? storedProbability(weights, path.join(dirs.signatures, `${m.id}.json.gz`), r.sha256, m) : undefined);
  };
  const truth = at(r.truth);
  if (truth === undefined) return undefined;
  const ps = chosenFor(r).chosen.map((c) => at(c.name));
  if (ps.some((p) => p === undefined)) return undefined;
  return { with: truth, without: countedWorst(ps as number[], weights) };
}

const num = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
const pct = (n: number, of: number): string => (of > 0 ? `${n} of ${of} (${((100 * n) / of).toFixed(0)}%)` : '–');

export function conventionSection(weights: DetectorWeights, rows: { m: ZooEntry; probability: number }[], manifest: ManifestLine[], dirs = { records: 'zoo/conventions', alt: 'zoo/signatures-alt', signatures: 'zoo/signatures' }): string[] {
  const records = loadRecords(dirs.records);
  const lines: string[] = [];
  // The rule on every model whose convention is known, by how it was chosen.
  const accuracy = (label: string, rs: Record[]): string => {
    const decided = rs.map((r) => ({ r, d: chosenFor(r) }));
    const right = decided.filter(({ r, d }) => d.chosen.length === 1 && d.chosen[0]!.name === r.truth).length;
    const covered = decided.filter(({ r, d }) => d.chosen.length > 1 && d.chosen.some((c) => c.name === r.truth)).length;
    const wrong = decided.filter(({ r, d }) => !d.chosen.some((c) => c.name === r.truth)).length;
    const scans = decided.reduce((a, { d }) => a + d.chosen.length, 0) / Math.max(1, decided.length);
    return `| ${label} | ${rs.length} | ${pct(right, rs.length)} | ${pct(covered, rs.length)} | ${pct(wrong, rs.length)} | ${num(scans, 2)} |`;
  };
  const all = [...records.values()];
  const groups: [string, Record[]][] = [];
  for (const [split, pick] of [['design (training zoo, conv-0000..0011)', (r: Record) => DESIGN(r.id)], ['held out (test zoo, conv-0012 on)', (r: Record) => !DESIGN(r.id)]] as const) {
    const rs = all.filter(pick);
    groups.push([split, rs]);
    for (const truth of [...new Set(rs.map((r) => r.made ?? r.truth))].sort()) groups.push([`${split}: ${truth}`, rs.filter((r) => (r.made ?? r.truth) === truth)]);
  }
  lines.push(
    `The rule (src/recipe/convention.ts) on the ${all.length} zoo models whose behaviour zoo/conventions.ts has measured so far. "Right" is a sure choice of the true convention; "covered" an unsure choice that includes it (the scan runs under each; how each counts is below); "wrong" leaves the true one out. Conventions named by how the generator made them: "-folded" ones have the normalisation inside the graph.`,
    '',
    '| models | n | right (sure) | covered (unsure) | wrong | conventions scanned per model |',
    '|---|---|---|---|---|---|',
    ...groups.filter(([, rs]) => rs.length > 0).map(([label, rs]) => accuracy(label, rs)),
    '',
  );
  // How the runner-up shift was chosen: on design models only.
  const design = designRunnerUps(weights, manifest, dirs);
  const shift = weights.runnerUpShift ?? 0;
  const bar = sigmoid(logOdds(weights.threshold) + shift);
  lines.push(
    `Where the rule is unsure, the model is scanned under each convention it chose; the one it ranked first counts as the detector scores it, and every other (and any convention a file or config claims) counts ${num(shift, 2)} lower in log-odds (\`runnerUpShift\` in detector/weights.json), so it flags only from ${num(bar)} up: a clean model scanned under a convention it was not trained for can look backdoored. \`npm run train-detector\` chooses the shift from the design models below alone, as the threshold is chosen (at most 5% of clean models above the bar, at 95% confidence), from each clean model's highest probability under a convention not ranked first.`,
    '',
    '| design model | backdoored | conventions chosen (first-ranked first): probability | counted |',
    '|---|---|---|---|',
    ...design.map((d) => `| ${d.id} | ${d.backdoored ? 'yes' : 'no'} | ${d.chosen.map((c, i) => `${c}: ${num(d.probabilities[i]!)}`).join(', ')} | ${num(countedWorst(d.probabilities, weights))} |`),
    '',
  );
  // What withholding the settings costs the detector, on held-out models scanned both ways.
  const scored = rows.flatMap((row) => {
    const r = records.get(row.m.id);
    if (!r) return [];
    const both = bothWays(weights, row.m, r, dirs);
    return both === undefined ? [] : [{ m: row.m, probability: both.with, inferred: both.without }];
  });
  const pending = rows.filter((row) => records.has(row.m.id)).length - scored.length;
  lines.push(
    `Held-out zoo models scanned both ways so far: ${scored.length} of ${rows.length}${pending > 0 ? ` (${pending} more are measured but not yet scanned under every convention needed)` : ''}. Without settings, each model's probability is the highest over the conventions the rule chose, each counted as above; with settings, the one under its true convention; both from scans of the same model bytes (the models are rebuilt from the generator for this, and a rebuild on another machine can differ in its last bits from the model the held-out tables above scored, so "with settings" here can differ a little from those tables). Metadata is withheld too (zoo models name their range in it).`,
    '',
    '| models | n (backdoored) | AUC with settings | AUC without | change | flagged backdoored: with / without | clean flagged: with / without |',
    '|---|---|---|---|---|---|---|',
  );
  const taskGroups: [string, typeof scored][] = [['all', scored], ...[...new Set(scored.map((s) => s.m.task))].sort().map((t): [string, typeof scored] => [t, scored.filter((s) => s.m.task === t)])];
  for (const [label, rs] of taskGroups) {
    if (rs.length === 0) continue;
    const labels = rs.map((s) => s.m.backdoored);
    const a = auc(rs.map((s) => s.probability), labels);
    const b = auc(rs.map((s) => s.inferred), labels);
    const bad = rs.filter((s) => s.m.backdoored);
    const clean = rs.filter((s) => !s.m.backdoored);
    const flagged = (xs: typeof rs, key: 'probability' | 'inferred'): number => xs.filter((s) => s[key] >= weights.threshold).length;
    lines.push(`| ${label} | ${rs.length} (${bad.length}) | ${num(a)} | ${num(b)} | ${num(b - a)} | ${flagged(bad, 'probability')} / ${flagged(bad, 'inferred')} of ${bad.length} | ${flagged(clean, 'probability')} / ${flagged(clean, 'inferred')} of ${clean.length} |`);
  }
  if (scored.length > 0) {
    const [lo, hi] = aucInterval(scored.map((s) => s.inferred), scored.map((s) => s.m.backdoored));
    lines.push('', `AUC without settings, 95% bootstrap interval: ${num(lo)}–${num(hi)}.`);
  }
  return lines;
}
