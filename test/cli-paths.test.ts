/**
 * The CLI and the paths it is given: symbolic links met by the folder walk (followed inside the
 * named folder, reported otherwise, never dropped) and output paths on special file systems
 * (refused with one line and exit code 2, where writing could hang or reach the kernel).
 * The CLI runs from the sources (through tsx) in a child process, so a hang is a timeout.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findModels, specialFileSystem } from '../src/cli.js';
import type { ScanReport } from '../src/report/report.js';
import { fixture, ROOT, tempDir, type CliResult } from './helpers.js';

const CLI = pathToFileURL(path.join(ROOT, 'src', 'cli.ts')).href;

function runSourceCli(args: string[], cwd = ROOT, timeoutMs = 60_000): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  const code = `import { main } from ${JSON.stringify(CLI)}; process.exitCode = await main(${JSON.stringify(args)});`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd, timeout: timeoutMs }, (error, stdout, stderr) => {
      const exit = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code: exit, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * models/ with a model, a link to a model kept in a hidden folder (the walk does not enter it),
 * a second link to the first model, and links that are broken, loop, lead outside or to a folder.
 */
function linkedTree(): { root: string; models: string; outside: string } {
  const root = tempDir('onepixel-links-');
  const models = path.join(root, 'models');
  const outside = path.join(root, 'elsewhere');
  fs.mkdirSync(path.join(models, '.store'), { recursive: true });
  fs.mkdirSync(path.join(models, 'folder.d'));
  fs.mkdirSync(outside);
  fs.copyFileSync(fixture('gray-nchw-logits.onnx'), path.join(models, 'gray.onnx'));
  fs.copyFileSync(fixture('rgb-nhwc-probs.onnx'), path.join(models, '.store', 'rgb.onnx'));
  fs.copyFileSync(fixture('rgb-nhwc-probs.onnx'), path.join(outside, 'secret.onnx'));
  fs.symlinkSync(path.join('.store', 'rgb.onnx'), path.join(models, 'rgb.onnx'));
  fs.symlinkSync('gray.onnx', path.join(models, 'same-as-gray.onnx'));
  fs.symlinkSync(path.join(outside, 'secret.onnx'), path.join(models, 'outside.onnx'));
  fs.symlinkSync('missing.onnx', path.join(models, 'broken.onnx'));
  fs.symlinkSync('loop.onnx', path.join(models, 'loop.onnx'));
  fs.symlinkSync('folder.d', path.join(models, 'folder.onnx'));
  return { root, models, outside };
}

describe('the folder walk and symbolic links', () => {
  it('follows links to models inside the folder, once per model, and refuses the rest with a reason', () => {
    const { models, outside } = linkedTree();
    const found = findModels([models]);
    expect(found.models).toEqual([path.join(models, 'gray.onnx'), path.join(models, 'rgb.onnx')]);
    const refused = Object.fromEntries(found.refused.map((r) => [path.basename(r.model), [r.code, r.error]]));
    expect(Object.keys(refused).sort()).toEqual(['broken.onnx', 'folder.onnx', 'loop.onnx', 'outside.onnx']);
    expect(refused['broken.onnx']).toEqual(['MODEL_NOT_FOUND', `${path.join(models, 'broken.onnx')}: a broken symbolic link (its target does not exist)`]);
    expect(refused['loop.onnx']![1]).toContain('a symbolic link that loops');
    expect(refused['outside.onnx']).toEqual([
      'MODEL_UNREADABLE',
      `${path.join(models, 'outside.onnx')}: a symbolic link that leads outside ${models} (to ${fs.realpathSync(path.join(outside, 'secret.onnx'))}); not followed`,
    ]);
    expect(refused['folder.onnx']![1]).toContain('not a regular file');
  });

  it('judges "inside" by real paths: a named folder that is itself a link works, and its links stay inside it', () => {
    const { root, models } = linkedTree();
    const alias = path.join(root, 'alias');
    fs.symlinkSync(models, alias);
    const found = findModels([alias]);
    expect(found.models).toEqual([path.join(alias, 'gray.onnx'), path.join(alias, 'rgb.onnx')]);
    expect(found.refused.map((r) => path.basename(r.model)).sort()).toEqual(['broken.onnx', 'folder.onnx', 'loop.onnx', 'outside.onnx']);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO named *.onnx instead of blocking on it', () => {
    const dir = tempDir();
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.onnx')]);
    } catch {
      return; // no mkfifo here
    }
    const found = findModels([dir]);
    expect(found.models).toEqual([]);
    expect(found.refused).toEqual([{ model: path.join(dir, 'pipe.onnx'), code: 'MODEL_UNREADABLE', error: `${path.join(dir, 'pipe.onnx')}: not a regular file` }]);
  });

  it('onepixel scan: the linked model is scanned, the others are error entries in the table and the report', async () => {
    const { root, models } = linkedTree();
    const out = path.join(root, 'out');
    const result = await runSourceCli(['scan', models, '--out', out, '--quiet'], ROOT, 180_000);
    expect(result.stderr).toBe('');
    // The refused links make it exit 2, unless the (untrained-for-fixtures) detector flags a model.
    expect([1, 2]).toContain(result.code);
    expect(result.stdout).toMatch(/outside\.onnx +error .*a symbolic link that leads outside/);
    expect(result.stdout).toMatch(/broken\.onnx +error .*a broken symbolic link/);
    expect(result.stdout).toMatch(/6 scanned: \d+ clean, \d+ backdoored, 4 errors/);

    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as ScanReport;
    const byName = Object.fromEntries(report.models.map((m) => [path.basename(m.model), m]));
    expect(Object.keys(byName).sort()).toEqual(['broken.onnx', 'folder.onnx', 'gray.onnx', 'loop.onnx', 'outside.onnx', 'rgb.onnx']);
    expect(byName['rgb.onnx']!.verdict).not.toBe('error');
    expect(byName['gray.onnx']!.verdict).not.toBe('error');
    expect(byName['outside.onnx']).toMatchObject({ verdict: 'error', errorCode: 'MODEL_UNREADABLE', sha256: null });
    expect(byName['outside.onnx']!.error).toContain('leads outside');
    expect(byName['broken.onnx']).toMatchObject({ verdict: 'error', errorCode: 'MODEL_NOT_FOUND' });
    expect(report.counts).toMatchObject({ scanned: 6, errors: 4 });
  });
});

describe('output paths on special file systems', () => {
  it('knows /proc, /sys and /dev (not /dev/shm), through links too', () => {
    expect(specialFileSystem('/proc/x')).toBe('/proc');
    expect(specialFileSystem('/proc')).toBe('/proc');
    expect(specialFileSystem('/sys/kernel/x/y')).toBe('/sys');
    expect(specialFileSystem('/dev/x')).toBe('/dev');
    expect(specialFileSystem('/dev/shm/onepixel')).toBeUndefined();
    expect(specialFileSystem('/procedures/x')).toBeUndefined();
    expect(specialFileSystem(tempDir())).toBeUndefined();
    const dir = tempDir();
    fs.symlinkSync('/proc', path.join(dir, 'p'));
    expect(specialFileSystem(path.join(dir, 'p', 'x', 'y'))).toBe('/proc');
  });

  it.skipIf(process.platform !== 'linux' || !fs.existsSync('/proc/self'))('refuses --out /proc/x with exit code 2 and one line, at once (it hung in mkdir)', async () => {
    const result = await runSourceCli(['scan', fixture('gray-nchw-logits.onnx'), '--out', '/proc/x'], ROOT, 30_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('onepixel: --out /proc/x: refusing to write under /proc (a special file system); choose an ordinary folder\n');
    expect(result.stdout).toBe('');
    expect(result.ms).toBeLessThan(20_000);
  });

  it.skipIf(process.platform !== 'linux')('every command, every output option: one line, exit code 2, nothing written', async () => {
    const name = `onepixel-test-${process.pid}`;
    const report = path.join(tempDir(), 'report.json');
    fs.writeFileSync(report, '{}');
    const link = path.join(tempDir(), 'proc');
    fs.symlinkSync('/proc', link);
    const cases: [string[], string][] = [
      [['signature', fixture('gray-nchw-logits.onnx'), '--out', `/dev/${name}`], `--out /dev/${name}: refusing to write under /dev`],
      [['scan', fixture('gray-nchw-logits.onnx'), '--out', `/sys/${name}`], `--out /sys/${name}: refusing to write under /sys`],
      [['scan', fixture('gray-nchw-logits.onnx'), '--cache', `/proc/${name}`], `--cache /proc/${name}: refusing to write under /proc`],
      [['scan', fixture('gray-nchw-logits.onnx'), '--out', path.join(link, name)], 'refusing to write under /proc'],
      [['merge', report, '--sarif', `/proc/${name}.sarif`], `--sarif /proc/${name}.sarif: refusing to write under /proc`],
    ];
    for (const [args, message] of cases) {
      const result = await runSourceCli(args, ROOT, 30_000);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fs.existsSync(`/dev/${name}`)).toBe(false);
  });
});
