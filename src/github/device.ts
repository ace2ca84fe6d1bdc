/**
 * Where the forward passes run. The engine loads the CPU onnxruntime library that
 * onnxruntime-node ships; CUDA needs onnxruntime's CUDA provider, which is not bundled, so
 * `auto` means CPU for now and `cuda` is refused in one line instead of silently running on CPU.
 */
import type { Device } from '../inputs.js';

export const ENGINE_DEVICES: readonly Exclude<Device, 'auto'>[] = ['cpu'];

export function resolveDevice(requested: Device, available: readonly Exclude<Device, 'auto'>[] = ENGINE_DEVICES): Exclude<Device, 'auto'> {
  if (requested === 'auto') return available.includes('cuda') ? 'cuda' : 'cpu';
  if (!available.includes(requested)) {
    throw new Error(`device ${requested} is not available in this build of onepixel (available: ${available.join(', ')}); use device: auto`);
  }
  return requested;
}
