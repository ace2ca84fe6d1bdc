/**
 * Device selection (src/engine/device.ts) on any machine: the probe runs in a child process, so an
 * addon that crashes, hangs or throws there costs a warning and CPU, never the scan. Fake CUDA
 * addons (plain .js modules with the addon's `cuda.probe` shape) stand in for broken setups.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDevice, type ChooseDeviceOptions, hasNvidiaDriver } from '../../src/engine/device.js';
import { tempDir } from '../helpers.js';

/** A folder posing as an onnxruntime GPU build, and a fake CUDA addon whose probe runs `body`. */
function fakeSetup(body: string, { provider = true } = {}): ChooseDeviceOptions {
  const dir = tempDir('onepixel-device-');
  fs.writeFileSync(path.join(dir, 'libonnxruntime.so.1'), '');
  if (provider) fs.writeFileSync(path.join(dir, 'libonnxruntime_providers_cuda.so'), '');
  const addon = path.join(dir, 'fake-addon.cjs');
  fs.writeFileSync(addon, `module.exports = { variant: 'cuda', cuda: { probe(library, device) { ${body} } } };\n`);
  return {
    assumeDriver: true,
    timeoutMs: 10_000,
    root: dir,
    env: { ...process.env, ONEPIXEL_CUDA_ADDON: addon, ONEPIXEL_ORT_CUDA_DIR: dir },
  };
}

const FAKE_GPU = { index: 0, name: 'Fake GPU', computeCapability: '9.0', memoryBytes: 80 * 2 ** 30 };
const OK_REPORT = JSON.stringify({ ok: true, stage: 'done', cuda: { count: 1, driverVersion: 13000, runtimeVersion: 13000, devices: [FAKE_GPU] }, onnxruntime: '1.30.0' });

describe('chooseDevice', () => {
  it('cpu is cpu, with no probe', async () => {
    expect(await chooseDevice('cpu')).toEqual({ device: 'cpu', reason: 'cpu: requested' });
  });

  it('auto on a machine without an NVIDIA driver is cpu, quietly', async (ctx) => {
    ctx.skip(hasNvidiaDriver(), 'this machine has an NVIDIA driver');
    const choice = await chooseDevice('auto');
    expect(choice).toEqual({ device: 'cpu', reason: 'cpu: no NVIDIA driver on this machine' });
  });

  it('cuda on a machine without an NVIDIA driver is CUDA_UNAVAILABLE in one line', async (ctx) => {
    ctx.skip(hasNvidiaDriver(), 'this machine has an NVIDIA driver');
    await expect(chooseDevice('cuda')).rejects.toMatchObject({
      code: 'CUDA_UNAVAILABLE',
      message: 'device cuda is not available: no NVIDIA driver on this machine',
    });
  });

  it('takes cuda when the probe passes, and says which GPU', async () => {
    const options = fakeSetup(`return ${OK_REPORT};`);
    const choice = await chooseDevice('auto', options);
    expect(choice).toMatchObject({ device: 'cuda', cudaDevice: 0, gpu: FAKE_GPU });
    expect(choice.reason).toBe('cuda: Fake GPU (compute 9.0, 80.0 GiB), onnxruntime 1.30.0');
    expect(choice.warning).toBeUndefined();
    expect(await chooseDevice('cuda', options)).toMatchObject({ device: 'cuda' });
  });

  it('a probe that crashes its process gives cpu and one warning', async () => {
    const choice = await chooseDevice('auto', fakeSetup(`process.kill(process.pid, 'SIGSEGV');`));
    expect(choice.device).toBe('cpu');
    expect(choice.warning).toBe('CUDA is not usable, running on the CPU: the CUDA probe crashed (SIGSEGV)');
    expect(choice.reason).toBe('cpu: the CUDA probe crashed (SIGSEGV)');
  });

  it('a probe that hangs is killed at its time limit', async () => {
    const started = performance.now();
    const choice = await chooseDevice('auto', { ...fakeSetup('for (;;) {}'), timeoutMs: 1500 });
    expect(choice.device).toBe('cpu');
    expect(choice.warning).toContain('the CUDA probe did not finish within 2 s');
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('a probe that throws, exits, or reports a failed stage gives cpu with the reason', async () => {
    const thrown = await chooseDevice('auto', fakeSetup(`throw new Error('libcudnn.so.9: cannot open shared object file');`));
    expect(thrown.device).toBe('cpu');
    expect(thrown.warning).toBe('CUDA is not usable, running on the CPU: addon: libcudnn.so.9: cannot open shared object file');

    const exited = await chooseDevice('auto', fakeSetup(`console.error('CUDA error: device-side assert'); process.exit(3);`));
    expect(exited.warning).toBe('CUDA is not usable, running on the CPU: the CUDA probe failed (CUDA error: device-side assert)');

    const stage = await chooseDevice('auto', fakeSetup(`return { ok: false, stage: 'provider', message: 'no cuDNN' };`));
    expect(stage).toMatchObject({ device: 'cpu', reason: 'cpu: provider: no cuDNN' });
    expect(stage.warning).toBe('CUDA is not usable, running on the CPU: provider: no cuDNN');
  });

  it('cuda refuses to fall back: a failed probe is CUDA_UNAVAILABLE', async () => {
    await expect(chooseDevice('cuda', fakeSetup(`process.kill(process.pid, 'SIGSEGV');`))).rejects.toMatchObject({
      code: 'CUDA_UNAVAILABLE',
      message: 'device cuda is not available: the CUDA probe crashed (SIGSEGV)',
    });
  });

  it('names the missing piece before probing: the provider library, the CUDA addon', async () => {
    const noProvider = await chooseDevice('auto', fakeSetup(`return ${OK_REPORT};`, { provider: false }));
    expect(noProvider.device).toBe('cpu');
    expect(noProvider.warning).toContain("onnxruntime's CUDA provider (libonnxruntime_providers_cuda.so) is not in");
    expect(noProvider.warning).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12');

    const options = fakeSetup(`return ${OK_REPORT};`);
    const noAddon = await chooseDevice('auto', { ...options, env: { ...options.env, ONEPIXEL_CUDA_ADDON: '' } });
    expect(noAddon.reason).toBe('cpu: the CUDA build of the addon is missing (npm run build:native:cuda)');

    const badDir = await chooseDevice('auto', { ...options, env: { ...options.env, ONEPIXEL_ORT_CUDA_DIR: '/nonexistent' } });
    expect(badDir.reason).toBe('cpu: ONEPIXEL_ORT_CUDA_DIR=/nonexistent holds no libonnxruntime.so');
  });
});
