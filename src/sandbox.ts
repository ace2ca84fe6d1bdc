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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeviceChoice } from './device.js';
import type { ErrorCode } from './errors.js';
import { packageRoot } from './native.js';
import type { ModelReport } from './report.js';

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
  | { type: 'report'; report: ModelReport };

export interface SandboxLimits {
  /** Seconds one model's scan may take, from the child's start. */
  timeoutSeconds: number;
  /** Resident memory (bytes) the child may use. */
  memoryBytes: number;
}

/** Seconds a model may take by default: generous for a 224×224 model on two cores. */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/** Half the machine's memory, shared by the models scanned at once. */
export function defaultMemoryBytes(jobs: number): number {
  return Math.floor((os.totalmem() * 0.5) / Math.max(1, jobs));
}

/** How often the parent reads the child's resident memory. */
const MEMORY_POLL_MS = 100;

/** The worker script: the bundle's in dist/, or the source run through tsx in development and tests. */
function workerEntry(): { file: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  // By path: a scan may run from any folder, where a bare "tsx" would not resolve.
  const tsx = pathToFileURL(path.join(packageRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  if (fromSource) return { file: path.join(packageRoot(), 'src', 'scan-worker.ts'), execArgv: ['--import', tsx] };
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

/** A model the sandbox stopped or lost, reported like any model that could not be analysed. */
function failed(job: SandboxJob, code: ErrorCode, error: string, seconds: number): ModelReport {
  return { model: job.file, sha256: null, verdict: 'error', probability: null, targetClass: null, triggerBox: null, seconds, error, errorCode: code };
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
  return new Promise((resolve) => {
    let settled = false;
    let child: ChildProcess;
    const timers: NodeJS.Timeout[] = [];
    const finish = (report: ModelReport): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t), clearInterval(t);
      signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(report);
    };
    const onAbort = (): void => finish(failed(job, 'ABORTED', 'the scan was stopped before this model finished', seconds()));
    try {
      child = fork(file, [], {
        execArgv: [...execArgv, `--max-old-space-size=${Math.max(256, Math.floor(limits.memoryBytes / 2 ** 20))}`],
        // The child's stdout is not ours to print (onnxruntime may write there); its stderr is
        // kept for the reason of a crash.
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
    } catch (error) {
      resolve(failed(job, 'INTERNAL', `could not start the model's sandbox (${(error as Error).message})`, seconds()));
      return;
    }
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (message: SandboxMessage) => {
      if (message.type === 'progress') onProgress?.(message);
      else if (message.type === 'report') finish({ ...message.report, seconds: seconds() });
    });
    child.on('error', (error) => finish(failed(job, 'INTERNAL', `the model's sandbox failed (${error.message})`, seconds())));
    // 'close' comes after the child's last message has been delivered, unlike 'exit'.
    child.on('close', (code, how) => {
      const last = stderr.trim().split('\n').filter(Boolean).at(-1);
      const why = how ? `killed by ${how}` : `exit code ${code}`;
      finish(failed(job, 'MODEL_CRASHED', `the scan crashed on this model (${why})${last ? `: ${last.slice(0, 300)}` : ''}`, seconds()));
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(
      setTimeout(() => finish(failed(job, 'TIMEOUT', `the scan did not finish within ${limits.timeoutSeconds} s (the time limit; a model may loop forever)`, seconds())), limits.timeoutSeconds * 1000),
    );
    const poll = setInterval(() => {
      const rss = child.pid === undefined ? undefined : residentBytes(child.pid);
      if (rss !== undefined && rss > limits.memoryBytes) {
        finish(failed(job, 'MEMORY_LIMIT', `the scan used ${mib(rss)}, over the memory ceiling of ${mib(limits.memoryBytes)}`, seconds()));
      }
    }, MEMORY_POLL_MS);
    timers.push(poll);
    child.send(job);
  });
}
