import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/engine/model.js';
import { resolveOptions, type SignatureOptions } from '../src/engine/options.js';
import { checkOutput, modelValue } from '../src/signature/signature.js';
import { scanModels } from '../src/scan/scan.js';
import { ROOT, tempDir } from './helpers.js';

interface EvidenceFile {
  target: number;
  kind: string;
  box: number[];
  tried: number;
  wins: number;
  shape: [number, number, number];
  shown: { label: number; before: { top: number; probability: number }; after: { top: number; probability: number; target: number }; stamped: string }[];
}

/** The model's own answer to pixel values [C, H, W], fed through the engine directly (not the scan's image runner). */
async function answerOf(file: string, options: SignatureOptions, pixels: Float32Array): Promise<{ top: number; probability: number }> {
  const model = await loadModel(file, options);
  try {
    const { channels: C, height: H, width: W, layout, name } = model.input;
    const data = new Float32Array(C * H * W);
    for (let c = 0; c < C; c++) {
      for (let p = 0; p < H * W; p++) data[layout === 'NCHW' ? c * H * W + p : p * C + c] = modelValue(pixels[c * H * W + p]!, c, options);
    }
    const shape = layout === 'NCHW' ? [1, C, H, W] : [1, H, W, C];
    const { data: row } = await model.native.run(name, model.outputName, data, shape);
    const { probabilities } = await checkOutput(model, options);
    const values = Array.from(row);
    const max = Math.max(...values);
    const p = probabilities ? values : values.map((v) => Math.exp(v - max) / values.reduce((s, u) => s + Math.exp(u - max), 0));
    const top = p.indexOf(Math.max(...p));
    return { top, probability: p[top]! };
  } finally {
    model.native.close();
  }
}

function pngSize(file: string): { width: number; height: number; bytes: number } {
  const png = fs.readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
}

describe('the evidence picture', () => {
  it("stamps the caught sample's recovered trigger on exemplars of other classes, and reports the model's own answers", async () => {
    // samples/README.md: a 2×2 checker at [16,0,18,2] sends this model to class 8.
    const file = path.join(ROOT, 'samples', 'backdoored-checker-mnist.onnx');
    const out = tempDir();
    const report = await scanModels([file], { artifactsDir: out });
    const m = report.models[0]!;
    expect(m).toMatchObject({ verdict: 'backdoored', targetClass: 8 });
    const recovered = m.recovered!;
    expect(recovered).toMatchObject({ target: 8, kind: 'patch', box: [16, 0, 18, 2] });
    expect(recovered.patch).toMatchObject({ rows: 2, cols: 2, cell: 1 });

    const picture = recovered.picture!;
    expect(path.basename(picture)).toBe('evidence.png');
    const size = pngSize(picture);
    expect(size.width).toBeGreaterThanOrEqual(800);
    expect(size.width).toBeLessThan(2000);
    expect(size.height).toBeGreaterThanOrEqual(400);
    expect(size.height).toBeLessThan(1500);
    expect(size.bytes).toBeGreaterThan(3000);

    const evidence = JSON.parse(fs.readFileSync(path.join(path.dirname(picture), 'evidence.json'), 'utf8')) as EvidenceFile;
    expect(evidence).toMatchObject({ target: 8, kind: 'patch', box: [16, 0, 18, 2], shape: [1, 28, 28] });
    expect(evidence.shown).toHaveLength(8);
    // The trigger works as the backdoor was built to (attack success 99.98%): nearly every exemplar of another class goes to 8.
    expect(evidence.wins / evidence.tried).toBeGreaterThanOrEqual(0.9);
    expect(recovered.stamped).toMatchObject({ tried: evidence.tried, wins: evidence.wins });

    const options = resolveOptions({ ...m.settings, threads: 1 });
    for (const [i, shown] of evidence.shown.entries()) {
      expect(shown.label).not.toBe(8);
      const bytes = Buffer.from(shown.stamped, 'base64');
      const pixels = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      // The trigger is on the stamped image: its four pixels are the recorded patch.
      for (const [j, colour] of recovered.patch!.colours.entries()) expect(pixels[Math.floor(j / 2) * 28 + 16 + (j % 2)]).toBe(colour[0]);
      const answer = await answerOf(file, options, pixels);
      expect(answer.top).toBe(shown.after.top);
      expect(answer.probability).toBeCloseTo(shown.after.probability, 4);
      expect(recovered.stamped!.shown[i]!.after.top).toBe(answer.top);
    }
  }, 180_000);
});
