/** Writes a signature's files: signature.npy, delta.npy, signature.json and heatmaps.png. */
import fs from 'node:fs';
import path from 'node:path';
import { renderHeatmaps } from './heatmap.js';
import { encodeNpy } from './npy.js';
import type { Signature } from './signature.js';

export const ARTIFACT_FILES = ['signature.npy', 'delta.npy', 'signature.json', 'heatmaps.png'] as const;

export function writeSignatureArtifacts(sig: Signature, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<(typeof ARTIFACT_FILES)[number], Buffer | string> = {
    'signature.npy': encodeNpy(sig.signature, sig.info.shape),
    'delta.npy': encodeNpy(sig.delta, sig.info.shape),
    'signature.json': `${JSON.stringify(sig.info, null, 2)}\n`,
    'heatmaps.png': renderHeatmaps(sig),
  };
  return Object.entries(files).map(([name, body]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, body);
    return file;
  });
}
