/** Hand-made token records for the token-view tests. */
import type { TokenRecord } from '../../../src/protocol/run';

/** A sampled token: `top` lists [id, text, p] most probable first. */
export function sampled(id: number, text: string, p: number, entropy: number, top: [number, string, number][] = [[id, text, p]], over: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id, text, phase: 'thinking', forced: false, p, entropy,
    top: top.map(([tid, ttext, tp]) => ({ id: tid, text: ttext, p: tp })), kept: null, suppressed: false, ...over,
  };
}

export function forced(id: number, text: string, over: Partial<TokenRecord> = {}): TokenRecord {
  return { id, text, phase: 'thinking', forced: true, p: null, entropy: null, top: [], kept: null, suppressed: false, ...over };
}

/** A trace of sampled tokens from ids (text = `t<id>`), each with p 0.5 and entropy 1 nat. */
export function traceOf(ids: readonly number[]): TokenRecord[] {
  return ids.map((id) => sampled(id, `t${id}`, 0.5, 1));
}
