/**
 * Rules that tie settings together (spec §3.3, §4.7, §5.2, §6), checked after every setting passed its own
 * type and range: greedy rows where they mean nothing, filters under temperature 0, Top-H's candidate cap
 * outside the reference rule, FFS's k above n, a CGRS thinking budget of zero, a forced budget that never applies.
 */
import type { MethodId } from './limits';
import { getAt } from './paths';
import { issue, type ParamIssue } from './issues';

const FILTERS = ['sampling.topK', 'sampling.topP', 'sampling.minP', 'sampling.topH'] as const;

/** Why temperature 0 is refused, per method (spec §6); null where greedy rows are meaningful (CGRS). */
function greedyRejection(method: MethodId): string | null {
  switch (method) {
    case 'ffs':
      return 'must be above 0 for FFS: with greedy decoding (temperature 0) all n rows would be identical (spec §6)';
    case 'vote':
      return 'must be above 0 for vote: with greedy decoding (temperature 0) all n samples would be identical and vote alike';
    case 'top-h':
      return 'must be above 0 for Top-H: Top-H always keeps the argmax, so under greedy decoding it would have no effect (spec §6)';
    case 'sample':
      return "must be above 0 for method 'sample'; temperature 0 is greedy decoding: use method 'greedy'";
    default:
      return null;
  }
}

function samplerIssues(method: MethodId, p: Record<string, unknown>): ParamIssue[] {
  const issues: ParamIssue[] = [];
  if (getAt(p, 'sampling.temperature') !== 0) return issues;
  const rejection = greedyRejection(method);
  if (rejection) return [issue('sampling.temperature', rejection)];
  for (const f of FILTERS) {
    if (getAt(p, f) !== undefined) issues.push(issue(f, 'has no effect with temperature 0 (greedy): every filter keeps the argmax; remove it'));
  }
  return issues;
}

export function crossFieldIssues(method: MethodId, p: Record<string, unknown>): ParamIssue[] {
  const issues = method === 'greedy' ? [] : samplerIssues(method, p);
  const topN = getAt(p, 'sampling.topH.topN');
  if (topN !== undefined && getAt(p, 'sampling.topH.mode') === 'paper') {
    issues.push(issue('sampling.topH.topN', `applies to the reference rule only; the paper rule is uncapped (spec §3.4): remove it or choose mode 'reference' (got ${String(topN)})`));
  }
  if (method === 'ffs') {
    const n = getAt(p, 'ffs.n');
    const k = getAt(p, 'ffs.k');
    if (typeof n === 'number' && typeof k === 'number' && Number.isInteger(k) && k >= 1 && k > n) issues.push(issue('ffs.k', `must be at most ffs.n = ${n}; got ${k}`));
  }
  if (method === 'budget') {
    const max = getAt(p, 'maxNewTokens');
    const cap = getAt(p, 'budget.thinkingTokens');
    if (typeof max === 'number' && typeof cap === 'number' && Number.isInteger(cap) && cap >= max) {
      issues.push(issue('budget.thinkingTokens', `must be below max new tokens (${max}) or it never applies; got ${cap}`));
    }
  }
  if (method === 'cgrs') {
    const max = getAt(p, 'maxNewTokens');
    const ratio = getAt(p, 'cgrs.thinkRatio');
    if (typeof max === 'number' && Number.isInteger(max) && max >= 1 && typeof ratio === 'number' && ratio > 0 && ratio <= 1 && Math.floor(max * ratio) < 1) {
      issues.push(issue('cgrs.thinkRatio', `gives a thinking budget floor(${max} × ${ratio}) = 0; it must allow at least 1 token (raise max new tokens or the ratio)`));
    }
  }
  return issues;
}
