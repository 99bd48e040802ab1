import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EngineError } from '../protocol/errors';
import type { EngineHost, ModelFileChecker } from '../engine/host';
import { jsonProblem } from '../engine/model/model-files';

/** Reads local model folders from disk, naming the file that is missing or unreadable. */
export function fileSystemChecker(root: string): ModelFileChecker {
  return async (modelId, files) => {
    let bytes = 0;
    for (const file of files) {
      const path = join(root, modelId, file);
      let size: number;
      try {
        const s = await stat(path);
        if (!s.isFile()) throw new Error('not a file');
        size = s.size;
      } catch {
        throw new EngineError('model-file-missing', `Model file missing: ${modelId}/${file} (looked in ${path})`, { file });
      }
      if (size === 0) throw new EngineError('model-file-corrupt', `Model file is empty: ${modelId}/${file}`, { file });
      if (file.endsWith('.json')) {
        const why = jsonProblem(await readFile(path, 'utf8'));
        if (why) throw new EngineError('model-file-corrupt', `Model file is not valid JSON: ${modelId}/${file} (${why})`, { file });
      }
      bytes += size;
    }
    return { bytes };
  };
}

/**
 * The Node host: CPU device (onnxruntime-node), models from a folder. A `--model` path is split
 * into its parent (the root) and its last segment (the id), as transformers.js expects.
 */
export function nodeHost(opts: { modelRoot: string }): EngineHost {
  const root = resolve(opts.modelRoot);
  return {
    now: () => performance.now(),
    devices: ['cpu'],
    adapter: async () => null,
    localModelRoot: root,
    allowRemote: false,
    yieldToEvents: () => new Promise((r) => setImmediate(r)),
    gpuBufferCount: () => null,
    checkModelFiles: fileSystemChecker(root),
  };
}
