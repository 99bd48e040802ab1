import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ModelSpec } from '../protocol/model';
import { UsageError } from './args';

/** The bundled models folder, relative to the repository root (where `npm run lab` runs). */
export const BUNDLED_MODELS = resolve('public/models');

/**
 * `--model` is a folder (absolute or relative) or the name of a bundled model
 * ('tiny-reasoner'). transformers.js wants a root folder plus an id, so the folder is split.
 */
export function resolveModelArg(arg: string): { root: string; spec: ModelSpec } {
  const candidates = [resolve(arg), join(BUNDLED_MODELS, arg)];
  for (const dir of candidates) {
    if (existsSync(dir) && statSync(dir).isDirectory()) {
      return { root: dirname(dir), spec: { id: basename(dir), source: 'local', device: 'cpu' } };
    }
  }
  throw new UsageError(
    `model folder not found: "${arg}" (give a folder with config.json and onnx/model.onnx, or a bundled model name; this CLI reads no model hub)`,
  );
}
