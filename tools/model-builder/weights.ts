/**
 * Qwen3 weights by Hugging Face name, in Hugging Face layout (matrices [out_features, in_features]),
 * and seeded random ones for untrained test models.
 */
import type { ModelShape } from './presets';

export interface WeightTensor { shape: number[]; data: Float32Array }
export type Weights = Map<string, WeightTensor>;

/** Every tensor a tied-embedding Qwen3 model needs, with its shape, in a fixed order. */
export function weightShapes(s: ModelShape): [name: string, shape: number[]][] {
  const out: [string, number[]][] = [['model.embed_tokens.weight', [s.vocab, s.hidden]]];
  for (let i = 0; i < s.layers; i++) {
    const p = `model.layers.${i}.`;
    out.push(
      [`${p}input_layernorm.weight`, [s.hidden]],
      [`${p}self_attn.q_proj.weight`, [s.heads * s.headDim, s.hidden]],
      [`${p}self_attn.k_proj.weight`, [s.kvHeads * s.headDim, s.hidden]],
      [`${p}self_attn.v_proj.weight`, [s.kvHeads * s.headDim, s.hidden]],
      [`${p}self_attn.o_proj.weight`, [s.hidden, s.heads * s.headDim]],
      [`${p}self_attn.q_norm.weight`, [s.headDim]],
      [`${p}self_attn.k_norm.weight`, [s.headDim]],
      [`${p}post_attention_layernorm.weight`, [s.hidden]],
      [`${p}mlp.gate_proj.weight`, [s.intermediate, s.hidden]],
      [`${p}mlp.up_proj.weight`, [s.intermediate, s.hidden]],
      [`${p}mlp.down_proj.weight`, [s.hidden, s.intermediate]],
    );
  }
  out.push(['model.norm.weight', [s.hidden]]);
  return out;
}

/** Throws naming the first tensor that is missing, unexpected or the wrong shape or length. */
export function validateWeights(shape: ModelShape, weights: Weights, source = 'weights'): void {
  const expected = weightShapes(shape);
  const names = new Set(expected.map(([n]) => n));
  for (const name of weights.keys()) {
    if (!names.has(name)) throw new Error(`${source}: unexpected tensor ${name} (not part of this Qwen3 shape)`);
  }
  for (const [name, dims] of expected) {
    const t = weights.get(name);
    if (!t) throw new Error(`${source}: missing tensor ${name} (expected shape [${dims.join(', ')}])`);
    if (t.shape.length !== dims.length || t.shape.some((d, i) => d !== dims[i])) {
      throw new Error(`${source}: tensor ${name} has shape [${t.shape.join(', ')}], expected [${dims.join(', ')}]`);
    }
    if (t.data.length !== dims.reduce((a, b) => a * b, 1)) {
      throw new Error(`${source}: tensor ${name} holds ${t.data.length} values, its shape [${dims.join(', ')}] needs ${dims.reduce((a, b) => a * b, 1)}`);
    }
  }
}

/**
 * Random weights: embedding N(0, 0.05²) (larger makes greedy output collapse onto one token with
 * tied embeddings), other matrices N(0, 1/fan_in), norms 1. Deterministic for a seed.
 */
export function randomWeights(shape: ModelShape, seed: number): Weights {
  const rng = new NormalRng(seed);
  const weights: Weights = new Map();
  for (const [name, dims] of weightShapes(shape)) {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    if (dims.length === 1) data.fill(1);
    else rng.fill(data, name === 'model.embed_tokens.weight' ? 0.05 : 1 / Math.sqrt(dims[1]!));
    weights.set(name, { shape: dims, data });
  }
  return weights;
}

/** sfc32 uniform bits + Marsaglia's polar method (no trig): ~10 M normals in about 0.2 s. */
export class NormalRng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an integer in 0..2^32-1, got ${seed}`);
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** Uniform 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  fill(out: Float32Array, std: number): void {
    // sfc32 inlined on locals: field access in the hot loop costs ~2x.
    let { a, b, c, d } = this;
    const SCALE = 2 / 4294967296;
    for (let i = 0; i < out.length; ) {
      let t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
      const u = (t >>> 0) * SCALE - 1;
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
      const v = (t >>> 0) * SCALE - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = std * Math.sqrt((-2 * Math.log(s)) / s);
      out[i++] = u * f;
      if (i < out.length) out[i++] = v * f;
    }
    Object.assign(this, { a, b, c, d });
  }
}
