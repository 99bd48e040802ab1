/**
 * A test page for exported model folders: loads one dtype file with transformers.js — the same
 * package and onnxruntime-web build the app's worker bundles — on WebGPU or WASM, and returns
 * teacher-forced logits through the KV cache, so a Node test can compare them with the CPU's.
 * Used by test/browser/export-variants.test.ts and tools/gpu-check-f16.ts. A failed load poisons
 * onnxruntime for the page (platform notes §2): the driver opens a fresh page per request.
 */
import { AutoModelForCausalLM, DynamicCache, env, Tensor, type PreTrainedModel } from '@huggingface/transformers';
// The app's way (platform notes §2): the wasm served with the page, never transformers' CDN default.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { fromHalfBits } from '../../model-builder/half';
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

const ids2d = (row: number[]): Tensor => new Tensor('int64', BigInt64Array.from(row, BigInt), [1, row.length]);

/** float32 numbers from float32 logits, a Float16Array, or float16 bits in a Uint16Array. */
function floats(t: Tensor): number[] {
  const data = t.data as ArrayLike<number>;
  return t.type === 'float16' && data instanceof Uint16Array ? Array.from(data, fromHalfBits) : Array.from(data);
}

async function forcedLogits(req: LogitsRequest): Promise<LogitsReply> {
  let model: PreTrainedModel | undefined;
  let cache: DynamicCache | undefined;
  try {
    const t0 = performance.now();
    model = await AutoModelForCausalLM.from_pretrained(req.model, { dtype: req.dtype, device: req.device });
    const loadMs = performance.now() - t0;
    const rows: number[][] = [];
    let logitsType = '';
    let kvType = '';
    let stepMs = 0;
    for (let end = req.prefill; end <= req.ids.length; end++) {
      const input = end === req.prefill ? req.ids.slice(0, end) : [req.ids[end - 1]!];
      const s0 = performance.now();
      const out = await model.forward({ input_ids: ids2d(input), attention_mask: ids2d(req.ids.slice(0, end).map(() => 1)), past_key_values: cache });
      const logits = out.logits as Tensor;
      const [, len, vocab] = logits.dims as [number, number, number];
      const last = floats(logits).slice((len - 1) * vocab, len * vocab);
      if (end > req.prefill) stepMs += performance.now() - s0;
      rows.push(last);
      logitsType = logits.type;
      const pkv: Record<string, Tensor> = {};
      for (const k in out) if (k.startsWith('present')) pkv[k.replace('present', 'past_key_values')] = out[k] as Tensor;
      kvType = Object.values(pkv)[0]?.type ?? '';
      if (cache) cache.update(pkv); else cache = new DynamicCache(pkv);
    }
    return { ok: true, rows, logitsType, kvType, loadMs, msPerStep: stepMs / Math.max(1, req.ids.length - req.prefill) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    await cache?.dispose();
    await model?.dispose();
  }
}

const api: ExportCheckApi = { adapter, forcedLogits };
(globalThis as unknown as { exportCheck: ExportCheckApi }).exportCheck = api;
