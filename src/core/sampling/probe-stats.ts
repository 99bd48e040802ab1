import type { Candidates } from './candidates';
import { MAX_DEPTH_NATS } from './canonical-order';
import { expInRange } from './exp64';
import { argmaxPass } from './softmax';

/** Local copies: a CommonJS transpile (tsx) would call a getter for an imported binding on every token. */
const exp = expInRange; // arguments are in [−500, 0] or NaN
const DEPTH = -MAX_DEPTH_NATS; // the same cut-off as the softmax pass
const maxAt = argmaxPass;

/**
 * Per-position statistics of a CGRS probe distribution (spec §4.5): the full-vocabulary entropy H(P) for the
 * 'vocab' certainty and the unnormalised top-K sum −Σ_{top-K} p ln p for the 'topk' certainty.
 */
export interface ProbeStepStats {
  entropy: number;
  topKEntropy: number;
}

function assertK(k: number, limit: number): void {
  if (!Number.isInteger(k) || k < 1 || k > limit) throw new Error(`k must be an integer in [1, ${limit}], got ${k}`);
}

/**
 * −Σ p ln p over the first `count` candidates of `c` in canonical order (fewer when fewer have p > 0), not
 * renormalised: CGRS's top-K entropy and Top-H's reference-mode threshold are both this sum.
 */
export function orderedPrefixEntropy(c: Candidates, count: number): { n: number; entropy: number } {
  const prefix = c.ensureOrdered(count);
  const n = Math.min(count, prefix.length);
  const keys = prefix.keys;
  const invZ = 1 / c.total;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const p = keys[j] * invZ;
    sum -= p * Math.log(p);
  }
  return { n, entropy: sum };
}

/** −Σ_{top-K} p ln p of the distribution last loaded into `c` (whatever its filters kept). */
export function topKEntropy(c: Candidates, k: number): number {
  assertK(k, c.vocabSize);
  return orderedPrefixEntropy(c, k).entropy;
}

/**
 * Both statistics of softmax(l / T) over ids < validTokens, in two passes and without a vocabulary-sized buffer
 * (a K-sized insertion list holds the largest tempered logits; order by z = order by p). Uses ln p = d − ln Z
 * with d = z − max z, so no logarithm per token.
 */
export function probeStepStats(logits: Float32Array, temperature: number, k: number, validTokens: number): ProbeStepStats {
  if (!(temperature > 0 && temperature < Infinity)) throw new Error(`temperature must be finite and > 0, got ${temperature}`);
  if (!Number.isInteger(validTokens) || validTokens < 1 || validTokens > logits.length) {
    throw new Error(`validTokens must be an integer in [1, ${logits.length}], got ${validTokens}`);
  }
  assertK(k, validTokens);
  const argmax = maxAt(logits, validTokens);
  if (argmax < 0) throw new Error('no token left: every logit is -Infinity or NaN');
  const invT = 1 / temperature;
  const top = new Float64Array(k).fill(-Infinity); // descending
  const sums = new Float64Array(2);
  // Chunks rather than one long loop: see softmax.ts on V8's on-stack replacement.
  for (let from = 0; from < validTokens; from += CHUNK) {
    statsChunk(logits, from, Math.min(validTokens, from + CHUNK), logits[argmax], invT, top, sums);
  }
  const z = sums[0];
  const a = sums[1];
  if (!Number.isFinite(z) || !Number.isFinite(a)) throw new Error('logits row contains NaN or +Infinity');
  const logZ = Math.log(z);
  let topSum = 0;
  for (let j = 0; j < k && top[j] > -Infinity; j++) topSum -= (exp(top[j]) / z) * (top[j] - logZ);
  return { entropy: logZ - a / z, topKEntropy: topSum };
}

const CHUNK = 4096;

/** sums += [Σ e, Σ e·d] over [from, to), and the largest d kept in `top` (descending). */
function statsChunk(logits: Float32Array, from: number, to: number, max: number, invT: number, top: Float64Array, sums: Float64Array): void {
  const last = top.length - 1;
  let z = sums[0];
  let a = sums[1];
  for (let i = from; i < to; i++) {
    const d = (logits[i] - max) * invT;
    if (d < DEPTH) continue;
    const e = exp(d);
    z += e;
    a += e * d;
    if (d > top[last]) {
      let j = last;
      while (j > 0 && top[j - 1] < d) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = d;
    }
  }
  sums[0] = z;
  sums[1] = a;
}
