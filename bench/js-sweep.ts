/**
 * The sweep as a user would write it on onnxruntime-node's JS API, done with care: one
 * preallocated batch, pixels written and restored in place, softmax and argmax in JS.
 * It is the baseline the native engine must beat.
 */
import * as ort from 'onnxruntime-node';

export interface JsSweepSetup {
  channels: number;
  height: number;
  width: number;
  levels: number;
  batch: number;
}

export async function jsSweep(session: ort.InferenceSession, s: JsSweepSetup): Promise<{ passes: number; bestLevel: Int32Array }> {
  const { channels: C, height: H, width: W, levels: L, batch: B } = s;
  const image = C * H * W;
  const data = new Float32Array(B * image); // base image: all zeros
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  const tensor = new ort.Tensor('float32', data, [B, C, H, W]);
  let K = 0;
  let bestP = new Float32Array(0);
  let bestLevel = new Int32Array(0);
  const slotPixel = new Int32Array(B);
  const slotLevel = new Int32Array(B);
  let passes = 0;
  let filled = 0;
  const flush = async (): Promise<void> => {
    const out = (await session.run({ [inputName]: tensor }))[outputName]!.data as Float32Array;
    passes += B;
    if (K === 0) {
      K = out.length / B;
      bestP = new Float32Array(K * H * W).fill(-Infinity);
      bestLevel = new Int32Array(K * H * W);
    }
    for (let b = 0; b < filled; b++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, out[b * K + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(out[b * K + k]! - max);
      const pixel = slotPixel[b]!;
      for (let k = 0; k < K; k++) {
        const p = Math.exp(out[b * K + k]! - max) / sum;
        const at = k * H * W + pixel;
        if (p > bestP[at]!) {
          bestP[at] = p;
          bestLevel[at] = slotLevel[b]!;
        }
      }
      for (let c = 0; c < C; c++) data[b * image + c * H * W + pixel] = 0;
    }
    filled = 0;
  };
  for (let pixel = 0; pixel < H * W; pixel++) {
    for (let l = 0; l < L; l++) {
      const v = l / (L - 1);
      for (let c = 0; c < C; c++) data[filled * image + c * H * W + pixel] = v;
      slotPixel[filled] = pixel;
      slotLevel[filled] = l;
      if (++filled === B) await flush();
    }
  }
  if (filled > 0) await flush();
  return { passes, bestLevel };
}
