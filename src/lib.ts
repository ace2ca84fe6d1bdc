/** The package's programmatic API. */
export { computeSignature, sweepModel, levelPixel, modelValue } from './signature/signature.js';
export type { Signature, SignatureInfo, SignatureProgress, SignatureCallbacks } from './signature/signature.js';
export { loadModel } from './engine/model.js';
export { resolveOptions, DEFAULT_OPTIONS } from './engine/options.js';
export type { SignatureOptions } from './engine/options.js';
export { OnepixelError, ExitCode } from './engine/errors.js';
export { writeSignatureArtifacts } from './signature/artifacts.js';
export { encodeNpy, decodeNpy } from './signature/npy.js';
