/**
 * A plain float64 Qwen3 forward pass (the math of /work/notes/weights-format.md, as in HF
 * modeling_qwen3), independent of the ONNX graph: the oracle for the builder's tests.
 */
import type { ModelShape } from '../../../tools/model-builder/presets';
import type { Weights } from '../../../tools/model-builder/weights';

type Vec = Float64Array;

/** Logits [seq][vocab] for one unpadded sequence. */
export function referenceLogits(s: ModelShape, weights: Weights, ids: number[]): Vec[] {
  const W = (name: string): Float32Array => weights.get(name)!.data;
  const D = s.headDim;
  const embed = W('model.embed_tokens.weight');
  let x: Vec[] = ids.map((id) => Float64Array.from(embed.subarray(id * s.hidden, (id + 1) * s.hidden)));
  const invFreq = Array.from({ length: D / 2 }, (_, i) => 1 / s.ropeTheta ** ((2 * i) / D));
  const rope = (v: Vec, pos: number): Vec => {
    const out = new Float64Array(D);
    for (let i = 0; i < D; i++) {
      const angle = pos * invFreq[i % (D / 2)]!;
      const rotated = i < D / 2 ? -v[i + D / 2]! : v[i - D / 2]!;
      out[i] = v[i]! * Math.cos(angle) + rotated * Math.sin(angle);
    }
    return out;
  };
  const norm = (v: Vec, w: Float32Array): Vec => {
    const ms = v.reduce((a, b) => a + b * b, 0) / v.length;
    const r = 1 / Math.sqrt(ms + s.rmsNormEps);
    return v.map((e, i) => e * r * w[i]!);
  };
  /** nn.Linear: W [out, in]. */
  const linear = (v: Vec, w: Float32Array): Vec => {
    const out = new Float64Array(w.length / v.length);
    for (let o = 0; o < out.length; o++) {
      let acc = 0;
      for (let i = 0; i < v.length; i++) acc += w[o * v.length + i]! * v[i]!;
      out[o] = acc;
    }
    return out;
  };
  const head = (v: Vec, h: number): Vec => v.subarray(h * D, (h + 1) * D);

  for (let l = 0; l < s.layers; l++) {
    const p = `model.layers.${l}.`;
    const h = x.map((v) => norm(v, W(`${p}input_layernorm.weight`)));
    const q = h.map((v, t) => Array.from({ length: s.heads }, (_, hd) => rope(norm(head(linear(v, W(`${p}self_attn.q_proj.weight`)), hd), W(`${p}self_attn.q_norm.weight`)), t)));
    const k = h.map((v, t) => Array.from({ length: s.kvHeads }, (_, hd) => rope(norm(head(linear(v, W(`${p}self_attn.k_proj.weight`)), hd), W(`${p}self_attn.k_norm.weight`)), t)));
    const vv = h.map((v) => Array.from({ length: s.kvHeads }, (_, hd) => head(linear(v, W(`${p}self_attn.v_proj.weight`)), hd)));
    const group = s.heads / s.kvHeads;
    const attn = q.map((qt, t) => {
      const out = new Float64Array(s.heads * D);
      qt.forEach((qh, hd) => {
        const kvh = Math.floor(hd / group);
        const scores = Array.from({ length: t + 1 }, (_, j) => qh.reduce((a, e, i) => a + e * k[j]![kvh]![i]!, 0) / Math.sqrt(D));
        const m = Math.max(...scores);
        const e = scores.map((sc) => Math.exp(sc - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j <= t; j++) for (let i = 0; i < D; i++) out[hd * D + i]! += (e[j]! / z) * vv[j]![kvh]![i]!;
      });
      return out;
    });
    x = x.map((v, t) => {
      const o = linear(attn[t]!, W(`${p}self_attn.o_proj.weight`));
      return v.map((e, i) => e + o[i]!);
    });
    x = x.map((v) => {
      const h2 = norm(v, W(`${p}post_attention_layernorm.weight`));
      const gate = linear(h2, W(`${p}mlp.gate_proj.weight`));
      const up = linear(h2, W(`${p}mlp.up_proj.weight`));
      const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * up[i]!);
      const down = linear(act, W(`${p}mlp.down_proj.weight`));
      return v.map((e, i) => e + down[i]!);
    });
  }
  return x.map((v) => linear(norm(v, W('model.norm.weight')), embed));
}
