import { exp64 } from './exp64';
import { EXP_TABLE, TABLE_LIMIT, TABLE_STEPS_PER_NAT, TAYLOR_C1 } from './exp-table';

/**
 * The bounded softmax pass: one pass over the row instead of the exact pass's max pass plus exp-and-file pass,
 * computing exact weights only for the head of the distribution and certified bounds for the rest.
 *
 * Per token it compares the logit with a running bar. Above the bar ("head": within HEAD_DEPTH_NATS of the running
 * maximum, or among the HEAD_MIN_TOKENS largest logits so far, but at most the HEAD_KEEP largest once the list
 * fills) the id is listed; below it the weight is
 * approximated with exp-table.ts relative to the running maximum and summed (Σ e, and Σ e·depth when the row needs
 * H(p); both rescaled by exp64 whenever the maximum rises). After the pass `fileHead` (head-filing.ts) computes the head's weights exactly as the exact
 * pass would (same expression, same exp64), files them into the canonical-order buckets, and keeps the buckets
 * above the final threshold — all of whose tokens were listed — as a known canonical prefix.
 *
 * Why it is cheaper: the bulk costs a table look-up and a multiply-add, no exp64 and no stores; the exact
 * pass also writes four arrays per token.
 */

export const HEAD_DEPTH_NATS = 10;
export const HEAD_MIN_TOKENS = 32;
/**
 * The head list's size. When it fills (a flat or heavy-tailed row), the bar rises to the HEAD_KEEP-th largest listed
 * logit and the tokens below it move to the bulk: exact work stays bounded, and a stage that needs a longer known
 * prefix completes the row instead.
 */
export const HEAD_CAPACITY = 4096;
export const HEAD_KEEP = 2048;

// Module-local copies: a CommonJS transpile (tsx) would call a getter per use of an imported binding.
const TABLE = EXP_TABLE;
const LIMIT = TABLE_LIMIT;
const STEPS = TABLE_STEPS_PER_NAT;
const C1 = TAYLOR_C1;
const CAP = HEAD_CAPACITY;
const KEEP = HEAD_KEEP;
const LAST_TOP = HEAD_MIN_TOKENS - 1;
const expSafe = exp64;
const CHUNK = 4096;
const SAMPLE_STRIDE = 61;

// Slots of BoundedPass.state (the chunk function's locals between calls). bulkRun adds to slots 0 and 1 of any
// state array; greedy-stats.ts keeps its Σ e and Σ e·y there too.
export const BULK_Z = 0;
export const BULK_AY = 1;
const Z = BULK_Z;
const AY = BULK_AY;
const COUNT = 2;
const MAX = 3;
const BAR = 4;
const ARGMAX = 5;
const START = 6;
const FLOOR = 7;
const INV_T = 8;
const SCALE = 9;
const HEAD_DEPTH = 10;

/** Scratch and results of the bounded pass for one row; reused for every row. */
export class BoundedPass {
  /** Ids listed above the bar, ascending: a superset of every token whose logit exceeds `threshold`. */
  readonly head = new Int32Array(CAP);
  headCount = 0;
  /** The HEAD_MIN_TOKENS largest logits seen so far, descending. */
  readonly top = new Float64Array(HEAD_MIN_TOKENS);
  readonly state = new Float64Array(11);
  /** Logits of the listed tokens while the bar rises (selection scratch). */
  readonly scratch = new Float64Array(CAP);
  /** Largest logit and the lowest id holding it. */
  max = -Infinity;
  argmax = -1;
  /** Σ approximate e and Σ e·y (y = depth in 1/512 nat; NaN when not asked for) below the bar, relative to `max`. */
  bulkTotal = 0;
  bulkDepthSum = 0;
  /**
   * max(risen floor, min(max − HEAD_DEPTH_NATS·T, HEAD_MIN_TOKENS-th largest logit)): the final bar, at least every
   * bar the pass used (bars only rise), so every logit above it is in `head`.
   */
  threshold = -Infinity;

  /**
   * Runs the pass over source[0, limit) at 1/T = invTemperature. Throws like the exact pass on rows with no finite
   * logit, NaN or +∞.
   */
  run(source: Float32Array, limit: number, invTemperature: number, withEntropy: boolean): void {
    // The bulk formula needs a finite running maximum: skip leading −∞ (and catch leading NaN).
    let start = 0;
    let sawNaN = false;
    while (start < limit && !(source[start]! > -Infinity)) {
      if (source[start] !== source[start]) sawNaN = true;
      start++;
    }
    if (start === limit) throw new Error('no token left to sample: every logit is masked, -Infinity or NaN');
    if (sawNaN) throw new Error('logits row contains NaN or +Infinity');
    // Start the running maximum and the top list from a strided sample (ids start + k·SAMPLE_STRIDE, which the
    // pass then leaves out of the top list): the bar starts near its final height, so the head list holds little
    // more than the final head.
    const top = this.top;
    top.fill(-Infinity);
    let max = source[start]!;
    let argmax = start;
    for (let i = start; i < limit; i += SAMPLE_STRIDE) {
      const l = source[i]!;
      if (l > max) {
        max = l;
        argmax = i;
      }
      if (l > top[LAST_TOP]!) insertTop(top, l);
    }
    const headDepth = HEAD_DEPTH_NATS / invTemperature; // in logits
    const s = this.state;
    s[Z] = 0;
    s[AY] = 0;
    s[COUNT] = 0;
    s[MAX] = max;
    s[BAR] = Math.min(max - headDepth, top[LAST_TOP]!);
    s[ARGMAX] = argmax;
    s[START] = start;
    s[FLOOR] = -Infinity;
    s[INV_T] = invTemperature;
    s[SCALE] = STEPS * invTemperature;
    s[HEAD_DEPTH] = headDepth;
    for (let from = start; from < limit; from += CHUNK) passChunk(source, from, Math.min(limit, from + CHUNK), this, withEntropy);
    this.headCount = s[COUNT];
    this.max = s[MAX];
    this.argmax = s[ARGMAX];
    this.bulkTotal = s[Z];
    this.bulkDepthSum = withEntropy ? s[AY] : NaN;
    if (this.max === Infinity || !Number.isFinite(this.bulkTotal) || (withEntropy && !Number.isFinite(this.bulkDepthSum))) {
      throw new Error('logits row contains NaN or +Infinity');
    }
    this.threshold = Math.max(s[FLOOR], Math.min(this.max - headDepth, this.top[LAST_TOP]!));
  }
}

/**
 * One chunk of the pass (chunks, not one long loop: see softmax.ts on V8's on-stack replacement): bulk runs between
 * the tokens above the bar, which go one by one through `slowToken`.
 */
function passChunk(source: Float32Array, from: number, to: number, pass: BoundedPass, withEntropy: boolean): void {
  const s = pass.state;
  let i = from;
  while (i + 1 < to) {
    i = withEntropy ? bulkRun(source, i, to, s[MAX]!, s[BAR]!, s[SCALE]!, s) : bulkRunTotal(source, i, to, s[MAX]!, s[BAR]!, s[SCALE]!, s);
    if (i + 1 < to) {
      slowToken(source, i, pass);
      slowToken(source, i + 1, pass);
      i += 2;
    }
  }
  if (i < to) slowToken(source, i, pass);
}

/**
 * The hot loop: bulk tokens from `from` on, two per iteration with two accumulators, until a pair holds a token
 * above the bar; returns that pair's index. Why this shape (each measured ~25–35% faster per token than the
 * alternative): the work per token is one dependency chain, so two interleaved chains overlap; and the loop leaves
 * rather than handling a head token inline, so its maximum, bar and scale never change inside it.
 */
export function bulkRun(source: Float32Array, from: number, to: number, max: number, bar: number, scale: number, s: Float64Array): number {
  let z0 = 0;
  let ay0 = 0;
  let z1 = 0;
  let ay1 = 0;
  const table = TABLE;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const l0 = source[i]!;
    const l1 = source[i + 1]!;
    if (l0 > bar || l1 > bar) break;
    let y0 = (max - l0) * scale;
    let y1 = (max - l1) * scale;
    if (y0 > LIMIT) y0 = LIMIT; // −∞ and tails beyond 64 nats read the zero entry; NaN stays NaN and poisons z
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
  s[Z]! += z0 + z1;
  s[AY]! += ay0 + ay1;
  return i;
}

/** bulkRun without Σ e·y, for rows that do not need H(p). */
function bulkRunTotal(source: Float32Array, from: number, to: number, max: number, bar: number, scale: number, s: Float64Array): number {
  let z0 = 0;
  let z1 = 0;
  const table = TABLE;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const l0 = source[i]!;
    const l1 = source[i + 1]!;
    if (l0 > bar || l1 > bar) break;
    let y0 = (max - l0) * scale;
    let y1 = (max - l1) * scale;
    if (y0 > LIMIT) y0 = LIMIT;
    if (y1 > LIMIT) y1 = LIMIT;
    const k0 = y0 | 0;
    const k1 = y1 | 0;
    z0 += table[k0]! * (1 - (y0 - k0) * C1);
    z1 += table[k1]! * (1 - (y1 - k1) * C1);
  }
  s[Z]! += z0 + z1;
  return i;
}

/** One token on the state array: listed if above the bar, else added to the bulk sums. */
function slowToken(source: Float32Array, i: number, pass: BoundedPass): void {
  const s = pass.state;
  const l = source[i]!;
  if (l > s[BAR]!) {
    enterHead(source, i, l, pass);
    return;
  }
  let y = (s[MAX]! - l) * s[SCALE]!;
  if (y > LIMIT) y = LIMIT;
  const k = y | 0;
  const e = TABLE[k]! * (1 - (y - k) * C1);
  s[Z]! += e;
  s[AY]! += e * y;
}

/** Lists token i (logit l) in the head and updates the maximum, the top list and the bar. */
function enterHead(source: Float32Array, i: number, l: number, pass: BoundedPass): void {
  const { state: s, head, top } = pass;
  if (s[COUNT] === CAP) raiseFloor(source, pass);
  head[s[COUNT]!++] = i;
  let max = s[MAX]!;
  if (l > max) {
    // New maximum: the bulk sums are relative to it. e' = e·f, y' = y + shift·512, so Σe'y' = f(Σey + shift·512·Σe).
    const shift = (l - max) * s[INV_T]!;
    const f = expSafe(-shift);
    s[AY] = f * (s[AY]! + shift * STEPS * s[Z]!);
    s[Z]! *= f;
    s[MAX] = max = l;
    s[ARGMAX] = i;
  } else if (l === max && i < s[ARGMAX]!) {
    s[ARGMAX] = i; // the sample may have set the maximum from a later id: ties go to the lowest id
  }
  if (l > top[LAST_TOP]! && (i - s[START]!) % SAMPLE_STRIDE !== 0) insertTop(top, l); // sampled ids are in already
  s[BAR] = Math.max(s[FLOOR]!, Math.min(max - s[HEAD_DEPTH]!, top[LAST_TOP]!));
}

/**
 * The list is full: raise the floor of the bar to the KEEP-th largest listed logit and move the listed tokens at or
 * below it into the bulk sums (approximated relative to the running maximum, like every bulk token). Bars only
 * rise, so the final threshold still bounds every bar used.
 */
function raiseFloor(source: Float32Array, pass: BoundedPass): void {
  const { state: s, head, scratch } = pass;
  const scale = s[SCALE]!;
  const n = s[COUNT]!;
  for (let k = 0; k < n; k++) scratch[k] = source[head[k]!]!;
  const floor = Math.max(s[FLOOR]!, kthLargest(scratch, n, KEEP));
  s[FLOOR] = floor;
  const max = s[MAX]!;
  let z = s[Z]!;
  let ay = s[AY]!;
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const id = head[k]!;
    const l = source[id]!;
    if (l > floor) {
      head[kept++] = id;
      continue;
    }
    let y = (max - l) * scale;
    if (y > LIMIT) y = LIMIT;
    const j = y | 0;
    const e = TABLE[j]! * (1 - (y - j) * C1);
    z += e;
    ay += e * y;
  }
  s[COUNT] = kept;
  s[Z] = z;
  s[AY] = ay;
}

/** The k-th largest of values[0, n) (1 ≤ k ≤ n), reordering them (quickselect, Hoare partition). */
export function kthLargest(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}

/** Inserts l into the descending list `top`, dropping its last entry. */
function insertTop(top: Float64Array, l: number): void {
  let j = LAST_TOP;
  while (j > 0 && top[j - 1]! < l) {
    top[j] = top[j - 1]!;
    j--;
  }
  top[j] = l;
}

/**
 * Runs both chunk functions once, on a tiny row that takes every branch, when the module loads. Why: the first real
 * row's 4096-token chunk makes V8 compile the chunk function mid-loop (on-stack replacement) before the code after
 * the loop ever ran; without type feedback there, Node 20 deoptimised at that code on every later call (measured:
 * 3–5× slower passes). One interpreted run gives every path its feedback.
 */
function warmUp(): void {
  const row = new Float32Array(96);
  for (let i = 0; i < row.length; i++) row[i] = i % 7 === 0 ? -Infinity : -0.5 * i + (i % 5);
  row[90] = 60; // a new maximum after many bulk tokens (rescaling), with top-list insertions on the way
  const pass = new BoundedPass();
  pass.run(row, row.length, 1, true);
  pass.run(row, row.length, 1, false);
  const many = Float32Array.from({ length: CAP + 200 }, (_, i) => (i * 7919) % 97); // fills the list: raises the floor
  pass.run(many, many.length, 1, true);
  pass.run(many, many.length, 1, false);
}
warmUp();
