/**
 * Merging shard reports into one: the matrix's merge step (`mode: merge`) and the CLI's
 * `onepixel merge` both use mergeReports. Reports are read from files that another job (or a
 * fork's workflow) wrote, so they are checked before anything is published from them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TRIGGER_KINDS, type TriggerKind } from '../detector/detector.js';
import { buildReport, type ModelReport, type ScanReport, type Verdict } from '../report.js';

const VERDICTS: readonly Verdict[] = ['clean', 'backdoored', 'error'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

function checkModel(value: unknown, where: string): ModelReport {
  if (!isObject(value)) throw new Error(`${where}: not an object`);
  if (typeof value.model !== 'string' || value.model === '') throw new Error(`${where}: "model" must be a path`);
  if (!VERDICTS.includes(value.verdict as Verdict)) throw new Error(`${where}: "verdict" must be clean, backdoored or error`);
  if (value.sha256 !== null && (typeof value.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(value.sha256))) {
    throw new Error(`${where}: "sha256" must be 64 hex digits or null`);
  }
  for (const key of ['probability', 'targetClass'] as const) {
    if (!isNumberOrNull(value[key])) throw new Error(`${where}: "${key}" must be a number or null`);
  }
  const box = value.triggerBox;
  if (box !== null && !(Array.isArray(box) && box.length === 4 && box.every((n) => typeof n === 'number' && Number.isFinite(n)))) {
    throw new Error(`${where}: "triggerBox" must be [x0,y0,x1,y1] or null`);
  }
  if (value.trigger !== undefined && value.trigger !== null && !TRIGGER_KINDS.includes(value.trigger as TriggerKind)) {
    throw new Error(`${where}: "trigger" must be patch, blend or null`);
  }
  if (typeof value.seconds !== 'number' || !Number.isFinite(value.seconds)) throw new Error(`${where}: "seconds" must be a number`);
  return value as unknown as ModelReport;
}

/** Checks a parsed report's shape; throws one line naming what is wrong. */
export function checkReport(value: unknown, where = 'report'): ScanReport {
  if (!isObject(value) || value.schema !== 'onepixel-report/1') throw new Error(`${where}: not an onepixel report (schema onepixel-report/1)`);
  if (typeof value.threshold !== 'number') throw new Error(`${where}: "threshold" must be a number`);
  if (!Array.isArray(value.models)) throw new Error(`${where}: "models" must be a list`);
  value.models.forEach((m, i) => checkModel(m, `${where}: models[${i}]`));
  return value as unknown as ScanReport;
}

export function readReport(file: string): ScanReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the report (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  return checkReport(parsed, file);
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
