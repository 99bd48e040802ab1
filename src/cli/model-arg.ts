import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Dtype, ModelSpec } from '../protocol/model';
import { UsageError } from './args';

/** Weights files the CLI can load from an onnx-community folder (`onnx/model.onnx`, `model_q4.onnx`, …). */
export const CLI_DTYPES: readonly Dtype[] = ['fp32', 'q4', 'fp16', 'q4f16'];

/** `--dtype`: which weights of the folder to load (default: the folder's config, else fp32… as the engine decides). */
export function dtypeFlag(arg: string | undefined): Dtype | undefined {
  if (arg === undefined) return undefined;
  if (!(CLI_DTYPES as readonly string[]).includes(arg)) throw new UsageError(`--dtype must be one of ${CLI_DTYPES.join(', ')}; got "${arg}"`);
  return arg as Dtype;
}

/** The bundled models folder, relative to the repository root (where `npm run lab` runs). */
export const BUNDLED_MODELS = resolve('public/models');

/**
 * `--model` is a folder (absolute or relative) or the name of a bundled model
 * ('tiny-reasoner'). transformers.js wants a root folder plus an id, so the folder is split.
 */
export function resolveModelArg(arg: string, dtypeArg?: string): { root: string; spec: ModelSpec } {
  const dtype = dtypeFlag(dtypeArg);
  const candidates = [resolve(arg), join(BUNDLED_MODELS, arg)];
  for (const dir of candidates) {
    if (existsSync(dir) && statSync(dir).isDirectory()) {
      return { root: dirname(dir), spec: { id: basename(dir), source: 'local', device: 'cpu', ...(dtype ? { dtype } : {}) } };
    }
  }
  throw new UsageError(
    `model folder not found: "${arg}" (give a folder with config.json and onnx/model.onnx, or a bundled model name; this CLI reads no model hub)`,
  );
}
