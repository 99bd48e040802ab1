/** A one-line summary of a method's params for lane headers: 'T 0.6 · top-p 0.95 · n 4 · 2048 max'. */
import type { DecodingParams } from '../../core/methods/params';

export function paramSummary(p: DecodingParams): string {
  const parts: string[] = [];
  if (p.method !== 'greedy') {
    const s = p.sampling;
    parts.push(`T ${s.temperature}`);
    if (s.topH) parts.push(`Top-H α ${s.topH.alpha} (${s.topH.mode})`);
    if (s.topK !== undefined) parts.push(`top-k ${s.topK}`);
    if (s.topP !== undefined) parts.push(`top-p ${s.topP}`);
    if (s.minP !== undefined) parts.push(`min-p ${s.minP}`);
  }
  if (p.method === 'cgrs') parts.push(`δ ${p.cgrs.delta}`, `probe ${p.cgrs.probeMaxTokens} tok`);
  if (p.method === 'ffs') parts.push(`n ${p.ffs.n}`, ...(p.ffs.k > 1 ? [`k ${p.ffs.k}`] : []));
  if (p.method === 'vote') parts.push(`n ${p.vote.n}`);
  if (p.method === 'budget') parts.push(`thinking ≤ ${p.budget.thinkingTokens} tok`);
  if (p.method === 'nowait') parts.push(`${p.nowait.triggerWords.length} triggers masked`);
  parts.push(`max ${p.maxNewTokens} tok`);
  return parts.join(' · ');
}
