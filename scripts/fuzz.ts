/**
 * `npm run fuzz`: a seeded corpus of broken and hostile variants of the test fixtures, scanned
 * the way a pull request's models are (each in its sandbox), with the count of every outcome.
 * The scan must end every file with a verdict or a specific code and one line: an INTERNAL
 * error, a crash of the scan itself or a lost result is a finding. Too long for `npm test`;
 * its last counts are in docs/FUZZ.md.
 *
 *   npx tsx scripts/fuzz.ts [--count 1000] [--seed 1] [--out DIR] [--timeout 5] [--write docs/FUZZ.md]
 *
 * A mutant that still loads is scanned until the time limit (valid random weights are not
 * what this looks for), so a TIMEOUT here means "loaded and ran", not a hang.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { random } from '../src/recipe/images.js';
import type { ModelReport } from '../src/report/report.js';
import { scanModels } from '../src/scan/scan.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'onepixel-fuzz') },
    timeout: { type: 'string', default: '5' },
    write: { type: 'string' },
  },
});

const FIXTURES = path.join('test', 'fixtures', 'models');
const SEEDS = ['gray-nchw-logits.onnx', 'rgb-nhwc-probs.onnx', 'two-classes-8.onnx', 'gray-batch1.onnx', 'dynamic-hw.onnx', 'rgb-folded-imagenet.onnx'];

/** A protobuf field (length-delimited) with its number and body. */
function field(number: number, body: Buffer): Buffer {
  const varint = (n: number): Buffer => {
    const out: number[] = [];
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(n);
    return Buffer.from(out);
  };
  return Buffer.concat([varint((number << 3) | 2), varint(body.length), body]);
}

const metadata = (key: string, value: string): Buffer => field(14, Buffer.concat([field(1, Buffer.from(key)), field(2, Buffer.from(value))]));

/** The mutations, each a seeded function of the seed model's bytes. */
const MUTATIONS: [string, (b: Buffer, next: () => number) => Buffer][] = [
  ['flip bytes in the graph', (b, next) => {
    const out = Buffer.from(b);
    // Most of a model's bytes are weights; the graph's structure sits mostly at the start.
    for (let i = 1 + Math.floor(next() * 8); i > 0; i--) {
      const at = Math.floor(next() * Math.min(out.length, 400));
      out[at] = out[at]! ^ (1 << Math.floor(next() * 8));
    }
    return out;
  }],
  ['flip bytes anywhere', (b, next) => {
    const out = Buffer.from(b);
    for (let i = 1 + Math.floor(next() * 16); i > 0; i--) {
      const at = Math.floor(next() * out.length);
      out[at] = out[at]! ^ 0xff;
    }
    return out;
  }],
  ['truncate', (b, next) => b.subarray(0, Math.floor(next() * b.length))],
  ['append garbage', (b, next) => Buffer.concat([b, Buffer.from(Array.from({ length: 1 + Math.floor(next() * 64) }, () => Math.floor(next() * 256)))])],
  ['huge length prefix', (b, next) => {
    const out = Buffer.from(b);
    const at = Math.floor(next() * Math.min(out.length - 5, 300));
    out[at] = 0x3a;
    out.fill(0xff, at + 1, at + 5);
    return out;
  }],
  ['duplicate a chunk', (b, next) => {
    const from = Math.floor(next() * b.length);
    const to = Math.min(b.length, from + Math.floor(next() * 64));
    return Buffer.concat([b.subarray(0, to), b.subarray(from, to), b.subarray(to)]);
  }],
  ['hostile metadata', (b, next) => {
    const claims = ['0,0.001', '1,0', '-1e308,1e308', 'NaN,1', '0,255', '0x0', 'auto', 'x'.repeat(5000), '\u0000\n::error::hi'];
    const keys = ['onepixel.input_range', 'onepixel.size', 'onepixel.mean', 'onepixel.std', 'onepixel.layout'];
    return Buffer.concat([b, metadata(keys[Math.floor(next() * keys.length)]!, claims[Math.floor(next() * claims.length)]!)]);
  }],
  ['external data escape', (b, next) => {
    const places = ['../outside.bin', '/etc/passwd', '/proc/self/mem', 'weights\u0000.bin', 'a/../../b'];
    // An initializer (graph field 5) naming external data, in a second graph field: protobuf
    // readers merge the two, so onnxruntime would see it in the model's one graph.
    const tensor = Buffer.concat([field(8, Buffer.from('w')), field(13, Buffer.concat([field(1, Buffer.from('location')), field(2, Buffer.from(places[Math.floor(next() * places.length)]!))]))]);
    return Buffer.concat([b, field(7, field(5, tensor))]);
  }],
  ['empty or not ONNX', (_b, next) => [Buffer.alloc(0), Buffer.from('not a model'), Buffer.from('version https://git-lfs.github.com/spec/v1\n'), Buffer.alloc(64, 0x08)][Math.floor(next() * 4)]!],
];

const count = Number(values.count);
const next = random(Number(values.seed));
fs.rmSync(values.out!, { recursive: true, force: true });
fs.mkdirSync(values.out!, { recursive: true });
const files: { file: string; mutation: string }[] = [];
for (let i = 0; i < count; i++) {
  const seed = SEEDS[Math.floor(next() * SEEDS.length)]!;
  const [name, mutate] = MUTATIONS[Math.floor(next() * MUTATIONS.length)]!;
  const file = path.join(values.out!, `m${String(i).padStart(4, '0')}.onnx`);
  fs.writeFileSync(file, mutate(fs.readFileSync(path.join(FIXTURES, seed)), next));
  files.push({ file, mutation: name });
}

const started = performance.now();
const report = await scanModels(
  files.map((f) => f.file),
  { jobs: 2, threads: 2, timeout: Number(values.timeout), memory: 1024 * 2 ** 20, signature: { inputRange: [0, 1] } },
);
const seconds = (performance.now() - started) / 1000;
const byFile = new Map(report.models.map((m) => [m.model, m]));
const outcome = (m: ModelReport | undefined): string => (m === undefined ? 'LOST' : m.verdict === 'error' ? m.errorCode ?? 'error' : 'judged');
const counts = new Map<string, number>();
const byMutation = new Map<string, Map<string, number>>();
const findings: string[] = [];
for (const f of files) {
  const m = byFile.get(f.file);
  const o = outcome(m);
  counts.set(o, (counts.get(o) ?? 0) + 1);
  const row = byMutation.get(f.mutation) ?? new Map<string, number>();
  row.set(o, (row.get(o) ?? 0) + 1);
  byMutation.set(f.mutation, row);
  if (o === 'LOST' || o === 'INTERNAL' || o === 'MODEL_CRASHED' || (m?.error ?? '').includes('\n')) findings.push(`${path.basename(f.file)} (${f.mutation}): ${o}: ${m?.error ?? 'no entry'}`);
}
const outcomes = [...counts.keys()].sort();
const lines = [
  '# Fuzzing',
  '',
  `Last run of \`npm run fuzz\` (scripts/fuzz.ts) on ${new Date().toISOString().slice(0, 10)}: ${count} mutants of ${SEEDS.length} test fixtures (seed ${values.seed}), each scanned in its sandbox with a ${values.timeout} s time limit and a 1 GiB memory ceiling, in ${seconds.toFixed(0)} s on 2 cores. "judged" is a verdict; TIMEOUT here mostly means a mutant that still loads and ran until the fuzz's short limit (a few are files that fail fast but whose child process did not even start within the limit on the loaded machine); LOST (a model without an entry), INTERNAL and MODEL_CRASHED would be findings.`,
  '',
  `| mutation | ${outcomes.join(' | ')} |`,
  `|---|${outcomes.map(() => '---').join('|')}|`,
  ...[...byMutation].sort().map(([name, row]) => `| ${name} | ${outcomes.map((o) => row.get(o) ?? 0).join(' | ')} |`),
  `| **all** | ${outcomes.map((o) => counts.get(o) ?? 0).join(' | ')} |`,
  '',
  findings.length === 0 ? 'Findings: none.' : `Findings (${findings.length}):\n\n${findings.slice(0, 50).map((f) => `- ${f}`).join('\n')}`,
];
if (values.write) fs.writeFileSync(values.write, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
process.exitCode = findings.length > 0 ? 1 : 0;
