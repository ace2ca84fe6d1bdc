/**
 * The action as a runner gets it: the repository's tracked files only (a bare checkout: no
 * node_modules, no build/, no npm run setup), its committed dist/ started by plain Node. This is
 * what CI's `action` job does with `uses: ./` straight after actions/checkout.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, tempDir } from '../helpers.js';
import { FakeGitHub } from './fake-github.js';
import { pullRequestEvent, runAction } from './run-action.js';

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
beforeEach(() => github.reset());

/** Copies the files git tracks (as they are in the working tree) into a fresh folder. */
function bareCheckout(): string {
  const dir = tempDir('onepixel-bare-');
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree, not yet committed
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
  }
  return dir;
}

describe('the action from a bare checkout', () => {
  it('scans with the committed dist/ alone: no node_modules, no build/', async () => {
    const action = bareCheckout();
    expect(fs.existsSync(path.join(action, 'node_modules'))).toBe(false);
    expect(fs.existsSync(path.join(action, 'build'))).toBe(false);
    const workspace = tempDir('onepixel-ws-');
    fs.mkdirSync(path.join(workspace, 'models'));
    fs.copyFileSync(path.join(FIXTURES, 'gray-nchw-logits.onnx'), path.join(workspace, 'models', 'gray.onnx'));
    const run = await runAction({
      workspace,
      actionDir: action,
      apiUrl: github.url,
      event: pullRequestEvent(),
      inputs: { token: 'tok', models: 'models/gray.onnx', 'changed-only': 'false', 'fail-on': 'never', cache: 'false' },
    });
    expect(run.log).not.toMatch(/Cannot find (module|package)|NATIVE_UNAVAILABLE/);
    expect(run.outputs).toMatchObject({ scanned: '1', errors: '0' });
    expect(['clean', 'backdoored']).toContain(run.outputs.verdict);
    expect(run.code).toBe(0);
    expect(github.to('POST /repos/o/r/check-runs')).toHaveLength(1);
  });
});
