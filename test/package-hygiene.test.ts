/**
 * The package's install and CI promises, checked against what is installed: the engines
 * package.json declares hold for every dependency, installs skip onnxruntime-node's CUDA
 * download without npm config keys npm warns about, and CI runs the tests on the oldest and
 * newest Node lines and the action the way users get it.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ROOT, tempDir } from './helpers.js';

const semver = createRequire(import.meta.url)('semver') as {
  subset(sub: string, sup: string): boolean;
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
  dev?: boolean;
  optional?: boolean;
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const workflow = YAML.parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
  jobs: Record<string, { strategy?: { matrix?: { node?: number[] } }; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
};

/** The Node release lines the declared engines admit, as majors (20, 22, 24, ...). */
const majors = (range: string): number[] =>
  Array.from({ length: 20 }, (_, i) => 18 + i).filter((major) => semver.satisfies(`${major}.99.99`, range));

describe('declared engines', () => {
  it('every dependency in the lockfile runs on every Node version package.json admits', () => {
    const declared = pkg.engines.node;
    const wrong = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && !Array.isArray(entry.engines) && entry.engines?.node)
      .filter(([, entry]) => !semver.subset(declared, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${(entry.engines as { node: string }).node}`);
    expect(wrong, `package.json says node ${declared}`).toEqual([]);
    expect(lock.packages['']!.engines).toEqual(pkg.engines);
  });

  it('content-type under @octokit/request is a release that supports Node 20 (3.x wants >=22)', () => {
    const entries = Object.entries(lock.packages).filter(([name]) => name.endsWith('node_modules/content-type'));
    expect(entries.length).toBeGreaterThan(0);
    for (const [, entry] of entries) expect(semver.satisfies('20.19.0', (entry.engines as { node: string }).node)).toBe(true);
  });

  it('CI tests the oldest release line the engines admit and the newest (the action runs on 24)', () => {
    const nodes = workflow.jobs.test!.strategy?.matrix?.node ?? [];
    const admitted = majors(pkg.engines.node);
    expect(nodes).toContain(Math.min(...admitted));
    expect(nodes).toContain(24);
    for (const node of nodes) expect(admitted).toContain(node);
    expect(workflow.jobs.test!.steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe('${{ matrix.node }}');
  });
});

describe('installs', () => {
  it('no npm config key for onnxruntime-node (npm warns that unknown keys will stop working)', () => {
    const npmrc = path.join(ROOT, '.npmrc');
    const text = fs.existsSync(npmrc) ? fs.readFileSync(npmrc, 'utf8') : '';
    expect(text).not.toMatch(/^\s*onnxruntime-node-install/m);
  });

  it('every documented install sets ONNXRUNTIME_NODE_INSTALL in the environment', () => {
    expect(pkg.scripts.setup).toMatch(/^ONNXRUNTIME_NODE_INSTALL=skip npm ci\b/);
    const commands = [
      ...fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8').split('\n'),
      ...Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((s) => (s.run ?? '').split('\n'))),
    ];
    // Installs go through `npm run setup`, or name the variable themselves.
    const bare = commands.filter((line) => /\bnpm (ci|install|i)\b/.test(line) && !/ONNXRUNTIME_NODE_INSTALL=/.test(line));
    expect(bare).toEqual([]);
    expect(commands.some((line) => /\bnpm run setup\b/.test(line))).toBe(true);
  });

  it("onnxruntime-node's install script skips the download when the setup script's variable is set", () => {
    const assignment = /ONNXRUNTIME_NODE_INSTALL=(\S+)/.exec(pkg.scripts.setup ?? '')?.[1] ?? '';
    expect(assignment).toBe('skip');
    const script = path.join(ROOT, 'node_modules', 'onnxruntime-node', 'script', 'install.js');
    // A dead proxy: if the script tried to download anything it would fail, not hang or fetch.
    const dead = 'http://127.0.0.1:9';
    const env = { PATH: process.env.PATH ?? '', HOME: tempDir(), GLOBAL_AGENT_HTTP_PROXY: dead, GLOBAL_AGENT_HTTPS_PROXY: dead };
    const skipped = spawnSync(process.execPath, [script], { env: { ...env, ONNXRUNTIME_NODE_INSTALL: assignment }, encoding: 'utf8', timeout: 30_000 });
    expect(skipped.status).toBe(0);
    expect(skipped.stdout + skipped.stderr).toBe('');
  });

  it('npm ci prints no warnings (no unknown config, no EBADENGINE on this Node, install scripts reviewed)', async () => {
    const dir = tempDir('onepixel-npm-');
    for (const name of ['package.json', 'package-lock.json', '.npmrc']) {
      if (fs.existsSync(path.join(ROOT, name))) fs.copyFileSync(path.join(ROOT, name), path.join(dir, name));
    }
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        'npm',
        ['ci', '--dry-run', '--offline', '--no-audit', '--no-fund'],
        { cwd: dir, timeout: 60_000, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_loglevel: 'warn' } },
        (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr }),
      );
    });
    expect(result.stderr.split('\n').filter((line) => /^npm (warn|WARN|error|ERR)/.test(line))).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe('the action job in CI', () => {
  it('runs the committed dist/ on a bare checkout: nothing installed or built before `uses: ./`', () => {
    const steps = workflow.jobs.action!.steps;
    const at = steps.findIndex((s) => s.uses === './');
    expect(at).toBeGreaterThan(0);
    const before = steps.slice(0, at);
    expect(before.map((s) => s.uses ?? s.run)).toEqual(['actions/checkout@v5']);
  });
});
