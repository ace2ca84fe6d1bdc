/**
 * Hostile models in the sandbox (src/scan/sandbox.ts): a forward pass that never ends and a file
 * that folds into gigabytes at load each cost their own result only, with their own code, and
 * Ctrl-C stops a scan at once while still printing what finished.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanModels } from '../src/scan/scan.js';
import { fixture, ROOT, tempDir } from './helpers.js';

const weightsExist = fs.existsSync(path.join(ROOT, 'detector', 'weights.json'));
const MIB = 2 ** 20;

describe.skipIf(!weightsExist)('the sandbox', () => {
  it('stops a model whose first forward pass never ends (TIMEOUT), alone and among good models', async () => {
    const started = performance.now();
    // 45 s: enough for the good models on a loaded machine while the loop spins beside them
    // (one convention each, so each is one scan).
    const report = await scanModels([fixture('bad/endless-loop.onnx'), fixture('gray-nchw-logits.onnx'), fixture('two-classes-8.onnx')], { jobs: 2, threads: 2, timeout: 45, signature: { inputRange: [0, 1] } });
    const [loop, gray, two] = ['endless-loop.onnx', 'gray-nchw-logits.onnx', 'two-classes-8.onnx'].map((name) => report.models.find((m) => m.model.endsWith(name))!);
    expect(loop).toMatchObject({ verdict: 'error', errorCode: 'TIMEOUT', error: expect.stringContaining('within 45 s') });
    expect(loop!.seconds).toBeGreaterThanOrEqual(45);
    for (const m of [gray, two]) expect(['clean', 'backdoored']).toContain(m!.verdict);
    expect(report.counts).toMatchObject({ scanned: 3, errors: 1 });
    // The loop's limit is its own: the scan ends soon after it.
    expect((performance.now() - started) / 1000).toBeLessThan(120);
  });

  it('stops a 652-byte model that folds into 8 GB at load (MEMORY_LIMIT), and keeps the next model', async () => {
    const report = await scanModels([fixture('bad/memory-bomb.onnx'), fixture('gray-nchw-logits.onnx')], { threads: 2, memory: 768 * MIB, timeout: 120 });
    const [bomb, gray] = report.models;
    expect(bomb).toMatchObject({ verdict: 'error', errorCode: 'MEMORY_LIMIT', error: expect.stringMatching(/over the memory ceiling of 768 MiB/) });
    expect(['clean', 'backdoored']).toContain(gray!.verdict);
  });

  it('gives the same verdict in the sandbox as in this process', async () => {
    const options = { threads: 2, signature: { inputRange: [0, 1] as [number, number] } };
    const [isolated] = (await scanModels([fixture('gray-nchw-logits.onnx')], options)).models;
    const [inProcess] = (await scanModels([fixture('gray-nchw-logits.onnx')], { ...options, isolate: false })).models;
    expect(isolated!.probability).toBe(inProcess!.probability);
    expect(isolated!.settings).toEqual(inProcess!.settings);
  });

  it('Ctrl-C stops the CLI within two seconds, and it still prints the models that finished', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixture('two-classes-8.onnx'), path.join(dir, 'a-good.onnx'));
    fs.copyFileSync(fixture('bad/endless-loop.onnx'), path.join(dir, 'b-loop.onnx'));
    const out = path.join(dir, 'out');
    // One convention, so the good model's signature files are written as its scan ends.
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'onepixel.js'), 'scan', dir, '--jobs', '2', '--timeout', '600', '--input-range', '0,1', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Both start at once; when the good model's signature files are written, only the loop is left.
    const finished = (): boolean => fs.existsSync(out) && fs.readdirSync(out).some((f) => f.endsWith('a-good.onnx') && fs.existsSync(path.join(out, f, 'signature.json')));
    const deadline = Date.now() + 90_000;
    while (!finished() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(finished()).toBe(true);
    // Its verdict follows its files within moments.
    await new Promise((r) => setTimeout(r, 2000));
    const interrupted = performance.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect((performance.now() - interrupted) / 1000).toBeLessThan(2);
    expect(code).toBe(2);
    expect(stdout).toMatch(/a-good\.onnx\s+(clean|backdoored)/);
    expect(stdout).toMatch(/b-loop\.onnx\s+error .*stopped before this model finished/);
  }, 120_000);
});
