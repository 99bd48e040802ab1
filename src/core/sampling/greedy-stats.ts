import { exp64 } from './exp64';
import { EXP_TABLE, TABLE_LIMIT, TABLE_STEPS_PER_NAT, TAYLOR_C1 } from './exp-table';
import { TOKEN_STATS_TOP, TokenStats } from './token-stats';

/**
 * Rows up to this many tokens get exact weights (exp64 per token: a few µs at the tiny reasoner's 704); longer rows
 * take exp-table.ts's approximation for the bulk (the top tokens' weights stay exact), like the bounded pass.
 */
export const GREEDY_STATS_EXACT_LIMIT = 16_384;

// Module-local copies: a CommonJS transpile (tsx) would call a getter per use of an imported binding.
const TABLE = EXP_TABLE;
const LIMIT = TABLE_LIMIT;
const STEPS = TABLE_STEPS_PER_NAT;
const C1 = TAYLOR_C1;
const TOP = TOKEN_STATS_TOP;
const CHUNK = 4096;
/** [Σ e, Σ e·depth, fifth largest logit so far] between chunks (one row at a time: JS is single-threaded). */
const ACC = new Float64Array(3);

/**
 * Token statistics of a greedy row (T = 1, masks applied) in one read of the row: Z and Σ e·depth for H(p), and the
 * TOKEN_STATS_TOP largest logits in canonical order (descending, ties to the lowest id) by insertion — most tokens
 * cost one compare against the fifth. Why not the sampler's softmax machinery: a greedy row needs no kept set, and
 * the bounded pass lists up to 4,096 head tokens for the filters' sake; on flat rows (a random model at the real
 * 151,936 vocabulary) that listing, not the exp work, was most of the cost (bench:decode: +30–40 % per token).
 * `token` is the greedy choice (the row's argmax), so its logit is the maximum.
 */
export function fillGreedyTokenStats(row: Float32Array, limit: number, token: number, out: TokenStats): void {
  const max = row[token]!;
  if (!(max > -Infinity && max < Infinity)) throw new Error(`greedy token ${token} has logit ${max}: not the argmax of a valid row`);
  const acc = ACC;
  acc[0] = 0;
  acc[1] = 0;
  acc[2] = -Infinity;
  out.topCount = 0;
  const exact = limit <= GREEDY_STATS_EXACT_LIMIT;
  for (let from = 0; from < limit; from += CHUNK) {
    const to = Math.min(limit, from + CHUNK);
    if (exact) exactChunk(row, from, to, max, acc, out);
    else tableChunk(row, from, to, max, acc, out);
  }
  const z = acc[0]!;
  if (!Number.isFinite(z)) throw new Error('logits row contains NaN or +Infinity');
  const depthSum = exact ? acc[1]! : acc[1]! / STEPS;
  const invZ = 1 / z;
  for (let j = 0; j < out.topCount; j++) out.topProbs[j] = exp64(out.topProbs[j]! - max) * invZ; // topProbs held logits
  out.token = token;
  out.p = invZ; // e^(max − max) / Z
  out.entropy = Math.log(z) + depthSum * invZ;
  out.kept = -1;
  out.exact = exact;
}

/** Exact weights: e = e^(l − max) for every finite logit. */
function exactChunk(row: Float32Array, from: number, to: number, max: number, acc: Float64Array, out: TokenStats): void {
  let z = 0;
  let ad = 0;
  let fifth = acc[2]!;
  for (let i = from; i < to; i++) {
    const l = row[i]!;
    if (!(l > -Infinity)) {
      if (l !== l) z = NaN; // NaN: reported after the pass, like the bounded pass does
      continue;
    }
    const d = max - l;
    const e = exp64(-d);
    z += e;
    ad += e * d;
    if (l > fifth) fifth = insert(out, i, l);
  }
  acc[0]! += z;
  acc[1]! += ad;
  acc[2] = fifth;
}

/**
 * Table weights (relative error < 2.5e-6); depths in 1/512 nat; beyond 64 nats a token reads the zero entry. The
 * shape is bounded-pass.ts's bulk loop (two interleaved accumulator chains, and the rare token above the fifth
 * handled outside the loop), measured there 25–35 % faster per token than one chain with the insert inline.
 */
function tableChunk(row: Float32Array, from: number, to: number, max: number, acc: Float64Array, out: TokenStats): void {
  let i = from;
  while (i < to) {
    i = tableRun(row, i, to, max, acc);
    const end = Math.min(to, i + 2);
    for (; i < end; i++) tableToken(row, i, max, acc, out);
  }
}

/** Bulk tokens from `from` on, two per iteration, until a pair holds a logit above the fifth; returns that pair's index. */
function tableRun(row: Float32Array, from: number, to: number, max: number, acc: Float64Array): number {
  const table = TABLE;
  const fifth = acc[2]!;
  let z0 = 0;
  let z1 = 0;
  let ay0 = 0;
  let ay1 = 0;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const l0 = row[i]!;
    const l1 = row[i + 1]!;
    if (l0 > fifth || l1 > fifth) break;
    let y0 = (max - l0) * STEPS;
    let y1 = (max - l1) * STEPS;
    if (y0 > LIMIT) y0 = LIMIT; // −∞ too; NaN stays NaN and poisons Z (reported after the pass)
    if (y1 > LIMIT) y1 = LIMIT;
    const k0 = y0 | 0;
    const k1 = y1 | 0;
    const e0 = table[k0]! * (1 - (y0 - k0) * C1);
    const e1 = table[k1]! * (1 - (y1 - k1) * C1);
    z0 += e0;
    ay0 += e0 * y0;
    z1 += e1;
    ay1 += e1 * y1;
  }
  acc[0]! += z0 + z1;
  acc[1]! += ay0 + ay1;
  return i;
}

/** One token on the accumulators, inserted into the top list when above the fifth. */
function tableToken(row: Float32Array, i: number, max: number, acc: Float64Array, out: TokenStats): void {
  const l = row[i]!;
  let y = (max - l) * STEPS;
  if (y > LIMIT) y = LIMIT;
  const k = y | 0;
  const e = TABLE[k]! * (1 - (y - k) * C1);
  acc[0]! += e;
  acc[1]! += e * y;
  if (l > acc[2]!) acc[2] = insert(out, i, l);
}

/** Inserts (id, logit) into the descending top list (ids arrive ascending: an equal logit stays behind); returns the new bar. */
function insert(out: TokenStats, id: number, l: number): number {
  const ids = out.topIds;
  const xs = out.topProbs;
  let j = out.topCount < TOP ? out.topCount++ : TOP - 1;
  while (j > 0 && xs[j - 1]! < l) {
    xs[j] = xs[j - 1]!;
    ids[j] = ids[j - 1]!;
    j--;
  }
  xs[j] = l;
  ids[j] = id;
  return out.topCount < TOP ? -Infinity : xs[TOP - 1]!;
}

/**
 * Runs both chunk shapes once when the module loads, for bounded-pass.ts's reason: a first real row compiled
 * mid-loop (on-stack replacement) without type feedback for the code after the loop deoptimised on later calls.
 */
function warmUp(): void {
  const out = new TokenStats();
  for (const n of [64, GREEDY_STATS_EXACT_LIMIT + 2 * CHUNK + 3]) {
    const row = Float32Array.from({ length: n }, (_, i) => (i % 9 === 0 ? -Infinity : ((i * 7919) % 101) / 10));
    let best = 0;
    for (let i = 1; i < n; i++) if (row[i]! > row[best]!) best = i;
    fillGreedyTokenStats(row, n, best, out);
  }
}
warmUp();
