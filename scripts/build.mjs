// Bundles the action (dist/index.js), the CLI (dist/cli.js) and the library (dist/lib.js), and
// writes dist/THIRD_PARTY_NOTICES.md for the npm packages esbuild put into them (see notices.mjs:
// a bundled package without license text fails the build).
// One command builds dist/, and CI fails when the checked-in copy differs from a fresh build.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { writeNotices } from './notices.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** esbuild's options for dist/, relative to the repository root (tests rebuild with write: false). */
export const buildOptions = {
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts', lib: 'src/lib.ts', 'scan-worker': 'src/scan/scan-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // Bundled CommonJS dependencies call require(); give ESM output a real one.
  banner: { js: "import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);" },
};

if (process.argv[1] === new URL(import.meta.url).pathname) {
  process.chdir(root);
  // Chunk names carry content hashes: clear the last build's, or stale ones pile up.
  fs.rmSync('dist/chunks', { recursive: true, force: true });
  for (const name of ['index.js', 'cli.js', 'lib.js', 'scan-worker.js']) fs.rmSync(`dist/${name}`, { force: true });
  const result = await build(buildOptions);
  writeNotices(result.metafile, root, path.join(root, 'dist', 'THIRD_PARTY_NOTICES.md'));
}
