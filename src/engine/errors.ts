/** Exit codes of the CLI and the action, documented in the README. */
export const ExitCode = {
  ok: 0,
  backdoored: 1,
  error: 2,
} as const;

/** Stable error codes: every failure a user can cause maps to one of these. */
export type ErrorCode =
  | 'BAD_OPTION'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_UNREADABLE'
  | 'NOT_ONNX'
  | 'LFS_POINTER'
  | 'CORRUPT_MODEL'
  | 'UNSAFE_EXTERNAL_DATA'
  | 'UNSUPPORTED_MODEL'
  | 'NO_IMAGE_INPUT'
  | 'UNSUPPORTED_INPUT_TYPE'
  | 'DYNAMIC_SIZE'
  | 'INPUT_TOO_LARGE'
  | 'BAD_OUTPUT'
  | 'NON_FINITE_OUTPUT'
  | 'ABORTED'
  | 'BUDGET_EXCEEDED'
  | 'BUDGET_UNPLANNED'
  | 'TIMEOUT'
  | 'MEMORY_LIMIT'
  | 'MODEL_CRASHED'
  | 'NATIVE_UNAVAILABLE'
  | 'BAD_WEIGHTS'
  | 'CUDA_UNAVAILABLE'
  | 'INTERNAL';

export class OnepixelError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'OnepixelError';
    this.code = code;
  }
}

/** One line for a person: the message of a known error, or a short description of any other. */
export function describeError(error: unknown): string {
  if (error instanceof OnepixelError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]}`;
  return String(error);
}

export function errorCode(error: unknown): ErrorCode {
  return error instanceof OnepixelError ? error.code : 'INTERNAL';
}
