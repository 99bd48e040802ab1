import type { LaneResult } from '../protocol/run';

/**
 * The CLI's JSON object per method (the documented `lab compare --json` contract), plus the method's own summary
 * (cgrs, ffs, vote, budget, nowait) and, with --token-stats, every trace token with its distribution (`trace`).
 */
export function laneJson(l: LaneResult) {
  const m = l.metrics;
  const summaries = { cgrs: l.cgrs, ffs: l.ffs, vote: l.vote, budget: l.budget, nowait: l.nowait, trace: l.trace };
  return {
    method: l.method,
    lane: l.lane,
    text: l.text,
    answer: l.answer,
    tokens: { ...m.tokens },
    ttftMs: m.ttftMs,
    prefillTokensPerSecond: m.prefillTokensPerSecond,
    decodeTokensPerSecond: m.decodeTokensPerSecond,
    wallMs: m.wallMs,
    stopReason: l.stopReason,
    ...Object.fromEntries(Object.entries(summaries).filter(([, v]) => v !== undefined)),
  };
}

const fmt = (v: number | null, digits = 1): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** Renders rows as an aligned plain-text table (first column left-aligned, the rest right-aligned). */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function compareTable(lanes: readonly LaneResult[]): string {
  const header = ['method', 'answer', 'prompt', 'thinking', 'answer tok', 'probe', 'discarded', 'total', 'TTFT ms', 'prefill tok/s', 'decode tok/s', 'wall ms', 'stop'];
  const rows = lanes.map((l) => {
    const m = l.metrics;
    const t = m.tokens;
    return [
      l.lane,
      l.answer === null ? '—' : l.answer.length > 16 ? `${l.answer.slice(0, 15)}…` : l.answer,
      String(t.prompt), String(t.thinking), String(t.answer), String(t.probe), String(t.discarded), String(t.total),
      fmt(m.ttftMs), fmt(m.prefillTokensPerSecond), fmt(m.decodeTokensPerSecond), fmt(m.wallMs, 0), l.stopReason,
    ];
  });
  return textTable(header, rows);
}
