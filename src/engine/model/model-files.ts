export { onnxFileFor, requiredModelFiles } from '../../core/model-layout';
import { EngineError } from '../../protocol/errors';
import type { ModelFile } from '../../protocol/model';
import type { ModelFileChecker } from '../host';

/**
 * Why `text` is not a usable JSON file, or null when it parses. An HTML page (a dev server's SPA
 * fallback, a login or error page) is named as such instead of "Unexpected token '<'".
 */
export function jsonProblem(text: string): string | null {
  if (/^\s*</.test(text)) return 'the server sent an HTML page, not JSON';
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Numbers a decoder's config.json must hold for the engine to size its cache and report the model. */
const REQUIRED_CONFIG_NUMBERS = ['num_hidden_layers', 'hidden_size', 'num_attention_heads', 'vocab_size'] as const;

/**
 * Why a parsed config.json is not a causal-LM config, or null. `{}`, `null` or a config of another kind
 * of model is named here, before any weights are looked for.
 */
export function modelConfigProblem(config: unknown): string | null {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return `config.json must hold a JSON object (a model config); it holds ${config === null ? 'null' : Array.isArray(config) ? 'a list' : typeof config}`;
  }
  const c = config as Record<string, unknown>;
  const missing = REQUIRED_CONFIG_NUMBERS.filter((k) => typeof c[k] !== 'number' || !Number.isFinite(c[k]));
  if (missing.length > 0) return `config.json is not a decoder model config: it has no numeric ${missing.map((k) => `"${k}"`).join(', ')}`;
  if (typeof c['model_type'] !== 'string') return 'config.json is not a decoder model config: it has no "model_type"';
  return null;
}

/**
 * Checks the files of a folder the user opened, with the same named-file errors as a served or on-disk
 * folder: missing, empty, or a JSON file that does not parse.
 */
export function folderChecker(folder: string, files: Readonly<Record<string, ModelFile>>): ModelFileChecker {
  return async (_modelId, names) => {
    let bytes = 0;
    for (const file of names) {
      const f = Object.hasOwn(files, file) ? files[file] : undefined;
      if (!f) throw new EngineError('model-file-missing', `Model file missing: ${folder}/${file} is not in the opened folder`, { file });
      if (f.size === 0) throw new EngineError('model-file-corrupt', `Model file is empty: ${folder}/${file}`, { file });
      if (file.endsWith('.json')) {
        const why = jsonProblem(await f.text());
        if (why) throw new EngineError('model-file-corrupt', `Model file is not valid JSON: ${folder}/${file} (${why})`, { file });
      }
      bytes += f.size;
    }
    return { bytes };
  };
}
