import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);
import {
  progressSink
} from "./chunks/chunk-RGY46EMG.js";
import {
  ExitCode,
  OnepixelError,
  computeSignature,
  describeError,
  optionsFromText,
  packageRoot,
  writeSignatureArtifacts
} from "./chunks/chunk-SMVHMOMD.js";

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
  "threads",
  "batch"
];
var USAGE = `usage: onepixel signature [MODEL] --out DIR [options]

Computes the one-pixel signature of an ONNX image classifier (the sample model
the package ships when MODEL is left out) and writes signature.npy, delta.npy,
signature.json and heatmaps.png to DIR.

options:
  --levels N            candidate pixel values per pixel (default 256)
  --base P              pixel value 0..255 of the base image (default 0)
  --mode gray|channel   sweep all channels of a pixel at once, or each alone (default gray)
  --input-range lo,hi   model input for pixel values 0 and 255 (default 0,1)
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
  --threads N           concurrent forward passes (default: available cores)
  --batch N             images per forward pass (default 32)
  --out DIR             where to write the files (default onepixel-out)
  --json                print signature.json to stdout
  --quiet               no progress
  -h, --help            this text
  --version             the onepixel version

exit codes: 0 done, 2 bad input or options (one line on stderr)`;
function defaultModel() {
  return path.join(packageRoot(), "samples", "badnet-mnist.onnx");
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
  try {
    return parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(SIGNATURE_OPTIONS.map((name) => [name, { type: "string" }])),
        out: { type: "string" },
        json: { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" }
      }
    });
  } catch (error) {
    throw new OnepixelError("BAD_OPTION", error.message.split("\n")[0]);
  }
}
async function signatureCommand(positionals, values) {
  if (positionals.length > 1) throw new OnepixelError("BAD_OPTION", "onepixel signature takes one model");
  const model = positionals[0] ?? defaultModel();
  const textValues = Object.fromEntries(SIGNATURE_OPTIONS.map((name) => [name, values[name]]));
  const options = optionsFromText(textValues);
  const out = values.out ?? "onepixel-out";
  const progress = values.quiet || values.json ? void 0 : progressSink(path.basename(model));
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  try {
    const sig = await computeSignature(model, options, {
      signal: controller.signal,
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
    throw new OnepixelError("BAD_OPTION", `unknown command "${command}" (try onepixel --help)`);
  } catch (error) {
    process.stderr.write(`onepixel: ${describeError(error)}
`);
    return ExitCode.error;
  }
}
export {
  defaultModel,
  main
};
