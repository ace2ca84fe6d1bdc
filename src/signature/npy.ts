/** NumPy .npy (format 1.0) for float32 arrays, readable by numpy.load. */
export function encodeNpy(data: Float32Array, shape: number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  // The header, with magic and length, is padded to a multiple of 64 bytes and ends in \n.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

/** Reads a little-endian float32 .npy written by encodeNpy or numpy. */
export function decodeNpy(buf: Buffer): { data: Float32Array; shape: number[] } {
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error('not a .npy file');
  const major = buf[6]!;
  const headerLength = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLength);
  if (!header.includes("'<f4'")) throw new Error('only little-endian float32 .npy is supported');
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const bytes = buf.subarray(start + headerLength);
  const copy = new Uint8Array(bytes);
  return { data: new Float32Array(copy.buffer, 0, copy.byteLength / 4), shape };
}
