import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/engine/errors.ts
var ExitCode = {
  ok: 0,
  backdoored: 1,
  error: 2
};
var OnepixelError = class extends Error {
  code;
  constructor(code, message) {
    super(message);
    this.name = "OnepixelError";
    this.code = code;
  }
};
function describeError(error) {
  if (error instanceof OnepixelError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message.split("\n")[0]}`;
  return String(error);
}
function errorCode(error) {
  return error instanceof OnepixelError ? error.code : "INTERNAL";
}

// src/engine/native.ts
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
function packageRoot() {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (; ; ) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "native"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new OnepixelError("NATIVE_UNAVAILABLE", "cannot find the onepixel package folder");
    dir = parent;
  }
}
var isOrtLibrary = (n) => /^libonnxruntime\.so\.\d+$/.test(n) || /^libonnxruntime\.\d+.*\.dylib$/.test(n) || n === "onnxruntime.dll";
function findOrtLibrary(dir) {
  const name = fs.existsSync(dir) ? fs.readdirSync(dir).find(isOrtLibrary) : void 0;
  return name ? path.join(dir, name) : void 0;
}
function packagedNativeDir(root = packageRoot()) {
  return path.join(root, "dist", "native", `${process.platform}-${process.arch}`);
}
function onnxruntimeLibraryPath(root = packageRoot()) {
  const override = process.env.ONEPIXEL_ORT_LIBRARY;
  if (override) return override;
  const require2 = createRequire(path.join(root, "package.json"));
  let installed;
  try {
    const pkg = path.dirname(require2.resolve("onnxruntime-node/package.json"));
    installed = findOrtLibrary(path.join(pkg, "bin", "napi-v6", process.platform, process.arch));
  } catch {
    installed = void 0;
  }
  const lib = installed ?? findOrtLibrary(packagedNativeDir(root));
  if (!lib) {
    throw new OnepixelError("NATIVE_UNAVAILABLE", `no onnxruntime library for ${process.platform}-${process.arch} (run npm run setup)`);
  }
  return lib;
}
function addonPath(root = packageRoot()) {
  if (process.env.ONEPIXEL_ADDON) return process.env.ONEPIXEL_ADDON;
  const built = path.join(root, "build", "Release", "onepixel.node");
  if (fs.existsSync(built)) return built;
  const packaged = path.join(packagedNativeDir(root), "onepixel.node");
  if (fs.existsSync(packaged)) return packaged;
  throw new OnepixelError("NATIVE_UNAVAILABLE", `the native addon is not built for ${process.platform}-${process.arch}; run npm run setup`);
}
var runtime;
function setNativeRuntime(next) {
  runtime = next;
}
function nativeRuntime() {
  if (runtime) return runtime;
  const root = packageRoot();
  const require2 = createRequire(import.meta.url);
  let addon;
  try {
    addon = require2(addonPath(root));
  } catch (error) {
    if (error instanceof OnepixelError) throw error;
    throw new OnepixelError("NATIVE_UNAVAILABLE", `cannot load the native addon: ${error.message.split("\n")[0]}`);
  }
  try {
    runtime = new addon.Runtime(onnxruntimeLibraryPath(root));
  } catch (error) {
    if (error instanceof OnepixelError) throw error;
    throw new OnepixelError("NATIVE_UNAVAILABLE", error.message);
  }
  return runtime;
}
function nativeCode(error) {
  const code = error?.code;
  return typeof code === "string" ? code : void 0;
}

// src/engine/device.ts
import { execFile } from "node:child_process";
import fs2 from "node:fs";
import { createRequire as createRequire2 } from "node:module";
import path2 from "node:path";
var DEFAULT_CUDA_BATCH = 256;
var DEFAULT_GPU_CHECK_TIMEOUT_MS = 12e4;
var PROVIDER_LIBRARY = "libonnxruntime_providers_cuda.so";
var ORT_LIBRARY_NAMES = [/^libonnxruntime\.so\.\d+$/, /^libonnxruntime\.so$/];
function cudaAddonPath(root = packageRoot(), env = process.env) {
  if (env.ONEPIXEL_CUDA_ADDON) return env.ONEPIXEL_CUDA_ADDON;
  for (const candidate of [
    path2.join(root, "build-cuda", "Release", "onepixel_cuda.node"),
    path2.join(packagedNativeDir(root), "onepixel_cuda.node")
  ]) {
    if (fs2.existsSync(candidate)) return candidate;
  }
  return void 0;
}
function cudaOrtLibraryPath(root = packageRoot(), env = process.env) {
  const dir = env.ONEPIXEL_ORT_CUDA_DIR;
  if (!dir) return onnxruntimeLibraryPath(root);
  const names = fs2.existsSync(dir) && fs2.statSync(dir).isDirectory() ? fs2.readdirSync(dir) : [];
  const name = ORT_LIBRARY_NAMES.map((re) => names.find((n) => re.test(n))).find(Boolean);
  if (!name) throw new OnepixelError("CUDA_UNAVAILABLE", `ONEPIXEL_ORT_CUDA_DIR=${dir} holds no libonnxruntime.so`);
  return path2.join(dir, name);
}
function hasNvidiaDriver() {
  return ["/proc/driver/nvidia/version", "/dev/nvidiactl", "/dev/dxg"].some((p) => fs2.existsSync(p));
}
var PROBE_SCRIPT = `
const [addon, library, device] = process.argv.slice(1);
let report;
try {
  report = require(addon).cuda.probe(library, Number(device));
} catch (error) {
  report = { ok: false, stage: 'addon', message: String(error && error.message || error).split('\\n')[0] };
}
process.stdout.write('\\nONEPIXEL_PROBE ' + JSON.stringify(report) + '\\n');
`;
function runGpuCheck(addon, library, device, timeoutMs, env) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-e", PROBE_SCRIPT, addon, library, String(device)],
      { env, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 4 << 20, encoding: "utf8" },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith("ONEPIXEL_PROBE "));
        if (line) {
          try {
            resolve({ report: JSON.parse(line.slice("ONEPIXEL_PROBE ".length)) });
            return;
          } catch {
          }
        }
        const killed = error;
        if (killed?.killed) {
          resolve({ failure: `the CUDA probe did not finish within ${Math.round(timeoutMs / 1e3)} s` });
        } else if (killed?.signal) {
          resolve({ failure: `the CUDA probe crashed (${killed.signal})` });
        } else {
          const lines = stderr.split("\n").filter((l) => l.trim() && !l.startsWith("Node.js v"));
          const last = lines.at(-1)?.trim() ?? (error ? error.message.split("\n")[0] : "no report");
          resolve({ failure: `the CUDA probe failed (${last})` });
        }
      }
    );
  });
}
var gib = (bytes) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
async function chooseDevice(requested, options = {}) {
  if (requested === "cpu") return { device: "cpu", reason: "cpu: requested" };
  if (requested !== "auto" && requested !== "cuda") {
    throw new OnepixelError("BAD_OPTION", `--device must be auto, cpu or cuda (got ${String(requested)})`);
  }
  const env = options.env ?? process.env;
  const cudaDevice = options.cudaDevice ?? 0;
  const driver = options.assumeDriver === true || hasNvidiaDriver();
  const unavailable = (why) => {
    if (requested === "cuda") throw new OnepixelError("CUDA_UNAVAILABLE", `device cuda is not available: ${why}`);
    return { device: "cpu", reason: `cpu: ${why}`, ...driver ? { warning: `CUDA is not usable, running on the CPU: ${why}` } : {} };
  };
  if (process.platform !== "linux" || process.arch !== "x64") return unavailable(`CUDA is supported on linux-x64 only (this is ${process.platform}-${process.arch})`);
  if (!driver) return unavailable("no NVIDIA driver on this machine");
  let root;
  let addon;
  let library;
  try {
    root = options.root ?? packageRoot();
    addon = cudaAddonPath(root, env);
    library = cudaOrtLibraryPath(root, env);
  } catch (error) {
    return unavailable(error.message);
  }
  if (!addon) return unavailable("the CUDA build of the addon is missing (npm run build:native:cuda)");
  if (!fs2.existsSync(path2.join(path2.dirname(library), PROVIDER_LIBRARY))) {
    return unavailable(
      `onnxruntime's CUDA provider (${PROVIDER_LIBRARY}) is not in ${path2.dirname(library)}: install onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12, or set ONEPIXEL_ORT_CUDA_DIR to an onnxruntime GPU build`
    );
  }
  const outcome = await runGpuCheck(addon, library, cudaDevice, options.timeoutMs ?? DEFAULT_GPU_CHECK_TIMEOUT_MS, env);
  if ("failure" in outcome) return unavailable(outcome.failure);
  const { report } = outcome;
  if (!report.ok) return unavailable(`${report.stage}: ${report.message ?? "failed"}`);
  const gpu = report.cuda?.devices.find((d) => d.index === cudaDevice);
  const what = gpu ? `${gpu.name} (compute ${gpu.computeCapability}, ${gib(gpu.memoryBytes)})` : `CUDA device ${cudaDevice}`;
  return {
    device: "cuda",
    reason: `cuda: ${what}, onnxruntime ${report.onnxruntime ?? "?"}`,
    ...gpu ? { gpu } : {},
    addon,
    library,
    cudaDevice
  };
}
function openCudaRuntime(choice) {
  if (choice.device !== "cuda" || !choice.addon || !choice.library) {
    throw new OnepixelError("CUDA_UNAVAILABLE", "openCudaRuntime needs a cuda choice from chooseDevice()");
  }
  let inner;
  try {
    const addon = createRequire2(import.meta.url)(choice.addon);
    if (addon.variant !== "cuda") throw new Error(`${choice.addon} is not the CUDA build of the addon`);
    inner = new addon.Runtime(choice.library);
  } catch (error) {
    throw new OnepixelError("CUDA_UNAVAILABLE", `cannot load the CUDA addon: ${error.message.split("\n")[0]}`);
  }
  const deviceId = choice.cudaDevice ?? 0;
  return {
    get version() {
      return inner.version;
    },
    get apiVersion() {
      return inner.apiVersion;
    },
    device: "cuda",
    async openModel(file) {
      try {
        return await inner.openModel(file, { device: "cuda", deviceId });
      } catch (error) {
        if (nativeCode(error) === "CUDA_UNAVAILABLE") throw new OnepixelError("CUDA_UNAVAILABLE", error.message);
        throw error;
      }
    }
  };
}
var chosen;
function useDevice(choice) {
  setNativeRuntime(choice.device === "cuda" ? openCudaRuntime(choice) : void 0);
  chosen = choice;
}
function currentDevice() {
  return chosen;
}

// src/engine/options.ts
import os from "node:os";
var DEFAULT_OPTIONS = {
  levels: 256,
  base: 0,
  mode: "gray",
  inputRange: [0, 1],
  block: 1,
  stride: 1,
  outputs: "auto",
  search: "exhaustive",
  score: "probability"
};
var DEFAULT_BATCH = 32;
function defaultThreads() {
  return Math.max(1, os.availableParallelism());
}
var bad = (message) => new OnepixelError("BAD_OPTION", message);
function integer(name, value, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw bad(`--${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
  return value;
}
function resolveOptions(partial = {}) {
  const o = { ...DEFAULT_OPTIONS, ...stripUndefined(partial) };
  integer("levels", o.levels, 2, 65536);
  if (!Number.isFinite(o.base) || o.base < 0 || o.base > 255) {
    throw bad(`--base must be a pixel value from 0 to 255 (got ${o.base})`);
  }
  if (o.mode !== "gray" && o.mode !== "channel") throw bad(`--mode must be gray or channel (got ${o.mode})`);
  const [lo, hi] = o.inputRange;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) {
    throw bad(`--input-range must be two different finite numbers lo,hi (got ${o.inputRange.join(",")})`);
  }
  for (const key of ["mean", "std"]) {
    const values = o[key];
    if (values === void 0) continue;
    if (values.length === 0 || values.some((v) => !Number.isFinite(v))) {
      throw bad(`--${key} must be one finite number or one per channel`);
    }
  }
  if (o.std?.some((v) => v === 0)) throw bad("--std must not contain 0");
  integer("block", o.block, 1, 4096);
  integer("stride", o.stride, 1, 4096);
  if (o.layout !== void 0 && o.layout !== "NCHW" && o.layout !== "NHWC") {
    throw bad(`--layout must be NCHW or NHWC (got ${o.layout})`);
  }
  if (o.size !== void 0) {
    integer("size", o.size[0], 1, 65536);
    integer("size", o.size[1], 1, 65536);
  }
  if (!["auto", "logits", "probabilities"].includes(o.outputs)) {
    throw bad(`--outputs must be auto, logits or probabilities (got ${o.outputs})`);
  }
  if (o.search !== "exhaustive" && o.search !== "adaptive") {
    throw bad(`--search must be exhaustive or adaptive (got ${o.search})`);
  }
  if (o.score !== "probability" && o.score !== "log-probability") {
    throw bad(`--score must be probability or log-probability (got ${o.score})`);
  }
  if (o.budget !== void 0 && (!Number.isFinite(o.budget) || o.budget <= 0)) {
    throw bad(`--budget must be a positive number of seconds (got ${o.budget})`);
  }
  if (o.threads !== void 0) integer("threads", o.threads, 1, 1024);
  if (o.batch !== void 0) integer("batch", o.batch, 1, 65536);
  return o;
}
function stripUndefined(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0));
}
var parseOption = {
  number(name, text2) {
    const value = Number(text2.trim());
    if (text2.trim() === "" || !Number.isFinite(value)) throw bad(`--${name} must be a number (got "${text2}")`);
    return value;
  },
  numbers(name, text2) {
    return text2.split(",").map((part) => parseOption.number(name, part));
  },
  /** A decision threshold: a probability strictly between 0 and 1. */
  probability(name, text2) {
    const value = parseOption.number(name, text2);
    if (!(value > 0 && value < 1)) throw bad(`--${name} must be a probability between 0 and 1 (got "${text2}")`);
    return value;
  },
  /** A positive limit no larger than `max` (a timer's seconds, a memory ceiling's megabytes). */
  limit(name, text2, max) {
    const value = parseOption.number(name, text2);
    if (!(value > 0 && value <= max)) throw bad(`--${name} must be a positive number up to ${max} (got "${text2}")`);
    return value;
  },
  range(name, text2) {
    const values = parseOption.numbers(name, text2);
    if (values.length !== 2) throw bad(`--${name} must be two numbers lo,hi (got "${text2}")`);
    return [values[0], values[1]];
  },
  size(text2) {
    const match = /^\s*(\d+)\s*[xX]\s*(\d+)\s*$/.exec(text2);
    if (!match) throw bad(`--size must be HxW, for example 32x32 (got "${text2}")`);
    return [Number(match[1]), Number(match[2])];
  },
  choice(name, text2, choices) {
    const found = choices.find((c) => c.toLowerCase() === text2.trim().toLowerCase());
    if (!found) throw bad(`--${name} must be one of ${choices.join(", ")} (got "${text2}")`);
    return found;
  }
};
function optionsFromText(values) {
  const get = (key) => {
    const v = values[key];
    return v === void 0 || v.trim() === "" ? void 0 : v;
  };
  const map = (key, parse) => {
    const v = get(key);
    return v === void 0 ? void 0 : parse(v);
  };
  return {
    levels: map("levels", (t) => parseOption.number("levels", t)),
    base: map("base", (t) => parseOption.number("base", t)),
    mode: map("mode", (t) => parseOption.choice("mode", t, ["gray", "channel"])),
    // 'auto' is the same as leaving it unset: the scan infers each model's convention.
    inputRange: map("input-range", (t) => t.trim().toLowerCase() === "auto" ? void 0 : parseOption.range("input-range", t)),
    mean: map("mean", (t) => parseOption.numbers("mean", t)),
    std: map("std", (t) => parseOption.numbers("std", t)),
    block: map("block", (t) => parseOption.number("block", t)),
    stride: map("stride", (t) => parseOption.number("stride", t)),
    layout: map("layout", (t) => parseOption.choice("layout", t, ["NCHW", "NHWC"])),
    size: map("size", parseOption.size),
    outputs: map("outputs", (t) => parseOption.choice("outputs", t, ["auto", "logits", "probabilities"])),
    search: map("search", (t) => parseOption.choice("search", t, ["exhaustive", "adaptive"])),
    score: map("score", (t) => parseOption.choice("score", t, ["probability", "log-probability"])),
    // 0 asks for no budget (the action's input has one by default).
    budget: map("budget", (t) => parseOption.number("budget", t) === 0 ? void 0 : parseOption.number("budget", t)),
    threads: map("threads", (t) => parseOption.number("threads", t)),
    batch: map("batch", (t) => parseOption.number("batch", t))
  };
}

// src/engine/model.ts
import crypto from "node:crypto";
import fs3 from "node:fs";
import path3 from "node:path";

// src/engine/onnx-proto.ts
var MAX_DEPTH = 64;
var Corrupt = class extends Error {
};
function* fields(buf) {
  let pos = 0;
  const varint = () => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= buf.length) throw new Corrupt("truncated varint");
      const byte = buf[pos++];
      result |= BigInt(byte & 127) << shift;
      if ((byte & 128) === 0) return result;
    }
    throw new Corrupt("varint too long");
  };
  while (pos < buf.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new Corrupt("field number 0");
    switch (wireType) {
      case 0:
        yield { number, wireType, varint: varint() };
        break;
      case 1:
      case 5: {
        const size = wireType === 1 ? 8 : 4;
        if (pos + size > buf.length) throw new Corrupt("truncated fixed-width field");
        pos += size;
        yield { number, wireType };
        break;
      }
      case 2: {
        const length = Number(varint());
        if (pos + length > buf.length) throw new Corrupt("length runs past the end");
        const bytes = buf.subarray(pos, pos + length);
        pos += length;
        yield { number, wireType, bytes };
        break;
      }
      default:
        throw new Corrupt(`wire type ${wireType}`);
    }
  }
}
var utf8 = new TextDecoder("utf-8", { fatal: false });
var text = (f) => f.bytes ? utf8.decode(f.bytes) : "";
function stringPair(buf) {
  let key = "";
  let value = "";
  for (const f of fields(buf)) {
    if (f.number === 1 && f.bytes) key = text(f);
    if (f.number === 2 && f.bytes) value = text(f);
  }
  return [key, value];
}
var TENSOR_PATHS = {
  graph: { 1: "node", 5: "tensor", 15: "sparse" },
  node: { 5: "attribute" },
  attribute: { 5: "tensor", 6: "graph", 10: "tensor", 11: "graph", 22: "sparse", 23: "sparse" },
  sparse: { 1: "tensor", 2: "tensor" },
  function: { 7: "node" }
};
function collectExternal(buf, kind, depth, out) {
  if (depth > MAX_DEPTH) throw new Corrupt("nesting too deep");
  if (kind === "tensor") {
    for (const f of fields(buf)) {
      if (f.number === 13 && f.bytes) {
        const [key, value] = stringPair(f.bytes);
        if (key === "location") out.push(value);
      }
    }
    return;
  }
  const next = TENSOR_PATHS[kind];
  for (const f of fields(buf)) {
    const child = next[f.number];
    if (child && f.bytes) collectExternal(f.bytes, child, depth + 1, out);
  }
}
function isLfsPointer(buf) {
  return buf.length < 1024 && utf8.decode(buf.subarray(0, 40)).startsWith("version https://git-lfs.github.com/spec/");
}
function inspectOnnx(buf, name) {
  if (isLfsPointer(buf)) {
    throw new OnepixelError("LFS_POINTER", `${name}: a Git LFS pointer, not the model (check out with Git LFS: actions/checkout with lfs: true, or git lfs pull)`);
  }
  if (buf.length === 0 || buf[0] !== 8) {
    throw new OnepixelError("NOT_ONNX", `${name}: not an ONNX model`);
  }
  const summary = {
    irVersion: 0,
    producer: "",
    opsets: [],
    externalLocations: [],
    metadata: {}
  };
  let graphs = 0;
  try {
    for (const f of fields(buf)) {
      if (f.number === 1 && f.varint !== void 0) summary.irVersion = Number(f.varint);
      else if (f.number === 2 && f.bytes) summary.producer = text(f);
      else if (f.number === 7 && f.bytes) {
        graphs++;
        collectExternal(f.bytes, "graph", 1, summary.externalLocations);
      } else if (f.number === 8 && f.bytes) {
        let domain = "";
        let version = 0;
        for (const g of fields(f.bytes)) {
          if (g.number === 1 && g.bytes) domain = text(g);
          if (g.number === 2 && g.varint !== void 0) version = Number(g.varint);
        }
        summary.opsets.push({ domain, version });
      } else if (f.number === 14 && f.bytes) {
        const [key, value] = stringPair(f.bytes);
        summary.metadata[key] = value;
      } else if (f.number === 25 && f.bytes) {
        collectExternal(f.bytes, "function", 1, summary.externalLocations);
      }
    }
  } catch (error) {
    if (error instanceof Corrupt) {
      throw new OnepixelError("CORRUPT_MODEL", `${name}: corrupt or truncated ONNX file (${error.message})`);
    }
    throw error;
  }
  if (graphs !== 1) throw new OnepixelError("NOT_ONNX", `${name}: not an ONNX model (${graphs === 0 ? "no graph" : `${graphs} graph fields, which readers would merge`})`);
  return summary;
}
var MAX_CONSTANT = 4;
var MAX_WALK = 16;
function* packedVarints(buf) {
  let value = 0;
  let shift = 0;
  for (const byte of buf) {
    value += (byte & 127) * 2 ** shift;
    shift += 7;
    if ((byte & 128) === 0) {
      yield value;
      value = 0;
      shift = 0;
    }
    if (shift > 63) return;
  }
}
var MAX_SHAPE_VALUES = 16;
var ATTRIBUTE_INT = 2;
var ATTRIBUTE_INTS = 7;
var signed = (v) => v >= 2 ** 63 ? v - 2 ** 64 : v;
function readTensor(buf) {
  let name = "";
  let type = 0;
  const dims = [];
  const unsignedDims = [];
  const ints = [];
  const packed = [];
  let raw;
  for (const f of fields(buf)) {
    if (f.number === 1 && f.varint !== void 0) {
      dims.push(Number(BigInt.asIntN(64, f.varint)));
      unsignedDims.push(Number(f.varint));
    } else if (f.number === 1 && f.bytes) {
      for (const d of packedVarints(f.bytes)) {
        dims.push(d);
        unsignedDims.push(d);
      }
    } else if (f.number === 2 && f.varint !== void 0) type = Number(f.varint);
    else if (f.number === 8 && f.bytes) name = text(f);
    else if (f.number === 9 && f.bytes) raw = f.bytes;
    else if ((f.number === 7 || f.number === 5) && f.bytes) for (const v of packedVarints(f.bytes)) ints.push(signed(v));
    else if ((f.number === 7 || f.number === 5) && f.varint !== void 0) ints.push(Number(BigInt.asIntN(64, f.varint)));
    else if (f.number === 4 && f.bytes) {
      const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
      for (let i = 0; i + 4 <= f.bytes.length; i += 4) packed.push(view.getFloat32(i, true));
    } else if (f.number === 10 && f.bytes) {
      const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
      for (let i = 0; i + 8 <= f.bytes.length; i += 8) packed.push(view.getFloat64(i, true));
    }
  }
  const tensor = { name, dims };
  const intValues = integerValues(type, dims, raw, ints);
  if (intValues) tensor.ints = intValues;
  const floatValues = floatValuesOf(type, unsignedDims, raw, packed);
  if (floatValues) tensor.floats = floatValues;
  return tensor;
}
function integerValues(type, dims, raw, ints) {
  const count = dims.reduce((a, d) => a * d, 1);
  if (count > MAX_SHAPE_VALUES) return void 0;
  if (raw && (type === 7 || type === 6)) {
    const size = type === 7 ? 8 : 4;
    if (raw.length !== count * size) return void 0;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: count }, (_, i) => size === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true));
  }
  return (type === 7 || type === 6) && ints.length === count ? ints : void 0;
}
function floatValuesOf(type, dims, raw, packed) {
  const count = dims.reduce((a, d) => a * d, 1);
  if (count > MAX_CONSTANT) return void 0;
  if (raw) {
    const size = type === 11 ? 8 : type === 1 ? 4 : 0;
    if (size === 0 || raw.length !== count * size) return void 0;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: count }, (_, i) => size === 8 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true));
  }
  return (type === 1 || type === 11) && packed.length === count ? packed : void 0;
}
function readNode(buf) {
  const node = { op: "", inputs: [], outputs: [], ints: /* @__PURE__ */ new Map(), strings: /* @__PURE__ */ new Map() };
  for (const f of fields(buf)) {
    if (f.number === 1 && f.bytes) node.inputs.push(text(f));
    else if (f.number === 2 && f.bytes) node.outputs.push(text(f));
    else if (f.number === 4 && f.bytes) node.op = text(f);
    else if (f.number === 5 && f.bytes) {
      let name = "";
      let type = 0;
      let one;
      const ints = [];
      let str;
      for (const a of fields(f.bytes)) {
        if (a.number === 1 && a.bytes) name = text(a);
        else if (a.number === 20 && a.varint !== void 0) type = Number(a.varint);
        else if (a.number === 3 && a.varint !== void 0) one = Number(BigInt.asIntN(64, a.varint));
        else if (a.number === 8 && a.varint !== void 0) ints.push(Number(BigInt.asIntN(64, a.varint)));
        else if (a.number === 8 && a.bytes) for (const v of packedVarints(a.bytes)) ints.push(signed(v));
        else if (a.number === 4 && a.bytes) str = text(a);
        else if (a.number === 5 && a.bytes) node.value = readTensor(a.bytes);
      }
      const single = one === void 0 ? [] : [one];
      const value = type === ATTRIBUTE_INT ? single : type === ATTRIBUTE_INTS ? ints : type === 0 ? ints.length > 0 ? ints : single : [];
      if (value.length > 0) node.ints.set(name, value);
      if (str !== void 0) node.strings.set(name, str);
    }
  }
  return node;
}
function readOnnxGraph(model) {
  try {
    let graph;
    for (const f of fields(model)) if (f.number === 7 && f.bytes) graph = f.bytes;
    if (!graph) return void 0;
    const out = { nodes: [], inputs: [], dims: /* @__PURE__ */ new Map(), ints: /* @__PURE__ */ new Map(), floats: /* @__PURE__ */ new Map() };
    const keep = (into, t) => {
      if (t?.ints) out.ints.set(into, t.ints);
      if (t?.floats) out.floats.set(into, t.floats);
    };
    for (const f of fields(graph)) {
      if (f.number === 1 && f.bytes) {
        const node = readNode(f.bytes);
        out.nodes.push(node);
        if (node.op === "Constant" && node.outputs[0]) keep(node.outputs[0], node.value);
      } else if (f.number === 5 && f.bytes) {
        const t = readTensor(f.bytes);
        out.dims.set(t.name, t.dims);
        keep(t.name, t);
      } else if (f.number === 11 && f.bytes) {
        for (const g of fields(f.bytes)) if (g.number === 1 && g.bytes) out.inputs.push(text(g));
      }
    }
    return out;
  } catch (error) {
    if (error instanceof Corrupt) return void 0;
    throw error;
  }
}
function combine(a, b, op) {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => op(a[a.length === 1 ? 0 : i], b[b.length === 1 ? 0 : i]));
}
function inputAffine(graph) {
  if (!graph) return void 0;
  const { nodes, floats: constants, dims: initializers, inputs } = graph;
  const image = inputs.find((name) => !initializers.has(name));
  if (image === void 0) return void 0;
  let current = image;
  let scale = [1];
  let offset = [0];
  const ops = [];
  for (let step = 0; step < MAX_WALK; step++) {
    const consumers = nodes.filter((n) => n.inputs.includes(current));
    if (consumers.length !== 1) break;
    const node = consumers[0];
    const out = node.outputs[0];
    if (out === void 0) break;
    if (["Transpose", "Identity", "Cast"].includes(node.op)) {
      current = out;
      continue;
    }
    if (!["Sub", "Add", "Mul", "Div"].includes(node.op) || node.inputs.length !== 2) break;
    const first = node.inputs[0] === current;
    const c = constants.get(node.inputs[first ? 1 : 0]);
    if (!c || c.length === 0 || c.some((v) => !Number.isFinite(v))) break;
    if (node.op === "Add") offset = combine(offset, c, (o, v) => o + v);
    else if (node.op === "Sub" && first) offset = combine(offset, c, (o, v) => o - v);
    else if (node.op === "Sub") {
      scale = scale.map((s) => -s);
      offset = combine(offset, c, (o, v) => v - o);
    } else if (node.op === "Mul") {
      scale = combine(scale, c, (s, v) => s * v);
      offset = combine(offset, c, (o, v) => o * v);
    } else if (first && c.every((v) => v !== 0)) {
      scale = combine(scale, c, (s, v) => s / v);
      offset = combine(offset, c, (o, v) => o / v);
    } else break;
    ops.push(node.op);
    current = out;
  }
  return ops.length > 0 ? { scale, offset, ops } : void 0;
}

// src/engine/graph-cost.ts
var MAX_NODES = 1e5;
var MAX_INPUTS = 1e6;
var MAX_RANK = 16;
var product = (xs) => xs.reduce((a, b) => a * b, 1);
function broadcast(a, b) {
  const n = Math.max(a.length, b.length);
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return void 0;
    out.push(Math.max(x, y));
  }
  return out;
}
var SAME_SHAPE = /* @__PURE__ */ new Set([
  "Relu",
  "LeakyRelu",
  "PRelu",
  "Elu",
  "Selu",
  "Celu",
  "Gelu",
  "Sigmoid",
  "HardSigmoid",
  "HardSwish",
  "Tanh",
  "Softplus",
  "Softsign",
  "Clip",
  "Exp",
  "Log",
  "Neg",
  "Abs",
  "Sqrt",
  "Reciprocal",
  "Erf",
  "Floor",
  "Ceil",
  "Round",
  "Sign",
  "Not",
  "Mish",
  "BatchNormalization",
  "InstanceNormalization",
  "LayerNormalization",
  "LRN",
  "Dropout",
  "Identity",
  "Cast",
  "CastLike",
  "Softmax",
  "LogSoftmax",
  "Hardmax",
  "QuantizeLinear",
  "DequantizeLinear"
]);
var ELEMENTWISE = /* @__PURE__ */ new Set(["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Where", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor", "Mod", "BitShift"]);
var POOLS = /* @__PURE__ */ new Set(["MaxPool", "AveragePool", "LpPool"]);
var GLOBAL_POOLS = /* @__PURE__ */ new Set(["GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"]);
var REDUCES = /* @__PURE__ */ new Set(["ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin"]);
var SHAPE_OPS = /* @__PURE__ */ new Set(["Shape", "Size", "Constant", "ConstantOfShape", "Range", "NonZero"]);
var SUBGRAPH_OPS = /* @__PURE__ */ new Set(["Loop", "If", "Scan"]);
function windowed(spatial, kernel, node) {
  const strides = node.ints.get("strides") ?? kernel.map(() => 1);
  const dilations = node.ints.get("dilations") ?? kernel.map(() => 1);
  const pads = node.ints.get("pads") ?? kernel.flatMap(() => [0, 0]).slice(0, 2 * kernel.length);
  const autoPad = node.strings.get("auto_pad") ?? "NOTSET";
  const ceil = (node.ints.get("ceil_mode")?.[0] ?? 0) === 1;
  return spatial.map((size, i) => {
    const s = Math.max(1, strides[i] ?? 1);
    if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") return Math.ceil(size / s);
    const padded = autoPad === "VALID" ? size : size + (pads[i] ?? 0) + (pads[i + kernel.length] ?? 0);
    const span = (dilations[i] ?? 1) * ((kernel[i] ?? 1) - 1) + 1;
    const steps = (padded - span) / s;
    return Math.max(1, (ceil ? Math.ceil(steps) : Math.floor(steps)) + 1);
  });
}
function passCost(graph, input, shape) {
  if (!graph || graph.nodes.length > MAX_NODES) return void 0;
  if (graph.nodes.reduce((sum, n) => sum + n.inputs.length, 0) > MAX_INPUTS) return void 0;
  const values = new Map(graph.ints);
  const shapes = new Map(graph.dims);
  shapes.set(input, shape);
  const cost = { macs: 0, elements: 0, uncosted: [] };
  const uncosted = /* @__PURE__ */ new Set();
  for (const node of topological(graph.nodes)) {
    const ins = node.inputs.map((name) => name === "" ? void 0 : shapes.get(name));
    shapeValues(node, ins, values);
    const raw = outputShape(node, ins, values, cost);
    const out = raw !== "unknown" && raw.length <= MAX_RANK && raw.every((d) => Number.isInteger(d) && d >= 0) ? raw : "unknown";
    if (out === "unknown") {
      const imageShaped = ins.some((s) => s !== void 0 && product(s) > 1);
      if (SUBGRAPH_OPS.has(node.op) || !SHAPE_OPS.has(node.op) && !values.has(node.outputs[0] ?? "") && imageShaped) uncosted.add(node.op);
      continue;
    }
    if (node.outputs[0]) shapes.set(node.outputs[0], out);
  }
  cost.uncosted = [...uncosted].sort();
  if (!Number.isFinite(cost.macs) || !Number.isFinite(cost.elements) || cost.macs < 0 || cost.elements < 0) return void 0;
  return cost;
}
function topological(nodes) {
  const producer = /* @__PURE__ */ new Map();
  nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
  const waiting = nodes.map((n) => n.inputs.filter((name) => producer.has(name)).length);
  const consumers = /* @__PURE__ */ new Map();
  nodes.forEach((n, i) => {
    for (const name of n.inputs) {
      const p = producer.get(name);
      if (p === void 0) continue;
      const list = consumers.get(p);
      if (list) list.push(i);
      else consumers.set(p, [i]);
    }
  });
  const ready = waiting.flatMap((w, i) => w === 0 ? [i] : []);
  const order = [];
  for (let at = 0; at < ready.length; at++) {
    const i = ready[at];
    order.push(nodes[i]);
    for (const c of consumers.get(i) ?? []) if (--waiting[c] === 0) ready.push(c);
  }
  return order;
}
function shapeValues(node, ins, values) {
  const out = node.outputs[0];
  if (!out) return;
  const of = (i) => node.inputs[i] ? values.get(node.inputs[i]) : void 0;
  let result;
  if (node.op === "Shape" && ins[0]) result = ins[0];
  else if (node.op === "Gather" && of(0) && of(1)) result = of(1).map((i) => of(0)[i < 0 ? i + of(0).length : i]).filter((v) => v !== void 0);
  else if (["Unsqueeze", "Squeeze", "Cast", "Identity", "Flatten"].includes(node.op) && of(0)) result = of(0);
  else if (node.op === "Concat" && node.inputs.every((_, i) => of(i))) result = node.inputs.flatMap((_, i) => of(i));
  if (result && result.length <= MAX_SHAPE_VALUES) values.set(out, result);
}
function outputShape(node, ins, values, cost) {
  const x = ins[0];
  const w = ins[1];
  const op = node.op;
  if (op === "Conv" && x && w && x.length >= 3 && w.length === x.length) {
    const spatial = windowed(x.slice(2), node.ints.get("kernel_shape") ?? w.slice(2), node);
    const out = [x[0], w[0], ...spatial];
    cost.macs += product(out) * product(w.slice(1));
    return out;
  }
  if (op === "ConvTranspose" && x && w && x.length >= 3 && w.length === x.length) {
    const group = node.ints.get("group")?.[0] ?? 1;
    const strides = node.ints.get("strides") ?? [];
    const spatial = x.slice(2).map((size, i) => (strides[i] ?? 1) * (size - 1) + (w[i + 2] ?? 1));
    cost.macs += product(x) * (w[1] ?? 1) * product(w.slice(2));
    return [x[0], (w[1] ?? 1) * group, ...spatial];
  }
  if (op === "Gemm" && w) {
    const transB = node.ints.get("transB")?.[0] === 1;
    const [k, n] = transB ? [w[1], w[0]] : [w[0], w[1]];
    const rows = x ? node.ints.get("transA")?.[0] === 1 ? x[1] : x[0] : 1;
    cost.macs += rows * k * n;
    return [rows, n];
  }
  if (op === "MatMul" && w && w.length >= 2) {
    const k = w.at(-2);
    const n = w.at(-1);
    const rows = x && x.length >= 2 ? product(x.slice(0, -1)) : 1;
    cost.macs += rows * k * n;
    return x && x.length >= 2 ? [...x.slice(0, -1), n] : [rows, n];
  }
  if (!x) return "unknown";
  if (SAME_SHAPE.has(op)) {
    cost.elements += product(x);
    return x;
  }
  if (ELEMENTWISE.has(op)) {
    let out = x;
    for (const s of ins.slice(1)) out = out && s ? broadcast(out, s) : out;
    if (!out) return "unknown";
    cost.elements += product(out);
    return out;
  }
  if (POOLS.has(op) && x.length >= 3) {
    const kernel = node.ints.get("kernel_shape") ?? [];
    const out = [x[0], x[1], ...windowed(x.slice(2), kernel, node)];
    cost.elements += product(out) * product(kernel);
    return out;
  }
  if (GLOBAL_POOLS.has(op) && x.length >= 3) {
    cost.elements += product(x);
    return [x[0], x[1], ...x.slice(2).map(() => 1)];
  }
  if (op === "Flatten") {
    const axis = normalAxis(node.ints.get("axis")?.[0] ?? 1, x.length);
    return [product(x.slice(0, axis)), product(x.slice(axis))];
  }
  if (op === "Reshape") return reshaped(x, node.inputs[1] ? values.get(node.inputs[1]) : void 0);
  if (op === "Transpose") {
    const perm = node.ints.get("perm") ?? x.map((_, i) => x.length - 1 - i);
    return perm.map((p) => x[p] ?? 1);
  }
  if (op === "Squeeze" || op === "Unsqueeze") {
    const axes = node.ints.get("axes") ?? (node.inputs[1] ? values.get(node.inputs[1]) : void 0);
    if (op === "Squeeze") {
      if (!axes) return x.filter((d) => d !== 1);
      const drop = new Set(axes.map((a) => normalAxis(a, x.length)));
      return x.filter((_, i) => !drop.has(i));
    }
    if (!axes) return "unknown";
    const out = [...x];
    for (const a of [...axes].map((a2) => normalAxis(a2, x.length + axes.length)).sort((p, q) => p - q)) out.splice(a, 0, 1);
    return out;
  }
  if (op === "Concat") {
    if (ins.some((s) => !s || s.length !== x.length)) return "unknown";
    const axis = normalAxis(node.ints.get("axis")?.[0] ?? 0, x.length);
    const out = [...x];
    out[axis] = ins.reduce((sum, s) => sum + s[axis], 0);
    cost.elements += product(out);
    return out;
  }
  if (op === "Pad") {
    const pads = node.ints.get("pads") ?? (node.inputs[1] ? values.get(node.inputs[1]) : void 0);
    const out = pads && pads.length === 2 * x.length ? x.map((d, i) => d + pads[i] + pads[i + x.length]) : x;
    cost.elements += product(out);
    return out;
  }
  if (REDUCES.has(op)) {
    const axes = node.ints.get("axes") ?? (node.inputs[1] ? values.get(node.inputs[1]) : void 0) ?? x.map((_, i) => i);
    const keep = (node.ints.get("keepdims")?.[0] ?? 1) === 1;
    const reduced = new Set(axes.map((a) => normalAxis(a, x.length)));
    cost.elements += product(x);
    return keep ? x.map((d, i) => reduced.has(i) ? 1 : d) : x.filter((_, i) => !reduced.has(i));
  }
  return "unknown";
}
var normalAxis = (axis, rank) => axis < 0 ? axis + rank : axis;
function reshaped(x, target) {
  if (!target) return "unknown";
  const out = target.map((d, i) => d === 0 ? x[i] ?? 1 : d);
  const known = product(out.filter((d) => d !== -1));
  const free = out.indexOf(-1);
  if (free >= 0) out[free] = known > 0 ? Math.max(1, Math.round(product(x) / known)) : 1;
  return out;
}

// src/engine/model.ts
var FLOAT = 1;
var ELEMENT_TYPES = {
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64",
  16: "bfloat16"
};
var typeName = (t) => ELEMENT_TYPES[t] ?? `type ${t}`;
var shapeText = (info) => `[${info.shape.map((d, i) => d < 0 ? info.dimNames[i] || "?" : String(d)).join(",")}]`;
function readModelFile(file) {
  let stat;
  try {
    stat = fs3.statSync(file);
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new OnepixelError("MODEL_NOT_FOUND", `${file}: no such file`);
    throw new OnepixelError("MODEL_UNREADABLE", `${file}: cannot read (${code ?? "unknown error"})`);
  }
  if (!stat.isFile()) throw new OnepixelError("MODEL_UNREADABLE", `${file}: not a regular file`);
  try {
    return fs3.readFileSync(file);
  } catch (error) {
    throw new OnepixelError("MODEL_UNREADABLE", `${file}: cannot read (${error.code ?? "unknown error"})`);
  }
}
function checkExternalData(modelFile, locations) {
  const folder = fs3.realpathSync(path3.dirname(path3.resolve(modelFile)));
  for (const location of locations) {
    const refuse = (why) => {
      throw new OnepixelError("UNSAFE_EXTERNAL_DATA", `${modelFile}: refusing external data "${location}" (${why})`);
    };
    if (location === "" || location.includes("\0")) refuse("empty or invalid path");
    if (path3.isAbsolute(location) || /^[a-zA-Z]:/.test(location) || location.startsWith("\\")) {
      refuse("absolute path");
    }
    const target = path3.resolve(folder, location);
    if (!isInside(folder, target)) refuse("outside the model's folder");
    if (fs3.existsSync(target) && !isInside(folder, fs3.realpathSync(target))) {
      refuse("a link that leads outside the model's folder");
    }
  }
}
function isInside(folder, target) {
  const relative = path3.relative(folder, target);
  return relative !== "" && !relative.startsWith("..") && !path3.isAbsolute(relative);
}
function mapOpenError(file, error) {
  const code = nativeCode(error);
  const detail = error.message.split("\n")[0].replace(/^Load model from .*? failed:/, "");
  if (code === "ORT_INVALID_PROTOBUF") return new OnepixelError("CORRUPT_MODEL", `${file}: corrupt ONNX file (${detail})`);
  if (code === "ORT_NO_SUCHFILE") return new OnepixelError("MODEL_UNREADABLE", `${file}: ${detail}`);
  return new OnepixelError("UNSUPPORTED_MODEL", `${file}: onnxruntime cannot load it (${detail})`);
}
function chooseLayout(info, forced, file) {
  const isChannelAxis = (d) => d === 1 || d === 3;
  if (forced) {
    const [forcedAxis, otherAxis] = forced === "NCHW" ? [1, 3] : [3, 1];
    const claimed = info.shape[forcedAxis];
    if (claimed > 4 && isChannelAxis(info.shape[otherAxis])) {
      throw new OnepixelError("BAD_OPTION", `--layout ${forced} does not fit input "${info.name}" ${shapeText(info)}: it would read ${claimed} channels; the shape says ${forced === "NCHW" ? "NHWC" : "NCHW"}`);
    }
    return forced;
  }
  if (isChannelAxis(info.shape[1])) return "NCHW";
  if (isChannelAxis(info.shape[3])) return "NHWC";
  throw new OnepixelError(
    "NO_IMAGE_INPUT",
    `${file}: input "${info.name}" ${shapeText(info)} has no channel axis of size 1 or 3; pass --layout NCHW or NHWC`
  );
}
function describeInput(file, inputs, options) {
  if (inputs.length !== 1) {
    const names = inputs.map((i) => `"${i.name}"`).join(", ");
    throw new OnepixelError("NO_IMAGE_INPUT", `${file}: onepixel needs exactly one image input, the model has ${inputs.length}${names ? ` (${names})` : ""}`);
  }
  const info = inputs[0];
  if (!info.isTensor) throw new OnepixelError("NO_IMAGE_INPUT", `${file}: input "${info.name}" is not a tensor`);
  if (info.elementType !== FLOAT) {
    throw new OnepixelError("UNSUPPORTED_INPUT_TYPE", `${file}: input "${info.name}" is ${typeName(info.elementType)}; onepixel sweeps float32 image inputs`);
  }
  if (info.shape.length !== 4) {
    throw new OnepixelError("NO_IMAGE_INPUT", `${file}: input "${info.name}" ${shapeText(info)} is not an image batch (rank ${info.shape.length}, not 4)`);
  }
  const layout = chooseLayout(info, options.layout, file);
  const [cAxis, hAxis, wAxis] = layout === "NCHW" ? [1, 2, 3] : [3, 1, 2];
  const channels = info.shape[cAxis];
  if (channels < 1) throw new OnepixelError("NO_IMAGE_INPUT", `${file}: input "${info.name}" ${shapeText(info)} has a dynamic channel count`);
  let height = info.shape[hAxis];
  let width = info.shape[wAxis];
  if (options.size) {
    const [h, w] = options.size;
    if (height > 0 && height !== h || width > 0 && width !== w) {
      throw new OnepixelError("BAD_OPTION", `--size ${h}x${w} does not match the model's input ${shapeText(info)}`);
    }
    [height, width] = [h, w];
  }
  if (height < 1 || width < 1) {
    throw new OnepixelError("DYNAMIC_SIZE", `${file}: input "${info.name}" ${shapeText(info)} has a dynamic height or width; pass --size HxW`);
  }
  const batch = info.shape[0];
  refuseOversized(file, info, batch, channels, height, width);
  return {
    name: info.name,
    declaredShape: info.shape,
    layout,
    channels,
    height,
    width,
    ...batch > 0 ? { fixedBatch: batch } : {}
  };
}
var INPUT_LIMITS = {
  /** A fixed batch dimension: the scan runs every pass at that size. */
  fixedBatch: 1024,
  /** Values in one image (C·H·W): 2048×2048 with 4 channels. */
  imageValues: 2048 * 2048 * 4
};
function refuseOversized(file, info, batch, channels, height, width) {
  if (batch > INPUT_LIMITS.fixedBatch) {
    throw new OnepixelError("INPUT_TOO_LARGE", `${file}: input "${info.name}" ${shapeText(info)} fixes its batch at ${batch} images; onepixel runs at most ${INPUT_LIMITS.fixedBatch} per pass`);
  }
  const values = channels * height * width;
  if (values > INPUT_LIMITS.imageValues) {
    throw new OnepixelError("INPUT_TOO_LARGE", `${file}: input "${info.name}" is ${channels}\xD7${height}\xD7${width} (${values.toExponential(2)} values an image); onepixel scans images of at most ${INPUT_LIMITS.imageValues.toLocaleString("en-US")} values`);
  }
}
var sha256Of = (bytes) => crypto.createHash("sha256").update(bytes).digest("hex");
function inspectModelFile(file) {
  const bytes = readModelFile(file);
  const summary = inspectOnnx(bytes, file);
  checkExternalData(file, summary.externalLocations);
  const folder = path3.dirname(path3.resolve(file));
  const externalData = [...new Set(summary.externalLocations)].sort().map((location) => {
    const target = path3.resolve(folder, location);
    let digest = "missing";
    try {
      digest = sha256Of(fs3.readFileSync(target));
    } catch {
    }
    return { location, sha256: digest };
  });
  const sha256 = sha256Of(bytes);
  const identity = externalData.length === 0 ? sha256 : sha256Of([sha256, ...externalData.map((e) => `${e.location}\0${e.sha256}`)].join("\n"));
  const graph = readOnnxGraph(bytes);
  return { path: file, sha256, identity, externalData, summary, affine: inputAffine(graph), graph };
}
async function loadModel(file, options, inspected = inspectModelFile(file)) {
  const { sha256, summary } = inspected;
  let native;
  try {
    native = await nativeRuntime().openModel(path3.resolve(file));
  } catch (error) {
    if (error instanceof OnepixelError) throw error;
    throw mapOpenError(file, error);
  }
  try {
    const { inputs, outputs } = native.info();
    const input = describeInput(file, inputs, options);
    const output = outputs[0];
    if (!output?.isTensor || output.elementType !== FLOAT) {
      throw new OnepixelError("BAD_OUTPUT", `${file}: the first output must be a float32 tensor of class scores`);
    }
    const batch = input.fixedBatch ?? 1;
    const shape = input.layout === "NHWC" ? [batch, input.height, input.width, input.channels] : [batch, input.channels, input.height, input.width];
    const cost = passCost(inspected.graph, input.name, shape);
    return { path: file, sha256, summary, input, outputName: output.name, native, cost: cost && { ...cost, macs: cost.macs / batch, elements: cost.elements / batch } };
  } catch (error) {
    native.close();
    throw error;
  }
}

// src/signature/budget.ts
var ADAPTIVE_PASSES_PER_CELL = 28;
function cellCount(height, width, block, stride, planes) {
  return planes * (Math.floor((height - block) / stride) + 1) * (Math.floor((width - block) / stride) + 1);
}
function passesPerCell(o) {
  return o.search === "adaptive" ? Math.min(o.levels, ADAPTIVE_PASSES_PER_CELL) : o.levels;
}
var REFERENCE = {
  /** Per image, whatever the graph: onnxruntime's dispatch and the sweep's bookkeeping. */
  passMicros: 2,
  /** Per multiply-accumulate of a dense op. */
  macMicros: 3e-5,
  /** Per element any other op touches. */
  elementMicros: 1e-3,
  /** Per input value of an image drawn in JS (the probe, transfer test and search build theirs). */
  drawnValueMicros: 0.01
};
function passSeconds(cost) {
  return (REFERENCE.passMicros + cost.macs * REFERENCE.macMicros + cost.elements * REFERENCE.elementMicros) / 1e6;
}
function referenceSeconds(cost, passes, drawn, inputValues) {
  return passes * passSeconds(cost) + drawn * inputValues * REFERENCE.drawnValueMicros / 1e6;
}
function strideForBudget(o, height, width, channels, passesPerSecond, budgetSeconds) {
  const planes = o.mode === "channel" ? channels : 1;
  const seconds = (block, stride) => cellCount(height, width, block, stride, planes) * passesPerCell(o) / passesPerSecond;
  if (seconds(o.block, o.stride) <= budgetSeconds) return void 0;
  for (let s = o.stride + 1; s <= Math.min(height, width); s++) {
    if (seconds(Math.max(o.block, s), s) <= budgetSeconds) return s;
  }
  return Math.min(height, width);
}

// src/signature/signature.ts
function coarseStepFor(levels) {
  let step = 1;
  while ((levels - 1) / (step * 2) >= 6) step *= 2;
  return step;
}
var levelPixel = (l, levels) => 255 * l / (levels - 1);
function modelValue(p, c, o) {
  const [lo, hi] = o.inputRange;
  const v = lo + (hi - lo) * p / 255;
  const pick = (values, fallback) => values === void 0 ? fallback : values.length === 1 ? values[0] : values[c];
  return (v - pick(o.mean, 0)) / pick(o.std, 1);
}
function checkChannelOptions(o, channels) {
  for (const key of ["mean", "std"]) {
    const n = o[key]?.length;
    if (n !== void 0 && n !== 1 && n !== channels) {
      throw new OnepixelError("BAD_OPTION", `--${key} has ${n} values; the model has ${channels} channels`);
    }
  }
}
function baseImage(model, o) {
  const { channels, height, width, layout } = model.input;
  const image = new Float32Array(channels * height * width);
  for (let c = 0; c < channels; c++) {
    const v = modelValue(o.base, c, o);
    for (let p = 0; p < height * width; p++) {
      image[layout === "NCHW" ? c * height * width + p : p * channels + c] = v;
    }
  }
  return image;
}
function levelValues(channels, o) {
  const values = new Float32Array(o.levels * channels);
  for (let l = 0; l < o.levels; l++) {
    for (let c = 0; c < channels; c++) values[l * channels + c] = modelValue(levelPixel(l, o.levels), c, o);
  }
  return values;
}
function batchShape(model, batch) {
  const { channels, height, width, layout } = model.input;
  return layout === "NCHW" ? [batch, channels, height, width] : [batch, height, width, channels];
}
async function inspectOutput(model, base, o) {
  const batch = model.input.fixedBatch ?? 1;
  const data = new Float32Array(base.length * batch);
  for (let b = 0; b < batch; b++) data.set(base, b * base.length);
  let out;
  try {
    out = await model.native.run(model.input.name, model.outputName, data, batchShape(model, batch));
  } catch (error) {
    const code = nativeCode(error);
    const detail = error.message.split("\n")[0];
    if (code === "UNSUPPORTED_OUTPUT") throw new OnepixelError("BAD_OUTPUT", `${model.path}: ${detail}`);
    throw new OnepixelError("UNSUPPORTED_MODEL", `${model.path}: the model fails on a plain image (${detail})`);
  }
  if (out.shape.length !== 2 || out.shape[0] !== batch || out.shape[1] < 2) {
    throw new OnepixelError("BAD_OUTPUT", `${model.path}: output "${model.outputName}" has shape [${out.shape.join(",")}]; onepixel needs class scores [N,K] with K \u2265 2`);
  }
  const classes = out.shape[1];
  const row = out.data.subarray(0, classes);
  if (row.some((v) => !Number.isFinite(v))) {
    throw new OnepixelError("NON_FINITE_OUTPUT", `${model.path}: the model outputs NaN or Inf on a plain image`);
  }
  const sum = row.reduce((a, v) => a + v, 0);
  const looksLikeProbabilities = row.every((v) => v >= 0) && Math.abs(sum - 1) <= 1e-3;
  const probabilities = o.outputs === "auto" ? looksLikeProbabilities : o.outputs === "probabilities";
  return { classes, probabilities };
}
async function checkOutput(model, o) {
  return inspectOutput(model, baseImage(model, o), o);
}
function abortError() {
  return new OnepixelError("ABORTED", "the signature computation was aborted");
}
async function buildSpec(model, o, known) {
  const { channels, height, width } = model.input;
  const threads = o.threads ?? defaultThreads();
  const batch = model.input.fixedBatch ?? o.batch ?? (nativeRuntime().device === "cuda" ? DEFAULT_CUDA_BATCH : DEFAULT_BATCH);
  const base = baseImage(model, o);
  const { classes, probabilities } = known ?? await inspectOutput(model, base, o);
  return {
    inputName: model.input.name,
    outputName: model.outputName,
    batch,
    threads,
    channels,
    height,
    width,
    nhwc: model.input.layout === "NHWC",
    base,
    levels: levelValues(channels, o),
    levelCount: o.levels,
    channelMode: o.mode === "channel",
    block: o.block,
    stride: o.stride,
    softmax: !probabilities,
    logScore: o.score === "log-probability",
    classes,
    coarseStep: o.search === "adaptive" ? coarseStepFor(o.levels) : 1
  };
}
async function sweepModel(model, options, callbacks = {}, known) {
  const started = performance.now();
  let o = options;
  const { channels, height, width } = model.input;
  checkChannelOptions(o, channels);
  if (o.block > height || o.block > width) {
    throw new OnepixelError("BAD_OPTION", `--block ${o.block} is larger than the ${height}x${width} input`);
  }
  let spec = await buildSpec(model, o, known);
  const { classes, threads, batch } = spec;
  const probabilities = !spec.softmax;
  if (callbacks.signal?.aborted) throw abortError();
  let estimate;
  if (o.budget !== void 0) {
    if (!model.cost) throw new OnepixelError("BUDGET_UNPLANNED", `${model.path}: the graph could not be read to plan a budget; run without --budget`);
    const passesPerSecond = 1 / passSeconds(model.cost);
    const budgetStride = strideForBudget(o, height, width, channels, passesPerSecond, o.budget);
    if (budgetStride !== void 0) {
      o = { ...o, stride: budgetStride, block: Math.max(o.block, budgetStride) };
      spec = { ...spec, block: o.block, stride: o.stride };
    }
    const cells2 = cellCount(height, width, o.block, o.stride, o.mode === "channel" ? channels : 1);
    const passes = cells2 * passesPerCell(o);
    estimate = { cells: cells2, passes, passesPerSecond, seconds: passes / passesPerSecond, ...budgetStride ? { budgetStride } : {} };
    callbacks.onEstimate?.(estimate);
  }
  const job = model.native.sweep(
    spec,
    (done, total) => callbacks.onProgress?.({ done, total, seconds: (performance.now() - started) / 1e3 })
  );
  const cancel = () => job.cancel();
  callbacks.signal?.addEventListener("abort", cancel, { once: true });
  let result;
  try {
    result = await job.promise;
    const total = result.bestLevel.length / classes;
    callbacks.onProgress?.({ done: total, total, seconds: (performance.now() - started) / 1e3 });
  } catch (error) {
    const code = nativeCode(error);
    if (code === "ABORT_ERR") throw abortError();
    if (code === "NON_FINITE_OUTPUT") throw new OnepixelError("NON_FINITE_OUTPUT", `${model.path}: the model outputs NaN or Inf on a swept image`);
    throw new OnepixelError("UNSUPPORTED_MODEL", `${model.path}: the sweep failed (${error.message.split("\n")[0]})`);
  } finally {
    callbacks.signal?.removeEventListener("abort", cancel);
  }
  const signature = new Float32Array(result.bestLevel.length);
  const delta = new Float32Array(result.bestLevel.length);
  const cells = result.bestLevel.length / classes;
  for (let k = 0; k < classes; k++) {
    const p0 = result.baseProb[k];
    for (let i = k * cells; i < (k + 1) * cells; i++) {
      signature[i] = levelPixel(result.bestLevel[i], o.levels) / 255;
      delta[i] = result.bestProb[i] - p0;
    }
  }
  const rows = Math.floor((height - o.block) / o.stride) + 1;
  const cols = Math.floor((width - o.block) / o.stride) + 1;
  const seconds = (performance.now() - started) / 1e3;
  return {
    signature,
    delta,
    info: {
      model: model.path,
      sha256: model.sha256,
      input: { name: model.input.name, shape: model.input.declaredShape, layout: model.input.layout, channels, height, width },
      output: { name: model.outputName, kind: probabilities ? "probabilities" : "logits" },
      classes,
      shape: o.mode === "channel" ? [classes, channels, rows, cols] : [classes, rows, cols],
      options: { ...o, threads, batch },
      passes: result.passes,
      fullCells: result.fullCells,
      ...estimate ? { estimate } : {},
      seconds,
      baseProbabilities: Array.from(result.baseProb),
      onnxruntime: nativeRuntime().version
    }
  };
}
async function computeSignature(modelPath, options = {}, callbacks = {}) {
  const resolved = resolveOptions(options);
  if (callbacks.signal?.aborted) throw abortError();
  const model = await loadModel(modelPath, resolved);
  try {
    return await sweepModel(model, resolved, callbacks);
  } finally {
    model.native.close();
  }
}

// src/signature/npy.ts
function encodeNpy(data, shape) {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + header.length + 1;
  header += " ".repeat((64 - unpadded % 64) % 64) + "\n";
  const head = Buffer.alloc(10);
  head.write("\x93NUMPY", 0, "latin1");
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([head, Buffer.from(header, "latin1"), body]);
}
function decodeNpy(buf) {
  if (buf.toString("latin1", 0, 6) !== "\x93NUMPY") throw new Error("not a .npy file");
  const major = buf[6];
  const headerLength = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString("latin1", start, start + headerLength);
  if (!header.includes("'<f4'")) throw new Error("only little-endian float32 .npy is supported");
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? "").split(",").map((s) => s.trim()).filter(Boolean).map(Number);
  const bytes = buf.subarray(start + headerLength);
  const copy = new Uint8Array(bytes);
  return { data: new Float32Array(copy.buffer, 0, copy.byteLength / 4), shape };
}

// src/signature/artifacts.ts
import fs4 from "node:fs";
import path4 from "node:path";

// src/signature/png.ts
import zlib from "node:zlib";
var Raster = class {
  constructor(width, height, background = [255, 255, 255]) {
    this.width = width;
    this.height = height;
    this.pixels = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }
  width;
  height;
  pixels;
  fill(x, y, w, h, color) {
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + h); yy++) {
      for (let xx = Math.max(0, x); xx < Math.min(this.width, x + w); xx++) {
        this.pixels.set(color, (yy * this.width + xx) * 3);
      }
    }
  }
  /** Draws text in a 3×5 pixel font scaled by `scale`; unknown characters are left blank. */
  text(x, y, value, scale, color = [0, 0, 0]) {
    let cx = x;
    for (const ch of value.toUpperCase()) {
      const rows = FONT[ch];
      if (rows) {
        rows.forEach((bits, row) => {
          for (let col = 0; col < 3; col++) {
            if (bits & 4 >> col) this.fill(cx + col * scale, y + row * scale, scale, scale, color);
          }
        });
      }
      cx += 4 * scale;
    }
  }
  static textWidth(value, scale) {
    return value.length * 4 * scale - scale;
  }
  encode() {
    const raw = Buffer.alloc((this.width * 3 + 1) * this.height);
    for (let y = 0; y < this.height; y++) {
      raw[y * (this.width * 3 + 1)] = 0;
      raw.set(this.pixels.subarray(y * this.width * 3, (y + 1) * this.width * 3), y * (this.width * 3 + 1) + 1);
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.width, 0);
    ihdr.writeUInt32BE(this.height, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    return Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk("IHDR", ihdr),
      chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
      chunk("IEND", Buffer.alloc(0))
    ]);
  }
};
var CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 4294967295;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 255] ^ c >>> 8;
  return (c ^ 4294967295) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
var FONT = {
  "0": [7, 5, 5, 5, 7],
  "1": [2, 6, 2, 2, 7],
  "2": [7, 1, 7, 4, 7],
  "3": [7, 1, 7, 1, 7],
  "4": [5, 5, 7, 1, 1],
  "5": [7, 4, 7, 1, 7],
  "6": [7, 4, 7, 5, 7],
  "7": [7, 1, 2, 2, 2],
  "8": [7, 5, 7, 5, 7],
  "9": [7, 5, 7, 1, 7],
  ".": [0, 0, 0, 0, 2],
  "-": [0, 0, 7, 0, 0],
  "=": [0, 7, 0, 7, 0],
  ":": [0, 2, 0, 2, 0],
  "(": [1, 2, 2, 2, 1],
  ")": [4, 2, 2, 2, 4],
  A: [2, 5, 7, 5, 5],
  B: [6, 5, 6, 5, 6],
  C: [7, 4, 4, 4, 7],
  D: [6, 5, 5, 5, 6],
  E: [7, 4, 6, 4, 7],
  F: [7, 4, 6, 4, 4],
  G: [7, 4, 5, 5, 7],
  H: [5, 5, 7, 5, 5],
  I: [7, 2, 2, 2, 7],
  K: [5, 5, 6, 5, 5],
  L: [4, 4, 4, 4, 7],
  M: [5, 7, 7, 5, 5],
  N: [6, 5, 5, 5, 5],
  O: [7, 5, 5, 5, 7],
  P: [7, 5, 7, 4, 4],
  Q: [2, 5, 5, 6, 3],
  R: [6, 5, 6, 5, 5],
  S: [7, 4, 7, 1, 7],
  T: [7, 2, 2, 2, 2],
  U: [5, 5, 5, 5, 7],
  V: [5, 5, 5, 5, 2],
  W: [5, 5, 7, 7, 5],
  X: [5, 5, 2, 5, 5],
  Y: [5, 5, 2, 2, 2],
  Z: [7, 1, 2, 4, 7],
  J: [1, 1, 1, 5, 7],
  "%": [5, 1, 2, 4, 5],
  "/": [1, 1, 2, 4, 4],
  ",": [0, 0, 0, 2, 4],
  "[": [6, 4, 4, 4, 6],
  "]": [3, 1, 1, 1, 3],
  "<": [1, 2, 4, 2, 1],
  ">": [4, 2, 1, 2, 4],
  "+": [0, 2, 7, 2, 0],
  "'": [2, 2, 0, 0, 0],
  "_": [0, 0, 0, 0, 7],
  "?": [7, 1, 3, 0, 2]
};
var VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37]
];
function colormap(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f));
}

// src/signature/heatmap.ts
var GAP = 6;
var FONT2 = 2;
var MAX_TILED_CLASSES = 64;
function formatGain(v) {
  return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toFixed(3);
}
function classesToDraw(sig, plane) {
  const { classes } = sig.info;
  const all = Array.from({ length: classes }, (_, k) => k);
  if (classes <= MAX_TILED_CLASSES) return all;
  const peak = all.map((k) => {
    let m = -Infinity;
    for (let i = k * plane; i < (k + 1) * plane; i++) m = Math.max(m, sig.delta[i]);
    return m;
  });
  return all.sort((a, b) => peak[b] - peak[a] || a - b).slice(0, MAX_TILED_CLASSES).sort((a, b) => a - b);
}
function renderHeatmaps(sig) {
  const { shape, classes } = sig.info;
  const [rows, cols] = shape.slice(-2);
  const planes = shape.length === 4 ? shape[1] : 1;
  const plane = rows * cols;
  const cell = Math.max(1, Math.min(8, Math.floor(112 / Math.max(rows, cols))));
  const tileW = cols * cell;
  const tileH = rows * cell;
  const drawn = classesToDraw(sig, plane * planes);
  const labelH = 5 * FONT2 + GAP;
  const blockW = 2 * planes * (tileW + GAP) + 2 * GAP;
  const blockH = labelH + tileH + 2 * GAP;
  const perRow = Math.max(1, Math.min(drawn.length, Math.floor(1400 / blockW)));
  const gridRows = Math.ceil(drawn.length / perRow);
  const headerH = 5 * FONT2 + 2 * GAP;
  const legendH = 5 * FONT2 + 3 * GAP + 8;
  const canvas = new Raster(Math.max(perRow * blockW + GAP, 260), headerH + gridRows * blockH + legendH);
  let maxGain = 0;
  for (const v of sig.delta) maxGain = Math.max(maxGain, v);
  const scale = maxGain > 0 ? maxGain : 1;
  const drawTile = (x, y, values, offset, toUnit) => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        canvas.fill(x + j * cell, y + i * cell, cell, cell, colormap(toUnit(values[offset + i * cols + j])));
      }
    }
  };
  const gainUnit = (v) => Math.sqrt(Math.max(0, v) / scale);
  const title = drawn.length < classes ? `S AND D PER CLASS (${drawn.length} OF ${classes} CLASSES: LARGEST D)` : "S AND D PER CLASS";
  canvas.text(GAP, GAP, title, FONT2);
  drawn.forEach((k, index) => {
    const x = GAP + index % perRow * blockW;
    const y = headerH + Math.floor(index / perRow) * blockH;
    canvas.text(x, y, `${k}`, FONT2);
    for (let c = 0; c < planes; c++) {
      const offset = (k * planes + c) * plane;
      drawTile(x + c * (tileW + GAP), y + labelH, sig.signature, offset, (v) => v);
      drawTile(x + (planes + c) * (tileW + GAP), y + labelH, sig.delta, offset, gainUnit);
    }
  });
  const ly = headerH + gridRows * blockH + GAP;
  const barW = canvas.width - 2 * GAP;
  for (let x = 0; x < barW; x++) canvas.fill(GAP + x, ly, 1, 8, colormap(x / (barW - 1)));
  canvas.text(GAP, ly + 8 + GAP, "0", FONT2);
  const right = `S 1  D ${formatGain(maxGain)} (SQRT SCALE)`;
  canvas.text(GAP + barW - Raster.textWidth(right, FONT2), ly + 8 + GAP, right, FONT2);
  return canvas.encode();
}

// src/signature/artifacts.ts
var ARTIFACT_FILES = ["signature.npy", "delta.npy", "signature.json", "heatmaps.png"];
function writeSignatureArtifacts(sig, dir) {
  fs4.mkdirSync(dir, { recursive: true });
  const files = {
    "signature.npy": encodeNpy(sig.signature, sig.info.shape),
    "delta.npy": encodeNpy(sig.delta, sig.info.shape),
    "signature.json": `${JSON.stringify(sig.info, null, 2)}
`,
    "heatmaps.png": renderHeatmaps(sig)
  };
  return Object.entries(files).map(([name, body]) => {
    const file = path4.join(dir, name);
    fs4.writeFileSync(file, body);
    return file;
  });
}

export {
  __require,
  __commonJS,
  __export,
  __toESM,
  ExitCode,
  OnepixelError,
  describeError,
  errorCode,
  packageRoot,
  chooseDevice,
  useDevice,
  currentDevice,
  inspectOnnx,
  DEFAULT_OPTIONS,
  DEFAULT_BATCH,
  defaultThreads,
  resolveOptions,
  parseOption,
  optionsFromText,
  cellCount,
  passesPerCell,
  referenceSeconds,
  inspectModelFile,
  loadModel,
  levelPixel,
  modelValue,
  checkOutput,
  abortError,
  sweepModel,
  computeSignature,
  Raster,
  encodeNpy,
  decodeNpy,
  ARTIFACT_FILES,
  writeSignatureArtifacts
};
