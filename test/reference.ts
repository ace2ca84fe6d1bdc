/**
 * A plain reference sweep written from the README's definition with onnxruntime-node's JS
 * API: one perturbed image at a time into a batch, softmax in JS, argmax with ties to the
 * smallest level. It shares no code with the engine, so agreement means something.
 */
import * as ort from 'onnxruntime-node';

export interface ReferenceOptions {
  levels: number;
  base: number;
  inputRange: [number, number];
  mean?: number[];
  std?: number[];
  block: number;
  stride: number;
  mode: 'gray' | 'channel';
  layout: 'NCHW' | 'NHWC';
  channels: number;
  height: number;
  width: number;
  outputs: 'logits' | 'probabilities';
  batch: number;
}

export interface ReferenceResult {
  signature: Float32Array;
  delta: Float32Array;
  shape: number[];
  passes: number;
}

export async function openReferenceSession(file: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

export async function referenceSweep(session: ort.InferenceSession, o: ReferenceOptions): Promise<ReferenceResult> {
  const { channels: C, height: H, width: W } = o;
  const pixel = (p: number, c: number): number => {
    const v = o.inputRange[0] + ((o.inputRange[1] - o.inputRange[0]) * p) / 255;
    const mean = o.mean ? o.mean[o.mean.length === 1 ? 0 : c]! : 0;
    const std = o.std ? o.std[o.std.length === 1 ? 0 : c]! : 1;
    return (v - mean) / std;
  };
  const index = (c: number, y: number, x: number): number => (o.layout === 'NCHW' ? (c * H + y) * W + x : (y * W + x) * C + c);
  const baseImage = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) baseImage[index(c, y, x)] = pixel(o.base, c);

  const rows = Math.floor((H - o.block) / o.stride) + 1;
  const cols = Math.floor((W - o.block) / o.stride) + 1;
  const planes = o.mode === 'channel' ? C : 1;
  const images: { cell: number; level: number; image: Float32Array }[] = [];
  for (let plane = 0; plane < planes; plane++) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        for (let l = 0; l < o.levels; l++) {
          const image = baseImage.slice();
          const p = (255 * l) / (o.levels - 1);
          for (let y = i * o.stride; y < i * o.stride + o.block; y++) {
            for (let x = j * o.stride; x < j * o.stride + o.block; x++) {
              for (let c = 0; c < C; c++) {
                if (o.mode === 'gray' || c === plane) image[index(c, y, x)] = pixel(p, c);
              }
            }
          }
          images.push({ cell: (plane * rows + i) * cols + j, level: l, image });
        }
      }
    }
  }

  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  const dims = o.layout === 'NCHW' ? [C, H, W] : [H, W, C];
  const probabilities = async (batch: Float32Array[]): Promise<number[][]> => {
    const data = new Float32Array(batch.length * C * H * W);
    batch.forEach((img, b) => data.set(img, b * img.length));
    const out = await session.run({ [inputName]: new ort.Tensor('float32', data, [batch.length, ...dims]) });
    const values = out[outputName]!.data as Float32Array;
    const K = values.length / batch.length;
    return batch.map((_, b) => {
      const row = Array.from(values.subarray(b * K, (b + 1) * K));
      if (o.outputs === 'probabilities') return row;
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, v) => a + v, 0);
      return e.map((v) => v / s);
    });
  };

  const base = (await probabilities([baseImage]))[0]!.map(Math.fround);
  const K = base.length;
  const cells = planes * rows * cols;
  const bestP = new Float64Array(K * cells).fill(-Infinity);
  const bestL = new Int32Array(K * cells).fill(-1);
  for (let start = 0; start < images.length; start += o.batch) {
    const chunk = images.slice(start, start + o.batch);
    const probs = await probabilities(chunk.map((c) => c.image));
    chunk.forEach(({ cell, level }, b) => {
      for (let k = 0; k < K; k++) {
        const p = Math.fround(probs[b]![k]!);
        const at = k * cells + cell;
        if (p > bestP[at]! || (p === bestP[at]! && level < bestL[at]!)) {
          bestP[at] = p;
          bestL[at] = level;
        }
      }
    });
  }
  const signature = new Float32Array(K * cells);
  const delta = new Float32Array(K * cells);
  for (let k = 0; k < K; k++) {
    for (let c = 0; c < cells; c++) {
      signature[k * cells + c] = (255 * bestL[k * cells + c]!) / (o.levels - 1) / 255;
      delta[k * cells + c] = bestP[k * cells + c]! - base[k]!;
    }
  }
  return { signature, delta, shape: o.mode === 'channel' ? [K, C, rows, cols] : [K, rows, cols], passes: images.length + 1 };
}
