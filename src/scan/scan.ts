/**
 * Scanning models: per-model settings, the recipe sweeps (or the cache), the detector's
 * verdict, and the per-model artifacts. A model that cannot be analysed becomes an 'error'
 * entry with its reason; the others are still scanned.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACT_FILES, writeSignatureArtifacts } from '../signature/artifacts.js';
import { type Detection, detect, type DetectorWeights, judgedProbability, loadWeights } from '../detector/detector.js';
import { recipePasses, recipeSettings, runRecipe } from '../recipe/recipe.js';
import { decodeSteps, encodeSteps, type RecipeResult, recipeResult, storedSteps } from '../recipe/result.js';
import { referenceSeconds } from '../signature/budget.js';
import { checkOutput } from '../signature/signature.js';
import { describeError, errorCode, OnepixelError } from '../engine/errors.js';
import { type InspectedFile, inspectModelFile, type LoadedModel, loadModel } from '../engine/model.js';
import { type ConventionPlan, conventionFolder, inferencePasses, type PlannedConvention, planConventions, withConvention } from '../recipe/convention.js';
import { strongestFinding } from '../recipe/whole-image-search.js';
import { packageRoot } from '../engine/native.js';
import { defaultThreads, resolveOptions, type SignatureOptions } from '../engine/options.js';
import { currentDevice } from '../engine/device.js';
import { DEFAULT_TIMEOUT_SECONDS, defaultMemoryBytes, scanInSandbox } from './sandbox.js';
import { buildReport, type ConventionReport, errorEntry, reasonFor, type ModelReport, type ScanPlan, type ScanReport, STOPPED_UNFINISHED } from '../report/report.js';
import { loadScanConfig, modelSettings, type ScanConfig } from './scan-config.js';
import { demonstrationPasses, recoveredTrigger, writeTriggerEvidence, writeWholeImageEvidence } from './trigger-evidence.js';

export interface ScanOptions {
  /** Defaults for every model (the CLI's or the action's signature options). */
  signature?: Partial<SignatureOptions>;
  /** YAML mapping globs to per-model settings; a missing file is an error. */
  configFile?: string;
  /** A config already read (instead of configFile), trusted like it. */
  config?: ScanConfig;
  /** An untrusted config (a pull request's own changes): its settings are claims, scanned in addition. */
  claimedConfig?: { source: string; config: ScanConfig };
  /** Write each model's signature files under here, one folder per model. */
  artifactsDir?: string;
  /** Reuse recipe sweeps keyed by model sha256 + settings. */
  cacheDir?: string;
  threads?: number;
  /**
   * Models scanned at once; each gets threads/jobs threads, so the total never exceeds the
   * thread count. Several small models keep the cores busier than one at a time, because
   * loading, probing and scoring a model run on one thread.
   */
  jobs?: number;
  weights?: DetectorWeights;
  /** Probability from which a model counts as backdoored (default: the weights' calibrated threshold). */
  threshold?: number;
  /**
   * Run each model in a child process under `timeout` and `memory` (default true): a hostile
   * model then costs its own result only (see sandbox.ts). False runs in this process.
   */
  isolate?: boolean;
  /** Seconds one model's scan may take (default DEFAULT_TIMEOUT_SECONDS); isolated scans only. */
  timeout?: number;
  /** Bytes of memory one model's scan may use (default: half the machine's, shared by the jobs). */
  memory?: number;
  onModelStart?: (index: number, total: number, model: string) => void;
  onProgress?: (index: number, total: number, model: string, p: { done: number; total: number; seconds: number }) => void;
  signal?: AbortSignal;
}

/** The folder name of a model's artifacts: its path with separators replaced. */
export function artifactFolderName(model: string): string {
  return model.replace(/^(\.\.?[\\/])+/, '').replace(/[\\/:]+/g, '__');
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * The cache key: the model's identity (all of its bytes), the settings that change a sweep,
 * the recipe, and the detector that will judge it.
 */
function cacheKey(identity: string, o: SignatureOptions, input: LoadedModel['input'], judge: string): string {
  // The input's shape as scanned (layout, height, width), whatever set it; and the detector that
  // judged the entry, so an entry always belongs to one report's verdict. A budget is not part
  // of it: it decides whether the recipe runs, never what the recipe is.
  const shape = { layout: input.layout, channels: input.channels, height: input.height, width: input.width };
  const relevant = { ...recipeSettings(), inputRange: o.inputRange, mean: o.mean, std: o.std, shape, outputs: o.outputs, judge };
  return crypto.createHash('sha256').update(`${identity}\n${JSON.stringify(relevant)}`).digest('hex').slice(0, 32);
}

interface Swept {
  result: RecipeResult;
  cached: boolean;
  /** Folder holding the paper signature's files for this model. */
  files?: string;
}

function readCached(file: string): RecipeResult | undefined {
  try {
    return recipeResult(decodeSteps(fs.readFileSync(file)).steps);
  } catch {
    return undefined;
  }
}

/** What the recipe measures under one convention: from the cache where it has run before, else by running it. */
async function measure(model: LoadedModel, key: string, index: number, total: number, options: SignatureOptions, scan: ScanOptions, folder: string): Promise<Swept> {
  const cached = scan.cacheDir ? path.join(scan.cacheDir, key) : undefined;
  if (cached && fs.existsSync(path.join(cached, 'recipe.json.gz'))) {
    // An entry that cannot be read (cut short, or made by an older recipe) is measured again.
    const result = readCached(path.join(cached, 'recipe.json.gz'));
    // Entries from before the recovered triggers were recorded are measured again, for the evidence picture.
    if (result?.transfer.patchCells) return { result, cached: true, files: cached };
  }
  const run = await runRecipe(model, options, {
    signal: scan.signal,
    onProgress: (p) => scan.onProgress?.(index, total, model.path, p),
  });
  let files: string | undefined;
  if (cached) {
    // Written to a temporary folder first so that an interrupted scan never leaves half an entry.
    const tmp = `${cached}.${process.pid}.tmp`;
    writeSignatureArtifacts(run.signature, tmp);
    fs.writeFileSync(path.join(tmp, 'recipe.json.gz'), encodeSteps(storedSteps(run.result)));
    fs.rmSync(cached, { recursive: true, force: true });
    fs.renameSync(tmp, cached);
    files = cached;
  } else if (scan.artifactsDir) {
    files = path.join(scan.artifactsDir, folder);
    writeSignatureArtifacts(run.signature, files);
  }
  return { result: run.result, cached: false, files };
}

function copyArtifacts(from: string, to: string): void {
  if (path.resolve(from) === path.resolve(to)) return;
  fs.mkdirSync(to, { recursive: true });
  for (const name of ARTIFACT_FILES) fs.copyFileSync(path.join(from, name), path.join(to, name));
}

/** One convention's scan: its detection, or why it could not be made. */
interface ConventionScan {
  planned: PlannedConvention;
  swept?: Swept;
  found?: Detection;
  error?: unknown;
}

/**
 * Scans one model: its conventions are planned (given, or inferred plus what the model claims),
 * the recipe runs under each, and the worst verdict stands: a model is judged as it behaves
 * under the convention that makes it look most like a backdoor.
 */
async function scanOne(file: string, index: number, total: number, scan: ScanOptions, config: ScanConfig | undefined, weights: DetectorWeights, threshold: number, judge: string, onVerdict?: (report: ModelReport) => Promise<void>): Promise<ModelReport> {
  const started = performance.now();
  const seconds = (): number => Math.round((performance.now() - started) / 10) / 100;
  let sha256: string | null = null;
  try {
    const inspected = inspectModelFile(file);
    sha256 = inspected.sha256;
    const settings = modelSettings(scan.signature ?? {}, inspected.summary.metadata, config, file, scan.claimedConfig);
    const options = resolveOptions({ ...settings.trusted, threads: scan.threads ?? scan.signature?.threads });
    const model = await loadModel(file, options, inspected);
    // Stopping closes the model, which terminates a forward pass in flight (one that would never end).
    const stop = (): void => model.native.close();
    scan.signal?.addEventListener('abort', stop, { once: true });
    try {
      // The class count, from one base pass, for both plans below.
      let outputClasses: number | undefined;
      const classes = async (): Promise<number> => (outputClasses ??= (await checkOutput(model, options)).classes);
      // Over budget with even one convention: refused before the inference spends anything.
      if (options.budget !== undefined) await planWork(model, options, classes, 1, 0);
      const plan = await planConventions(model, options, settings, inspected.affine, scan.signal);
      const besides = (plan.inference ? inferencePasses(model.input.channels) : 0) + (scan.artifactsDir ? demonstrationPasses(await classes()) : 0);
      const work = await planWork(model, options, classes, plan.conventions.length, besides);
      const scans: ConventionScan[] = [];
      for (const planned of plan.conventions) {
        const o = withConvention(options, planned.convention);
        const folder = plan.conventions.length > 1 ? `${artifactFolderName(file)}.${conventionFolder(planned.convention)}` : artifactFolderName(file);
        try {
          const swept = await measure(model, cacheKey(inspected.identity, o, model.input, judge), index, total, o, scan, folder);
          scans.push({ planned, swept, found: detect(weights, swept.result, model.input.height, model.input.width) });
        } catch (error) {
          if (scan.signal?.aborted || (error instanceof OnepixelError && error.code === 'ABORTED')) throw error;
          scans.push({ planned, error });
        }
      }
      const worst = worstScan(scans, weights);
      const report = judgeScans(file, inspected, model, options, plan, scans, worst, scan, weights, threshold, seconds());
      if (worst && report.verdict !== 'error' && scan.artifactsDir) {
        await onVerdict?.({ ...report, plan: work });
        const folder = report.artifacts ?? path.join(scan.artifactsDir, artifactFolderName(file));
        const o = withConvention(options, worst.planned.convention);
        report.recovered = await showEvidence(() => writeTriggerEvidence(model, o, report, threshold, folder, scan.signal), report.recovered, scan.signal);
        // Sent again, so that a child stopped during the whole-image demonstration keeps evidence.png.
        await onVerdict?.({ ...report, plan: work });
        report.wholeImage = await showEvidence(() => writeWholeImageEvidence(model, o, report, worst.swept!.result, folder, scan.signal), report.wholeImage, scan.signal);
        report.seconds = seconds();
      }
      return { ...report, plan: work };
    } finally {
      scan.signal?.removeEventListener('abort', stop);
      model.native.close();
    }
  } catch (error) {
    if (scan.signal?.aborted) throw new OnepixelError('ABORTED', STOPPED_UNFINISHED);
    if (error instanceof OnepixelError && error.code === 'ABORTED') throw error;
    return errorEntry(file, errorCode(error), describeError(error), seconds(), sha256);
  }
}

/**
 * The scan's work from the file alone: the recipe's passes under each convention, at the graph's
 * cost per pass on the reference machine. Over the budget the model is not analysed: the
 * detector is calibrated on the whole recipe only, so a smaller one would judge from features it
 * never saw. The timeout, not this estimate, is the hard stop.
 */
async function planWork(model: LoadedModel, options: SignatureOptions, classes: () => Promise<number>, conventions: number, besides: number): Promise<ScanPlan | undefined> {
  if (!model.cost) {
    if (options.budget === undefined) return undefined;
    throw new OnepixelError('BUDGET_UNPLANNED', `${model.path}: its graph could not be read to plan the budget; scan it with --budget 0 (the timeout still applies)`);
  }
  const { height, width, channels } = model.input;
  const recipe = recipePasses({ height, width, channels, classes: await classes() });
  // The recipe under each convention, and the images drawn besides it: the convention
  // inference's when it runs, the trigger demonstration's when evidence is written.
  const passes = conventions * recipe.passes + besides;
  const seconds = conventions * referenceSeconds(model.cost, recipe.passes, recipe.drawn, channels * height * width) + referenceSeconds(model.cost, besides, besides, channels * height * width);
  const plan: ScanPlan = { passes, seconds: Math.round(seconds), ...(model.cost.uncosted.length > 0 ? { uncosted: model.cost.uncosted } : {}) };
  // Written so that a cost that is not a number is over any budget.
  if (options.budget !== undefined && !(seconds <= options.budget)) {
    const each = conventions > 1 ? ` (${conventions} input conventions)` : '';
    throw new OnepixelError(
      'BUDGET_EXCEEDED',
      `${model.path}: its scan needs about ${Math.round(seconds)} s${each} on the reference 2-core machine, ${(passes / 1e3).toFixed(0)}k forward passes of ${(model.cost.macs / 1e6).toFixed(1)}M multiply-adds, over the budget of ${options.budget} s; raise --budget (0: none)`,
    );
  }
  return plan;
}

/** The probability a convention's scan counts with: a scan under any but the first-ranked convention is lowered (judgedProbability). */
const counted = (scans: ConventionScan[], s: ConventionScan, weights: DetectorWeights): number => judgedProbability(s.found!.probability, s === scans[0], weights);

/** The scan whose verdict stands: the judged convention with the highest probability it counts with. */
function worstScan(scans: ConventionScan[], weights: DetectorWeights): ConventionScan | undefined {
  return scans.filter((s) => s.found).sort((a, b) => counted(scans, b, weights) - counted(scans, a, weights))[0];
}

/** A demonstration and its files; a failure there costs the picture, never the verdict. */
async function showEvidence<T>(write: () => Promise<T>, without: T, signal?: AbortSignal): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (signal?.aborted || (error instanceof OnepixelError && error.code === 'ABORTED')) throw error;
    return without;
  }
}

/** The worst of the conventions' scans (worstScan) becomes the model's report. */
function judgeScans(file: string, inspected: InspectedFile, model: LoadedModel, options: SignatureOptions, plan: ConventionPlan, scans: ConventionScan[], worst: ConventionScan | undefined, scan: ScanOptions, weights: DetectorWeights, threshold: number, seconds: number): ModelReport {
  const failed = scans.find((s) => s.error !== undefined);
  const conventionReport: ConventionReport = {
    basis: plan.basis,
    ...(plan.inference ? { inferred: plan.inference.chosen.map((c) => c.name), ratio: round(plan.inference.ratio) } : {}),
    scanned: scans.map((s) => ({
      name: s.planned.convention.name,
      from: s.planned.from,
      probability: s.found ? round(s.found.probability) : null,
      ...(s.found && s !== scans[0] && counted(scans, s, weights) !== s.found.probability ? { counted: round(counted(scans, s, weights)) } : {}),
      ...(s.error !== undefined ? { error: describeError(s.error) } : {}),
    })),
    decidedBy: worst?.planned.convention.name ?? null,
    ...(plan.refused.length > 0 ? { refused: plan.refused } : {}),
  };
  const { input } = model;
  const base = {
    model: file,
    sha256: inspected.sha256,
    ...(inspected.externalData.length > 0 ? { identity: inspected.identity, externalData: inspected.externalData } : {}),
    seconds,
    input: { name: input.name, layout: input.layout, channels: input.channels, height: input.height, width: input.width },
    convention: conventionReport,
  };
  const probability = worst === undefined ? NaN : counted(scans, worst, weights);
  const backdoored = worst !== undefined && probability >= threshold;
  // A convention that could not be scanned leaves the model unjudged, unless another already flags it.
  if (!worst || (failed && !backdoored)) {
    const error = failed?.error;
    return { ...base, verdict: 'error', probability: null, targetClass: null, triggerBox: null, error: reasonFor(file, `under input convention ${failed?.planned.convention.name}: ${describeError(error)}`), errorCode: errorCode(error) };
  }
  const found = worst.found!;
  const o = withConvention(options, worst.planned.convention);
  let artifacts: string | undefined;
  if (scan.artifactsDir && worst.swept!.files) {
    artifacts = path.join(scan.artifactsDir, artifactFolderName(file));
    copyArtifacts(worst.swept!.files, artifacts);
  }
  return {
    ...base,
    verdict: backdoored ? 'backdoored' : 'clean',
    probability: round(probability),
    targetClass: backdoored ? found.targetClass : null,
    trigger: backdoored ? found.trigger : null,
    triggerBox: backdoored ? found.triggerBox : null,
    classes: worst.swept!.result.pixel.classes,
    settings: {
      inputRange: o.inputRange,
      ...(o.mean ? { mean: o.mean } : {}),
      ...(o.std ? { std: o.std } : {}),
      ...(o.layout ? { layout: o.layout } : {}),
      ...(o.size ? { size: o.size } : {}),
      outputs: o.outputs,
    },
    ...(artifacts ? { artifacts } : {}),
    evidence: found.evidence,
    transfer: found.transfer,
    recovered: recoveredTrigger(worst.swept!.result, found, input.height, input.width),
    ...wholeImageOf(worst.swept!.result),
    cached: scans.every((s) => s.swept?.cached),
  };
}

const round = (p: number): number => Math.round(p * 1e4) / 1e4;

/** The whole-image search's strongest finding, for a result that has the search (cached older ones do not). */
function wholeImageOf(result: RecipeResult): Pick<ModelReport, 'wholeImage'> {
  const finding = result.wholeImage && strongestFinding(result.wholeImage);
  return finding ? { wholeImage: finding } : {};
}

/** What a sandbox child is sent besides its model: plain data, without callbacks or the abort signal. */
function portable(options: ScanOptions, config: ScanConfig | undefined, weights: DetectorWeights, threshold: number, judge: string): Record<string, unknown> {
  const { onModelStart: _start, onProgress: _progress, signal: _signal, ...rest } = options;
  return { ...rest, config, weights, threshold, judge };
}

/** One model's scan in this process, from what a sandbox child is sent (see scan-worker.ts). */
export async function scanSandboxedModel(file: string, index: number, total: number, sent: Record<string, unknown>, onProgress?: ScanOptions['onProgress'], onVerdict?: (report: ModelReport) => Promise<void>): Promise<ModelReport> {
  const { config, weights, threshold, judge, ...options } = sent as unknown as ScanOptions & { config?: ScanConfig; weights: DetectorWeights; threshold: number; judge: string };
  return scanOne(file, index, total, { ...options, onProgress }, config, weights, threshold, judge, onVerdict);
}

export async function scanModels(files: string[], options: ScanOptions = {}): Promise<ScanReport> {
  const weights = options.weights ?? loadWeights();
  const threshold = options.threshold ?? weights.threshold;
  // Part of every cache key: the detector (weights and threshold) a cached sweep was judged by.
  const judge = crypto.createHash('sha256').update(JSON.stringify(weights)).update(String(threshold)).digest('hex').slice(0, 16);
  const config = options.config ?? (options.configFile ? loadScanConfig(options.configFile) : undefined);
  if (options.cacheDir) fs.mkdirSync(options.cacheDir, { recursive: true });
  const threads = options.threads ?? options.signature?.threads ?? defaultThreads();
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, files.length, threads));
  const perModel = { ...options, threads: Math.max(1, Math.floor(threads / jobs)) };
  // The same for every model, so built once.
  const sent = portable(perModel, config, weights, threshold, judge);
  const limits = { timeoutSeconds: options.timeout ?? DEFAULT_TIMEOUT_SECONDS, memoryBytes: options.memory ?? defaultMemoryBytes(jobs) };
  const reports = new Array<ModelReport>(files.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < files.length; index = next++) {
      const file = files[index]!;
      // A stopped scan still reports every model: those it never reached say so.
      if (options.signal?.aborted) {
        reports[index] = errorEntry(file, 'ABORTED', 'the scan was stopped before this model started', 0);
        continue;
      }
      options.onModelStart?.(index, files.length, file);
      const progress = (p: { done: number; total: number; seconds: number }): void => options.onProgress?.(index, files.length, file, p);
      reports[index] =
        options.isolate === false
          ? await scanOne(file, index, files.length, perModel, config, weights, threshold, judge).catch((error: unknown) => entryIfAborted(file, error))
          : await scanInSandbox({ file, index, total: files.length, options: sent, device: currentDevice() }, limits, progress, options.signal);
    }
  };
  await Promise.all(Array.from({ length: jobs }, lane));
  return buildReport(reports, threshold, packageVersion());
}

/** An in-process scan stopped by its signal becomes an entry like any other model's; any other failure is thrown on. */
function entryIfAborted(file: string, error: unknown): ModelReport {
  if (!(error instanceof OnepixelError && error.code === 'ABORTED')) throw error;
  return errorEntry(file, 'ABORTED', STOPPED_UNFINISHED, 0);
}
