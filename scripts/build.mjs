// Bundles the action (dist/index.js), the CLI (dist/cli.js) and the library (dist/lib.js).
// One command builds dist/, and CI fails when the checked-in copy differs from a fresh build.
import fs from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the last build's, or stale ones pile up.
fs.rmSync('dist/chunks', { recursive: true, force: true });
for (const name of ['index.js', 'cli.js', 'lib.js', 'scan-worker.js']) fs.rmSync(`dist/${name}`, { force: true });

await build({
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
  // Bundled CommonJS dependencies call require(); give ESM output a real one.
  banner: { js: "import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);" },
});
