import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedModel } from '../src/engine/model.js';
import type { SignatureOptions } from '../src/engine/options.js';
import { runPatchProbe } from '../src/recipe/patch-probe.js';
import { gainPeaks, RECIPE, stepOptions, stepResult } from '../src/recipe/recipe.js';
import { stepContext } from '../src/recipe/context.js';
import { sweepModel } from '../src/signature/signature.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'models');
export const fixture = (name: string): string => path.join(FIXTURES, name);
export const REAL_MODELS = path.resolve(ROOT, '..', 'shared', 'realmodels');

export function tempDir(prefix = 'onepixel-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with no terminal. */
export function runCli(args: string[], timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin', 'onepixel.js'), ...args], { timeout: timeoutMs, cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The patch probe as the recipe runs it: seeded where the last sweep (3×3 blocks) peaks. */
export async function recipeProbe(model: LoadedModel, options: SignatureOptions) {
  const step = RECIPE.at(-1)!;
  const sweep = stepResult(step, await sweepModel(model, stepOptions(step, options, model.input.height, model.input.width)));
  return runPatchProbe(await stepContext(model, options, 1), undefined, gainPeaks(sweep));
}
