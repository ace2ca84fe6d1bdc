/**
 * The child process of one sandboxed model scan (see sandbox.ts): takes its job from the
 * parent, scans the model on the parent's device, sends progress and the report, and exits.
 */
import { useDevice } from '../engine/device.js';
import type { SandboxJob, SandboxMessage } from './sandbox.js';
import { scanSandboxedModel } from './scan.js';

const send = (message: SandboxMessage): Promise<void> => new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));

process.once('message', async (job: SandboxJob) => {
  if (job.device && job.device.device !== 'cpu') useDevice(job.device);
  const report = await scanSandboxedModel(job.file, job.index, job.total, job.options, (_i, _n, _m, p) => void send({ type: 'progress', ...p }), (verdict) => send({ type: 'verdict', report: verdict }));
  await send({ type: 'report', report });
  process.exit(0);
});
// The parent's exit leaves nothing to report to.
process.once('disconnect', () => process.exit(0));
