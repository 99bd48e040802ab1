/**
 * What the tooltip of a strip cell says: the token, its p, the entropy it was drawn from, |S| where a
 * filter was active, the forced / suppressed flags, a CGRS checkpoint after it, where the lane departs
 * from the others, and the top 5 alternatives. Pure; every number carries its unit or definition.
 */
import type { CgrsCheckpoint, TokenRecord } from '../../../protocol/run';
import { formatProb } from '../format';
import { quoteToken } from './token-text';

export interface TipAlternative {
  readonly token: string;
  readonly p: string;
  /** This is the token the lane wrote. */
  readonly chosen: boolean;
}

export interface TokenTip {
  readonly heading: string;
  readonly facts: readonly string[];
  readonly alternatives: readonly TipAlternative[];
}

/** Probabilities to 3 decimals; tiny ones in exponent form rather than a misleading 0.000. */
export function formatTokenP(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p === 0 || p >= 0.001) return p.toFixed(3);
  return p.toExponential(1);
}

export function formatNats(h: number): string {
  return `${Number.isFinite(h) ? h.toFixed(2) : '—'} nats`;
}

export interface TipContext {
  /** 0-based index of the token in its trace, and the trace's length. */
  readonly index: number;
  readonly length: number;
  /** The CGRS checkpoint that fired right after this token. */
  readonly checkpoint?: CgrsCheckpoint;
  /** The lane departs from its closest lanes at this token: their labels and what they wrote here. */
  readonly departure?: string;
}

function distributionFacts(r: TokenRecord): string[] {
  if (r.forced) return ['Forced: fed without sampling, so it has no distribution (no p, entropy or alternatives).'];
  const facts = [`p ${r.p === null ? '—' : formatTokenP(r.p)} (probability of this token)`, `entropy ${r.entropy === null ? '—' : formatNats(r.entropy)}`];
  if (r.kept !== null) facts.push(`|S| ${r.kept} (tokens the filters kept to sample from)`);
  if (r.top.length > 0 && !r.top.some((a) => a.id === r.id)) facts.push('The chosen token is not among the 5 most probable.');
  return facts;
}

export function tokenTip(r: TokenRecord, ctx: TipContext): TokenTip {
  const facts = distributionFacts(r);
  if (r.suppressed) facts.push('Suppressed step: reflection triggers (“Wait”, “But”, …) were masked here.');
  if (ctx.checkpoint) {
    facts.push(`CGRS checkpoint after this token: certainty ${formatProb(ctx.checkpoint.certainty)}, p(suppress) ${formatProb(ctx.checkpoint.pSup)}`);
  }
  if (ctx.departure) facts.push(ctx.departure);
  return {
    heading: `Token ${ctx.index + 1} of ${ctx.length} · ${r.phase} · ${quoteToken(r.text)}`,
    facts,
    alternatives: r.top.map((a) => ({ token: quoteToken(a.text), p: formatTokenP(a.p), chosen: a.id === r.id })),
  };
}
