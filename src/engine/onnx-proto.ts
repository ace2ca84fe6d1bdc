/**
 * A minimal reader of the ONNX protobuf, enough to refuse bad files with a clear reason
 * before onnxruntime sees them, and to find every external-data path a model points at.
 * Model files in pull requests are untrusted, so nothing here recurses without a bound.
 */
import { OnepixelError } from './errors.js';

export interface OnnxSummary {
  irVersion: number;
  producer: string;
  opsets: { domain: string; version: number }[];
  /** Every external-data location named by any tensor, subgraphs included. */
  externalLocations: string[];
  metadata: Record<string, string>;
}

const MAX_DEPTH = 64;

class Corrupt extends Error {}

interface Field {
  number: number;
  wireType: number;
  varint?: bigint;
  bytes?: Uint8Array;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= buf.length) throw new Corrupt('truncated varint');
      const byte = buf[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new Corrupt('varint too long');
  };
  while (pos < buf.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new Corrupt('field number 0');
    switch (wireType) {
      case 0:
        yield { number, wireType, varint: varint() };
        break;
      case 1:
      case 5: {
        const size = wireType === 1 ? 8 : 4;
        if (pos + size > buf.length) throw new Corrupt('truncated fixed-width field');
        pos += size;
        yield { number, wireType };
        break;
      }
      case 2: {
        const length = Number(varint());
        if (pos + length > buf.length) throw new Corrupt('length runs past the end');
        const bytes = buf.subarray(pos, pos + length);
        pos += length;
        yield { number, wireType, bytes };
        break;
      }
      default:
        throw new Corrupt(`wire type ${wireType}`);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const text = (f: Field): string => (f.bytes ? utf8.decode(f.bytes) : '');

function stringPair(buf: Uint8Array): [string, string] {
  let key = '';
  let value = '';
  for (const f of fields(buf)) {
    if (f.number === 1 && f.bytes) key = text(f);
    if (f.number === 2 && f.bytes) value = text(f);
  }
  return [key, value];
}

/** Field numbers of onnx.proto3 that can lead to a tensor. */
const TENSOR_PATHS: Record<string, Record<number, string>> = {
  graph: { 1: 'node', 5: 'tensor', 15: 'sparse' },
  node: { 5: 'attribute' },
  attribute: { 5: 'tensor', 6: 'graph', 10: 'tensor', 11: 'graph', 22: 'sparse', 23: 'sparse' },
  sparse: { 1: 'tensor', 2: 'tensor' },
  function: { 7: 'node' },
};

function collectExternal(buf: Uint8Array, kind: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH) throw new Corrupt('nesting too deep');
  if (kind === 'tensor') {
    for (const f of fields(buf)) {
      if (f.number === 13 && f.bytes) {
        const [key, value] = stringPair(f.bytes);
        if (key === 'location') out.push(value);
      }
    }
    return;
  }
  const next = TENSOR_PATHS[kind]!;
  for (const f of fields(buf)) {
    const child = next[f.number];
    if (child && f.bytes) collectExternal(f.bytes, child, depth + 1, out);
  }
}

/** Git LFS leaves this small text file where a model would be when LFS files are not fetched. */
export function isLfsPointer(buf: Uint8Array): boolean {
  return buf.length < 1024 && utf8.decode(buf.subarray(0, 40)).startsWith('version https://git-lfs.github.com/spec/');
}

/** Parses the model's outer structure; throws NOT_ONNX or CORRUPT_MODEL with the reason. */
export function inspectOnnx(buf: Uint8Array, name: string): OnnxSummary {
  if (isLfsPointer(buf)) {
    throw new OnepixelError('LFS_POINTER', `${name}: a Git LFS pointer, not the model (check out with Git LFS: actions/checkout with lfs: true, or git lfs pull)`);
  }
  // Every exporter writes ir_version (field 1, varint) first; anything else is not ONNX.
  if (buf.length === 0 || buf[0] !== 0x08) {
    throw new OnepixelError('NOT_ONNX', `${name}: not an ONNX model`);
  }
  const summary: OnnxSummary = {
    irVersion: 0,
    producer: '',
    opsets: [],
    externalLocations: [],
    metadata: {},
  };
  let graphs = 0;
  try {
    for (const f of fields(buf)) {
      if (f.number === 1 && f.varint !== undefined) summary.irVersion = Number(f.varint);
      else if (f.number === 2 && f.bytes) summary.producer = text(f);
      else if (f.number === 7 && f.bytes) {
        graphs++;
        collectExternal(f.bytes, 'graph', 1, summary.externalLocations);
      } else if (f.number === 8 && f.bytes) {
        let domain = '';
        let version = 0;
        for (const g of fields(f.bytes)) {
          if (g.number === 1 && g.bytes) domain = text(g);
          if (g.number === 2 && g.varint !== undefined) version = Number(g.varint);
        }
        summary.opsets.push({ domain, version });
      } else if (f.number === 14 && f.bytes) {
        const [key, value] = stringPair(f.bytes);
        summary.metadata[key] = value;
      } else if (f.number === 25 && f.bytes) {
        collectExternal(f.bytes, 'function', 1, summary.externalLocations);
      }
    }
  } catch (error) {
    if (error instanceof Corrupt) {
      throw new OnepixelError('CORRUPT_MODEL', `${name}: corrupt or truncated ONNX file (${error.message})`);
    }
    throw error;
  }
  if (graphs !== 1) throw new OnepixelError('NOT_ONNX', `${name}: not an ONNX model (${graphs === 0 ? 'no graph' : `${graphs} graph fields, which readers would merge`})`);
  return summary;
}

/**
 * The affine map x·scale + offset (per channel, or one value for all) that a graph applies to
 * its image input before anything learned: a normalisation folded into the model. Layout and
 * type ops (Transpose, Identity, Cast) are passed through; the walk stops at the first op that
 * is not elementwise arithmetic with a small constant.
 */
export interface InputAffine {
  scale: number[];
  offset: number[];
  /** The ops that made it, in order, e.g. ['Sub', 'Div']. */
  ops: string[];
}

/** Constants longer than this are not a normalisation (a per-channel one has 1–4 values). */
const MAX_CONSTANT = 4;
const MAX_WALK = 16;

function* packedVarints(buf: Uint8Array): Generator<number> {
  let value = 0;
  let shift = 0;
  for (const byte of buf) {
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) {
      yield value;
      value = 0;
      shift = 0;
    }
    if (shift > 63) return;
  }
}

/** A node as the graph's readers need it: its wiring, its integer and string attributes, and a tensor attribute's small value. */
export interface GraphNode {
  op: string;
  inputs: string[];
  outputs: string[];
  ints: Map<string, number[]>;
  strings: Map<string, string>;
  /** A tensor attribute's value (a Constant node's), when small: as integers or as floats. */
  value?: SmallTensor;
}

/** A graph's nodes, its inputs, its initializers' dims, and the small constants (initializers and Constant nodes). */
export interface OnnxGraph {
  nodes: GraphNode[];
  /** Names of the graph's inputs (older exporters list initializers among them). */
  inputs: string[];
  /** Every initializer's dims, by name. */
  dims: Map<string, number[]>;
  /** Integer constants of at most MAX_SHAPE_VALUES values: shapes, axes, pads. */
  ints: Map<string, number[]>;
  /** Float constants of at most MAX_CONSTANT values: a normalisation's mean or scale. */
  floats: Map<string, number[]>;
}

interface SmallTensor {
  name: string;
  dims: number[];
  ints?: number[];
  floats?: number[];
}

/** Integer constants longer than this are never a shape, axes or pads. */
export const MAX_SHAPE_VALUES = 16;
/** AttributeProto.AttributeType: INT and INTS. */
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

/** packedVarints yields unsigned values; int64 fields are two's complement. */
const signed = (v: number): number => (v >= 2 ** 63 ? v - 2 ** 64 : v);

function readTensor(buf: Uint8Array): SmallTensor {
  let name = '';
  let type = 0;
  const dims: number[] = [];
  // The float reading counts values over the dims as unsigned, as it always has.
  const unsignedDims: number[] = [];
  const ints: number[] = [];
  const packed: number[] = [];
  let raw: Uint8Array | undefined;
  for (const f of fields(buf)) {
    if (f.number === 1 && f.varint !== undefined) {
      dims.push(Number(BigInt.asIntN(64, f.varint)));
      unsignedDims.push(Number(f.varint));
    } else if (f.number === 1 && f.bytes) {
      for (const d of packedVarints(f.bytes)) {
        dims.push(d);
        unsignedDims.push(d);
      }
    } else if (f.number === 2 && f.varint !== undefined) type = Number(f.varint);
    else if (f.number === 8 && f.bytes) name = text(f);
    else if (f.number === 9 && f.bytes) raw = f.bytes;
    else if ((f.number === 7 || f.number === 5) && f.bytes) for (const v of packedVarints(f.bytes)) ints.push(signed(v));
    else if ((f.number === 7 || f.number === 5) && f.varint !== undefined) ints.push(Number(BigInt.asIntN(64, f.varint)));
    else if (f.number === 4 && f.bytes) {
      const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
      for (let i = 0; i + 4 <= f.bytes.length; i += 4) packed.push(view.getFloat32(i, true));
    } else if (f.number === 10 && f.bytes) {
      const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
      for (let i = 0; i + 8 <= f.bytes.length; i += 8) packed.push(view.getFloat64(i, true));
    }
  }
  const tensor: SmallTensor = { name, dims };
  const intValues = integerValues(type, dims, raw, ints);
  if (intValues) tensor.ints = intValues;
  const floatValues = floatValuesOf(type, unsignedDims, raw, packed);
  if (floatValues) tensor.floats = floatValues;
  return tensor;
}

/** An int64 (7) or int32 (6) tensor's values, when it has at most MAX_SHAPE_VALUES of them. */
function integerValues(type: number, dims: number[], raw: Uint8Array | undefined, ints: number[]): number[] | undefined {
  const count = dims.reduce((a, d) => a * d, 1);
  if (count > MAX_SHAPE_VALUES) return undefined;
  if (raw && (type === 7 || type === 6)) {
    const size = type === 7 ? 8 : 4;
    if (raw.length !== count * size) return undefined;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: count }, (_, i) => (size === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true)));
  }
  return (type === 7 || type === 6) && ints.length === count ? ints : undefined;
}

/** A float (1) or double (11) tensor's values, when it has at most MAX_CONSTANT of them. */
function floatValuesOf(type: number, dims: number[], raw: Uint8Array | undefined, packed: number[]): number[] | undefined {
  const count = dims.reduce((a, d) => a * d, 1);
  if (count > MAX_CONSTANT) return undefined;
  if (raw) {
    const size = type === 11 ? 8 : type === 1 ? 4 : 0;
    if (size === 0 || raw.length !== count * size) return undefined;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: count }, (_, i) => (size === 8 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true)));
  }
  return (type === 1 || type === 11) && packed.length === count ? packed : undefined;
}

function readNode(buf: Uint8Array): GraphNode {
  const node: GraphNode = { op: '', inputs: [], outputs: [], ints: new Map(), strings: new Map() };
  for (const f of fields(buf)) {
    if (f.number === 1 && f.bytes) node.inputs.push(text(f));
    else if (f.number === 2 && f.bytes) node.outputs.push(text(f));
    else if (f.number === 4 && f.bytes) node.op = text(f);
    else if (f.number === 5 && f.bytes) {
      let name = '';
      let type = 0;
      let one: number | undefined;
      const ints: number[] = [];
      let str: string | undefined;
      for (const a of fields(f.bytes)) {
        if (a.number === 1 && a.bytes) name = text(a);
        else if (a.number === 20 && a.varint !== undefined) type = Number(a.varint);
        else if (a.number === 3 && a.varint !== undefined) one = Number(BigInt.asIntN(64, a.varint));
        else if (a.number === 8 && a.varint !== undefined) ints.push(Number(BigInt.asIntN(64, a.varint)));
        else if (a.number === 8 && a.bytes) for (const v of packedVarints(a.bytes)) ints.push(signed(v));
        else if (a.number === 4 && a.bytes) str = text(a);
        else if (a.number === 5 && a.bytes) node.value = readTensor(a.bytes);
      }
      // onnxruntime reads the field the attribute's type names (INT: i, INTS: ints); a file that
      // carries both must not be able to show the reader one and the runtime the other.
      // (Files old enough to leave the type out carry one field or the other.)
      const single = one === undefined ? [] : [one];
      const value = type === ATTRIBUTE_INT ? single : type === ATTRIBUTE_INTS ? ints : type === 0 ? (ints.length > 0 ? ints : single) : [];
      if (value.length > 0) node.ints.set(name, value);
      if (str !== undefined) node.strings.set(name, str);
    }
  }
  return node;
}

/**
 * The model's graph, read once for every reader of it (the input normalisation below, the
 * budget's cost walk), or undefined when the file has no readable graph.
 */
export function readOnnxGraph(model: Uint8Array): OnnxGraph | undefined {
  try {
    let graph: Uint8Array | undefined;
    for (const f of fields(model)) if (f.number === 7 && f.bytes) graph = f.bytes;
    if (!graph) return undefined;
    const out: OnnxGraph = { nodes: [], inputs: [], dims: new Map(), ints: new Map(), floats: new Map() };
    const keep = (into: string, t: SmallTensor | undefined): void => {
      if (t?.ints) out.ints.set(into, t.ints);
      if (t?.floats) out.floats.set(into, t.floats);
    };
    for (const f of fields(graph)) {
      if (f.number === 1 && f.bytes) {
        const node = readNode(f.bytes);
        out.nodes.push(node);
        if (node.op === 'Constant' && node.outputs[0]) keep(node.outputs[0], node.value);
      } else if (f.number === 5 && f.bytes) {
        const t = readTensor(f.bytes);
        out.dims.set(t.name, t.dims);
        keep(t.name, t);
      } else if (f.number === 11 && f.bytes) {
        for (const g of fields(f.bytes)) if (g.number === 1 && g.bytes) out.inputs.push(text(g));
      }
    }
    return out;
  } catch (error) {
    if (error instanceof Corrupt) return undefined;
    throw error;
  }
}

/** Elementwise a ∘ b, broadcasting a single value over per-channel ones. */
function combine(a: number[], b: number[], op: (x: number, y: number) => number): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => op(a[a.length === 1 ? 0 : i]!, b[b.length === 1 ? 0 : i]!));
}

/** The normalisation folded in at the image input, or undefined when the graph starts with learned ops. */
export function inputAffine(graph: OnnxGraph | undefined): InputAffine | undefined {
  if (!graph) return undefined;
  const { nodes, floats: constants, dims: initializers, inputs } = graph;
  const image = inputs.find((name) => !initializers.has(name));
  if (image === undefined) return undefined;
  let current = image;
  let scale = [1];
  let offset = [0];
  const ops: string[] = [];
  for (let step = 0; step < MAX_WALK; step++) {
    const consumers = nodes.filter((n) => n.inputs.includes(current));
    if (consumers.length !== 1) break;
    const node = consumers[0]!;
    const out = node.outputs[0];
    if (out === undefined) break;
    if (['Transpose', 'Identity', 'Cast'].includes(node.op)) {
      current = out;
      continue;
    }
    if (!['Sub', 'Add', 'Mul', 'Div'].includes(node.op) || node.inputs.length !== 2) break;
    const first = node.inputs[0] === current;
    const c = constants.get(node.inputs[first ? 1 : 0]!);
    if (!c || c.length === 0 || c.some((v) => !Number.isFinite(v))) break;
    if (node.op === 'Add') offset = combine(offset, c, (o, v) => o + v);
    else if (node.op === 'Sub' && first) offset = combine(offset, c, (o, v) => o - v);
    else if (node.op === 'Sub') {
      scale = scale.map((s) => -s);
      offset = combine(offset, c, (o, v) => v - o);
    } else if (node.op === 'Mul') {
      scale = combine(scale, c, (s, v) => s * v);
      offset = combine(offset, c, (o, v) => o * v);
    } else if (first && c.every((v) => v !== 0)) {
      scale = combine(scale, c, (s, v) => s / v);
      offset = combine(offset, c, (o, v) => o / v);
    } else break;
    ops.push(node.op);
    current = out;
  }
  return ops.length > 0 ? { scale, offset, ops } : undefined;
}
