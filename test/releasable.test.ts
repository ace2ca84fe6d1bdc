/**
 * What a release ships beside the code: the third-party notices the build writes for dist/ (a
 * bundled npm package without license text fails the build, and so `npm run check:dist`), the
 * notices beside the native files, the project's own license, and a release workflow that builds
 * dist/ in CI and moves the major tag, with the same action majors everywhere they are shown.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildOptions } from '../scripts/build.mjs';
import { bundledPackages, generateNotices, LICENSE_ALLOWLIST, type Metafile } from '../scripts/notices.mjs';
import { ROOT, tempDir } from './helpers.js';

const MIT = 'Permission is hereby granted, free of charge, to any person obtaining a copy';

/** A fake install: packages with and without license files, under a temporary root. */
function fakeInstall(): { root: string; metafile: Metafile } {
  const root = tempDir('onepixel-notices-');
  const pkg = (dir: string, manifest: object, files: Record<string, string>) => {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify(manifest));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, dir, name), text);
  };
  pkg('node_modules/with-license', { name: 'with-license', version: '2.0.0', license: 'MIT' }, { 'index.js': '', 'LICENSE': `MIT\n\n${MIT}\r\n` });
  pkg('node_modules/with-license/node_modules/inner', { name: 'inner', version: '0.1.0', license: 'ISC' }, { 'index.js': '', 'licence.md': 'ISC text', 'NOTICE': 'inner notice' });
  pkg('node_modules/@scope/no-license', { name: '@scope/no-license', version: '1.0.0', license: 'MIT' }, { 'index.js': '', 'README.md': '# x\n\n## License\n\nMIT\n' });
  pkg('node_modules/tree-shaken', { name: 'tree-shaken', version: '3.0.0' }, { 'index.js': '' });
  const metafile: Metafile = {
    outputs: {
      'dist/index.js': {
        inputs: {
          'src/index.ts': { bytesInOutput: 100 },
          'node_modules/with-license/index.js': { bytesInOutput: 10 },
          'node_modules/with-license/node_modules/inner/index.js': { bytesInOutput: 5 },
          'node_modules/@scope/no-license/index.js': { bytesInOutput: 7 },
          'node_modules/tree-shaken/index.js': { bytesInOutput: 0 },
        },
      },
      'dist/chunks/a.js': { inputs: { 'node_modules/with-license/index.js': { bytesInOutput: 3 } } },
    },
  };
  return { root, metafile };
}

describe('the notices for dist/*.js', () => {
  it('a bundled package without license text is one problem line that names it', () => {
    const { root, metafile } = fakeInstall();
    const { problems, packages } = generateNotices(metafile, root, {});
    expect(packages.map((p) => p.id)).toEqual(['@scope/no-license@1.0.0', 'inner@0.1.0', 'with-license@2.0.0']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^notices: no license text found for bundled package @scope\/no-license@1\.0\.0 \(node_modules\/@scope\/no-license\)/);
    expect(problems[0]).not.toContain('\n');
  });

  it('the command the build shares exits 1, prints that line alone and writes nothing', () => {
    const { root, metafile } = fakeInstall();
    const meta = path.join(root, 'meta.json');
    const out = path.join(root, 'NOTICES.md');
    const allowlist = path.join(root, 'allowlist.json');
    fs.writeFileSync(meta, JSON.stringify(metafile));
    fs.writeFileSync(allowlist, '{}');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'notices.mjs'), meta, root, out, allowlist], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('@scope/no-license@1.0.0')]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('an allowlisted package passes with its reason and README license section; stale entries do not', () => {
    const { root, metafile } = fakeInstall();
    const allowed = generateNotices(metafile, root, { '@scope/no-license@1.0.0': 'the README says MIT' });
    expect(allowed.problems).toEqual([]);
    expect(allowed.text).toContain('allowed because the README says MIT.');
    expect(allowed.text).toContain('From README.md (its license section):\n\n```text\nMIT\n```');
    expect(allowed.text).toContain(`From LICENSE:\n\n\`\`\`text\nMIT\n\n${MIT}\n\`\`\``);
    expect(allowed.text).toContain('From licence.md:');
    expect(allowed.text).toContain('From NOTICE:\n\n```text\ninner notice\n```');
    expect(allowed.text).not.toContain('tree-shaken');

    const stale = generateNotices(metafile, root, { '@scope/no-license@1.0.0': 'r', 'with-license@2.0.0': 'r', 'gone@1.0.0': 'r' });
    expect(stale.problems).toEqual([
      expect.stringMatching(/^notices: with-license@2\.0\.0 ships LICENSE; remove it from LICENSE_ALLOWLIST/),
      expect.stringMatching(/^notices: gone@1\.0\.0 is in LICENSE_ALLOWLIST but not bundled/),
    ]);
  });

  it('the same bundle gives the same text, whatever order the metafile lists it in', () => {
    const { root, metafile } = fakeInstall();
    const allow = { '@scope/no-license@1.0.0': 'r' };
    const reversed: Metafile = {
      outputs: Object.fromEntries(Object.entries(metafile.outputs!).reverse().map(([k, v]) => [k, { inputs: Object.fromEntries(Object.entries(v.inputs!).reverse()) }])),
    };
    expect(generateNotices(reversed, root, allow).text).toBe(generateNotices(metafile, root, allow).text);
  });

  it('the committed dist/THIRD_PARTY_NOTICES.md lists every package esbuild bundles, each with license text', async () => {
    const result = await build({ ...buildOptions, absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent' });
    const bundled = bundledPackages(result.metafile, ROOT);
    expect(bundled.length).toBeGreaterThan(50);
    const committed = fs.readFileSync(path.join(ROOT, 'dist', 'THIRD_PARTY_NOTICES.md'), 'utf8');
    const listed = [...committed.matchAll(/^- (\S+@[^\s@:]+): /gm)].map((m) => m[1]);
    expect(listed).toEqual(bundled.map((p) => p.id));
    for (const p of bundled) {
      const section = committed.split(`\n## ${p.id}\n`)[1]?.split(/\n## (?=\S+@\S+\n)/)[0] ?? '';
      if (Object.hasOwn(LICENSE_ALLOWLIST, p.id)) expect(section, p.id).toContain('allowed because');
      else expect(section, p.id).toMatch(/^From \S+:\n\n`{3,}text\n\S/m);
    }
    const fresh = generateNotices(result.metafile, ROOT);
    expect(fresh.problems).toEqual([]);
    expect(fresh.text).toBe(committed);
  });
});

describe('the native files and the project', () => {
  it("onnxruntime's license ships beside libonnxruntime, with the notices that exist", () => {
    const dir = path.join(ROOT, 'dist', 'native', `${process.platform}-${process.arch}`);
    const lib = fs.readdirSync(dir).find((n) => n.startsWith('libonnxruntime'));
    expect(lib).toBeDefined();
    const notices = fs.readFileSync(path.join(dir, 'THIRD_PARTY_NOTICES.md'), 'utf8');
    expect(notices).toContain(`## ${lib}: ONNX Runtime, from onnxruntime-node@`);
    expect(notices).toContain('Copyright (c) Microsoft Corporation');
    expect(notices).toContain(MIT);
    expect(notices).toContain('node-addon-api');
  });

  it('the root LICENSE is the MIT license package.json declares', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    const text = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the onepixel authors\n/);
    expect(text).toContain(MIT);
    for (const name of ['SECURITY.md', 'CHANGELOG.md']) expect(fs.statSync(path.join(ROOT, name)).size).toBeGreaterThan(200);
  });
});

describe('releases', () => {
  interface Step { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> }
  const release = YAML.parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    on: { push: { tags: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, { needs?: string[]; permissions?: Record<string, string>; steps: Step[] }>;
  };

  it('a pushed vX.Y.Z tag tests, rebuilds dist/ and checks it, then releases and moves the major tag', () => {
    expect(release.on.push.tags).toEqual(['v*.*.*']);
    expect(release.permissions.contents).toBe('read');
    const releasing = Object.values(release.jobs).filter((job) => job.steps.some((s) => /gh release create/.test(s.run ?? '')));
    expect(releasing).toHaveLength(1);
    expect(releasing[0]!.permissions?.contents).toBe('write');
    expect(releasing[0]!.needs).toEqual(Object.keys(release.jobs).filter((name) => release.jobs[name] !== releasing[0]));
    const steps = Object.values(release.jobs).flatMap((job) => job.steps);
    const at = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? ''));
    const setup = steps[at(/npm run setup/)]!;
    expect(setup.env?.ONNXRUNTIME_NODE_INSTALL ?? (/ONNXRUNTIME_NODE_INSTALL=skip/.test(setup.run ?? '') ? 'skip' : undefined)).toBe('skip');
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(24);
    const order = [/npm run setup/, /npm test/, /npm run check:dist/, /gh release create/, /git push -f origin/].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('workflows and docs name the same current majors of checkout, setup-node and upload-sarif', () => {
    const files = [
      ...fs.readdirSync(path.join(ROOT, '.github', 'workflows')).map((n) => path.join('.github', 'workflows', n)),
      ...fs.readdirSync(path.join(ROOT, 'docs')).filter((n) => n.endsWith('.md')).map((n) => path.join('docs', n)),
      'README.md',
    ];
    const current: Record<string, string> = { 'actions/checkout': 'v5', 'actions/setup-node': 'v5', 'github/codeql-action/upload-sarif': 'v3' };
    const wrong: string[] = [];
    for (const file of files) {
      for (const m of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/uses:\s*(actions\/checkout|actions\/setup-node|github\/codeql-action\/upload-sarif)@(\S+)/g)) {
        if (m[2] !== current[m[1]!]) wrong.push(`${file}: ${m[1]}@${m[2]}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
