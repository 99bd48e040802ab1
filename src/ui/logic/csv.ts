/**
 * CSV of a comparison: one row per lane, the results table's columns with raw numbers (ms and tok/s
 * unrounded) so the file carries exactly the run card's values. RFC 4180 quoting; text that a
 * spreadsheet would run as a formula is defused (OWASP "CSV injection").
 */
import type { LaneResult } from '../../protocol/run';
import { METRIC_COLUMNS } from './columns';
import type { Reference } from './reference';
import { isCorrect } from './reference';

/**
 * One cell. Numbers and booleans are written as they are; text starting with =, +, -, @, a tab or a
 * carriage return gets a leading apostrophe, so a model's answer such as `=HYPERLINK(…)` or `-2+3` is
 * shown as text, not evaluated.
 */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const raw = String(v);
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_TEXT_HEADERS = ['lane', 'method', 'answer', 'correct', 'stop_reason'] as const;

export function buildCsv(lanes: readonly LaneResult[], reference: Reference | null): string {
  const header = [...CSV_TEXT_HEADERS, ...METRIC_COLUMNS.map((c) => c.key)];
  const rows = lanes.map((r) => [
    r.lane,
    r.method,
    r.answer,
    reference === null || r.stopReason === 'cancelled' ? null : isCorrect(r.answer, reference),
    r.stopReason,
    ...METRIC_COLUMNS.map((c) => c.value(r)),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
