/**
 * Where lanes part ways, by token ids. For every pair of lanes, the length of their common prefix; for
 * each lane, its departure: the longest common prefix it shares with any other lane, i.e. the position
 * where it leaves the lanes closest to it. Pure.
 */
import { quoteToken } from './token-text';

/** One lane's trace as divergence needs it: ids, and each token's text for the sentences. */
export interface LaneTokens {
  readonly lane: string;
  readonly label: string;
  readonly ids: readonly number[];
  readonly texts: readonly string[];
}

export interface PairDivergence {
  readonly a: string;
  readonly b: string;
  /** Tokens both lanes wrote identically from the start. */
  readonly common: number;
  /** The first token where they differ (index `common`), or null where that lane ended. */
  readonly aNext: string | null;
  readonly bNext: string | null;
}

export interface Departure {
  /** Tokens shared with the closest lanes = index of the lane's first token that none of them wrote there. */
  readonly position: number;
  /** The lanes sharing that longest prefix. */
  readonly closest: readonly string[];
  /** False when the whole trace is shared with a closest lane (identical, or a prefix of it): nothing to mark. */
  readonly departs: boolean;
}

export function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Every pair of lanes, in lane order (a before b). */
export function pairDivergences(lanes: readonly LaneTokens[]): PairDivergence[] {
  const pairs: PairDivergence[] = [];
  for (let i = 0; i < lanes.length; i++) {
    for (let j = i + 1; j < lanes.length; j++) {
      const a = lanes[i]!;
      const b = lanes[j]!;
      const common = commonPrefix(a.ids, b.ids);
      pairs.push({ a: a.lane, b: b.lane, common, aNext: a.texts[common] ?? null, bNext: b.texts[common] ?? null });
    }
  }
  return pairs;
}

/** Each lane's departure from the others; empty with fewer than two lanes. */
export function departures(lanes: readonly LaneTokens[], pairs: readonly PairDivergence[] = pairDivergences(lanes)): Map<string, Departure> {
  const out = new Map<string, Departure>();
  if (lanes.length < 2) return out;
  for (const lane of lanes) {
    const mine = pairs.filter((p) => p.a === lane.lane || p.b === lane.lane);
    const position = Math.max(...mine.map((p) => p.common));
    const closest = mine.filter((p) => p.common === position).map((p) => (p.a === lane.lane ? p.b : p.a));
    out.set(lane.lane, { position, closest, departs: position < lane.ids.length });
  }
  return out;
}

function tokensWord(n: number): string {
  return `${n} token${n === 1 ? '' : 's'}`;
}

/** "Top-H and Greedy agree for 84 tokens, then Top-H writes ' 5' where Greedy writes ' 6'." */
export function divergenceSentence(p: PairDivergence, labelOf: (lane: string) => string): string {
  const a = labelOf(p.a);
  const b = labelOf(p.b);
  if (p.aNext === null && p.bNext === null) return `${a} and ${b} write the same ${tokensWord(p.common)}.`;
  const start = p.common === 0 ? `${a} and ${b} differ from the first token` : `${a} and ${b} agree for ${tokensWord(p.common)}`;
  if (p.aNext === null) return `${start}, then ${a} ends where ${b} goes on with ${quoteToken(p.bNext!)}.`;
  if (p.bNext === null) return `${start}, then ${b} ends where ${a} goes on with ${quoteToken(p.aNext)}.`;
  const joint = p.common === 0 ? ':' : ', then';
  return `${start}${joint} ${a} writes ${quoteToken(p.aNext)} where ${b} writes ${quoteToken(p.bNext)}.`;
}

/** The tooltip line of the cell where a lane departs. */
export function departureNote(d: Departure, labelOf: (lane: string) => string): string {
  const who = d.closest.map(labelOf).join(', ');
  return d.position === 0
    ? `Departure: this lane differs from every other lane from its first token (closest: ${who}).`
    : `Departure: after ${tokensWord(d.position)} shared with ${who}, this lane writes something else here.`;
}
