/**
 * CSV of a comparison: one row per lane, the results table's columns with raw numbers (ms and tok/s
 * unrounded) so the file carries exactly the run card's values. RFC 4180 quoting.
 */
import type { LaneResult } from '../../protocol/run';
import { METRIC_COLUMNS } from './columns';
import type { Reference } from './reference';
import { isCorrect } from './reference';

export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_TEXT_HEADERS = ['lane', 'method', 'answer', 'correct', 'stop_reason'] as const;

export function buildCsv(lanes: readonly LaneResult[], reference: Reference | null): string {
  const header = [...CSV_TEXT_HEADERS, ...METRIC_COLUMNS.map((c) => c.key)];
  const rows = lanes.map((r) => [
    r.lane,
    r.method,
    r.answer,
    reference === null ? null : isCorrect(r.answer, reference),
    r.stopReason,
    ...METRIC_COLUMNS.map((c) => c.value(r)),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
