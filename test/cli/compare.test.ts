import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorLines, runLab } from './run-cli';

const MODEL = 'public/models/tiny-reasoner';

describe('lab compare on the tiny reasoner', () => {
  it('prints one JSON object per method with the documented fields', () => {
    expect(existsSync(MODEL), `${MODEL} must be committed`).toBe(true);
    const r = runLab([
      'compare', '--model', MODEL, '--prompt', 'What is 47 + 38?',
      '--methods', 'greedy,sample,top-h,cgrs,ffs', '--seed', '7', '--max-tokens', '160', '--json',
    ]);
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((x) => x['method'])).toEqual(['greedy', 'sample', 'top-h', 'cgrs', 'ffs']);
    for (const row of rows) {
      const t = row['tokens'] as Record<string, number>;
      expect(Object.keys(t).sort()).toEqual(['answer', 'discarded', 'probe', 'prompt', 'thinking', 'total']);
      expect(t['total']).toBe(t['thinking']! + t['answer']! + t['probe']! + t['discarded']!);
      expect(t['prompt']).toBeGreaterThan(5);
      expect(typeof row['text']).toBe('string');
      expect(row['answer'] === null || typeof row['answer'] === 'string').toBe(true);
      expect(row['wallMs']).toBeGreaterThan(0);
      expect(row['ttftMs']).toBeGreaterThan(0);
      expect(row['prefillTokensPerSecond']).toBeGreaterThan(0);
    }
    const greedy = rows[0]!;
    expect(String(greedy['text'])).toContain('</think>');
    expect((rows[4]!['tokens'] as Record<string, number>)['discarded']).toBeGreaterThan(0); // FFS losers
  });

  it('prints a table without --json', () => {
    const r = runLab(['compare', '--model', MODEL, '--prompt', 'Compute 305 - 129.', '--methods', 'greedy', '--max-tokens', '40']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^method\s+answer\s+prompt\s+thinking/);
    expect(lines[2]).toMatch(/^greedy\s/);
  });
});

describe('lab: invalid input exits non-zero with one line on stderr', () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['no command', [], 2, /usage/],
    ['unknown command', ['frobnicate'], 2, /unknown command "frobnicate"/],
    ['missing --model', ['compare', '--prompt', 'x'], 2, /--model is required/],
    ['unknown model folder', ['compare', '--model', 'no/such/folder', '--prompt', 'x'], 2, /model folder not found: "no\/such\/folder"/],
    ['unknown method', ['compare', '--model', MODEL, '--prompt', 'x', '--methods', 'greedy,beam'], 2, /unknown method "beam"/],
    ['bad seed', ['compare', '--model', MODEL, '--prompt', 'x', '--seed', '1.5'], 2, /--seed must be an integer/],
    ['unknown flag', ['compare', '--model', MODEL, '--prompt', 'x', '--temprature', '1'], 2, /temprature/],
    ['empty prompt', ['compare', '--model', MODEL, '--prompt', '   ', '--methods', 'greedy'], 1, /empty-prompt/],
    ['invalid top-p', ['compare', '--model', MODEL, '--prompt', 'x', '--methods', 'sample', '--param', 'sample.sampling.topP=1.5'], 1, /invalid-params.*topP/],
  ];
  for (const [name, args, code, message] of cases) {
    it(name, () => {
      const r = runLab(args);
      expect(r.code).toBe(code);
      const lines = errorLines(r.stderr);
      if (args.length > 0) expect(lines).toHaveLength(1);
      expect(args.length > 0 ? lines[0] : r.stdout + r.stderr).toMatch(message);
    });
  }
});
