/**
 * Merging shard reports into one: the matrix's merge step (`mode: merge`) and the CLI's
 * `onepixel merge` both use mergeReports. Reports are read from files that another job (or a
 * fork's workflow) wrote, so they are checked, cleaned and bounded (MERGE_LIMITS) before
 * anything is published from them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TRIGGER_KINDS, type TriggerKind } from '../detector/detector.js';
import { type Box, buildReport, type ConventionReport, type ModelReport, type RecoveredTrigger, type ScanReport, type Verdict, type WholeImageReport } from './report.js';
import { stripControl } from './markdown.js';
import { CHANGE_FAMILIES, type ChangeFamily, WHOLE_IMAGE_STRENGTHS } from '../recipe/result.js';

const VERDICTS: readonly Verdict[] = ['clean', 'backdoored', 'error'];

/**
 * Bounds on what a merge reads. Reports may come from a fork's workflow, so nothing in them may
 * make the merge step read without end, publish without end (each model gets a check run, one
 * API request or more), or print text of any length or with control characters.
 */
export const MERGE_LIMITS = {
  /** Models in one merged report (and in any one report read for it). */
  models: 1000,
  /** Report files in one merge: a matrix runs at most 256 jobs. */
  reports: 256,
  /** Bytes of one report file, checked before it is read (1000 models take about 25 MB). */
  reportBytes: 64 * 1024 * 1024,
  /** Bytes of all the report files of one merge together. */
  totalBytes: 256 * 1024 * 1024,
  /** Characters of a model path (and an artifacts path). */
  path: 1024,
  /** Characters of an error message. */
  error: 2000,
  /** Characters of a short field: the tool's version, an input's name. */
  short: 100,
} as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Text from a report, made safe to print: one line without control characters (stripControl),
 * at most `max` characters, the cut marked with an ellipsis.
 */
export function cleanText(text: string, max: number): string {
  const clean = stripControl(text);
  if (clean.length <= max) return clean;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(clean.charAt(cut - 1))) cut--; // keep surrogate pairs whole
  return `${clean.slice(0, cut)}…`;
}

const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;
const SETTING_CHOICES: Record<string, readonly string[]> = {
  mode: ['gray', 'channel'],
  layout: ['NCHW', 'NHWC'],
  outputs: ['auto', 'logits', 'probabilities'],
  search: ['exhaustive', 'adaptive'],
  score: ['probability', 'log-probability'],
};
const SETTING_NUMBERS = ['levels', 'base', 'block', 'stride', 'budget', 'threads', 'batch'];
/** List-valued settings and their longest length. */
const SETTING_LISTS: Record<string, number> = { inputRange: 2, mean: 4, std: 4, size: 2 };

/** The settings a model was scanned with, keeping only known keys with values of their type. */
function cleanSettings(value: unknown): ModelReport['settings'] {
  if (!isObject(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, choices] of Object.entries(SETTING_CHOICES)) {
    if (typeof value[key] === 'string' && choices.includes(value[key])) out[key] = value[key];
  }
  for (const key of SETTING_NUMBERS) if (isFiniteNumber(value[key])) out[key] = value[key];
  for (const [key, most] of Object.entries(SETTING_LISTS)) {
    const list = value[key];
    if (Array.isArray(list) && list.length >= 1 && list.length <= most && list.every(isFiniteNumber)) out[key] = [...list];
  }
  return out as ModelReport['settings'];
}

function cleanInput(value: unknown): ModelReport['input'] {
  if (!isObject(value) || typeof value.name !== 'string' || typeof value.layout !== 'string') return undefined;
  const { channels, height, width } = value;
  if (!isFiniteNumber(channels) || !isFiniteNumber(height) || !isFiniteNumber(width)) return undefined;
  return { name: cleanText(value.name, MERGE_LIMITS.short), layout: cleanText(value.layout, 8), channels, height, width };
}

/** The gain map, as the scanner writes it: at most 32×32 cells of finite numbers. */
function checkEvidence(value: unknown, where: string): ModelReport['evidence'] {
  if (value === undefined) return undefined;
  const bad = (): never => {
    throw new Error(`${where}: "evidence" must be a gain map of at most 32×32 cells`);
  };
  if (!isObject(value)) return bad();
  const { rows, cols, cellHeight, cellWidth, gain } = value;
  const cells = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 32;
  if (!cells(rows) || !cells(cols) || !isFiniteNumber(cellHeight) || !isFiniteNumber(cellWidth)) return bad();
  if (!Array.isArray(gain) || gain.length !== rows) return bad();
  const map = gain as unknown[];
  if (!map.every((row) => Array.isArray(row) && row.length === cols && row.every(isFiniteNumber))) return bad();
  return { rows, cols, cellHeight, cellWidth, gain: (map as number[][]).map((row) => [...row]) };
}

/** A shard's whole-image finding, kept only when every field is what the search writes. */
function cleanWholeImage(value: unknown, classes: number | undefined): WholeImageReport | undefined {
  if (!isObject(value)) return undefined;
  const share = (v: unknown): v is number => isFiniteNumber(v) && v >= 0 && v <= 1;
  const { targetClass, family, wins, otherWins } = value;
  if (!Number.isInteger(targetClass) || (targetClass as number) < 0 || (classes !== undefined && (targetClass as number) >= classes) || !CHANGE_FAMILIES.includes(family as ChangeFamily)) return undefined;
  if (!Array.isArray(wins) || wins.length !== WHOLE_IMAGE_STRENGTHS.length || !wins.every(share)) return undefined;
  if (otherWins !== null && !share(otherWins)) return undefined;
  const picture = typeof value.picture === 'string' ? { picture: cleanText(value.picture, MERGE_LIMITS.path) } : {};
  const d = value.demonstrated;
  const shown =
    isObject(d) && isCount(d.drawn, 1e6) && isCount(d.alreadyTarget, d.drawn) && isCount(d.tried, d.drawn) && Array.isArray(d.wins) && d.wins.length === 2 && d.wins.every(share)
      ? { demonstrated: { drawn: d.drawn, alreadyTarget: d.alreadyTarget, tried: d.tried, wins: [d.wins[0], d.wins[1]] as [number, number] } }
      : {};
  return { targetClass: targetClass as number, family: family as ChangeFamily, wins: [...wins], otherWins, ...picture, ...shown };
}

function checkTransfer(value: unknown, where: string): ModelReport['transfer'] {
  if (value === undefined) return undefined;
  const keys = ['patchWins', 'blendWins', 'otherPatchWins', 'otherBlendWins'] as const;
  if (!isObject(value) || !keys.every((k) => isNumberOrNull(value[k]))) throw new Error(`${where}: "transfer" must hold numbers or null`);
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as NonNullable<ModelReport['transfer']>;
}

const isCount = (v: unknown, max: number): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
/** Cells per side of a recorded patch (the probe's are 6), and base64 characters of a packed blend pattern (a 3×1024×1024 input). */
const MAX_PATCH_SIDE = 32;
const MAX_PATTERN_CHARS = 4 * Math.ceil((3 * 1024 * 1024) / 8 / 3);

function cleanAnswer(v: unknown): { top: number; probability: number } | undefined {
  return isObject(v) && isCount(v.top, 1e6) && isFiniteNumber(v.probability) ? { top: v.top, probability: v.probability } : undefined;
}

/** The recovered trigger, rebuilt from known fields with bounded sizes; undefined when it is malformed. */
function cleanRecovered(value: unknown, input: ModelReport['input']): RecoveredTrigger | undefined {
  if (!isObject(value) || !isCount(value.target, 1e6) || !TRIGGER_KINDS.includes(value.kind as TriggerKind)) return undefined;
  const box = value.box;
  if (!(Array.isArray(box) && box.length === 4 && box.every(isFiniteNumber))) return undefined;
  const out: RecoveredTrigger = { target: value.target, kind: value.kind as TriggerKind, box: [...box] as Box };
  const patch = value.patch;
  if (isObject(patch) && isCount(patch.cell, 1e4) && isCount(patch.rows, MAX_PATCH_SIDE) && isCount(patch.cols, MAX_PATCH_SIDE) && Array.isArray(patch.colours)) {
    const colours = patch.colours;
    if (colours.length === patch.rows * patch.cols && colours.every((c) => Array.isArray(c) && c.length >= 1 && c.length <= 4 && c.every(isFiniteNumber))) {
      out.patch = { cell: patch.cell, rows: patch.rows, cols: patch.cols, colours: colours.map((c) => [...(c as number[])]) };
    }
  }
  // A pattern is kept only when it is exactly the entry's input in size, so drawing it cannot fail.
  const values = input ? input.channels * input.height * input.width : 0;
  if (typeof value.pattern === 'string' && value.pattern.length <= MAX_PATTERN_CHARS && /^[A-Za-z0-9+/]*={0,2}$/.test(value.pattern) && values > 0 && Buffer.from(value.pattern, 'base64').length === Math.ceil(values / 8)) {
    out.pattern = value.pattern;
  }
  if (isFiniteNumber(value.alpha)) out.alpha = value.alpha;
  const stamped = value.stamped;
  if (isObject(stamped) && isCount(stamped.tried, 1e6) && isCount(stamped.wins, stamped.tried) && Array.isArray(stamped.shown)) {
    const shown = stamped.shown.slice(0, 64).flatMap((e) => {
      const before = isObject(e) ? cleanAnswer(e.before) : undefined;
      const after = isObject(e) ? cleanAnswer(e.after) : undefined;
      return isObject(e) && isCount(e.label, 1e6) && before && after ? [{ label: e.label, before, after }] : [];
    });
    out.stamped = { tried: stamped.tried, wins: stamped.wins, shown };
  }
  if (typeof value.picture === 'string') out.picture = cleanText(value.picture, MERGE_LIMITS.path);
  return out;
}

const SHA256 = /^[0-9a-f]{64}$/i;
const BASES: readonly ConventionReport['basis'][] = ['given', 'graph', 'clear', 'unsure'];
const SOURCES: readonly ConventionReport['scanned'][number]['from'][] = ['given', 'inferred', 'claimed'];
/** Conventions, refusals and external-data files kept per model. */
const MAX_CONVENTIONS = 16;

/** How a model's convention was settled, rebuilt from known fields with bounded, cleaned strings. */
function cleanConvention(value: unknown): ConventionReport | undefined {
  if (!isObject(value) || !BASES.includes(value.basis as ConventionReport['basis']) || !Array.isArray(value.scanned)) return undefined;
  const name = (v: unknown): string => cleanText(String(v), MERGE_LIMITS.short);
  const scanned = value.scanned.slice(0, MAX_CONVENTIONS).filter(isObject).map((c) => ({
    name: name(c.name),
    from: SOURCES.includes(c.from as never) ? (c.from as ConventionReport['scanned'][number]['from']) : 'claimed',
    probability: isFiniteNumber(c.probability) ? c.probability : null,
    ...(isFiniteNumber(c.counted) ? { counted: c.counted } : {}),
    ...(typeof c.error === 'string' ? { error: cleanText(c.error, MERGE_LIMITS.error) } : {}),
  }));
  return {
    basis: value.basis as ConventionReport['basis'],
    ...(Array.isArray(value.inferred) ? { inferred: value.inferred.slice(0, MAX_CONVENTIONS).map(name) } : {}),
    ...(isFiniteNumber(value.ratio) ? { ratio: value.ratio } : {}),
    scanned,
    decidedBy: typeof value.decidedBy === 'string' ? name(value.decidedBy) : null,
    ...(Array.isArray(value.refused) ? { refused: value.refused.slice(0, MAX_CONVENTIONS).map((r) => cleanText(String(r), MERGE_LIMITS.error)) } : {}),
  };
}

/**
 * Checks one model's entry and rebuilds it from the fields a report has, so nothing else a
 * report carries travels on; its strings are cleaned and bounded (cleanText).
 */
function checkModel(value: unknown, where: string): ModelReport {
  if (!isObject(value)) throw new Error(`${where}: not an object`);
  const model = typeof value.model === 'string' ? cleanText(value.model, MERGE_LIMITS.path) : '';
  if (model === '') throw new Error(`${where}: "model" must be a path`);
  if (!VERDICTS.includes(value.verdict as Verdict)) throw new Error(`${where}: "verdict" must be clean, backdoored or error`);
  if (value.sha256 !== null && (typeof value.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(value.sha256))) {
    throw new Error(`${where}: "sha256" must be 64 hex digits or null`);
  }
  for (const key of ['probability', 'targetClass'] as const) {
    if (!isNumberOrNull(value[key])) throw new Error(`${where}: "${key}" must be a number or null`);
  }
  const box = value.triggerBox;
  if (box !== null && !(Array.isArray(box) && box.length === 4 && box.every(isFiniteNumber))) {
    throw new Error(`${where}: "triggerBox" must be [x0,y0,x1,y1] or null`);
  }
  if (value.trigger !== undefined && value.trigger !== null && !TRIGGER_KINDS.includes(value.trigger as TriggerKind)) {
    throw new Error(`${where}: "trigger" must be patch, blend or null`);
  }
  if (!isFiniteNumber(value.seconds)) throw new Error(`${where}: "seconds" must be a number`);
  const entry: ModelReport = {
    model,
    sha256: value.sha256 as string | null,
    verdict: value.verdict as Verdict,
    probability: value.probability as number | null,
    targetClass: value.targetClass as number | null,
    ...(value.trigger !== undefined ? { trigger: value.trigger as TriggerKind | null } : {}),
    triggerBox: box === null ? null : ([...(box as number[])] as Box),
    seconds: value.seconds,
  };
  if (typeof value.error === 'string') entry.error = cleanText(value.error, MERGE_LIMITS.error);
  if (typeof value.errorCode === 'string' && ERROR_CODE.test(value.errorCode)) entry.errorCode = value.errorCode;
  if (Number.isInteger(value.classes) && (value.classes as number) >= 0) entry.classes = value.classes as number;
  const input = cleanInput(value.input);
  if (input) entry.input = input;
  const settings = cleanSettings(value.settings);
  if (settings) entry.settings = settings;
  if (typeof value.artifacts === 'string') entry.artifacts = cleanText(value.artifacts, MERGE_LIMITS.path);
  const evidence = checkEvidence(value.evidence, where);
  if (evidence) entry.evidence = evidence;
  const transfer = checkTransfer(value.transfer, where);
  if (transfer) entry.transfer = transfer;
  const wholeImage = entry.verdict === 'error' ? undefined : cleanWholeImage(value.wholeImage, entry.classes);
  if (wholeImage) entry.wholeImage = wholeImage;
  const recovered = entry.verdict === 'error' ? undefined : cleanRecovered(value.recovered, entry.input);
  if (recovered) entry.recovered = recovered;
  if (typeof value.cached === 'boolean') entry.cached = value.cached;
  if (isFiniteNumber(value.peakMemoryMiB) && value.peakMemoryMiB >= 0) entry.peakMemoryMiB = Math.round(value.peakMemoryMiB);
  const plan = value.plan;
  if (isObject(plan) && isFiniteNumber(plan.passes) && isFiniteNumber(plan.seconds) && plan.passes >= 0 && plan.seconds >= 0) {
    const uncosted = Array.isArray(plan.uncosted) ? plan.uncosted.slice(0, MAX_CONVENTIONS).map((op) => cleanText(String(op), MERGE_LIMITS.error)) : [];
    entry.plan = { passes: Math.round(plan.passes), seconds: Math.round(plan.seconds), ...(uncosted.length > 0 ? { uncosted } : {}) };
  }
  const convention = cleanConvention(value.convention);
  if (convention) entry.convention = convention;
  if (typeof value.identity === 'string' && SHA256.test(value.identity)) entry.identity = value.identity;
  if (Array.isArray(value.externalData)) {
    entry.externalData = value.externalData
      .slice(0, MAX_CONVENTIONS)
      .filter((e): e is { location: unknown; sha256: string } => isObject(e) && typeof e.sha256 === 'string' && (SHA256.test(e.sha256) || e.sha256 === 'missing'))
      .map((e) => ({ location: cleanText(String(e.location), MERGE_LIMITS.path), sha256: e.sha256 }));
  }
  return entry;
}

/**
 * Checks a parsed report's shape and returns it rebuilt from its checked, cleaned models (counts
 * and verdict recomputed); throws one line naming what is wrong.
 */
export function checkReport(value: unknown, where = 'report'): ScanReport {
  if (!isObject(value) || value.schema !== 'onepixel-report/1') throw new Error(`${where}: not an onepixel report (schema onepixel-report/1)`);
  if (!isFiniteNumber(value.threshold)) throw new Error(`${where}: "threshold" must be a number`);
  if (!Array.isArray(value.models)) throw new Error(`${where}: "models" must be a list`);
  if (value.models.length > MERGE_LIMITS.models) {
    throw new Error(`${where}: ${value.models.length} models, more than the ${MERGE_LIMITS.models} a report may hold to be merged`);
  }
  const models = value.models.map((m, i) => checkModel(m, `${where}: models[${i}]`));
  const version = isObject(value.tool) && typeof value.tool.version === 'string' ? cleanText(value.tool.version, MERGE_LIMITS.short) : 'unknown';
  return buildReport(models, value.threshold, version);
}

export function readReport(file: string): ScanReport {
  const cannot = (error: unknown): Error =>
    new Error(`${file}: cannot read the report (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw cannot(error);
  }
  if (!stat.isFile()) throw new Error(`${file}: not a file`);
  if (stat.size > MERGE_LIMITS.reportBytes) {
    throw new Error(`${file}: ${stat.size} bytes, more than the ${MERGE_LIMITS.reportBytes / 1024 / 1024} MiB a report may have`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw cannot(error);
  }
  return checkReport(parsed, file);
}

/**
 * Reads the report files of one merge, within MERGE_LIMITS: how many files, and how many bytes
 * in all, are checked before any is read.
 */
export function readReports(files: string[]): ScanReport[] {
  if (files.length > MERGE_LIMITS.reports) {
    throw new Error(`${files.length} reports to merge, more than the ${MERGE_LIMITS.reports} one merge reads (a matrix runs at most 256 jobs)`);
  }
  const total = files.reduce((sum, file) => sum + (fs.existsSync(file) ? fs.statSync(file).size : 0), 0);
  if (total > MERGE_LIMITS.totalBytes) {
    throw new Error(`the reports to merge have ${total} bytes, more than the ${MERGE_LIMITS.totalBytes / 1024 / 1024} MiB one merge reads`);
  }
  return files.map((file) => readReport(file));
}

/** An error is a weaker answer than a verdict: when two shards disagree, keep the verdict. */
function better(a: ModelReport, b: ModelReport): ModelReport {
  return a.verdict === 'error' && b.verdict !== 'error' ? b : a;
}

/**
 * One report from many: models are concatenated (a model seen twice, as when a shard is re-run,
 * is kept once), counts and the overall verdict recomputed. Reports made with different
 * thresholds cannot be merged honestly, so that throws.
 */
export function mergeReports(reports: ScanReport[]): ScanReport {
  if (reports.length === 0) throw new Error('no reports to merge');
  const threshold = reports[0]!.threshold;
  const other = reports.find((r) => r.threshold !== threshold);
  if (other) throw new Error(`the reports use different thresholds (${threshold} and ${other.threshold}); scan them with the same settings`);
  const byModel = new Map<string, ModelReport>();
  for (const report of reports) {
    for (const model of report.models) {
      const seen = byModel.get(model.model);
      byModel.set(model.model, seen ? better(seen, model) : model);
    }
  }
  // Each model becomes a check run (an API request or more) and a row: refuse rather than
  // publish a report that leaves some models out.
  if (byModel.size > MERGE_LIMITS.models) {
    throw new Error(
      `the reports hold ${byModel.size} models, more than the ${MERGE_LIMITS.models} one merged report may hold; ` +
        'narrow the models input, or split the models across workflows',
    );
  }
  return buildReport([...byModel.values()], threshold, reports[0]!.tool?.version ?? 'unknown');
}

/**
 * Where a shard's per-model folder landed after download-artifact: the report records the path
 * on the shard's runner, so look for its trailing components under the report's folder.
 */
export function locateArtifacts(recorded: string, reportDir: string): string | undefined {
  const parts = recorded.split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && p !== '..');
  for (let start = 0; start < parts.length; start++) {
    const candidate = path.join(reportDir, ...parts.slice(start));
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
  }
  return undefined;
}
