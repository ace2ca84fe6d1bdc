// Third-party notices for the npm code esbuild bundles into dist/*.js. esbuild's metafile names
// every file that went into an output; the packages are the node_modules folders those files
// come from. Each package's notice is its name, version, declared license and the full text of
// its LICENSE / LICENCE / COPYING files. A bundled package without such a file is a problem
// (the build fails, so `npm run check:dist` does) unless LICENSE_ALLOWLIST names it with a reason.
//
//   node scripts/notices.mjs METAFILE.json ROOT OUT.md [ALLOWLIST.json]
// writes OUT.md from a saved metafile (with another allowlist than LICENSE_ALLOWLIST, if given).
import fs from 'node:fs';
import path from 'node:path';

/**
 * Bundled packages that ship no license file, each by name@version with the reason it may ship
 * anyway. An entry no longer needed (the package left the bundle, or now ships a license file)
 * is a problem too, so the list stays short and true.
 */
export const LICENSE_ALLOWLIST = {
  '@nodable/entities@3.1.0':
    'package.json declares MIT and README.md\'s "License" section says MIT (bundled through fast-xml-parser, @azure/core-xml, @azure/storage-blob, @actions/artifact)',
  'binary@0.3.0':
    'package.json declares MIT and README.markdown\'s "license" section says MIT (bundled through unzip-stream, @actions/artifact)',
  'buffers@0.1.1':
    'it declares no license at all, in package.json or README; listed so that it is visible, not because it is cleared (bundled through binary, unzip-stream, @actions/artifact)',
  'chainsaw@0.1.0':
    'package.json declares MIT/X11 (bundled through binary, unzip-stream, @actions/artifact)',
  'isarray@1.0.0':
    'package.json declares MIT and README.md carries the MIT text, Copyright (c) 2013 Julian Gruber (bundled through readable-stream 2, lazystream, archiver, @actions/artifact)',
};

const LICENSE_FILE = /^(licen[cs]e|copying)([-._].*)?$/i;
// Apache-2.0 asks for a package's NOTICE file to travel with it: included too, though not as license text.
const NOTICE_FILE = /^notice([-._].*)?$/i;
const README_FILE = /^readme(\.[a-z]+)?$/i;

/** The package folder a bundled file comes from: the part up to the last node_modules/<name>. */
function packageDir(input) {
  // Inputs of other namespaces ("(disabled):...", "<define:...>") carry a colon; no package code.
  const match = /^([^:]*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replaceAll('\\', '/'));
  return match ? match[1] : undefined;
}

/** The README's license section ("## License", "license\n=======", ...), when it has one. */
function readmeLicense(dir) {
  const name = fs.readdirSync(dir).sort().find((n) => README_FILE.test(n));
  if (!name) return undefined;
  const lines = fs.readFileSync(path.join(dir, name), 'utf8').replaceAll('\r\n', '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const atx = /^(#{1,6})\s*licen[cs]e\s*#*\s*$/i.exec(lines[i]);
    const setext = /^\s*licen[cs]e\s*$/i.test(lines[i]) && /^(=+|-+)\s*$/.test(lines[i + 1] ?? '');
    if (!atx && !setext) continue;
    const body = [];
    for (let j = i + (setext ? 2 : 1); j < lines.length; j++) {
      if (/^#{1,6}\s/.test(lines[j]) || (/^\S/.test(lines[j]) && /^(=+|-+)\s*$/.test(lines[j + 1] ?? ''))) break;
      body.push(lines[j]);
    }
    const text = body.join('\n').trim();
    if (text) return { file: `${name} (its license section)`, text };
  }
  return undefined;
}

/**
 * The node_modules packages that put bytes into any output of the metafile, sorted by name and
 * version; one entry per name@version (npm may install the same release in several folders).
 */
export function bundledPackages(metafile, root) {
  const dirs = new Set();
  for (const output of Object.values(metafile.outputs ?? {})) {
    for (const [input, use] of Object.entries(output.inputs ?? {})) {
      const dir = packageDir(input);
      if (dir && use.bytesInOutput > 0) dirs.add(dir);
    }
  }
  const byId = new Map();
  for (const dir of [...dirs].sort()) {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    if (byId.has(id)) continue;
    const declared = manifest.license ?? manifest.licenses;
    const license = typeof declared === 'string' ? declared
      : Array.isArray(declared) ? declared.map((l) => l.type ?? l).join(' OR ')
      : declared?.type ?? 'not declared';
    const read = (pattern) => fs.readdirSync(path.join(root, dir))
      .filter((name) => pattern.test(name) && fs.statSync(path.join(root, dir, name)).isFile())
      .sort()
      .map((name) => ({ file: name, text: fs.readFileSync(path.join(root, dir, name), 'utf8') }));
    byId.set(id, { id, name: manifest.name, version: manifest.version, license, dir, files: read(LICENSE_FILE), notices: read(NOTICE_FILE) });
  }
  return [...byId.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

/** A fenced block that no run of backticks in the text can close early. */
function fenced(text) {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const clean = text.replaceAll('\r\n', '\n').replaceAll('\r', '\n').replace(/[ \t]+$/gm, '').trim();
  return `${fence}text\n${clean}\n${fence}`;
}

/**
 * The notices document for a metafile, and the problems that must fail the build: one line per
 * bundled package without license text that the allowlist does not name, and one per allowlist
 * entry that is no longer needed.
 */
export function generateNotices(metafile, root, allowlist = LICENSE_ALLOWLIST) {
  const packages = bundledPackages(metafile, root);
  const problems = [];
  const used = new Set();
  const sections = [];
  for (const pkg of packages) {
    const lines = [`## ${pkg.id}`, '', `License (package.json): ${pkg.license}`, ''];
    if (pkg.files.length > 0) {
      if (Object.hasOwn(allowlist, pkg.id)) problems.push(`notices: ${pkg.id} ships ${pkg.files.map((f) => f.file).join(', ')}; remove it from LICENSE_ALLOWLIST in scripts/notices.mjs`);
      for (const { file, text } of pkg.files) lines.push(`From ${file}:`, '', fenced(text), '');
    } else if (Object.hasOwn(allowlist, pkg.id)) {
      used.add(pkg.id);
      lines.push(`Ships no LICENSE, LICENCE or COPYING file; allowed because ${allowlist[pkg.id]}.`, '');
      const readme = readmeLicense(path.join(root, pkg.dir));
      if (readme) lines.push(`From ${readme.file}:`, '', fenced(readme.text), '');
    } else {
      problems.push(`notices: no license text found for bundled package ${pkg.id} (${pkg.dir}): no LICENSE, LICENCE or COPYING file; add its license, or list it with a reason in LICENSE_ALLOWLIST in scripts/notices.mjs`);
    }
    for (const { file, text } of pkg.notices) lines.push(`From ${file}:`, '', fenced(text), '');
    sections.push(lines.join('\n'));
  }
  for (const id of Object.keys(allowlist).sort()) {
    if (!used.has(id) && !packages.some((p) => p.id === id)) problems.push(`notices: ${id} is in LICENSE_ALLOWLIST but not bundled; remove it from scripts/notices.mjs`);
  }
  const head = [
    '# Third-party notices for dist/*.js',
    '',
    'The bundles in dist/ (index.js, cli.js, lib.js, scan-worker.js and chunks/) contain code from',
    `the ${packages.length} npm packages below, each with the license text it ships. Generated by`,
    'scripts/build.mjs from esbuild\'s metafile; do not edit. The native files in dist/native/ have',
    'their own THIRD_PARTY_NOTICES.md beside them.',
    '',
    packages.map((p) => `- ${p.id}: ${p.license}`).join('\n'),
    '',
  ].join('\n');
  return { text: `${head}\n${sections.join('\n')}`.replace(/\n+$/, '\n'), packages, problems };
}

/** Writes the notices, or prints each problem on one line and exits 1. */
export function writeNotices(metafile, root, out, allowlist = LICENSE_ALLOWLIST) {
  const { text, problems } = generateNotices(metafile, root, allowlist);
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const [metafile, root, out, allowlist] = process.argv.slice(2);
  if (!metafile || !root || !out) {
    console.error('usage: node scripts/notices.mjs METAFILE.json ROOT OUT.md [ALLOWLIST.json]');
    process.exit(2);
  }
  const allowed = allowlist ? JSON.parse(fs.readFileSync(allowlist, 'utf8')) : LICENSE_ALLOWLIST;
  writeNotices(JSON.parse(fs.readFileSync(metafile, 'utf8')), root, out, allowed);
}
