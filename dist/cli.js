import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);
import {
  buildBadge,
  buildSarif,
  formatSeconds,
  mergeReports,
  progressSink,
  readReports
} from "./chunks/chunk-QSMEQT2L.js";
import {
  MAX_MEMORY_MB,
  MAX_TIMEOUT_SECONDS,
  buildReport,
  conventionText,
  errorEntry,
  notableWholeImage,
  scanModels,
  transferSentence,
  triggerText,
  wholeImageSentence
} from "./chunks/chunk-434ODJKS.js";
import {
  ExitCode,
  OnepixelError,
  chooseDevice,
  computeSignature,
  describeError,
  optionsFromText,
  packageRoot,
  parseOption,
  useDevice,
  writeSignatureArtifacts
} from "./chunks/chunk-ELRYM3SO.js";

// src/cli.ts
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
var SIGNATURE_OPTIONS = [
  "levels",
  "base",
  "mode",
  "input-range",
  "mean",
  "std",
  "block",
  "stride",
  "layout",
  "size",
  "outputs",
  "search",
  "score",
  "budget",
  "threads",
  "batch"
];
var USAGE = `usage: onepixel scan [MODEL|DIR ...] [--config FILE] [--json] [--out DIR] [--cache DIR] [options]
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
                        shipped detector's, calibrated to \u2264 5% false positives)
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
                        seconds), sweep s\xD7s blocks
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
var SCAN_OPTIONS = ["input-range", "mean", "std", "layout", "size", "outputs", "budget", "threads", "batch"];
var DEFAULT_JOBS = 2;
function samplesFolder() {
  return path.join(packageRoot(), "samples");
}
function defaultModel() {
  return path.join(samplesFolder(), "backdoored-mnist.onnx");
}
var isModelName = (name) => name.toLowerCase().endsWith(".onnx");
function isInside(folder, target) {
  const relative = path.relative(folder, target);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
function findModels(paths) {
  const shown = (p) => {
    const relative = path.relative(process.cwd(), p);
    return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : p;
  };
  const found = [];
  const refused = [];
  const refuse = (file, code, why) => {
    refused.push({ model: shown(file), code, error: `${shown(file)}: ${why}` });
  };
  const walk = (dir, root, named) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, root, named);
      } else if (!isModelName(entry.name)) {
        continue;
      } else if (entry.isFile()) {
        found.push({ file: full });
      } else if (!entry.isSymbolicLink()) {
        refuse(full, "MODEL_UNREADABLE", "not a regular file");
      } else {
        let real;
        try {
          real = fs.realpathSync(full);
        } catch (error) {
          const code = error.code;
          if (code === "ELOOP") refuse(full, "MODEL_UNREADABLE", "a symbolic link that loops");
          else if (code === "ENOENT" || code === "ENOTDIR") refuse(full, "MODEL_NOT_FOUND", "a broken symbolic link (its target does not exist)");
          else refuse(full, "MODEL_UNREADABLE", `a symbolic link that cannot be followed (${code ?? "unknown error"})`);
          continue;
        }
        if (!isInside(root, real)) refuse(full, "MODEL_UNREADABLE", `a symbolic link that leads outside ${named} (to ${real}); not followed`);
        else if (!fs.statSync(real).isFile()) refuse(full, "MODEL_UNREADABLE", "a symbolic link to something that is not a regular file");
        else found.push({ file: full, link: real });
      }
    }
  };
  for (const p of paths) {
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) walk(p, fs.realpathSync(p), p);
    else found.push({ file: p });
  }
  const files = new Set(found.filter((f) => f.link === void 0 && fs.existsSync(f.file)).map((f) => fs.realpathSync(f.file)));
  const models = [];
  for (const { file, link } of found) {
    if (link !== void 0) {
      if (files.has(link)) continue;
      files.add(link);
    }
    models.push(shown(file));
  }
  return { models: [...new Set(models)], refused };
}
function collectModels(paths) {
  return findModels(paths).models;
}
var SPECIAL_ROOTS = ["/proc", "/sys", "/dev"];
var ORDINARY_UNDER_SPECIAL = ["/dev/shm"];
var SPECIAL_FS_TYPES = /* @__PURE__ */ new Map([
  [40864, "proc"],
  [1650812274, "sysfs"],
  [1684170528, "debugfs"],
  [1953653091, "tracefs"],
  [1935894131, "securityfs"],
  [2613483, "cgroup"],
  [1667723888, "cgroup2"],
  [7377, "devpts"],
  [1650812272, "configfs"],
  [1634035564, "pstore"],
  [3730735588, "efivarfs"],
  [3405662737, "bpf"]
]);
var under = (target, root) => target === root || target.startsWith(`${root}/`);
function specialFileSystem(target) {
  if (process.platform === "win32") return void 0;
  const absolute = path.resolve(target);
  let existing = absolute;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real = existing;
  try {
    real = fs.realpathSync(existing);
  } catch {
  }
  for (const candidate of [absolute, path.join(real, path.relative(existing, absolute))]) {
    if (ORDINARY_UNDER_SPECIAL.some((root2) => under(candidate, root2))) continue;
    const root = SPECIAL_ROOTS.find((r) => under(candidate, r));
    if (root) return root;
  }
  if (process.platform === "linux") {
    try {
      const type = SPECIAL_FS_TYPES.get(Number(fs.statfsSync(real).type));
      if (type) return `a ${type} file system`;
    } catch {
    }
  }
  return void 0;
}
function checkOutputPaths(values, names) {
  for (const name of names) {
    const value = values[name];
    if (typeof value !== "string") continue;
    const special = specialFileSystem(value);
    if (special) throw new OnepixelError("BAD_OPTION", `--${name} ${value}: refusing to write under ${special} (a special file system); choose an ordinary folder`);
  }
}
function withRefused(report, refused) {
  if (refused.length === 0) return report;
  const entries = refused.map((r) => errorEntry(r.model, r.code, r.error, 0));
  return buildReport([...report.models, ...entries], report.threshold, report.tool.version);
}
function joinNegativeValues(args) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = args[i + 1];
    if (arg.startsWith("--") && !arg.includes("=") && next !== void 0 && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(SIGNATURE_OPTIONS.map((name) => [name, { type: "string" }])),
        out: { type: "string" },
        config: { type: "string" },
        sarif: { type: "string" },
        badge: { type: "string" },
        cache: { type: "string" },
        json: { type: "boolean" },
        "exit-zero": { type: "boolean" },
        jobs: { type: "string" },
        timeout: { type: "string" },
        memory: { type: "string" },
        threshold: { type: "string" },
        device: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" }
      }
    });
  } catch (error) {
    throw new OnepixelError("BAD_OPTION", error.message.split("\n")[0]);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === "string" && value.trim() === "") throw new OnepixelError("BAD_OPTION", `--${name} needs a value`);
  }
  return parsed;
}
async function selectDevice(values, quiet) {
  const requested = parseOption.choice("device", values.device ?? "auto", ["auto", "cpu", "cuda"]);
  const choice = await chooseDevice(requested);
  if (choice.warning) process.stderr.write(`onepixel: warning: ${choice.warning}
`);
  else if (!quiet && choice.device !== "cpu") process.stderr.write(`onepixel: device ${choice.reason}
`);
  useDevice(choice);
}
async function signatureCommand(positionals, values) {
  if (positionals.length > 1) throw new OnepixelError("BAD_OPTION", "onepixel signature takes one model");
  const model = positionals[0] ?? defaultModel();
  const textValues = Object.fromEntries(SIGNATURE_OPTIONS.map((name) => [name, values[name]]));
  const options = optionsFromText(textValues);
  const out = values.out ?? "onepixel-out";
  checkOutputPaths({ out }, ["out"]);
  await selectDevice(values, Boolean(values.quiet || values.json));
  const progress = values.quiet || values.json ? void 0 : progressSink(path.basename(model));
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  try {
    const sig = await computeSignature(model, options, {
      signal: controller.signal,
      onEstimate: (e) => {
        if (values.quiet || values.json) return;
        const blocks = e.budgetStride ? `; over budget, so ${e.budgetStride}x${e.budgetStride} blocks` : "";
        process.stderr.write(`${path.basename(model)}: about ${e.passes.toLocaleString("en-US")} passes = ${formatSeconds(e.seconds)} on the reference 2-core machine${blocks}
`);
      },
      onProgress: progress ? (p) => progress.update(p.done, p.total, p.seconds) : void 0
    });
    progress?.finish();
    const files = writeSignatureArtifacts(sig, out);
    if (values.json) {
      process.stdout.write(fs.readFileSync(files.find((f) => f.endsWith(".json")), "utf8"));
    } else if (!values.quiet) {
      const { classes, shape, passes, seconds } = sig.info;
      process.stderr.write(
        `${model}: K=${classes}, signature [${shape.join(",")}], ${passes.toLocaleString("en-US")} passes in ${seconds.toFixed(2)}s -> ${out}/
`
      );
    }
    return ExitCode.ok;
  } finally {
    progress?.finish();
    process.removeListener("SIGINT", onSignal);
  }
}
function formatReport(report) {
  const rows = report.models.map((m) => [
    m.model,
    m.verdict,
    m.probability === null ? "" : m.probability.toFixed(3),
    m.targetClass === null ? "" : String(m.targetClass),
    triggerText(m),
    conventionText(m),
    `${m.seconds.toFixed(1)}s${m.cached ? " (cached)" : ""}`,
    m.error ?? ""
  ]);
  const head = ["model", "verdict", "p(backdoor)", "target", "trigger", "input", "time", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const { scanned, clean, backdoored, errors } = report.counts;
  const why = report.models.filter((m) => m.verdict === "backdoored").flatMap((m) => {
    const sentence = transferSentence(m);
    const picture = m.recovered?.picture ? [`  the trigger at work: ${m.recovered.picture}`] : [];
    return sentence ? [`${m.model}: ${sentence}`, ...picture] : picture;
  });
  const whole = report.models.filter(notableWholeImage).flatMap((m) => [`${m.model}: ${wholeImageSentence(m)}`, ...m.wholeImage?.picture ? [`  the change at work: ${m.wholeImage.picture}`] : []]);
  return [line(head), ...rows.map(line), ...why.length ? ["", ...why] : [], ...whole.length ? ["", ...whole] : [], "", `${scanned} scanned: ${clean} clean, ${backdoored} backdoored, ${errors} errors (threshold ${report.threshold.toFixed(3)})`].join("\n");
}
async function scanCommand(positionals, values) {
  checkOutputPaths(values, ["out", "cache"]);
  const ignored = SIGNATURE_OPTIONS.filter((name) => values[name] !== void 0 && !SCAN_OPTIONS.includes(name));
  if (ignored.length > 0 && !values.quiet && !values.json) {
    process.stderr.write(`onepixel: warning: scan ignores ${ignored.map((n) => `--${n}`).join(", ")}: the detector's recipe sets what every step sweeps (they are for onepixel signature)
`);
  }
  const { models: files, refused } = findModels(positionals.length > 0 ? positionals : [samplesFolder()]);
  if (files.length === 0 && refused.length === 0) throw new OnepixelError("BAD_OPTION", `no .onnx models found in ${positionals.join(", ")}`);
  const signature = optionsFromText(Object.fromEntries(SCAN_OPTIONS.map((name) => [name, values[name]])));
  const configFile = values.config ?? (fs.existsSync(".onepixel.yml") ? ".onepixel.yml" : void 0);
  if (configFile && !fs.existsSync(configFile)) throw new OnepixelError("BAD_OPTION", `--config ${configFile}: no such file`);
  if (configFile && !fs.statSync(configFile).isFile()) throw new OnepixelError("BAD_OPTION", `--config ${configFile}: not a regular file`);
  const quiet = Boolean(values.quiet || values.json);
  await selectDevice(values, quiet);
  let progress;
  let shown = -1;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    const jobs = values.jobs === void 0 ? DEFAULT_JOBS : parseOption.number("jobs", values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new OnepixelError("BAD_OPTION", `--jobs must be a whole number of at least 1 (got ${values.jobs})`);
    const threshold = values.threshold === void 0 ? void 0 : parseOption.probability("threshold", values.threshold);
    const scanned = await scanModels(files, {
      signature,
      jobs,
      threshold,
      ...sandboxLimits(values),
      configFile,
      artifactsDir: values.out,
      cacheDir: values.cache,
      signal: controller.signal,
      onModelStart: (i, n, model) => {
        progress?.finish();
        shown = i;
        progress = quiet ? void 0 : progressSink(`[${i + 1}/${n}] ${path.basename(model)}`);
      },
      // With several models in flight, the bar follows the one started last.
      onProgress: (i, _n, _model, p) => {
        if (i === shown) progress?.update(p.done, p.total, p.seconds);
      }
    });
    progress?.finish();
    const report = withRefused(scanned, refused);
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}
`);
    else process.stdout.write(`${formatReport(report)}
`);
    if (values.out) fs.mkdirSync(values.out, { recursive: true });
    if (values.out) fs.writeFileSync(path.join(values.out, "report.json"), `${JSON.stringify(report, null, 2)}
`);
    return values["exit-zero"] ? ExitCode.ok : reportExitCode(report);
  } finally {
    progress?.finish();
    process.removeListener("SIGINT", onSignal).removeListener("SIGTERM", onSignal);
  }
}
function sandboxLimits(values) {
  const limit = (name, max) => values[name] === void 0 ? void 0 : parseOption.limit(name, values[name], max);
  const timeout = limit("timeout", MAX_TIMEOUT_SECONDS);
  const memory = limit("memory", MAX_MEMORY_MB);
  return { ...timeout !== void 0 ? { timeout } : {}, ...memory !== void 0 ? { memory: Math.round(memory * 2 ** 20) } : {} };
}
function reportExitCode(report) {
  if (report.counts.backdoored > 0) return ExitCode.backdoored;
  return report.counts.errors > 0 ? ExitCode.error : ExitCode.ok;
}
function mergeCommand(positionals, values) {
  if (positionals.length === 0) throw new OnepixelError("BAD_OPTION", "onepixel merge needs at least one report");
  checkOutputPaths(values, ["out", "sarif", "badge"]);
  const report = mergeReports(readReports(positionals));
  const json = `${JSON.stringify(report, null, 2)}
`;
  if (values.out) fs.writeFileSync(values.out, json);
  else process.stdout.write(json);
  if (values.sarif) fs.writeFileSync(values.sarif, `${JSON.stringify(buildSarif(report), null, 2)}
`);
  if (values.badge) fs.writeFileSync(values.badge, buildBadge(report));
  return reportExitCode(report);
}
async function main(argv) {
  try {
    const [command, ...rest] = argv;
    if (command === void 0) {
      process.stderr.write(`${USAGE}
`);
      return ExitCode.error;
    }
    if (command === "-h" || command === "--help" || command === "help") {
      process.stdout.write(`${USAGE}
`);
      return ExitCode.ok;
    }
    if (command === "--version") {
      const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8"));
      process.stdout.write(`${pkg.version}
`);
      return ExitCode.ok;
    }
    const { values, positionals } = parse(rest);
    if (values.help) {
      process.stdout.write(`${USAGE}
`);
      return ExitCode.ok;
    }
    if (command === "signature") return await signatureCommand(positionals, values);
    if (command === "scan") return await scanCommand(positionals, values);
    if (command === "merge") return mergeCommand(positionals, values);
    throw new OnepixelError("BAD_OPTION", `unknown command "${command}" (try onepixel --help)`);
  } catch (error) {
    process.stderr.write(`onepixel: ${describeError(error)}
`);
    return ExitCode.error;
  }
}
export {
  collectModels,
  defaultModel,
  findModels,
  main,
  samplesFolder,
  specialFileSystem
};
