// Run an exported zoo model in onnxruntime (onnxruntime-node, the runtime the
// scanner itself uses) and compare with the outputs torch produced.
//
//   node zoo/ort-check.mjs model.onnx input.f32 '[4,28,28,1]' expected.f32
//
// input.f32 / expected.f32 are raw little-endian float32. Prints one JSON line:
// {"maxAbsDiff": ..., "outputShape": [...], "inputName": ...}
// Python has no onnxruntime here, hence this small bridge.
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';

const [modelPath, inputPath, shapeJson, expectedPath] = process.argv.slice(2);
if (!expectedPath) {
  console.error('usage: node zoo/ort-check.mjs model.onnx input.f32 SHAPE_JSON expected.f32');
  process.exit(2);
}

const floats = (path) => {
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
};

const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1 });
const input = new ort.Tensor('float32', floats(inputPath), JSON.parse(shapeJson));
const result = await session.run({ [session.inputNames[0]]: input });
const out = result[session.outputNames[0]];
const expected = floats(expectedPath);
if (out.data.length !== expected.length) {
  console.error(`output has ${out.data.length} values, expected ${expected.length}`);
  process.exit(1);
}
let maxAbsDiff = 0;
for (let i = 0; i < expected.length; i++) {
  maxAbsDiff = Math.max(maxAbsDiff, Math.abs(out.data[i] - expected[i]));
}
console.log(JSON.stringify({ maxAbsDiff, outputShape: out.dims, inputName: session.inputNames[0] }));
