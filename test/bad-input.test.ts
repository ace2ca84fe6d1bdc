import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeSignature } from '../src/signature/signature.js';
import { fixture, runCli, tempDir } from './helpers.js';

const work = tempDir();
const write = (name: string, body: string | Buffer): string => {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  return file;
};
const good = fs.readFileSync(fixture('gray-nchw-logits.onnx'));

/** A folder holding a copy of the external-data model whose weights file links elsewhere. */
function linkedWeights(): string {
  const dir = path.join(work, 'linked');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(fixture('rgb-nchw-external.onnx'), path.join(dir, 'rgb-nchw-external.onnx'));
  const outside = write('outside/rgb-nchw-external.weights', fs.readFileSync(fixture('rgb-nchw-external.weights')));
  fs.rmSync(path.join(dir, 'rgb-nchw-external.weights'), { force: true });
  fs.symlinkSync(outside, path.join(dir, 'rgb-nchw-external.weights'));
  return path.join(dir, 'rgb-nchw-external.onnx');
}

interface BadCase {
  name: string;
  model: () => string;
  args?: string[];
  code: string;
  message: RegExp;
}

const MODEL_CASES: BadCase[] = [
  { name: 'a missing file', model: () => path.join(work, 'nope.onnx'), code: 'MODEL_NOT_FOUND', message: /no such file/ },
  { name: 'a directory', model: () => work, code: 'MODEL_UNREADABLE', message: /not a regular file/ },
  { name: 'a text file', model: () => write('readme.onnx', 'hello, I am not a model\n'), code: 'NOT_ONNX', message: /not an ONNX model/ },
  { name: 'an empty file', model: () => write('empty.onnx', ''), code: 'NOT_ONNX', message: /not an ONNX model/ },
  {
    name: 'a Git LFS pointer where the model should be',
    model: () => write('lfs.onnx', Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n')),
    code: 'LFS_POINTER',
    message: /a Git LFS pointer, not the model \(check out with Git LFS: actions\/checkout with lfs: true, or git lfs pull\)/,
  },
  { name: 'a truncated model', model: () => write('truncated.onnx', good.subarray(0, Math.floor(good.length * 0.6))), code: 'CORRUPT_MODEL', message: /corrupt or truncated/ },
  {
    name: 'a model with a corrupt length inside',
    model: () => {
      const bytes = Buffer.from(good);
      // Field 7 (the graph) is length-delimited: make its length run past the end.
      const at = bytes.indexOf(0x3a);
      bytes[at + 1] = 0xff;
      bytes[at + 2] = 0xff;
      bytes[at + 3] = 0x7f;
      return write('corrupt.onnx', bytes);
    },
    code: 'CORRUPT_MODEL',
    message: /corrupt/,
  },
  { name: 'a rank-3 input', model: () => fixture('bad/rank3-input.onnx'), code: 'NO_IMAGE_INPUT', message: /not an image batch \(rank 3/ },
  { name: 'a uint8 input', model: () => fixture('bad/int-input.onnx'), code: 'UNSUPPORTED_INPUT_TYPE', message: /is uint8; onepixel sweeps float32/ },
  { name: 'two inputs', model: () => fixture('bad/two-inputs.onnx'), code: 'NO_IMAGE_INPUT', message: /exactly one image input, the model has 2/ },
  { name: 'no channel axis of size 1 or 3', model: () => fixture('five-channels.onnx'), code: 'NO_IMAGE_INPUT', message: /--layout/ },
  { name: 'a dynamic height and width', model: () => fixture('dynamic-hw.onnx'), code: 'DYNAMIC_SIZE', message: /--size HxW/ },
  // 530-byte files that would have the scan allocate tens of gigabytes: refused before anything is.
  { name: 'a declared fixed batch of 300,000', model: () => fixture('bad/huge-batch.onnx'), code: 'INPUT_TOO_LARGE', message: /fixes its batch at 300000 images; onepixel runs at most 1024/ },
  { name: 'a declared 100,000×100,000 input', model: () => fixture('bad/huge-input.onnx'), code: 'INPUT_TOO_LARGE', message: /is 3×100000×100000 \(3\.00e\+10 values an image\)/ },
  { name: 'an output that is not [N,K]', model: () => fixture('bad/output-rank3.onnx'), code: 'BAD_OUTPUT', message: /\[N,K\]/ },
  { name: 'NaN outputs', model: () => fixture('bad/nan-output.onnx'), code: 'NON_FINITE_OUTPUT', message: /NaN or Inf/ },
  { name: 'external data outside the folder', model: () => fixture('bad/external-escape.onnx'), code: 'UNSAFE_EXTERNAL_DATA', message: /"\.\.\/outside\.weights" \(outside the model's folder\)/ },
  { name: 'external data at an absolute path', model: () => fixture('bad/external-absolute.onnx'), code: 'UNSAFE_EXTERNAL_DATA', message: /"\/etc\/passwd" \(absolute path\)/ },
  { name: 'external data through a link that leaves the folder', model: linkedWeights, code: 'UNSAFE_EXTERNAL_DATA', message: /a link that leads outside/ },
];

const OPTION_CASES: { name: string; args: string[]; message: RegExp }[] = [
  { name: '--levels 1', args: ['--levels', '1'], message: /--levels must be a whole number from 2/ },
  { name: '--levels= (empty)', args: ['--levels='], message: /--levels needs a value/ },
  { name: '--layout NHWC on an NCHW model', args: ['--layout', 'NHWC'], message: /--layout NHWC does not fit input "image" \[N,1,12,12\]: it would read 12 channels; the shape says NCHW/ },
  { name: '--levels 2.5', args: ['--levels', '2.5'], message: /--levels must be a whole number/ },
  { name: '--levels abc', args: ['--levels', 'abc'], message: /--levels must be a number/ },
  { name: '--base 300', args: ['--base', '300'], message: /--base must be a pixel value/ },
  { name: '--mode stripes', args: ['--mode', 'stripes'], message: /--mode must be one of gray, channel/ },
  { name: '--input-range 1,1', args: ['--input-range', '1,1'], message: /--input-range must be two different/ },
  { name: '--input-range 0', args: ['--input-range', '0'], message: /--input-range must be two numbers/ },
  { name: '--std 0', args: ['--std', '0'], message: /--std must not contain 0/ },
  { name: '--mean with the wrong count', args: ['--mean', '0.1,0.2'], message: /--mean has 2 values; the model has 1 channels/ },
  { name: '--block larger than the image', args: ['--block', '13'], message: /--block 13 is larger than the 12x12 input/ },
  { name: '--stride 0', args: ['--stride', '0'], message: /--stride must be a whole number from 1/ },
  { name: '--size 9', args: ['--size', '9'], message: /--size must be HxW/ },
  { name: '--size that contradicts the model', args: ['--size', '9x9'], message: /does not match the model's input/ },
  { name: '--layout CHW', args: ['--layout', 'CHW'], message: /--layout must be one of NCHW, NHWC/ },
  { name: '--outputs scores', args: ['--outputs', 'scores'], message: /--outputs must be one of/ },
  { name: '--threads 0', args: ['--threads', '0'], message: /--threads must be a whole number from 1/ },
  { name: 'an unknown flag', args: ['--colour', 'red'], message: /Unknown option '--colour'/ },
];

function expectOneCleanLine(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^onepixel: /);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('bad models fail with one line and exit code 2', () => {
  for (const c of MODEL_CASES) {
    it(`${c.name} (CLI)`, async () => {
      const out = tempDir();
      const result = await runCli(['signature', c.model(), '--levels', '4', '--out', out]);
      expect(result.code).toBe(2);
      expectOneCleanLine(result.stderr);
      expect(result.stderr).toMatch(c.message);
      expect(fs.readdirSync(out)).toEqual([]);
    });
    it(`${c.name} (API code ${c.code})`, async () => {
      await expect(computeSignature(c.model(), { levels: 4 })).rejects.toMatchObject({ code: c.code });
    });
  }
});

describe('bad options fail with one line and exit code 2', () => {
  for (const c of OPTION_CASES) {
    it(c.name, async () => {
      const result = await runCli(['signature', fixture('gray-nchw-logits.onnx'), ...c.args, '--out', tempDir()]);
      expect(result.code).toBe(2);
      expectOneCleanLine(result.stderr);
      expect(result.stderr).toMatch(c.message);
    });
  }
  it('an unknown command', async () => {
    const result = await runCli(['sign']);
    expect(result.code).toBe(2);
    expectOneCleanLine(result.stderr);
  });
});

describe('models that need an option work once it is given', () => {
  it('--size for a dynamic input, --layout for five channels', async () => {
    const a = await runCli(['signature', fixture('dynamic-hw.onnx'), '--size', '9x9', '--levels', '4', '--out', tempDir(), '--quiet']);
    expect(a.code).toBe(0);
    const b = await runCli(['signature', fixture('five-channels.onnx'), '--layout', 'NCHW', '--levels', '4', '--out', tempDir(), '--quiet']);
    expect(b.code).toBe(0);
  });
});
