// Copies the built addon and onnxruntime-node's library into dist/native/<platform>-<arch>/,
// so that `uses: OWNER/REPO@v1` runs with no install step: a runner fetches the action's
// repository and nothing else. SOURCES.sha256 records the native sources the addon was built
// from, so CI can tell a stale addon (the binary itself differs from compiler to compiler).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const target = path.join(root, 'dist', 'native', `${process.platform}-${process.arch}`);

export function nativeSourcesHash() {
  const hash = crypto.createHash('sha256');
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else hash.update(`${path.relative(root, file)}\n`).update(fs.readFileSync(file));
    }
  };
  walk(path.join(root, 'native'));
  return hash.digest('hex');
}

function ortLibrary() {
  const require = createRequire(path.join(root, 'package.json'));
  const dir = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
  const name = fs.readdirSync(dir).find((n) => /^libonnxruntime\.so\.\d+$/.test(n) || /^libonnxruntime\.\d+.*\.dylib$/.test(n) || n === 'onnxruntime.dll');
  return path.join(dir, name);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const addon = path.join(root, 'build', 'Release', 'onepixel.node');
  if (!fs.existsSync(addon)) {
    console.error('package-native: build/Release/onepixel.node is missing; run npm run build:native');
    process.exit(1);
  }
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(addon, path.join(target, 'onepixel.node'));
  const lib = ortLibrary();
  const libTarget = path.join(target, path.basename(lib));
  // Rewriting an identical 46 MB file would only churn timestamps.
  if (!fs.existsSync(libTarget) || !fs.readFileSync(libTarget).equals(fs.readFileSync(lib))) fs.copyFileSync(lib, libTarget);
  fs.writeFileSync(path.join(target, 'SOURCES.sha256'), `${nativeSourcesHash()}\n`);
}
