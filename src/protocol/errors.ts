/**
 * Errors that cross the worker boundary as data. Every failure the engine reports carries a stable
 * `code` (for the UI and the CLI exit path) and a one-line human message.
 */
export type ErrorCode =
  | 'invalid-params' // a decoding parameter is out of range (core validation)
  | 'empty-prompt' // prompt empty or whitespace only
  | 'prompt-too-long' // templated prompt + max new tokens exceed the model's context
  | 'busy' // a run is already in flight; runs are never interleaved
  | 'cancelled' // the run was cancelled by the caller
  | 'unknown-run' // cancel() of a run id that is not running
  | 'no-model' // run() before a successful load()
  | 'model-file-missing' // a file of the model folder is absent (404 / ENOENT)
  | 'model-file-corrupt' // a file exists but cannot be parsed (bad JSON / ONNX protobuf)
  | 'unreachable' // a model host could not be reached (offline, or blocked by the page's Content-Security-Policy)
  | 'no-webgpu' // WebGPU requested but no adapter
  | 'backend-failed' // onnxruntime failed; in a browser the worker must be recreated
  | 'bad-input' // any other invalid request (e.g. malformed question set)
  | 'internal';

export interface SerializedError {
  readonly name: 'EngineError';
  readonly code: ErrorCode;
  readonly message: string;
  /** The file the error is about, when there is one (model files, question sets). */
  readonly file?: string;
  /** True when the ONNX backend of this realm is poisoned and the worker must be recreated. */
  readonly fatal?: boolean;
}

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail: { file?: string; fatal?: boolean } = {},
  ) {
    super(message);
  }
  get file(): string | undefined {
    return this.detail.file;
  }
  get fatal(): boolean {
    return this.detail.fatal === true;
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}

export function toSerialized(e: unknown): SerializedError {
  if (e instanceof EngineError) {
    return { name: 'EngineError', code: e.code, message: e.message, ...e.detail };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { name: 'EngineError', code: 'internal', message };
}

export function fromSerialized(s: SerializedError): EngineError {
  return new EngineError(s.code, s.message, {
    ...(s.file !== undefined ? { file: s.file } : {}),
    ...(s.fatal !== undefined ? { fatal: s.fatal } : {}),
  });
}

export function isSerializedError(v: unknown): v is SerializedError {
  return typeof v === 'object' && v !== null && (v as { name?: unknown }).name === 'EngineError' && typeof (v as { code?: unknown }).code === 'string';
}
