/** What the export-check page (page/main.ts) offers on `globalThis.exportCheck`, and what it returns. */

export interface AdapterFacts { vendor: string; architecture: string; description: string; shaderF16: boolean }

export interface LogitsRequest {
  /** Folder name under the page's /models/. */
  model: string;
  /** transformers.js dtype: picks onnx/model.onnx, model_q4.onnx, model_fp16.onnx or model_q4f16.onnx. */
  dtype: 'fp32' | 'q4' | 'fp16' | 'q4f16';
  device: 'webgpu' | 'wasm';
  ids: number[];
  /** Prefill ids[0..prefill), then one token at a time through the KV cache. */
  prefill: number;
}

export type LogitsReply =
  | { ok: true; rows: number[][]; logitsType: string; kvType: string; loadMs: number; msPerStep: number }
  | { ok: false; error: string };

export interface ExportCheckApi {
  adapter(): Promise<AdapterFacts | null>;
  /** Next-token logits at positions prefill − 1 … ids.length − 1, as float32 numbers. */
  forcedLogits(req: LogitsRequest): Promise<LogitsReply>;
}
