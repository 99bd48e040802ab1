/**
 * The weights file the trainer writes (/work/notes/weights-format.md):
 * `[u32 LE header length N][N bytes UTF-8 JSON header][float32 LE payload]`, header
 * `{ config: {HF Qwen3 config fields}, tensors: { name: { offset (floats), shape } }, check? }`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ModelShape } from './presets';
import { validateWeights, type Weights } from './weights';

/** A sequence and the trainer's last-position logits, to compare the ONNX output against. */
export interface WeightsCheck { input_ids: number[]; last_logits: number[] }
export interface WeightsFile { shape: ModelShape; weights: Weights; check?: WeightsCheck }

/** The header `config` keys, as in HF's Qwen3Config (and config.json), and the shape field each one fills. */
export const CONFIG_KEYS = {
  vocab_size: 'vocab', hidden_size: 'hidden', intermediate_size: 'intermediate', num_hidden_layers: 'layers',
  num_attention_heads: 'heads', num_key_value_heads: 'kvHeads', head_dim: 'headDim', rms_norm_eps: 'rmsNormEps',
  rope_theta: 'ropeTheta', max_position_embeddings: 'maxPositionEmbeddings',
} as const satisfies Record<string, keyof ModelShape>;

export function readWeightsFile(path: string): WeightsFile {
  const fail = (msg: string): never => { throw new Error(`weights file ${path}: ${msg}`); };
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (e) {
    return fail(`cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (file.length < 4) fail(`too short (${file.length} bytes) to hold a header`);
  const headerLength = file.readUInt32LE(0);
  if (4 + headerLength > file.length) fail(`header length ${headerLength} runs past the end of the file (${file.length} bytes)`);
  let header: { config?: Record<string, unknown>; tensors?: Record<string, { offset?: unknown; shape?: unknown }>; check?: WeightsCheck };
  try {
    header = JSON.parse(file.subarray(4, 4 + headerLength).toString('utf8'));
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message})`);
  }
  const config = header.config ?? fail('header has no "config"');
  if (config.tie_word_embeddings === false) fail('tie_word_embeddings is false; only tied embeddings are supported');
  const shape = {} as ModelShape;
  for (const [key, field] of Object.entries(CONFIG_KEYS)) {
    const value = config[key];
    if (typeof value !== 'number' || !(value > 0)) fail(`config.${key} must be a positive number, got ${JSON.stringify(value)}`);
    shape[field] = value as number;
  }
  const payloadBytes = file.length - 4 - headerLength;
  if (payloadBytes % 4 !== 0) fail(`payload is ${payloadBytes} bytes, not a whole number of float32 values`);
  // Copy: the payload need not be 4-byte aligned inside the file buffer.
  const payload = new Float32Array(new Uint8Array(file.subarray(4 + headerLength)).buffer);
  const weights: Weights = new Map();
  for (const [name, entry] of Object.entries(header.tensors ?? fail('header has no "tensors"'))) {
    const { offset, shape: dims } = entry;
    if (!Number.isInteger(offset) || (offset as number) < 0) fail(`tensor ${name} has a bad offset ${JSON.stringify(offset)}`);
    if (!Array.isArray(dims) || !dims.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor ${name} has a bad shape ${JSON.stringify(dims)}`);
    const length = (dims as number[]).reduce((a, b) => a * b, 1);
    if ((offset as number) + length > payload.length) {
      fail(`tensor ${name} [${(dims as number[]).join(', ')}] at offset ${offset} runs past the payload (${payload.length} floats)`);
    }
    weights.set(name, { shape: dims as number[], data: payload.subarray(offset as number, (offset as number) + length) });
  }
  validateWeights(shape, weights, `weights file ${path}`);
  const check = header.check;
  if (check !== undefined) {
    if (!Array.isArray(check.input_ids) || check.input_ids.length === 0 || !Array.isArray(check.last_logits)) {
      fail('"check" needs non-empty "input_ids" and "last_logits" arrays');
    }
    if (check.last_logits.length !== shape.vocab) fail(`check.last_logits has ${check.last_logits.length} values, vocab_size is ${shape.vocab}`);
    const bad = check.input_ids.find((id) => !Number.isInteger(id) || id < 0 || id >= shape.vocab);
    if (bad !== undefined) fail(`check.input_ids holds ${bad}, outside 0..${shape.vocab - 1}`);
  }
  return check === undefined ? { shape, weights } : { shape, weights, check };
}

/**
 * Writes the format above: the trainer writes it from Python, tests write it from TypeScript.
 * @internal (used by tests only)
 */
export function writeWeightsFile(path: string, file: WeightsFile): void {
  const s = file.shape;
  const config: Record<string, unknown> = { tie_word_embeddings: true };
  for (const [key, field] of Object.entries(CONFIG_KEYS)) config[key] = s[field];
  const tensors: Record<string, { offset: number; shape: number[] }> = {};
  let offset = 0;
  for (const [name, t] of file.weights) { tensors[name] = { offset, shape: t.shape }; offset += t.data.length; }
  const header = Buffer.from(JSON.stringify(file.check ? { config, tensors, check: file.check } : { config, tensors }), 'utf8');
  const payload = new Float32Array(offset);
  offset = 0;
  for (const t of file.weights.values()) { payload.set(t.data, offset); offset += t.data.length; }
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(header.length, 0);
  writeFileSync(path, Buffer.concat([prefix, header, Buffer.from(payload.buffer)]));
}
