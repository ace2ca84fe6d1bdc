/**
 * Where the forward passes run: `--device auto|cpu|cuda` (the action's input `device`).
 *
 * CUDA needs three things the CPU build does not: the CUDA variant of the addon
 * (`npm run build:native:cuda`, build-cuda/Release/onepixel_cuda.node), onnxruntime's CUDA
 * provider libraries beside the libonnxruntime it loads (onnxruntime-node installed with
 * ONNXRUNTIME_NODE_INSTALL=cuda12, or ONEPIXEL_ORT_CUDA_DIR), and a working GPU. Whether they
 * work together is only known by trying, and a broken driver can crash or hang the process that
 * tries, so the probe runs in a child process with a time limit: the addon's `cuda.probe()`
 * checks the device, runs the kernels against their CPU reference, attaches the CUDA provider
 * and compares a GPU sweep with a CPU sweep on a tiny built-in model.
 *
 * `auto` takes CUDA only when that probe passes, and otherwise CPU, with one warning when the
 * machine has an NVIDIA driver (a GPU runner whose CUDA setup is broken) and none when it has
 * not. `cuda` refuses to fall back: it throws CUDA_UNAVAILABLE with the reason.
 *
 * Call chooseDevice() once per process, then useDevice() with its result.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OnepixelError } from './errors.js';
import {
  type NativeModel,
  type NativeRuntime,
  nativeCode,
  onnxruntimeLibraryPath,
  packagedNativeDir,
  packageRoot,
  setNativeRuntime,
} from './native.js';

export type DeviceRequest = 'auto' | 'cpu' | 'cuda';
export type Device = 'cpu' | 'cuda';

export interface GpuInfo {
  index: number;
  name: string;
  computeCapability: string;
  memoryBytes: number;
}

export interface DeviceChoice {
  device: Device;
  /** One line: the device and why, e.g. "cuda: NVIDIA H100 80GB HBM3 (compute 9.0, 79.1 GiB)". */
  reason: string;
  /** Set when `auto` fell back to CPU on a machine that looks like it has a GPU: show it once. */
  warning?: string;
  /** For cuda: what useDevice() loads. */
  gpu?: GpuInfo;
  addon?: string;
  library?: string;
  cudaDevice?: number;
}

export interface ChooseDeviceOptions {
  /** Environment to read (ONEPIXEL_CUDA_ADDON, ONEPIXEL_ORT_CUDA_DIR); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The probe's time limit; the first CUDA start-up with cuDNN can take tens of seconds. */
  timeoutMs?: number;
  /** Which CUDA device, default 0 (CUDA_VISIBLE_DEVICES also applies). */
  cudaDevice?: number;
  /** Skip the check for an NVIDIA driver on the machine (tests). */
  assumeDriver?: boolean;
  root?: string;
}

/** Images per forward pass on a GPU when --batch is not given (the CPU's default is 32). */
export const DEFAULT_CUDA_BATCH = 256;

const DEFAULT_GPU_CHECK_TIMEOUT_MS = 120_000;
const PROVIDER_LIBRARY = 'libonnxruntime_providers_cuda.so';
// The GPU tarball's lib/ holds libonnxruntime.so.1; the NuGet package's runtimes/linux-x64/native only libonnxruntime.so.
const ORT_LIBRARY_NAMES = [/^libonnxruntime\.so\.\d+$/, /^libonnxruntime\.so$/];

/** The CUDA addon: ONEPIXEL_CUDA_ADDON, else build-cuda/Release, else dist/native; undefined if none. */
export function cudaAddonPath(root = packageRoot(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ONEPIXEL_CUDA_ADDON) return env.ONEPIXEL_CUDA_ADDON;
  for (const candidate of [
    path.join(root, 'build-cuda', 'Release', 'onepixel_cuda.node'),
    path.join(packagedNativeDir(root), 'onepixel_cuda.node'),
  ]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The libonnxruntime whose folder must hold the CUDA provider: the one in ONEPIXEL_ORT_CUDA_DIR
 * (an onnxruntime GPU build, for air-gapped runners), else the one the CPU build loads.
 */
export function cudaOrtLibraryPath(root = packageRoot(), env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.ONEPIXEL_ORT_CUDA_DIR;
  if (!dir) return onnxruntimeLibraryPath(root);
  const names = fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir) : [];
  const name = ORT_LIBRARY_NAMES.map((re) => names.find((n) => re.test(n))).find(Boolean);
  if (!name) throw new OnepixelError('CUDA_UNAVAILABLE', `ONEPIXEL_ORT_CUDA_DIR=${dir} holds no libonnxruntime.so`);
  return path.join(dir, name);
}

/** Whether this machine shows any sign of an NVIDIA driver (Linux device nodes, WSL's /dev/dxg). */
export function hasNvidiaDriver(): boolean {
  return ['/proc/driver/nvidia/version', '/dev/nvidiactl', '/dev/dxg'].some((p) => fs.existsSync(p));
}

interface GpuCheckReport {
  ok: boolean;
  stage: string;
  message?: string;
  cuda?: { count: number; error?: string; driverVersion: number; runtimeVersion: number; devices: GpuInfo[] };
  onnxruntime?: string;
}

type GpuCheckOutcome = { report: GpuCheckReport } | { failure: string };

// Runs in the child: loads the CUDA addon and prints its probe's report on one marked line.
const PROBE_SCRIPT = `
const [addon, library, device] = process.argv.slice(1);
let report;
try {
  report = require(addon).cuda.probe(library, Number(device));
} catch (error) {
  report = { ok: false, stage: 'addon', message: String(error && error.message || error).split('\\n')[0] };
}
process.stdout.write('\\nONEPIXEL_PROBE ' + JSON.stringify(report) + '\\n');
`;

function runGpuCheck(addon: string, library: string, device: number, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<GpuCheckOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', PROBE_SCRIPT, addon, library, String(device)],
      { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 << 20, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('ONEPIXEL_PROBE '));
        if (line) {
          try {
            resolve({ report: JSON.parse(line.slice('ONEPIXEL_PROBE '.length)) as GpuCheckReport });
            return;
          } catch {
            // fall through: a garbled report is a failed probe
          }
        }
        const killed = error as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null }) | null;
        if (killed?.killed) {
          resolve({ failure: `the CUDA probe did not finish within ${Math.round(timeoutMs / 1000)} s` });
        } else if (killed?.signal) {
          resolve({ failure: `the CUDA probe crashed (${killed.signal})` });
        } else {
          const lines = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('Node.js v'));
          const last = lines.at(-1)?.trim() ?? (error ? error.message.split('\n')[0] : 'no report');
          resolve({ failure: `the CUDA probe failed (${last})` });
        }
      },
    );
  });
}

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** Picks the device for `requested`; see the module comment. Throws CUDA_UNAVAILABLE only for `cuda`. */
export async function chooseDevice(requested: DeviceRequest, options: ChooseDeviceOptions = {}): Promise<DeviceChoice> {
  if (requested === 'cpu') return { device: 'cpu', reason: 'cpu: requested' };
  if (requested !== 'auto' && requested !== 'cuda') {
    throw new OnepixelError('BAD_OPTION', `--device must be auto, cpu or cuda (got ${String(requested)})`);
  }
  const env = options.env ?? process.env;
  const cudaDevice = options.cudaDevice ?? 0;
  const driver = options.assumeDriver === true || hasNvidiaDriver();
  const unavailable = (why: string): DeviceChoice => {
    if (requested === 'cuda') throw new OnepixelError('CUDA_UNAVAILABLE', `device cuda is not available: ${why}`);
    return { device: 'cpu', reason: `cpu: ${why}`, ...(driver ? { warning: `CUDA is not usable, running on the CPU: ${why}` } : {}) };
  };

  if (process.platform !== 'linux' || process.arch !== 'x64') return unavailable(`CUDA is supported on linux-x64 only (this is ${process.platform}-${process.arch})`);
  if (!driver) return unavailable('no NVIDIA driver on this machine');
  let root: string;
  let addon: string | undefined;
  let library: string;
  try {
    root = options.root ?? packageRoot();
    addon = cudaAddonPath(root, env);
    library = cudaOrtLibraryPath(root, env);
  } catch (error) {
    return unavailable((error as Error).message);
  }
  if (!addon) return unavailable('the CUDA build of the addon is missing (npm run build:native:cuda)');
  if (!fs.existsSync(path.join(path.dirname(library), PROVIDER_LIBRARY))) {
    return unavailable(
      `onnxruntime's CUDA provider (${PROVIDER_LIBRARY}) is not in ${path.dirname(library)}: ` +
        'install onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12, or set ONEPIXEL_ORT_CUDA_DIR to an onnxruntime GPU build',
    );
  }
  const outcome = await runGpuCheck(addon, library, cudaDevice, options.timeoutMs ?? DEFAULT_GPU_CHECK_TIMEOUT_MS, env);
  if ('failure' in outcome) return unavailable(outcome.failure);
  const { report } = outcome;
  if (!report.ok) return unavailable(`${report.stage}: ${report.message ?? 'failed'}`);
  const gpu = report.cuda?.devices.find((d) => d.index === cudaDevice);
  const what = gpu ? `${gpu.name} (compute ${gpu.computeCapability}, ${gib(gpu.memoryBytes)})` : `CUDA device ${cudaDevice}`;
  return {
    device: 'cuda',
    reason: `cuda: ${what}, onnxruntime ${report.onnxruntime ?? '?'}`,
    ...(gpu ? { gpu } : {}),
    addon,
    library,
    cudaDevice,
  };
}

interface CudaAddon {
  Runtime: new (libraryPath: string) => NativeRuntime;
  variant?: string;
}

/** Loads the CUDA addon in this process and wraps it as a runtime whose models open on the GPU. */
export function openCudaRuntime(choice: DeviceChoice): NativeRuntime {
  if (choice.device !== 'cuda' || !choice.addon || !choice.library) {
    throw new OnepixelError('CUDA_UNAVAILABLE', 'openCudaRuntime needs a cuda choice from chooseDevice()');
  }
  let inner: NativeRuntime;
  try {
    const addon = createRequire(import.meta.url)(choice.addon) as CudaAddon;
    if (addon.variant !== 'cuda') throw new Error(`${choice.addon} is not the CUDA build of the addon`);
    inner = new addon.Runtime(choice.library);
  } catch (error) {
    throw new OnepixelError('CUDA_UNAVAILABLE', `cannot load the CUDA addon: ${(error as Error).message.split('\n')[0]}`);
  }
  const deviceId = choice.cudaDevice ?? 0;
  return {
    get version() {
      return inner.version;
    },
    get apiVersion() {
      return inner.apiVersion;
    },
    device: 'cuda',
    async openModel(file: string): Promise<NativeModel> {
      try {
        return await inner.openModel(file, { device: 'cuda', deviceId });
      } catch (error) {
        if (nativeCode(error) === 'CUDA_UNAVAILABLE') throw new OnepixelError('CUDA_UNAVAILABLE', (error as Error).message);
        throw error;
      }
    },
  };
}

let chosen: DeviceChoice | undefined;

/** Makes `choice` the device of every model opened from now on in this process. */
export function useDevice(choice: DeviceChoice): void {
  setNativeRuntime(choice.device === 'cuda' ? openCudaRuntime(choice) : undefined);
  chosen = choice;
}

/** The device useDevice() last chose (undefined: the CPU by default), for a scan's sandboxes to use too. */
export function currentDevice(): DeviceChoice | undefined {
  return chosen;
}
