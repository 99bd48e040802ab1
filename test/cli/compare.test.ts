import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorLines, runLab } from './run-cli';

const MODEL = 'public/models/tiny-reasoner';

describe('lab compare on the tiny reasoner', () => {
  it('prints one JSON object per method with the documented fields', () => {
    expect(existsSync(MODEL), `${MODEL} must be committed`).toBe(true);
    const r = runLab([
      'compare', '--model', MODEL, '--prompt', 'What is 47 + 38?',
      '--methods', 'greedy,sample,top-h,cgrs,ffs', '--seed', '7', '--max-tokens', '400', '--json',
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

describe('lab compare at its defaults', () => {
  it('runs every method with no --max-tokens: each lane fits the tiny reasoner’s context', () => {
    const r = runLab(['compare', '--model', MODEL, '--prompt', 'How much is 956 minus 336?', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((row) => row['method'])).toEqual(['greedy', 'sample', 'top-h', 'cgrs', 'ffs']);
    for (const row of rows) expect(['eos', 'max-tokens']).toContain(row['stopReason']);
  });

  it('a method alone gives the same text as beside the others', () => {
    const all = JSON.parse(runLab(['compare', '--model', MODEL, '--prompt', 'How much is 956 minus 336?', '--seed', '42', '--max-tokens', '200', '--json']).stdout) as Array<Record<string, unknown>>;
    const alone = JSON.parse(runLab(['compare', '--model', MODEL, '--prompt', 'How much is 956 minus 336?', '--seed', '42', '--max-tokens', '200', '--methods', 'sample', '--json']).stdout) as Array<Record<string, unknown>>;
    expect(alone[0]!['text']).toBe(all[1]!['text']);
  });
});

describe('lab: invalid input exits non-zero with one line on stderr', () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['no command', [], 2, /usage/],
    ['unknown command', ['frobnicate'], 2, /unknown command "frobnicate"/],
    ['missing --model', ['compare', '--prompt', 'x'], 2, /--model is required/],
    ['unknown model folder', ['compare', '--model', 'no/such/folder', '--prompt', 'x'], 2, /model folder not found: "no\/such\/folder"/],
    ['unknown method', ['compare', '--model', MODEL, '--prompt', 'x', '--methods', 'greedy,beam'], 2, /unknown method "beam"/],
    ['bad seed', ['compare', '--model', MODEL, '--prompt', 'x', '--seed', '1.5'], 2, /--seed must be a whole number .*got "1\.5"/],
    ['negative seed', ['compare', '--model', MODEL, '--prompt', 'x', '--seed', '-1'], 2, /--seed must be a whole number .*got "-1"/],
    ['empty seed', ['compare', '--model', MODEL, '--prompt', 'x', '--seed', ''], 2, /--seed must be a whole number .*got ""/],
    ['blank seed', ['compare', '--model', MODEL, '--prompt', 'x', '--seed', ' '], 2, /--seed must be a whole number .*got " "/],
    ['hex seed', ['compare', '--model', MODEL, '--prompt', 'x', '--seed', '0x10'], 2, /--seed must be a whole number .*got "0x10"/],
    ['negative max tokens', ['compare', '--model', MODEL, '--prompt', 'x', '--max-tokens', '-5'], 2, /--max-tokens must be a whole number from 1 to 32768.*got "-5"/],
    ['unknown flag', ['compare', '--model', MODEL, '--prompt', 'x', '--temprature', '1'], 2, /temprature/],
    ['empty prompt', ['compare', '--model', MODEL, '--prompt', '   ', '--methods', 'greedy'], 2, /--prompt is empty/],
    ['invalid top-p', ['compare', '--model', MODEL, '--prompt', 'x', '--methods', 'sample', '--param', 'sample.sampling.topP=1.5'], 2, /--param sample\.sampling\.topP must be a number in \(0, 1\]; got 1\.5/],
    ['unknown method in --param', ['compare', '--model', MODEL, '--prompt', 'x', '--param', 'foo.bar=1'], 2, /--param foo\.bar names no method/],
    ['typo in --param', ['compare', '--model', MODEL, '--prompt', 'x', '--param', 'topH.alpha=0.3'], 2, /--param topH\.alpha names no method/],
    ['__proto__ in --param', ['compare', '--model', MODEL, '--prompt', 'x', '--param', 'sample.__proto__.minP=0.5'], 2, /--param sample\.__proto__\.minP is not a setting of method 'sample'/],
    ['__proto__ as method', ['compare', '--model', MODEL, '--prompt', 'x', '--param', '__proto__.temperature=-1'], 2, /names no method/],
    ['--param for a method not run', ['compare', '--model', MODEL, '--prompt', 'x', '--methods', 'greedy', '--param', 'top-h.sampling.topH.alpha=0.3'], 2, /method 'top-h' is not being run/],
    ['a max that cannot fit', ['compare', '--model', MODEL, '--prompt', 'x', '--methods', 'greedy', '--max-tokens', '4000'], 1, /prompt-too-long.*at most \d+ new tokens fit/],
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
