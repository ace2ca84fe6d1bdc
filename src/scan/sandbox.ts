/**
 * Every model's scan runs in a child process of its own. A model file in a pull request is
 * hostile until proven otherwise: its first forward pass may never end (a Loop with 2^63−1
 * trips), a 472-byte file may fold a ConstantOfShape into gigabytes at load, and onnxruntime
 * may crash on it. In a child each of those costs that model alone: the parent holds a
 * wall-clock limit and a memory ceiling over it, kills it when it passes either, and reports
 * the model with its own code (TIMEOUT, MEMORY_LIMIT, MODEL_CRASHED) beside every other
 * model's verdict. Killing the process is what stops a forward pass that never returns.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeviceChoice } from '../engine/device.js';
import type { ErrorCode } from '../engine/errors.js';
import { packageRoot } from '../engine/native.js';
import { errorEntry, type ModelReport, STOPPED_UNFINISHED } from '../report/report.js';

/** What the parent sends the child: everything scanOne needs, as plain data. */
export interface SandboxJob {
  file: string;
  index: number;
  total: number;
  /** The scan's options without callbacks or signal (they stay in the parent). */
  options: Record<string, unknown>;
  device?: DeviceChoice;
}

/** What the child sends back. */
export type SandboxMessage =
  | { type: 'progress'; done: number; total: number; seconds: number }
  /** The verdict, sent before the evidence picture is drawn: a child stopped after it keeps it. */
  | { type: 'verdict'; report: ModelReport }
  | { type: 'report'; report: ModelReport };

export interface SandboxLimits {
  /** Seconds one model's scan may take, from the child's start. */
  timeoutSeconds: number;
  /** Resident memory (bytes) the child may use. */
  memoryBytes: number;
}

/** Seconds a model may take by default: generous for a 224×224 model on two cores. */
export const DEFAULT_TIMEOUT_SECONDS = 1800;
/** The longest limit a timer can hold (about 24.8 days). */
export const MAX_TIMEOUT_SECONDS = Math.floor(2 ** 31 / 1000);
/** Megabytes a memory ceiling may name: 1 PiB. */
export const MAX_MEMORY_MB = 2 ** 30;

/** Half the memory this process may use (a container's limit where there is one), shared by the models scanned at once. */
export function defaultMemoryBytes(jobs: number): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  const total = constrained > 0 ? Math.min(constrained, os.totalmem()) : os.totalmem();
  return Math.floor((total * 0.5) / Math.max(1, jobs));
}

/**
 * How often the parent reads the child's resident memory: a model that allocates fast can pass
 * the ceiling by what it allocates in this long before it is stopped (about 6 MiB at 100 ms for
 * the memory-bomb fixture).
 */
const MEMORY_POLL_MS = 25;

/** The worker script: the bundle's in dist/, or the source run through tsx in development and tests. */
function workerEntry(): { file: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  // By path: a scan may run from any folder, where a bare "tsx" would not resolve.
  const tsx = pathToFileURL(path.join(packageRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  if (fromSource) return { file: path.join(packageRoot(), 'src', 'scan', 'scan-worker.ts'), execArgv: ['--import', tsx] };
  return { file: path.join(packageRoot(), 'dist', 'scan-worker.js'), execArgv: [] };
}

/** The child's resident set in bytes, from /proc (Linux); undefined where it cannot be read. */
function residentBytes(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** The model file's sha256, read here without onnxruntime, so a stopped model's entry still names its bytes. */
function fileDigest(file: string): string | null {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;

/**
 * Runs one model's scan in a child and resolves with its report, whatever the child does.
 * Aborting `signal` kills the child at once and resolves with an ABORTED entry.
 */
export function scanInSandbox(job: SandboxJob, limits: SandboxLimits, onProgress?: (p: { done: number; total: number; seconds: number }) => void, signal?: AbortSignal): Promise<ModelReport> {
  const started = performance.now();
  const seconds = (): number => Math.round((performance.now() - started) / 10) / 100;
  const { file, execArgv } = workerEntry();
  let digest: string | null | undefined;
  // The highest resident set seen, read as often as the ceiling is checked.
  let peak = 0;
  const peakField = (): { peakMemoryMiB?: number } => (peak > 0 ? { peakMemoryMiB: Math.round(peak / 2 ** 20) } : {});
  // A verdict the child sent before it was stopped stands: only its evidence picture is lost.
  let verdict: ModelReport | undefined;
  const stopped = (code: ErrorCode, error: string): ModelReport =>
    verdict ? { ...verdict, seconds: seconds(), ...peakField() } : { ...errorEntry(job.file, code, error, seconds(), (digest ??= fileDigest(job.file))), ...peakField() };
  return new Promise((resolve) => {
    let settled = false;
    let child: ChildProcess;
    const timers: NodeJS.Timeout[] = [];
    const finish = (report: ModelReport): void => {
      if (settled) return;
      settled = true;
      // clearTimeout clears intervals too.
      for (const t of timers) clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(report);
    };
    const onAbort = (): void => finish(stopped('ABORTED', STOPPED_UNFINISHED));
    try {
      child = fork(file, [], {
        execArgv: [...execArgv, `--max-old-space-size=${Math.max(256, Math.floor(limits.memoryBytes / 2 ** 20))}`],
        // The child's stdout is not ours to print (onnxruntime may write there); its stderr is
        // kept for the reason of a crash.
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
    } catch (error) {
      resolve(stopped('INTERNAL', `could not start the model's sandbox (${(error as Error).message})`));
      return;
    }
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const sample = (): number | undefined => {
      const rss = child.pid === undefined ? undefined : residentBytes(child.pid);
      if (rss !== undefined) peak = Math.max(peak, rss);
      return rss;
    };
    child.on('message', (message: SandboxMessage) => {
      if (message.type === 'progress') onProgress?.(message);
      else if (message.type === 'verdict') verdict = message.report;
      else if (message.type === 'report') {
        sample();
        finish({ ...message.report, seconds: seconds(), ...peakField() });
      }
    });
    child.on('error', (error) => finish(stopped('INTERNAL', `the model's sandbox failed (${error.message})`)));
    // 'close' comes after the child's last message has been delivered, unlike 'exit'.
    child.on('close', (code, how) => {
      const last = stderr.trim().split('\n').filter(Boolean).at(-1);
      // A SIGKILL onepixel did not send is most often the system's out-of-memory killer.
      const why = how === 'SIGKILL' ? 'killed by SIGKILL: the machine may have run out of memory' : how ? `killed by ${how}` : `exit code ${code}`;
      finish(stopped('MODEL_CRASHED', `the scan crashed on this model (${why})${last ? `: ${last.slice(0, 300)}` : ''}`));
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(
      setTimeout(() => finish(stopped('TIMEOUT', `the scan did not finish within ${limits.timeoutSeconds} s (the time limit; a model may loop forever)`)), limits.timeoutSeconds * 1000),
    );
    const poll = setInterval(() => {
      const rss = sample();
      if (rss !== undefined && rss > limits.memoryBytes) {
        finish(stopped('MEMORY_LIMIT', `the scan used ${mib(rss)}, over the memory ceiling of ${mib(limits.memoryBytes)}`));
      }
    }, MEMORY_POLL_MS);
    timers.push(poll);
    try {
      child.send(job);
    } catch (error) {
      finish(stopped('INTERNAL', `could not hand the model to its sandbox (${(error as Error).message})`));
    }
  });
}
