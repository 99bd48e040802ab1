/**
 * A test page for exported model folders: loads one dtype file with transformers.js — the same
 * package and onnxruntime-web build the app's worker bundles — on WebGPU or WASM, and returns
 * teacher-forced logits through the KV cache, so a Node test can compare them with the CPU's.
 * Used by test/browser/export-variants.test.ts and tools/gpu-check-f16.ts. A failed load poisons
 * onnxruntime for the page (platform notes §2): the driver opens a fresh page per request.
 */
import { AutoModelForCausalLM, env, type PreTrainedModel } from '@huggingface/transformers';
// The app's way (platform notes §2): the wasm served with the page, never transformers' CDN default.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { forcedRun } from '../forced-logits';
import type { AdapterFacts, ExportCheckApi, LogitsReply, LogitsRequest } from '../protocol';

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.localModelPath = '/models/';
env.useBrowserCache = false;
env.backends.onnx.wasm!.wasmPaths = { wasm: ortWasmUrl };

interface GpuLike { requestAdapter(o?: object): Promise<{ info: { vendor: string; architecture: string; description: string }; features: Set<string> } | null> }

async function adapter(): Promise<AdapterFacts | null> {
  const gpu = (globalThis as unknown as { navigator: { gpu?: GpuLike } }).navigator.gpu;
  const a = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!a) return null;
  return { vendor: a.info.vendor, architecture: a.info.architecture, description: a.info.description, shaderF16: a.features.has('shader-f16') };
}

async function forcedLogits(req: LogitsRequest): Promise<LogitsReply> {
  let model: PreTrainedModel | undefined;
  try {
    const t0 = performance.now();
    model = await AutoModelForCausalLM.from_pretrained(req.model, { dtype: req.dtype, device: req.device });
    const loadMs = performance.now() - t0;
    const run = await forcedRun(model, req.ids, req.prefill);
    return {
      ok: true, rows: run.rows.map((r) => Array.from(r)), logitsType: run.logitsType, kvType: run.kvType, loadMs,
      msPerStep: run.decodeMs / Math.max(1, req.ids.length - req.prefill),
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    await model?.dispose();
  }
}

const api: ExportCheckApi = { adapter, forcedLogits };
(globalThis as unknown as { exportCheck: ExportCheckApi }).exportCheck = api;
