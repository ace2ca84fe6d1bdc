/**
 * Scanning models: per-model settings, the recipe sweeps (or the cache), the detector's
 * verdict, and the per-model artifacts. A model that cannot be analysed becomes an 'error'
 * entry with its reason; the others are still scanned.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACT_FILES, writeSignatureArtifacts } from './artifacts.js';
import { type Detection, detect, type DetectorWeights, loadWeights } from './detector/detector.js';
import { decodeSteps, encodeSteps, recipeSettings, runRecipe, type StepResult } from './detector/recipe.js';
import { describeError, errorCode, OnepixelError } from './errors.js';
import { inspectModelFile, loadModel } from './model.js';
import { packageRoot } from './native.js';
import { defaultThreads, resolveOptions, type SignatureOptions } from './options.js';
import { buildReport, type ModelReport, type ScanReport } from './report.js';
import { loadScanConfig, modelOptions, type ScanConfig } from './scan-config.js';

export interface ScanOptions {
  /** Defaults for every model (the CLI's or the action's signature options). */
  signature?: Partial<SignatureOptions>;
  /** YAML mapping globs to per-model settings; a missing file is an error. */
  configFile?: string;
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

/** The cache key: the model's bytes, the settings that change a sweep, and the recipe. */
function cacheKey(sha256: string, o: SignatureOptions): string {
  // A budget can coarsen the recipe's blocks, so it is part of what a sweep was made with.
  const relevant = { ...recipeSettings(), inputRange: o.inputRange, mean: o.mean, std: o.std, layout: o.layout, size: o.size, outputs: o.outputs, budget: o.budget };
  return crypto.createHash('sha256').update(`${sha256}\n${JSON.stringify(relevant)}`).digest('hex').slice(0, 32);
}

interface Swept {
  steps: StepResult[];
  cached: boolean;
  /** Folder holding the paper signature's files for this model. */
  files?: string;
}

async function sweep(file: string, index: number, total: number, options: SignatureOptions, scan: ScanOptions, inspected: ReturnType<typeof inspectModelFile>): Promise<{ swept: Swept; report: Partial<ModelReport> }> {
  const key = cacheKey(inspected.sha256, options);
  const cached = scan.cacheDir ? path.join(scan.cacheDir, key) : undefined;
  const model = await loadModel(file, options, inspected);
  const input = { name: model.input.name, layout: model.input.layout, channels: model.input.channels, height: model.input.height, width: model.input.width };
  try {
    if (cached && fs.existsSync(path.join(cached, 'recipe.json.gz'))) {
      const { steps } = decodeSteps(fs.readFileSync(path.join(cached, 'recipe.json.gz')));
      return { swept: { steps, cached: true, files: cached }, report: { input, classes: steps[0]!.classes } };
    }
    const run = await runRecipe(model, options, {
      signal: scan.signal,
      onProgress: (p) => scan.onProgress?.(index, total, file, p),
    });
    let files: string | undefined;
    if (cached) {
      // Written to a temporary folder first so that an interrupted scan never leaves half an entry.
      const tmp = `${cached}.${process.pid}.tmp`;
      writeSignatureArtifacts(run.signature, tmp);
      fs.writeFileSync(path.join(tmp, 'recipe.json.gz'), encodeSteps(run.steps));
      fs.rmSync(cached, { recursive: true, force: true });
      fs.renameSync(tmp, cached);
      files = cached;
    } else if (scan.artifactsDir) {
      files = path.join(scan.artifactsDir, artifactFolderName(file));
      writeSignatureArtifacts(run.signature, files);
    }
    return { swept: { steps: run.steps, cached: false, files }, report: { input, classes: run.steps[0]!.classes } };
  } finally {
    model.native.close();
  }
}

function copyArtifacts(from: string, to: string): void {
  if (path.resolve(from) === path.resolve(to)) return;
  fs.mkdirSync(to, { recursive: true });
  for (const name of ARTIFACT_FILES) fs.copyFileSync(path.join(from, name), path.join(to, name));
}

async function scanOne(file: string, index: number, total: number, scan: ScanOptions, config: ScanConfig | undefined, weights: DetectorWeights, threshold: number): Promise<ModelReport> {
  const started = performance.now();
  const seconds = (): number => Math.round((performance.now() - started) / 10) / 100;
  let sha256: string | null = null;
  try {
    const inspected = inspectModelFile(file);
    sha256 = inspected.sha256;
    const options = resolveOptions({ ...modelOptions(scan.signature ?? {}, inspected.summary.metadata, config, file), threads: scan.threads ?? scan.signature?.threads });
    const { swept, report } = await sweep(file, index, total, options, scan, inspected);
    const { height, width } = report.input!;
    const found: Detection = detect(weights, swept.steps, height, width);
    let artifacts: string | undefined;
    if (scan.artifactsDir && swept.files) {
      artifacts = path.join(scan.artifactsDir, artifactFolderName(file));
      copyArtifacts(swept.files, artifacts);
    }
    const backdoored = found.probability >= threshold;
    return {
      model: file,
      sha256,
      verdict: backdoored ? 'backdoored' : 'clean',
      probability: Math.round(found.probability * 1e4) / 1e4,
      targetClass: backdoored ? found.targetClass : null,
      trigger: backdoored ? found.trigger : null,
      triggerBox: backdoored ? found.triggerBox : null,
      seconds: seconds(),
      ...report,
      settings: {
        inputRange: options.inputRange,
        ...(options.mean ? { mean: options.mean } : {}),
        ...(options.std ? { std: options.std } : {}),
        ...(options.layout ? { layout: options.layout } : {}),
        ...(options.size ? { size: options.size } : {}),
        outputs: options.outputs,
      },
      ...(artifacts ? { artifacts } : {}),
      evidence: found.evidence,
      transfer: found.transfer,
      cached: swept.cached,
    };
  } catch (error) {
    if (error instanceof OnepixelError && error.code === 'ABORTED') throw error;
    return { model: file, sha256, verdict: 'error', probability: null, targetClass: null, triggerBox: null, seconds: seconds(), error: describeError(error), errorCode: errorCode(error) };
  }
}

export async function scanModels(files: string[], options: ScanOptions = {}): Promise<ScanReport> {
  const weights = options.weights ?? loadWeights();
  const threshold = options.threshold ?? weights.threshold;
  const config = options.configFile ? loadScanConfig(options.configFile) : undefined;
  if (options.cacheDir) fs.mkdirSync(options.cacheDir, { recursive: true });
  const threads = options.threads ?? options.signature?.threads ?? defaultThreads();
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, files.length, threads));
  const perModel = { ...options, threads: Math.max(1, Math.floor(threads / jobs)) };
  const reports = new Array<ModelReport>(files.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < files.length; index = next++) {
      if (options.signal?.aborted) throw new OnepixelError('ABORTED', 'the scan was aborted');
      options.onModelStart?.(index, files.length, files[index]!);
      reports[index] = await scanOne(files[index]!, index, files.length, perModel, config, weights, threshold);
    }
  };
  await Promise.all(Array.from({ length: jobs }, lane));
  return buildReport(reports, threshold, packageVersion());
}
