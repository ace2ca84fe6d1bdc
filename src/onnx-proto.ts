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

/** Parses the model's outer structure; throws NOT_ONNX or CORRUPT_MODEL with the reason. */
export function inspectOnnx(buf: Uint8Array, name: string): OnnxSummary {
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
  if (graphs !== 1) throw new OnepixelError('NOT_ONNX', `${name}: not an ONNX model (no graph)`);
  return summary;
}
