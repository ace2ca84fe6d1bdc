/** The onepixel command line. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeSignatureArtifacts } from './signature/artifacts.js';
import { describeError, type ErrorCode, ExitCode, OnepixelError } from './engine/errors.js';
import { packageRoot } from './engine/native.js';
import { chooseDevice, type DeviceRequest, useDevice } from './engine/device.js';
import { optionsFromText, parseOption } from './engine/options.js';
import { formatSeconds, progressSink } from './report/progress.js';
import { computeSignature } from './signature/signature.js';
import { MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS } from './scan/sandbox.js';
import { buildReport, conventionText, errorEntry, type ModelReport, type ScanReport, transferSentence, notableWholeImage, triggerText, wholeImageSentence } from './report/report.js';
import { scanModels } from './scan/scan.js';
import { mergeReports, readReports } from './report/merge.js';
import { buildSarif } from './report/sarif.js';
import { buildBadge } from './report/badge.js';

const SIGNATURE_OPTIONS = [
  'levels', 'base', 'mode', 'input-range', 'mean', 'std', 'block', 'stride', 'layout', 'size', 'outputs', 'search', 'score', 'budget', 'threads', 'batch',
] as const;

const USAGE = `usage: onepixel scan [MODEL|DIR ...] [--config FILE] [--json] [--out DIR] [--cache DIR] [options]
       onepixel merge REPORT.json ... [--out FILE] [--sarif FILE] [--badge FILE]
       onepixel signature [MODEL] --out DIR [options]

scan: tells for every .onnx model given (or found under a DIR; the sample models
when none is given) whether it looks backdoored, with the suspected target class
and trigger (a patch's box, or a blend). Exit code 0 when all are clean, 1 when any looks backdoored,
2 when a model could not be analysed (and none looks backdoored) or on bad options.
  --config FILE         YAML mapping path globs to per-model settings (default
                        .onepixel.yml when it exists)
  --json                print the report as JSON
  --out DIR             also write each model's signature files under DIR
  --cache DIR           reuse sweeps of unchanged models
  --budget SECONDS      refuse, as BUDGET_EXCEEDED, a model whose scan needs more than
                        this on the reference 2-core machine (planned from the graph)
  --exit-zero           exit 0 whenever the scan ran (the verdicts are in the output)
  --jobs N              models scanned at once, sharing --threads (default 2)
  --timeout SECONDS     each model's scan runs in a child process stopped after this
                        long: TIMEOUT (default 1800)
  --memory MB           and stopped over this much memory: MEMORY_LIMIT (default half
                        the machine's memory, shared by the jobs)
  --threshold P         p(backdoor) from which a model is flagged (default: the
                        shipped detector's, calibrated to ≤ 5% false positives)
  (scan takes --input-range, --mean, --std, --layout, --size, --outputs, --threads, --batch)

merge: joins the reports of sharded scans into one (printed, or written to
--out), optionally with SARIF 2.1.0 and a status badge SVG. Exit codes as scan.

signature:

Computes the one-pixel signature of an ONNX image classifier (the sample model
the package ships when MODEL is left out) and writes signature.npy, delta.npy,
signature.json and heatmaps.png to DIR.

  --levels N            candidate pixel values per pixel (default 256)
  --base P              pixel value 0..255 of the base image (default 0)
  --mode gray|channel   sweep all channels of a pixel at once, or each alone (default gray)
  --input-range lo,hi   model input for pixel values 0 and 255 (scan: default auto,
                        inferred per model; signature: default 0,1)
  --mean m[,m,m]        subtracted per channel after the range (model units)
  --std s[,s,s]         divided per channel after the mean
  --block b             side of the swept square of pixels (default 1)
  --stride s            step between swept squares (default 1)
  --layout NCHW|NHWC    the input layout, when it cannot be told from the shape
  --size HxW            the input size, for models whose size is dynamic
  --outputs auto|logits|probabilities   what the model outputs (default auto)
  --search exhaustive|adaptive          every level of every pixel, or a coarse grid
                        refined around each class's peaks (default exhaustive)
  --score probability|log-probability   what D measures (default probability)
  --budget SECONDS      plan from the graph first; over budget (reference 2-core
                        seconds), sweep s×s blocks
                        with the smallest s that fits
  --threads N           concurrent forward passes (default: available cores)
  --batch N             images per forward pass (default 32)
  --out DIR             where to write the files (default onepixel-out)
  --device auto|cpu|cuda   where the forward passes run (default auto: CUDA only
                        when a probe in a child process succeeds)
  --json                print signature.json to stdout
  --quiet               no progress
  -h, --help            this text
  --version             the onepixel version

signature exit codes: 0 done, 2 bad input or options (one line on stderr)`;

const SCAN_OPTIONS = ['input-range', 'mean', 'std', 'layout', 'size', 'outputs', 'budget', 'threads', 'batch'] as const;

/** Two models in flight by default: loading, probing and scoring a model use one core. */
const DEFAULT_JOBS = 2;

/** The models the commands work on when none is named. */
export function samplesFolder(): string {
  return path.join(packageRoot(), 'samples');
}

export function defaultModel(): string {
  return path.join(samplesFolder(), 'backdoored-mnist.onnx');
}

/** A file the folder walk found but will not scan, and why (it becomes an error entry). */
export interface RefusedModel {
  model: string;
  code: ErrorCode;
  error: string;
}

const isModelName = (name: string): boolean => name.toLowerCase().endsWith('.onnx');

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Every .onnx file named or found under a named folder, in a stable order, and the ones found
 * that will not be scanned. The walk follows a symbolic link named *.onnx when its real path is
 * a file inside the named folder's real path (a link to a model that is also found under its own
 * name is scanned once, as the file); a link that is broken or leads outside the folder, and a
 * *.onnx that is not a regular file (a FIFO would block the read), are refused, never dropped.
 */
export function findModels(paths: string[]): { models: string[]; refused: RefusedModel[] } {
  // Paths under the working directory are shown, and name artifact folders, relative to it.
  const shown = (p: string): string => {
    const relative = path.relative(process.cwd(), p);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p;
  };
  /** In walk order; a link carries its target's real path. */
  const found: { file: string; link?: string }[] = [];
  const refused: RefusedModel[] = [];
  const refuse = (file: string, code: ErrorCode, why: string): void => {
    refused.push({ model: shown(file), code, error: `${shown(file)}: ${why}` });
  };
  const walk = (dir: string, root: string, named: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, root, named);
      } else if (!isModelName(entry.name)) {
        continue;
      } else if (entry.isFile()) {
        found.push({ file: full });
      } else if (!entry.isSymbolicLink()) {
        refuse(full, 'MODEL_UNREADABLE', 'not a regular file');
      } else {
        let real: string;
        try {
          real = fs.realpathSync(full);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') refuse(full, 'MODEL_UNREADABLE', 'a symbolic link that loops');
          else if (code === 'ENOENT' || code === 'ENOTDIR') refuse(full, 'MODEL_NOT_FOUND', 'a broken symbolic link (its target does not exist)');
          else refuse(full, 'MODEL_UNREADABLE', `a symbolic link that cannot be followed (${code ?? 'unknown error'})`);
          continue;
        }
        if (!isInside(root, real)) refuse(full, 'MODEL_UNREADABLE', `a symbolic link that leads outside ${named} (to ${real}); not followed`);
        else if (!fs.statSync(real).isFile()) refuse(full, 'MODEL_UNREADABLE', 'a symbolic link to something that is not a regular file');
        else found.push({ file: full, link: real });
      }
    }
  };
  for (const p of paths) {
    // A path that is not a folder is scanned as a model, so a missing file is reported, not dropped.
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) walk(p, fs.realpathSync(p), p);
    else found.push({ file: p });
  }
  // A link to a model also found under its own name (or through another link) adds nothing.
  const files = new Set(found.filter((f) => f.link === undefined && fs.existsSync(f.file)).map((f) => fs.realpathSync(f.file)));
  const models: string[] = [];
  for (const { file, link } of found) {
    if (link !== undefined) {
      if (files.has(link)) continue;
      files.add(link);
    }
    models.push(shown(file));
  }
  return { models: [...new Set(models)], refused };
}

/** Every .onnx file named or found under a named folder, in a stable order (findModels' models). */
export function collectModels(paths: string[]): string[] {
  return findModels(paths).models;
}

/**
 * Special file systems: writing there is never meant, and can hang (Node's recursive mkdir
 * loops forever under /proc) or write to the kernel (/sys). /dev/shm is ordinary shared memory.
 */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];
const ORDINARY_UNDER_SPECIAL = ['/dev/shm'];
/** statfs types of kernel file systems, wherever they are mounted (a container's /host/proc). */
const SPECIAL_FS_TYPES = new Map<number, string>([
  [0x9fa0, 'proc'], [0x62656572, 'sysfs'], [0x64626720, 'debugfs'], [0x74726163, 'tracefs'], [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'], [0x63677270, 'cgroup2'], [0x1cd1, 'devpts'], [0x62656570, 'configfs'], [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'], [0xcafe4a11, 'bpf'],
]);

const under = (target: string, root: string): boolean => target === root || target.startsWith(`${root}/`);

/** Which special file system `target` would be written to, or undefined for an ordinary path. */
export function specialFileSystem(target: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const absolute = path.resolve(target);
  // The nearest folder that exists, by its real path, so a link into /proc is seen too.
  let existing = absolute;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real = existing;
  try {
    real = fs.realpathSync(existing);
  } catch {
    // unreadable: judge by the path alone
  }
  for (const candidate of [absolute, path.join(real, path.relative(existing, absolute))]) {
    if (ORDINARY_UNDER_SPECIAL.some((root) => under(candidate, root))) continue;
    const root = SPECIAL_ROOTS.find((r) => under(candidate, r));
    if (root) return root;
  }
  if (process.platform === 'linux') {
    try {
      const type = SPECIAL_FS_TYPES.get(Number(fs.statfsSync(real).type));
      if (type) return `a ${type} file system`;
    } catch {
      // no statfs here: the paths above decide
    }
  }
  return undefined;
}

/** BAD_OPTION for an output path on a special file system, before any work is done. */
function checkOutputPaths(values: Record<string, string | boolean | undefined>, names: readonly string[]): void {
  for (const name of names) {
    const value = values[name];
    if (typeof value !== 'string') continue;
    const special = specialFileSystem(value);
    if (special) throw new OnepixelError('BAD_OPTION', `--${name} ${value}: refusing to write under ${special} (a special file system); choose an ordinary folder`);
  }
}

/** The report with an error entry for each model the folder walk refused. */
function withRefused(report: ScanReport, refused: RefusedModel[]): ScanReport {
  if (refused.length === 0) return report;
  const entries: ModelReport[] = refused.map((r) => errorEntry(r.model, r.code, r.error, 0));
  return buildReport([...report.models, ...entries], report.threshold, report.tool.version);
}

/** "--mean -0.5" would be taken for an option by parseArgs; join such values to their flag. */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(SIGNATURE_OPTIONS.map((name) => [name, { type: 'string' as const }])),
        out: { type: 'string' },
        config: { type: 'string' },
        sarif: { type: 'string' },
        badge: { type: 'string' },
        cache: { type: 'string' },
        json: { type: 'boolean' },
        'exit-zero': { type: 'boolean' },
        jobs: { type: 'string' },
        timeout: { type: 'string' },
        memory: { type: 'string' },
        threshold: { type: 'string' },
        device: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new OnepixelError('BAD_OPTION', (error as Error).message.split('\n')[0]!);
  }
  // "--levels=" would otherwise read as unset and fall back to the default without a word.
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string' && value.trim() === '') throw new OnepixelError('BAD_OPTION', `--${name} needs a value`);
  }
  return parsed;
}

/** Picks and loads the device for the forward passes, saying which and why. */
async function selectDevice(values: Record<string, string | boolean | undefined>, quiet: boolean): Promise<void> {
  const requested = parseOption.choice('device', (values.device as string | undefined) ?? 'auto', ['auto', 'cpu', 'cuda'] as const);
  const choice = await chooseDevice(requested as DeviceRequest);
  if (choice.warning) process.stderr.write(`onepixel: warning: ${choice.warning}\n`);
  else if (!quiet && choice.device !== 'cpu') process.stderr.write(`onepixel: device ${choice.reason}\n`);
  useDevice(choice);
}

async function signatureCommand(positionals: string[], values: Record<string, string | boolean | undefined>): Promise<number> {
  if (positionals.length > 1) throw new OnepixelError('BAD_OPTION', 'onepixel signature takes one model');
  const model = positionals[0] ?? defaultModel();
  const textValues = Object.fromEntries(SIGNATURE_OPTIONS.map((name) => [name, values[name] as string | undefined]));
  const options = optionsFromText(textValues);
  const out = (values.out as string | undefined) ?? 'onepixel-out';
  checkOutputPaths({ out }, ['out']);
  await selectDevice(values, Boolean(values.quiet || values.json));
  const progress = values.quiet || values.json ? undefined : progressSink(path.basename(model));
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const sig = await computeSignature(model, options, {
      signal: controller.signal,
      onEstimate: (e) => {
        if (values.quiet || values.json) return;
        const blocks = e.budgetStride ? `; over budget, so ${e.budgetStride}x${e.budgetStride} blocks` : '';
        process.stderr.write(`${path.basename(model)}: about ${e.passes.toLocaleString('en-US')} passes = ${formatSeconds(e.seconds)} on the reference 2-core machine${blocks}\n`);
      },
      onProgress: progress ? (p) => progress.update(p.done, p.total, p.seconds) : undefined,
    });
    progress?.finish();
    const files = writeSignatureArtifacts(sig, out);
    if (values.json) {
      process.stdout.write(fs.readFileSync(files.find((f) => f.endsWith('.json'))!, 'utf8'));
    } else if (!values.quiet) {
      const { classes, shape, passes, seconds } = sig.info;
      process.stderr.write(
        `${model}: K=${classes}, signature [${shape.join(',')}], ${passes.toLocaleString('en-US')} passes in ${seconds.toFixed(2)}s -> ${out}/\n`,
      );
    }
    return ExitCode.ok;
  } finally {
    progress?.finish();
    process.removeListener('SIGINT', onSignal);
  }
}

function formatReport(report: ScanReport): string {
  const rows = report.models.map((m) => [
    m.model,
    m.verdict,
    m.probability === null ? '' : m.probability.toFixed(3),
    m.targetClass === null ? '' : String(m.targetClass),
    triggerText(m),
    conventionText(m),
    `${m.seconds.toFixed(1)}s${m.cached ? ' (cached)' : ''}`,
    m.error ?? '',
  ]);
  const head = ['model', 'verdict', 'p(backdoor)', 'target', 'trigger', 'input', 'time', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const { scanned, clean, backdoored, errors } = report.counts;
  // Why each flagged model was flagged, in the transfer test's words.
  const why = report.models.filter((m) => m.verdict === 'backdoored').flatMap((m) => {
    const sentence = transferSentence(m);
    const picture = m.recovered?.picture ? [`  the trigger at work: ${m.recovered.picture}`] : [];
    return sentence ? [`${m.model}: ${sentence}`, ...picture] : picture;
  });
  // A change over the whole image that wins most unseen images at half its strength is worth a
  // look even where the verdict, which does not weigh it yet, is clean.
  const whole = report.models.filter(notableWholeImage).flatMap((m) => [`${m.model}: ${wholeImageSentence(m)}`, ...(m.wholeImage?.picture ? [`  the change at work: ${m.wholeImage.picture}`] : [])]);
  return [line(head), ...rows.map(line), ...(why.length ? ['', ...why] : []), ...(whole.length ? ['', ...whole] : []), '', `${scanned} scanned: ${clean} clean, ${backdoored} backdoored, ${errors} errors (threshold ${report.threshold.toFixed(3)})`].join('\n');
}

async function scanCommand(positionals: string[], values: Record<string, string | boolean | undefined>): Promise<number> {
  checkOutputPaths(values, ['out', 'cache']);
  // The recipe fixes what each step sweeps: a flag for it would be silently ignored otherwise.
  const ignored = SIGNATURE_OPTIONS.filter((name) => values[name] !== undefined && !(SCAN_OPTIONS as readonly string[]).includes(name));
  if (ignored.length > 0 && !values.quiet && !values.json) {
    process.stderr.write(`onepixel: warning: scan ignores ${ignored.map((n) => `--${n}`).join(', ')}: the detector's recipe sets what every step sweeps (they are for onepixel signature)\n`);
  }
  const { models: files, refused } = findModels(positionals.length > 0 ? positionals : [samplesFolder()]);
  if (files.length === 0 && refused.length === 0) throw new OnepixelError('BAD_OPTION', `no .onnx models found in ${positionals.join(', ')}`);
  const signature = optionsFromText(Object.fromEntries(SCAN_OPTIONS.map((name) => [name, values[name] as string | undefined])));
  const configFile = (values.config as string | undefined) ?? (fs.existsSync('.onepixel.yml') ? '.onepixel.yml' : undefined);
  if (configFile && !fs.existsSync(configFile)) throw new OnepixelError('BAD_OPTION', `--config ${configFile}: no such file`);
  if (configFile && !fs.statSync(configFile).isFile()) throw new OnepixelError('BAD_OPTION', `--config ${configFile}: not a regular file`);
  const quiet = Boolean(values.quiet || values.json);
  await selectDevice(values, quiet);
  let progress: ReturnType<typeof progressSink> | undefined;
  let shown = -1;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  // Ctrl-C and SIGTERM stop the scan at once; the models that finished are still printed.
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const jobs = values.jobs === undefined ? DEFAULT_JOBS : parseOption.number('jobs', values.jobs as string);
    if (!Number.isInteger(jobs) || jobs < 1) throw new OnepixelError('BAD_OPTION', `--jobs must be a whole number of at least 1 (got ${values.jobs})`);
    const threshold = values.threshold === undefined ? undefined : parseOption.probability('threshold', values.threshold as string);
    const scanned = await scanModels(files, {
      signature,
      jobs,
      threshold,
      ...sandboxLimits(values),
      configFile,
      artifactsDir: values.out as string | undefined,
      cacheDir: values.cache as string | undefined,
      signal: controller.signal,
      onModelStart: (i, n, model) => {
        progress?.finish();
        shown = i;
        progress = quiet ? undefined : progressSink(`[${i + 1}/${n}] ${path.basename(model)}`);
      },
      // With several models in flight, the bar follows the one started last.
      onProgress: (i, _n, _model, p) => {
        if (i === shown) progress?.update(p.done, p.total, p.seconds);
      },
    });
    progress?.finish();
    const report = withRefused(scanned, refused);
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${formatReport(report)}\n`);
    if (values.out) fs.mkdirSync(values.out as string, { recursive: true });
    if (values.out) fs.writeFileSync(path.join(values.out as string, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    return values['exit-zero'] ? ExitCode.ok : reportExitCode(report);
  } finally {
    progress?.finish();
    process.removeListener('SIGINT', onSignal).removeListener('SIGTERM', onSignal);
  }
}

/** --timeout and --memory, checked; unset ones take the sandbox's defaults. */
function sandboxLimits(values: Record<string, string | boolean | undefined>): { timeout?: number; memory?: number } {
  const limit = (name: string, max: number): number | undefined => (values[name] === undefined ? undefined : parseOption.limit(name, values[name] as string, max));
  const timeout = limit('timeout', MAX_TIMEOUT_SECONDS);
  const memory = limit('memory', MAX_MEMORY_MB);
  return { ...(timeout !== undefined ? { timeout } : {}), ...(memory !== undefined ? { memory: Math.round(memory * 2 ** 20) } : {}) };
}

function reportExitCode(report: ScanReport): number {
  if (report.counts.backdoored > 0) return ExitCode.backdoored;
  return report.counts.errors > 0 ? ExitCode.error : ExitCode.ok;
}

function mergeCommand(positionals: string[], values: Record<string, string | boolean | undefined>): number {
  if (positionals.length === 0) throw new OnepixelError('BAD_OPTION', 'onepixel merge needs at least one report');
  checkOutputPaths(values, ['out', 'sarif', 'badge']);
  const report = mergeReports(readReports(positionals));
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (values.out) fs.writeFileSync(values.out as string, json);
  else process.stdout.write(json);
  if (values.sarif) fs.writeFileSync(values.sarif as string, `${JSON.stringify(buildSarif(report), null, 2)}\n`);
  if (values.badge) fs.writeFileSync(values.badge as string, buildBadge(report));
  return reportExitCode(report);
}

export async function main(argv: string[]): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      process.stderr.write(`${USAGE}\n`);
      return ExitCode.error;
    }
    if (command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return ExitCode.ok;
    }
    if (command === '--version') {
      const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return ExitCode.ok;
    }
    const { values, positionals } = parse(rest);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return ExitCode.ok;
    }
    if (command === 'signature') return await signatureCommand(positionals, values);
    if (command === 'scan') return await scanCommand(positionals, values);
    if (command === 'merge') return mergeCommand(positionals, values);
    throw new OnepixelError('BAD_OPTION', `unknown command "${command}" (try onepixel --help)`);
  } catch (error) {
    process.stderr.write(`onepixel: ${describeError(error)}\n`);
    return ExitCode.error;
  }
}
