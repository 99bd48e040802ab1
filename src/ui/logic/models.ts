/**
 * The models the page offers, with approximate download sizes per dtype (the ONNX weights file of
 * the onnx-community export plus the ~11 MB tokenizer). Sizes are quoted as "approx." everywhere:
 * exports change, so the real byte count comes from the download's progress events.
 */
import type { Dtype, ModelFile, ModelSpec } from '../../protocol/model';

export interface CatalogueModel {
  readonly key: string;
  readonly label: string;
  readonly spec: { readonly id: string; readonly source: 'local' | 'hub' };
  readonly description: string;
  /** Approximate bytes fetched per dtype (weights + tokenizer); empty for bundled models. */
  readonly approxBytes: Partial<Record<Dtype, number>>;
}

const TOKENIZER_BYTES = 11e6;

export const TINY_REASONER_ID = 'tiny-reasoner';
export const CUSTOM_KEY = 'custom';
/** The choice of a model folder opened from disk (its files are in ModelChoice.folder). */
export const FOLDER_KEY = 'folder';

export const CATALOGUE: readonly CatalogueModel[] = [
  {
    key: TINY_REASONER_ID,
    label: 'Tiny reasoner (bundled)',
    spec: { id: TINY_REASONER_ID, source: 'local' },
    description: 'A ~1M-parameter Qwen3-format model trained on column arithmetic; ships with the page and works offline.',
    approxBytes: {},
  },
  {
    key: 'qwen3-0.6b',
    label: 'Qwen3-0.6B',
    spec: { id: 'onnx-community/Qwen3-0.6B-ONNX', source: 'hub' },
    description: 'Qwen3 0.6B (thinking mode), onnx-community export, from the Hugging Face hub.',
    approxBytes: { q4f16: 570e6 + TOKENIZER_BYTES, q4: 870e6 + TOKENIZER_BYTES, q8: 600e6 + TOKENIZER_BYTES, fp16: 1.2e9 + TOKENIZER_BYTES, fp32: 2.4e9 + TOKENIZER_BYTES },
  },
  {
    key: 'r1-distill-1.5b',
    label: 'DeepSeek-R1-Distill-Qwen-1.5B',
    spec: { id: 'onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX', source: 'hub' },
    description: 'DeepSeek-R1 distilled into Qwen2.5-Math-1.5B, onnx-community export, from the Hugging Face hub.',
    approxBytes: { q4f16: 1.37e9 + TOKENIZER_BYTES, q4: 1.97e9 + TOKENIZER_BYTES, q8: 1.85e9 + TOKENIZER_BYTES, fp16: 3.6e9 + TOKENIZER_BYTES, fp32: 7.2e9 + TOKENIZER_BYTES },
  },
];

export const DTYPES: readonly Dtype[] = ['q4f16', 'q4', 'q8', 'fp16', 'fp32'];

export type DeviceChoice = 'auto' | 'webgpu' | 'wasm';
export const DEVICE_CHOICES: readonly DeviceChoice[] = ['auto', 'webgpu', 'wasm'];

/** 'owner/name' with the hub's allowed characters. */
const HUB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why a custom hub id is unusable, or null when it is fine. */
export function hubIdProblem(id: string): string | null {
  const t = id.trim();
  if (t === '') return 'Enter a model id such as onnx-community/Qwen3-1.7B-ONNX';
  if (!HUB_ID.test(t) || t.length > 96) return `"${t}" is not a hub model id (owner/name)`;
  return null;
}

export function catalogueEntry(key: string): CatalogueModel | undefined {
  return CATALOGUE.find((m) => m.key === key);
}

/** Why a model host is unusable, or null ('' is the hub). The engine checks again; this is for inline messages. */
export function hostProblem(host: string): string | null {
  const t = host.trim();
  if (t === '') return null;
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return `"${t.slice(0, 80)}" is not a URL; give one such as https://models.example.org/`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The model host must be an http(s) URL';
  if (url.search || url.hash) return 'The model host must be a plain base URL, without ?query or #fragment';
  return null;
}

/** The catalogue key of a model id ('onnx-community/Qwen3-0.6B-ONNX' → 'qwen3-0.6b'), or 'custom'. */
export function keyForModelId(id: string): string {
  return CATALOGUE.find((m) => m.spec.id === id)?.key ?? CUSTOM_KEY;
}

export interface ModelChoice {
  readonly key: string;
  readonly customId: string;
  /** 'auto': the engine picks (the model's config, else q4f16 with shader-f16, else q4). */
  readonly dtype: Dtype | 'auto';
  /** 'auto': WebGPU on a hardware adapter, WASM on a software one or none (the engine decides and says why). */
  readonly device: DeviceChoice;
  /** Hub models: base URL of the model host ('' = the Hugging Face hub); files at <host>/<owner>/<name>/resolve/main/<file>. */
  readonly host: string;
  /** WASM threads for onnxruntime-web (null: every core when cross-origin isolated); a benchmark knob, set by the link's `threads=`. */
  readonly wasmThreads: number | null;
  /** A model folder opened from disk (key FOLDER_KEY): its name and files by path inside it. */
  readonly folder: { readonly name: string; readonly files: Readonly<Record<string, ModelFile>> } | null;
}

/** Whether the choice downloads from a model host (a catalogue hub model or a custom id). */
export function isHubChoice(choice: Pick<ModelChoice, 'key'>): boolean {
  return choice.key === CUSTOM_KEY || catalogueEntry(choice.key)?.spec.source === 'hub';
}

/** The spec to load for a choice, or an error message. */
export function specForChoice(choice: ModelChoice): { spec: ModelSpec } | { error: string } {
  const device = { ...(choice.device === 'auto' ? {} : { device: choice.device }), ...(choice.wasmThreads ? { wasmThreads: choice.wasmThreads } : {}) };
  if (choice.key === FOLDER_KEY) {
    if (!choice.folder) return { error: 'Open a model folder first' };
    const dtype = choice.dtype === 'auto' ? {} : { dtype: choice.dtype };
    return { spec: { id: choice.folder.name, source: 'folder', files: choice.folder.files, ...device, ...dtype } };
  }
  let base: { id: string; source: 'local' | 'hub' };
  const badHost = hostProblem(choice.host);
  if (badHost && (choice.key === CUSTOM_KEY || catalogueEntry(choice.key)?.spec.source === 'hub')) return { error: badHost };
  if (choice.key === CUSTOM_KEY) {
    const problem = hubIdProblem(choice.customId);
    if (problem) return { error: problem };
    base = { id: choice.customId.trim(), source: 'hub' };
  } else {
    const entry = catalogueEntry(choice.key);
    if (!entry) return { error: `Unknown model "${choice.key}"` };
    base = entry.spec;
  }
  return {
    spec: {
      ...base,
      // 'auto' leaves the choice to the engine, which knows the adapter and says why it chose.
      ...device,
      ...(choice.dtype !== 'auto' && base.source === 'hub' ? { dtype: choice.dtype } : {}),
      ...(choice.host.trim() !== '' && base.source === 'hub' ? { host: choice.host.trim() } : {}),
    },
  };
}

/** Approximate download for a choice: bytes, or null when unknown (bundled or custom models). */
export function approxDownload(choice: ModelChoice, preferred: Dtype): number | null {
  const entry = catalogueEntry(choice.key);
  if (!entry || entry.spec.source === 'local') return null;
  const dtype = choice.dtype === 'auto' ? preferred : choice.dtype;
  return entry.approxBytes[dtype] ?? null;
}
