import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);
import {
  DEFAULT_OPTIONS,
  ExitCode,
  OnepixelError,
  computeSignature,
  decodeNpy,
  encodeNpy,
  levelPixel,
  loadModel,
  modelValue,
  resolveOptions,
  sweepModel,
  writeSignatureArtifacts
} from "./chunks/chunk-ELRYM3SO.js";
export {
  DEFAULT_OPTIONS,
  ExitCode,
  OnepixelError,
  computeSignature,
  decodeNpy,
  encodeNpy,
  levelPixel,
  loadModel,
  modelValue,
  resolveOptions,
  sweepModel,
  writeSignatureArtifacts
};
