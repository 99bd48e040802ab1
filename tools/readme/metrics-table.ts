/**
 * The README's "What each number means" table, printed from core's metrics vocabulary
 * (src/core/metric-definitions.ts): `npx tsx tools/readme/metrics-table.ts`. A test checks the README
 * holds exactly this table, so the page, the exports and the README cannot drift apart.
 */
import { METRIC } from '../../src/core/metric-definitions';

/** Pipes would end the cell; a bare `<think>` would be read as an HTML tag and vanish. */
function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

export function metricsTable(): string {
  const rows = Object.values(METRIC).map((m) => `| ${m.label} | \`${m.key}\` | ${markdownCell(m.definition)} |`);
  return ['| number | key (CSV, JSON) | definition |', '|---|---|---|', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(metricsTable());
