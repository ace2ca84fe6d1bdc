/**
 * The GitHub Action: scans the models a pull request adds or changes (or merges shard reports),
 * then publishes the verdicts as check runs, a job summary, annotations, an artifact, SARIF, a
 * badge and outputs. Publishing never decides the step's result: only the verdicts and
 * `fail-on` do, so a read-only token or a GitHub outage cannot hide a backdoor or fail a clean PR.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { describeError } from '../engine/errors.js';
import { stripControl } from '../report/markdown.js';
import { annotateModels } from './annotations.js';
import { createApiClient, type ApiClient } from './api.js';
import { uploadFolder } from './artifact.js';
import { buildBadge } from '../report/badge.js';
import { cacheFolder, restoreSignatureCache, saveSignatureCache } from './cache.js';
import { type CheckTarget, LiveChecks, publishCheckRuns } from './checks.js';
import type { Links } from '../report/check-run.js';
import { readContext, type RunContext } from './context.js';
import { chooseDevice, useDevice } from '../engine/device.js';
import { globModels, selectModels } from './models.js';
import { readFileAt } from './base-config.js';
import type { ChangeScope } from './changed-files.js';
import { clearOutputFolder, withinWorkspace } from './workspace.js';
import { parseScanConfig, type ScanConfig } from '../scan/scan-config.js';
import { buildSarif } from '../report/sarif.js';
import { collectShardReports } from './shard-reports.js';
import { buildJobSummary, headline } from '../report/summary.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { describeProgress } from '../report/progress.js';
import type { ScanReport } from '../report/report.js';
import { scanModels } from '../scan/scan.js';

/** The scan, replaceable for tests of the publishing alone. */
export type ScanModels = typeof scanModels;

/** Seconds between progress lines in the log. */
const PROGRESS_INTERVAL = 10;

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Cancelling a workflow sends SIGINT; the scan stops between batches instead of being killed. */
function cancellation(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort).once('SIGTERM', abort);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', abort).off('SIGTERM', abort) };
}

const isLink = (file: string): boolean => {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
};

/** The configs a scan trusts and the ones it only takes claims from (see base-config.ts). */
interface Configs {
  config?: ScanConfig;
  claimed?: { source: string; config: ScanConfig };
  scope: NonNullable<ChangeScope['config']>;
}

async function readConfigs(inputs: ActionInputs, context: RunContext, api: ApiClient | undefined, notes: string[]): Promise<Configs> {
  const file = withinWorkspace('config', inputs.config, context.workspace);
  // As written, not as resolved: the base branch's copy is looked up at the path the workflow
  // names, so a pull request cannot swap it for another file by committing a link.
  const relative = path.posix.normalize(path.relative(context.workspace, path.resolve(context.workspace, inputs.config)).split(path.sep).join('/'));
  if (isLink(path.resolve(context.workspace, inputs.config))) throw new InputError(`input config: ${inputs.config} is a symbolic link; the config must be a regular file`);
  const exists = fs.existsSync(file);
  if (!exists && inputs.configRequired) throw new InputError(`input config: ${inputs.config} does not exist`);
  const headText = exists ? fs.readFileSync(file, 'utf8') : null;
  const parse = (text: string | null, name: string): ScanConfig | undefined => {
    if (text === null) return undefined;
    try {
      return parseScanConfig(text, name);
    } catch (error) {
      throw new InputError(`input config: ${describeError(error)}`);
    }
  };
  const head = parse(headText, inputs.config);
  const pr = context.pullRequest;
  if (!pr) return { config: head, scope: { path: relative, base: head, head, known: true } };
  let baseText: string | null | undefined;
  if (api && pr.baseSha) {
    try {
      baseText = await readFileAt(api, context.owner, context.repo, relative, pr.baseSha);
    } catch (error) {
      core.warning(`onepixel: cannot read ${relative} on the base branch (${describeError(error)}); its settings here count only as claims`);
    }
  }
  if (baseText !== undefined && baseText === headText) return { config: head, scope: { path: relative, base: head, head, known: true } };
  const base = baseText === undefined ? undefined : parse(baseText, `${inputs.config} (base branch)`);
  if (headText !== null) {
    const note =
      baseText === undefined
        ? `${relative} could not be compared with the base branch, so its settings were scanned in addition to the inferred ones, never instead.`
        : `This pull request ${baseText === null ? 'adds' : 'changes'} ${relative}: the base branch's version was used, and the pull request's input conventions were scanned in addition, never instead.`;
    notes.push(note);
    core.info(`onepixel: ${note}`);
  }
  return {
    config: base,
    ...(head ? { claimed: { source: `the pull request's ${relative}`, config: head } } : {}),
    scope: { path: relative, base, head, known: baseText !== undefined },
  };
}

async function scanStep(inputs: ActionInputs, context: RunContext, api: ApiClient | undefined, scan: ScanModels, notes: string[], checks: LiveChecks | undefined): Promise<ScanReport> {
  const choice = await chooseDevice(inputs.device);
  if (choice.warning) core.warning(`onepixel: ${choice.warning}`);
  useDevice(choice);
  const device = choice.device;
  core.info(`onepixel: device ${choice.reason}`);
  if (inputs.ignored.length > 0) {
    core.warning(`onepixel: ignoring ${inputs.ignored.join(', ')}: the scan's recipe sets the levels, base, blocks and sweep of every step`);
  }
  const configs = await readConfigs(inputs, context, api, notes);
  clearOutputFolder(inputs.outDir, context.workspace);

  const matched = await globModels(inputs.models, context.workspace, [inputs.outDir]);
  // A pattern that matches nothing is a mistake in the workflow, not a pull request without models.
  if (matched.length === 0) throw new InputError(`input models: no file in the workspace matches ${inputs.models.join(', ')}`);
  const selection = await selectModels(matched, { changedOnly: inputs.changedOnly, shard: inputs.shard, context, api, scope: { workspace: context.workspace, config: configs.scope } });
  notes.push(...selection.notes);
  for (const note of selection.notes) core.info(`onepixel: ${note}`);
  const models = selection.models;
  core.info(`onepixel: scanning ${models.length} model(s) on ${device}${configs.config ? ` with ${inputs.config}` : ''}`);

  const cache = inputs.cache && models.length > 0 ? await restoreSignatureCache(cacheFolder(), inputs.shard) : undefined;
  // The first progress line comes after PROGRESS_INTERVAL: quick models need none.
  let lastLine = 0;
  const cancel = cancellation();
  const report = await scan(models, {
    signature: inputs.options,
    threshold: inputs.threshold,
    ...(inputs.timeout !== undefined ? { timeout: inputs.timeout } : {}),
    ...(inputs.memory !== undefined ? { memory: inputs.memory } : {}),
    config: configs.config,
    claimedConfig: configs.claimed,
    artifactsDir: inputs.outDir,
    cacheDir: cache?.dir,
    threads: inputs.options.threads,
    signal: cancel.signal,
    onModelStart: (index, total, model) => {
      lastLine = 0;
      core.info(`[${index + 1}/${total}] ${model}`);
      checks?.started(model);
    },
    onProgress: (index, total, model, p) => {
      if (p.seconds - lastLine < PROGRESS_INTERVAL) return;
      lastLine = p.seconds;
      core.info(describeProgress(`[${index + 1}/${total}] ${model}`, p.done, p.total, p.seconds));
    },
  }).finally(cancel.dispose);
  if (cache) await saveSignatureCache(cache);
  return { ...report, models: report.models.map((m) => (m.error ? { ...m, error: inInputTerms(m.error) } : m)) };
}

/**
 * A reason in the action's words: the engine's messages name CLI flags ("pass --size HxW"),
 * which in a workflow are settings of the same name, as inputs or in the config ("set size to
 * HxW"). A flag is rewritten only where it stands as a word; a value only where it looks like
 * one (a number, a size, an upper-case name), so no other word is taken for it.
 */
export function inInputTerms(message: string): string {
  const value = '([0-9]([0-9.,x:]*[0-9])?|[A-Z][A-Za-z0-9]*|H?xW?|HxW)';
  return message
    .replace(new RegExp(`\\bpass --([a-z][a-z-]*) ${value}`, 'g'), 'set $1 to $2')
    .replace(new RegExp(`(^|[\\s(])--([a-z][a-z-]*) ${value}(?=$|[\\s,;.)])`, 'g'), '$1$2 $3')
    .replace(/(^|[\s(])--([a-z][a-z-]*)/g, '$1the $2 setting');
}

/** Check runs when the token may write them; annotations in the log for the models left. */
async function publishVerdicts(report: ScanReport, inputs: ActionInputs, context: RunContext, api: ApiClient | undefined, links: Links, notes: string[], live: LiveChecks | undefined): Promise<void> {
  let withCheck = new Set<string>();
  if (inputs.checks && report.models.length > 0) {
    if (!api || !context.headSha) {
      notes.push(`No check runs were made: ${!api ? 'no token was given' : 'the commit to attach them to is unknown'}.`);
    } else {
      const opened = live ? await live.ids() : new Map<string, number>();
      const outcome = await publishCheckRuns(api, report, checkTarget(context, context.headSha), links, opened);
      withCheck = new Set(outcome.created);
      if (outcome.stopped) {
        // Runs opened when their scans began must not stay "in progress" for ever.
        await live?.cancel(`The verdict could not be published: ${outcome.stopped} See the job summary.`, withCheck);
        const made = outcome.created.length;
        const line = `${made > 0 ? `Check runs stopped after ${made} of ${report.models.length}` : 'No check runs were made'}: ${outcome.stopped}`;
        core.warning(`onepixel: ${line}`);
        notes.push(line);
      } else {
        core.info(`onepixel: ${outcome.created.length} check run(s) created on ${context.headSha.slice(0, 12)}`);
      }
    }
  }
  annotateModels(report, report.models.filter((m) => !withCheck.has(m.model)));
}

const checkTarget = (context: RunContext, headSha: string): CheckTarget => ({ owner: context.owner, repo: context.repo, headSha, detailsUrl: context.runUrl });

/** Outside a runner there is no summary file; the log already carries every verdict. */
async function writeSummary(text: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('onepixel: no job summary (GITHUB_STEP_SUMMARY is not set)');
    return;
  }
  try {
    await core.summary.addRaw(text).write();
  } catch (error) {
    core.warning(`onepixel: the job summary could not be written (${describeError(error)})`);
  }
}

function failure(report: ScanReport, failOn: ActionInputs['failOn']): string | undefined {
  const named = (verdict: 'backdoored' | 'error'): string =>
    report.models
      .filter((m) => m.verdict === verdict)
      .map((m) => m.model)
      .slice(0, 5)
      .join(', ');
  const { scanned, backdoored, errors } = report.counts;
  if (failOn !== 'never' && backdoored > 0) return `onepixel: ${backdoored} of ${scanned} model(s) look backdoored: ${named('backdoored')}`;
  if (failOn === 'error' && errors > 0) return `onepixel: ${errors} of ${scanned} model(s) could not be analysed: ${named('error')}`;
  return undefined;
}

/** The step's exit code for a configuration error (a bad input, a glob that matches nothing). */
export const CONFIG_ERROR_EXIT = 2;

export async function run(scan: ScanModels = scanModels): Promise<void> {
  let live: LiveChecks | undefined;
  try {
    const inputs = readInputs();
    const context = readContext();
    const api = inputs.token
      ? createApiClient({ baseUrl: context.apiUrl, token: inputs.token, log: (line) => core.info(`onepixel: ${line}`) })
      : undefined;
    const notes: string[] = [];
    let report: ScanReport;
    if (inputs.mode === 'merge') {
      const merged = await collectShardReports(inputs.reports, inputs.outDir);
      notes.push(`Merged ${merged.files.length} shard report(s).`);
      report = merged.report;
    } else {
      // A shard's models get their check runs from the merge step, which sees every shard.
      if (api && inputs.checks && !inputs.shard && context.headSha) live = new LiveChecks(api, checkTarget(context, context.headSha), (line) => core.info(`onepixel: ${line}`));
      report = await scanStep(inputs, context, api, scan, notes, live);
    }

    const reportFile = path.join(inputs.outDir, 'report.json');
    writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    // Paths and reasons come from the models: no line breaks, so no workflow commands, reach the log.
    for (const m of report.models) core.info(stripControl(`onepixel: ${m.model}: ${m.verdict}${m.error ? ` (${m.error})` : ''}`));
    const artifact = await uploadFolder(inputs.artifactName, inputs.outDir, context.runUrl);
    const links: Links = { runUrl: context.runUrl, artifactUrl: artifact?.url };

    if (inputs.shard) {
      // The merge step publishes once for all shards; a shard only says what it did.
      core.info('onepixel: shard job: check runs and the full summary come from the merge step');
      await writeSummary(`${headline(report)} (shard ${inputs.shard.index}/${inputs.shard.count}; the merge step publishes the results)\n`);
    } else {
      await publishVerdicts(report, inputs, context, api, links, notes, live);
      live = undefined;
      await writeSummary(buildJobSummary(report, { links, notes }));
    }
    if (inputs.sarif) writeFile(inputs.sarif, `${JSON.stringify(buildSarif(report, context.actionUrl), null, 2)}\n`);
    if (inputs.badge) writeFile(inputs.badge, buildBadge(report));

    core.setOutput('report', reportFile);
    core.setOutput('scanned', String(report.counts.scanned));
    core.setOutput('backdoored', String(report.counts.backdoored));
    core.setOutput('errors', String(report.counts.errors));
    core.setOutput('verdict', report.verdict);
    core.setOutput('out', inputs.outDir);
    const failed = failure(report, inputs.failOn);
    if (failed) core.setFailed(failed);
  } catch (error) {
    const line = `onepixel: ${describeError(error).replace(/^(InputError|Error): /, '')}`;
    await live?.cancel(line);
    core.setFailed(line);
    if (error instanceof InputError) process.exitCode = CONFIG_ERROR_EXIT;
  }
}
