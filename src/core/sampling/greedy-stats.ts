import { BULK_AY, BULK_Z, bulkRun } from './bounded-pass';
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

// Slots of STATE, the pass's locals between chunks (one row at a time: JS is single-threaded).
const Z = BULK_Z; // Σ e, relative to the running maximum (bulkRun adds here)
const DEPTH = BULK_AY; // Σ e·depth (nats when exact, 1/512 nat otherwise; bulkRun adds here)
const MAX = 2;
const ARGMAX = 3;
const FIFTH = 4; // the TOP-th largest logit so far (−∞ until TOP tokens were seen)
const STATE = new Float64Array(5);

/**
 * A greedy row's choice and its token statistics in one read of the row (T = 1, masks applied): the argmax (lowest id
 * of the largest logit, as the greedy stage picks it), Z and Σ e·depth for H(p) against a running maximum (rescaled
 * when it rises), and the TOKEN_STATS_TOP largest logits in canonical order by insertion — most tokens cost one
 * compare against the fifth. It replaces the greedy stage's own argmax pass, so the statistics cost the difference
 * between this pass and an argmax (bench:decode). Why not the sampler's softmax machinery: a greedy row needs no kept
 * set, and the bounded pass lists up to 4,096 head tokens for the filters' sake; on flat rows (a random model at the
 * real 151,936 vocabulary) that listing was most of the cost. Returns the argmax; throws on NaN or +∞ like the
 * softmax passes, and when no logit is finite.
 */
export function greedyWithStats(row: Float32Array, limit: number, out: TokenStats): number {
  let start = 0;
  while (start < limit && row[start] === -Infinity) start++;
  if (start === limit) throw new Error('no token left to sample: every logit is masked, -Infinity or NaN');
  const s = STATE;
  s[Z] = 0;
  s[DEPTH] = 0;
  s[MAX] = row[start]!; // NaN here poisons Z and is reported below
  s[ARGMAX] = start;
  s[FIFTH] = -Infinity;
  out.topCount = 0;
  const exact = limit <= GREEDY_STATS_EXACT_LIMIT;
  for (let from = start; from < limit; from += CHUNK) {
    const to = Math.min(limit, from + CHUNK);
    if (exact) exactChunk(row, from, to, out);
    else tableChunk(row, from, to, out);
  }
  const z = s[Z]!;
  const max = s[MAX]!;
  if (!Number.isFinite(z) || !Number.isFinite(max)) throw new Error('logits row contains NaN or +Infinity');
  const invZ = 1 / z;
  for (let j = 0; j < out.topCount; j++) out.topProbs[j] = exp64(out.topProbs[j]! - max) * invZ; // topProbs held logits
  const token = s[ARGMAX]!;
  out.token = token;
  out.p = invZ; // e^(max − max) / Z
  out.entropy = Math.log(z) + (exact ? s[DEPTH]! : s[DEPTH]! / STEPS) * invZ;
  out.kept = -1;
  out.exact = exact;
  return token;
}

/** The running maximum rises to l (at id i): the sums, relative to it, scale by e^(−shift); every depth grows by shift. */
function raiseMax(l: number, i: number, depthUnit: number): void {
  const s = STATE;
  const shift = l - s[MAX]!;
  const f = exp64(-shift);
  s[DEPTH] = f * (s[DEPTH]! + shift * depthUnit * s[Z]!);
  s[Z]! *= f;
  s[MAX] = l;
  s[ARGMAX] = i;
}

/** Exact weights e = e^(l − max); −∞ weighs nothing; NaN poisons Z. */
function exactChunk(row: Float32Array, from: number, to: number, out: TokenStats): void {
  const s = STATE;
  for (let i = from; i < to; i++) {
    const l = row[i]!;
    if (l > s[FIFTH]!) {
      if (l > s[MAX]!) raiseMax(l, i, 1);
      s[FIFTH] = insert(out, i, l);
    }
    if (l === -Infinity) continue;
    const d = s[MAX]! - l;
    const e = exp64(-d);
    s[Z]! += e;
    s[DEPTH]! += e * d;
  }
}

/**
 * Table weights (relative error < 2.5e-6); depths in 1/512 nat; beyond 64 nats a token reads the zero entry. The bulk
 * is bounded-pass.ts's own loop with the fifth as its bar (two interleaved accumulator chains; the rare token above
 * the fifth handled outside the loop, so the maximum is constant inside it).
 */
function tableChunk(row: Float32Array, from: number, to: number, out: TokenStats): void {
  let i = from;
  while (i < to) {
    i = bulkRun(row, i, to, STATE[MAX]!, STATE[FIFTH]!, STEPS, STATE); // a bar of the fifth: the rare tokens above it come here
    const end = Math.min(to, i + 2);
    for (; i < end; i++) tableToken(row, i, out);
  }
}

/** One token: a new maximum rescales the sums; above the fifth it enters the top list; then its weight. */
function tableToken(row: Float32Array, i: number, out: TokenStats): void {
  const s = STATE;
  const l = row[i]!;
  if (l > s[FIFTH]!) {
    if (l > s[MAX]!) raiseMax(l, i, STEPS);
    s[FIFTH] = insert(out, i, l);
  }
  let y = (s[MAX]! - l) * STEPS;
  if (y > LIMIT) y = LIMIT;
  const k = y | 0;
  const e = TABLE[k]! * (1 - (y - k) * C1);
  s[Z]! += e;
  s[DEPTH]! += e * y;
}

/** Inserts (id, logit) into the descending top list (ids arrive ascending: an equal logit stays behind); returns the new fifth. */
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
    const row = Float32Array.from({ length: n }, (_, i) => (i % 9 === 0 ? -Infinity : ((i * 7919) % 101) / 10 + i / n));
    greedyWithStats(row, n, out);
  }
}
warmUp();
