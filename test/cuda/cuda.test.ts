/**
 * The CUDA variant of the addon (npm run build:native:cuda). Without it every test here skips
 * and says so. With it but without a GPU, the kernels still run, emulated on the host thread by
 * thread from the very code the GPU runs, against a CPU reference; the variant's CPU path must
 * equal the CPU build's; and a missing device or provider must be an error code, not a crash.
 * With a GPU, the kernels run on it, the probe passes, and GPU signatures match the CPU's:
 * S equal in at least 99.9% of cells, D within 1e-4, on the fixtures and the zoo's test models.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseDevice, cudaAddonPath, cudaOrtLibraryPath, type DeviceChoice, openCudaRuntime, useDevice } from '../../src/engine/device.js';
import { type NativeRuntime, type NativeSweepSpec, nativeRuntime, setNativeRuntime } from '../../src/engine/native.js';
import type { SignatureOptions } from '../../src/engine/options.js';
import { computeSignature, type Signature } from '../../src/signature/signature.js';
import { fixture, ROOT } from '../helpers.js';

interface CudaStatus {
  count: number;
  error?: string;
  driverVersion: number;
  runtimeVersion: number;
  devices: { index: number; name: string; computeCapability: string; memoryBytes: number }[];
}
interface CudaAddon {
  variant: string;
  Runtime: new (library: string) => NativeRuntime;
  cuda: {
    status(): CudaStatus;
    selfTest(onDevice: boolean, seed: number, cases: number): { cases: number; checks: number; failures: number; firstFailure?: string };
    provider(library: string): { ok: boolean; message?: string };
    probe(library: string, device: number): { ok: boolean; stage: string; message?: string; cuda: CudaStatus; onnxruntime?: string };
    lanes: number;
  };
}

const addonFile = cudaAddonPath(ROOT);
const addon = addonFile ? (createRequire(import.meta.url)(addonFile) as CudaAddon) : undefined;
const status = addon?.cuda.status();
const library = cudaOrtLibraryPath(ROOT);
const providerInstalled = fs.existsSync(path.join(path.dirname(library), 'libonnxruntime_providers_cuda.so'));

const NOT_BUILT = 'the CUDA addon is not built here (npm run build:native:cuda)';
const NO_GPU = `no CUDA device on this machine (${status?.error ?? `cudaGetDeviceCount: ${status?.count ?? 0} devices`})`;
const hasGpu = (status?.count ?? 0) > 0;
if (!addon) console.log(`test/cuda: ${NOT_BUILT}: the CUDA tests skip`);
else if (!hasGpu) console.log(`test/cuda: ${NO_GPU}: the kernels run emulated on the host; the GPU tests skip`);

afterEach(() => setNativeRuntime(undefined));

describe('the CUDA addon without a GPU', () => {
  it('runs its kernels, emulated, equal to the CPU reference', (ctx) => {
    ctx.skip(!addon, NOT_BUILT);
    for (const seed of [1, 2, 3]) {
      const report = addon!.cuda.selfTest(false, seed, 150);
      expect(report.firstFailure).toBeUndefined();
      expect(report).toMatchObject({ cases: 150, failures: 0 });
      expect(report.checks).toBe(150 * 16);
    }
  });

  it('sweeps CPU sessions bit for bit like the CPU build', async (ctx) => {
    ctx.skip(!addon, NOT_BUILT);
    const runtime = new addon!.Runtime(library);
    const spec: NativeSweepSpec = {
      inputName: 'image', outputName: 'logits', batch: 7, threads: 2, channels: 1, height: 12, width: 12, nhwc: false,
      base: new Float32Array(144), levels: Float32Array.from({ length: 16 }, (_, l) => l / 15), levelCount: 16,
      channelMode: false, block: 1, stride: 1, softmax: true, classes: 10,
    };
    const sweep = async (rt: NativeRuntime) => {
      const model = await rt.openModel(fixture('gray-nchw-logits.onnx'));
      try {
        return await model.sweep(spec).promise;
      } finally {
        model.close();
      }
    };
    const [cpu, variant] = await Promise.all([sweep(nativeRuntime()), sweep(runtime)]);
    expect(variant.engine).toBe('cpu');
    expect(Buffer.from(variant.bestProb.buffer).equals(Buffer.from(cpu.bestProb.buffer))).toBe(true);
    expect(Array.from(variant.bestLevel)).toEqual(Array.from(cpu.bestLevel));
  });

  it('refuses a CUDA session without a device: CUDA_UNAVAILABLE, not a crash', async (ctx) => {
    ctx.skip(!addon, NOT_BUILT);
    ctx.skip(hasGpu, 'this machine has a CUDA device');
    const runtime = new addon!.Runtime(library);
    await expect(runtime.openModel(fixture('gray-nchw-logits.onnx'), { device: 'cuda' })).rejects.toMatchObject({
      code: 'CUDA_UNAVAILABLE',
      message: expect.stringMatching(/^no CUDA device: /),
    });
    const probe = addon!.cuda.probe(library, 0);
    expect(probe.ok).toBe(false);
    expect(['driver', 'device']).toContain(probe.stage);
  });

  it("reports onnxruntime's reason when its CUDA provider is not installed", (ctx) => {
    ctx.skip(!addon, NOT_BUILT);
    ctx.skip(providerInstalled, 'the CUDA provider is installed here');
    const report = addon!.cuda.provider(library);
    expect(report.ok).toBe(false);
    expect(report.message).toMatch(/^onnxruntime's CUDA execution provider is not usable: .*libonnxruntime_providers_/);
  });

  it('the CPU build refuses device cuda in one line', () => {
    expect(() => nativeRuntime().openModel(fixture('gray-nchw-logits.onnx'), { device: 'cuda' })).toThrow(
      expect.objectContaining({ code: 'CUDA_UNAVAILABLE', message: 'this build of the addon has no CUDA (npm run build:native:cuda)' }),
    );
  });
});

/** S equal in ≥ 99.9% of cells, D within 1e-4, P(x0) within 1e-5. */
function expectClose(gpu: Signature, cpu: Signature): void {
  expect(gpu.info.shape).toEqual(cpu.info.shape);
  let same = 0;
  let worst = 0;
  for (let i = 0; i < cpu.signature.length; i++) {
    if (gpu.signature[i] === cpu.signature[i]) same++;
    worst = Math.max(worst, Math.abs(gpu.delta[i]! - cpu.delta[i]!));
  }
  expect(same / cpu.signature.length).toBeGreaterThanOrEqual(0.999);
  expect(worst).toBeLessThanOrEqual(1e-4);
  cpu.info.baseProbabilities.forEach((p, k) => expect(Math.abs(gpu.info.baseProbabilities[k]! - p)).toBeLessThanOrEqual(1e-5));
}

// One probe for the whole file: it starts CUDA and cuDNN in a child process each time.
let cudaChoice: Promise<DeviceChoice> | undefined;

async function onBothDevices(model: string, options: Partial<SignatureOptions>): Promise<{ gpu: Signature; cpu: Signature }> {
  cudaChoice ??= chooseDevice('cuda');
  useDevice(await cudaChoice);
  const gpu = await computeSignature(model, options);
  setNativeRuntime(undefined);
  const cpu = await computeSignature(model, options);
  return { gpu, cpu };
}

const CASES: { model: string; options: Partial<SignatureOptions> }[] = [
  { model: 'gray-nchw-logits.onnx', options: { levels: 256 } },
  { model: 'gray-nchw-logits.onnx', options: { levels: 9, base: 128, block: 2, stride: 2, batch: 5 } },
  { model: 'gray-nchw-logits.onnx', options: { levels: 32, score: 'log-probability' } },
  { model: 'rgb-nhwc-probs.onnx', options: { levels: 12 } },
  { model: 'rgb-nhwc-probs.onnx', options: { levels: 7, mode: 'channel', base: 200, score: 'log-probability' } },
  { model: 'rgb-nchw-external.onnx', options: { levels: 10, inputRange: [-1, 1] } },
  { model: 'gray-batch1.onnx', options: { levels: 8 } },
  { model: 'gray-nhwc-old-exporter.onnx', options: { levels: 16 } },
  { model: 'wide-range-logits.onnx', options: { levels: 5, inputRange: [-1, 1], mean: [0.1, -0.2, 0.3], std: [0.5, 0.25, 2], mode: 'channel' } },
  { model: 'dynamic-hw.onnx', options: { levels: 6, size: [9, 7], batch: 1000 } },
  { model: 'five-channels.onnx', options: { levels: 4, layout: 'NCHW', block: 3, stride: 2 } },
];

/** The zoo's test-split models, when zoo/models holds them (ONEPIXEL_CUDA_ZOO_LIMIT, default 8). */
function zooTestModels(): { model: string; options: Partial<SignatureOptions> }[] {
  const dir = path.join(ROOT, 'zoo', 'models');
  if (!fs.existsSync(dir)) return [];
  const found: { model: string; options: Partial<SignatureOptions> }[] = [];
  for (const id of fs.readdirSync(dir).sort()) {
    const metaFile = path.join(dir, id, 'meta.json');
    const model = path.join(dir, id, 'model.onnx');
    if (!fs.existsSync(metaFile) || !fs.existsSync(model)) continue;
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { split?: string; kept?: boolean; input?: { range?: [number, number] | string } };
    if (meta.split !== 'test' || meta.kept === false) continue;
    const range = meta.input?.range;
    const inputRange = (typeof range === 'string' ? range.split(',').map(Number) : range) as [number, number] | undefined;
    found.push({ model, options: { levels: 32, ...(inputRange ? { inputRange } : {}) } });
  }
  return found.slice(0, Number(process.env.ONEPIXEL_CUDA_ZOO_LIMIT ?? 8));
}

describe('on a GPU', () => {
  it('runs the kernels on the device, equal to the CPU reference', (ctx) => {
    ctx.skip(!addon, NOT_BUILT);
    ctx.skip(!hasGpu, NO_GPU);
    const report = addon!.cuda.selfTest(true, 7, 60);
    expect(report.firstFailure).toBeUndefined();
    expect(report.failures).toBe(0);
  });

  it('passes the probe, and auto chooses cuda', async (ctx) => {
    ctx.skip(!addon, NOT_BUILT);
    ctx.skip(!hasGpu, NO_GPU);
    ctx.skip(!providerInstalled, `onnxruntime's CUDA provider is not installed beside ${library}`);
    const probe = addon!.cuda.probe(library, 0);
    expect(probe.message).toBeUndefined();
    expect(probe.ok).toBe(true);
    const choice = await chooseDevice('auto');
    expect(choice.device).toBe('cuda');
    expect(choice.warning).toBeUndefined();
  });

  it('sweeps with the fused GPU sweep (exhaustive) and the host-planned one (adaptive)', async (ctx) => {
    ctx.skip(!addon, NOT_BUILT);
    ctx.skip(!hasGpu, NO_GPU);
    ctx.skip(!providerInstalled, `onnxruntime's CUDA provider is not installed beside ${library}`);
    const runtime = openCudaRuntime(await chooseDevice('cuda'));
    const model = await runtime.openModel(fixture('gray-nchw-logits.onnx'));
    const spec: NativeSweepSpec = {
      inputName: 'image', outputName: 'logits', batch: 64, threads: 2, channels: 1, height: 12, width: 12, nhwc: false,
      base: new Float32Array(144), levels: Float32Array.from({ length: 64 }, (_, l) => l / 63), levelCount: 64,
      channelMode: false, block: 1, stride: 1, softmax: true, classes: 10,
    };
    try {
      const fused = await model.sweep(spec).promise;
      expect(fused.engine).toBe('cuda');
      const hostPlanned = await model.sweep({ ...spec, coarseStep: 8 }).promise;
      expect(hostPlanned.engine).toBe('cuda-host');
      // Progress and cancellation reach the GPU sweep too.
      const job = model.sweep({ ...spec, levelCount: 65536, levels: new Float32Array(65536) }, (done) => {
        if (done > 0) job.cancel();
      });
      await expect(job.promise).rejects.toMatchObject({ code: 'ABORT_ERR' });
    } finally {
      model.close();
    }
  });

  for (const c of [...CASES.map((x) => ({ ...x, model: fixture(x.model) })), ...zooTestModels()]) {
    it(`equals the CPU: ${path.relative(ROOT, c.model)} ${JSON.stringify(c.options)}`, async (ctx) => {
      ctx.skip(!addon, NOT_BUILT);
      ctx.skip(!hasGpu, NO_GPU);
      ctx.skip(!providerInstalled, `onnxruntime's CUDA provider is not installed beside ${library}`);
      const { gpu, cpu } = await onBothDevices(c.model, c.options);
      expectClose(gpu, cpu);
    });
  }
});
