import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../../src/core/metric-definitions';
import { metricsTable } from '../../../tools/readme/metrics-table';

describe("README's metrics table", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

  it('is exactly the table printed from the metrics vocabulary the page and exports use', () => {
    expect(readme).toContain(metricsTable());
  });

  it('has one row per metric, keyed as in CSV and JSON', () => {
    const table = metricsTable();
    for (const m of Object.values(METRIC)) expect(table).toContain(`| ${m.label} | \`${m.key}\` |`);
    expect(table.split('\n')).toHaveLength(Object.keys(METRIC).length + 2);
  });
});
