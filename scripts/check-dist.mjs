// Fails when dist/ does not match a fresh build: the bundles byte for byte, the packaged
// onnxruntime library against onnxruntime-node's, and the packaged addon's recorded sources
// against native/ (the addon binary itself differs from compiler to compiler). The build itself
// fails first when a bundled npm package has no license text for dist/THIRD_PARTY_NOTICES.md
// (scripts/notices.mjs), so `npm run check:dist` does too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { nativeSourcesHash } from './package-native.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const problems = [];
const changed = git('status', '--porcelain', '--', 'dist/', ':!dist/native/*/onepixel.node').trim();
if (changed) problems.push(`dist/ differs from a fresh build:\n${changed}`);
const target = path.join(root, 'dist', 'native', `${process.platform}-${process.arch}`);
const recorded = path.join(target, 'SOURCES.sha256');
if (!fs.existsSync(recorded) || fs.readFileSync(recorded, 'utf8').trim() !== nativeSourcesHash()) {
  problems.push('dist/native was built from other native sources');
}
for (const notices of [path.join(root, 'dist', 'THIRD_PARTY_NOTICES.md'), path.join(target, 'THIRD_PARTY_NOTICES.md')]) {
  if (!fs.existsSync(notices)) problems.push(`${path.relative(root, notices)} is missing`);
}
if (problems.length > 0) {
  console.error(`${problems.join('\n')}\nrun npm run build and commit dist/`);
  process.exit(1);
}
