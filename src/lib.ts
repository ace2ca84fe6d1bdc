/** The package's programmatic API. */
export { computeSignature, sweepModel, levelPixel, modelValue } from './signature.js';
export type { Signature, SignatureInfo, SignatureProgress, SignatureCallbacks } from './signature.js';
export { loadModel } from './model.js';
export { resolveOptions, DEFAULT_OPTIONS } from './options.js';
export type { SignatureOptions } from './options.js';
export { OnepixelError, ExitCode } from './errors.js';
export { writeSignatureArtifacts } from './artifacts.js';
export { encodeNpy, decodeNpy } from './npy.js';
