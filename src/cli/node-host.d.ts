import type { EngineHost, ModelFileChecker } from '../engine/host';
/** Reads local model folders from disk, naming the file that is missing or unreadable. */
export declare function fileSystemChecker(root: string): ModelFileChecker;
/**
 * The Node host: CPU device (onnxruntime-node), models from a folder. A `--model` path is split
 * into its parent (the root) and its last segment (the id), as transformers.js expects.
 */
export declare function nodeHost(opts: {
    modelRoot: string;
}): EngineHost;
