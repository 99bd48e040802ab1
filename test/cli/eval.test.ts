import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, runLab } from './run-cli';

const MODEL = 'public/models/tiny-reasoner';
const SET = 'public/data/tiny-reasoner-heldout.jsonl';
const tmp = () => mkdtempSync(join(tmpdir(), 'lab-eval-'));

interface Row {
  method: string; problems: number; accuracy: number | null; correct: number; meanThinkingTokens: number;
  meanTotalTokens: number; meanWallMs: number; computed: number; resumed: number;
}

describe('lab eval on the tiny reasoner', () => {
  it('prints one JSON object per method with accuracy and token means', () => {
    expect(existsSync(MODEL), `${MODEL} must be committed`).toBe(true);
    expect(existsSync(SET), `${SET} must be committed`).toBe(true);
    const r = runLab(['eval', '--model', MODEL, '--set', SET, '--methods', 'greedy,sample,top-h,cgrs,ffs', '--seed', '1', '--limit', '3', '--max-tokens', '96', '--json']);
    expect(errorLines(r.stderr)).toEqual([]); // no progress lines with --json
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.map((x) => x.method)).toEqual(['greedy', 'sample', 'top-h', 'cgrs', 'ffs']);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['method', 'problems', 'accuracy', 'meanThinkingTokens', 'meanTotalTokens', 'meanWallMs']));
      expect(row.problems).toBe(3);
      expect(row.accuracy).toBeCloseTo(row.correct / 3, 12);
      expect(row.meanThinkingTokens).toBeGreaterThan(0);
      expect(row.meanTotalTokens).toBeGreaterThanOrEqual(row.meanThinkingTokens);
      expect(row.meanWallMs).toBeGreaterThan(0);
      expect([row.computed, row.resumed]).toEqual([3, 0]);
    }
    const ffs = rows[4]!;
    expect(ffs.meanTotalTokens).toBeGreaterThan(ffs.meanThinkingTokens); // losing rows count in the total
  }, 180_000);

  it('prints a table and a progress line per result on stderr without --json; --traces keeps the texts', () => {
    const traces = join(tmp(), 'traces.jsonl');
    const r = runLab(['eval', '--model', MODEL, '--set', SET, '--methods', 'greedy', '--limit', '2', '--max-tokens', '64', '--traces', traces]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^method\s+problems\s+accuracy\s+correct/);
    expect(lines[2]).toMatch(/^greedy\s+2\s/);
    expect(r.stdout).toMatch(/2 results computed, 0 resumed; 2 problems × 1 methods/);
    expect(errorLines(r.stderr).filter((l) => /^\[\d+\/2\]/.test(l))).toHaveLength(3); // the start, then one per result
    const saved = readFileSync(traces, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { questionId: string; method: string; text: string });
    expect(saved.map((t) => t.method)).toEqual(['greedy', 'greedy']);
    for (const t of saved) expect(t.text.length).toBeGreaterThan(0);
  }, 180_000);

  it('resumes from its checkpoint file without recounting', () => {
    const resume = join(tmp(), 'results.jsonl');
    const args = ['eval', '--model', MODEL, '--set', SET, '--methods', 'greedy,sample', '--seed', '3', '--max-tokens', '64', '--resume', resume, '--json'];
    const first = runLab([...args, '--limit', '2']);
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as Row[]).map((x) => [x.computed, x.resumed])).toEqual([[2, 0], [2, 0]]);
    expect(readFileSync(resume, 'utf8').trim().split('\n')).toHaveLength(4);

    const second = runLab([...args, '--limit', '4']);
    expect(second.code).toBe(0);
    const rows = JSON.parse(second.stdout) as Row[];
    expect(rows.map((x) => [x.problems, x.computed, x.resumed])).toEqual([[4, 2, 2], [4, 2, 2]]);
    expect(readFileSync(resume, 'utf8').trim().split('\n')).toHaveLength(8);

    // everything done: nothing computed, the same scores (decoding is seeded per question)
    const third = runLab([...args, '--limit', '4']);
    const again = JSON.parse(third.stdout) as Row[];
    expect(again.map((x) => [x.computed, x.resumed])).toEqual([[0, 4], [0, 4]]);
    expect(again.map((x) => [x.accuracy, x.meanThinkingTokens, x.meanTotalTokens])).toEqual(rows.map((x) => [x.accuracy, x.meanThinkingTokens, x.meanTotalTokens]));
    expect(readFileSync(resume, 'utf8').trim().split('\n')).toHaveLength(8);

    // another seed must not silently mix with these results
    const other = runLab([...args.map((a) => (a === '3' ? '4' : a)), '--limit', '4']);
    expect(other.code).toBe(1);
    expect(errorLines(other.stderr)[0]).toMatch(/Cannot resume from .*results\.jsonl: .*seed 3, this eval uses 4.*left unchanged/);
    expect(readFileSync(resume, 'utf8').trim().split('\n')).toHaveLength(8);
  }, 300_000);

  it('drops a half-written last line of the checkpoint and recomputes that result', () => {
    const resume = join(tmp(), 'results.jsonl');
    const args = ['eval', '--model', MODEL, '--set', SET, '--methods', 'greedy', '--max-tokens', '48', '--limit', '2', '--resume', resume, '--json'];
    expect(runLab(args).code).toBe(0);
    const [line1, line2] = readFileSync(resume, 'utf8').trim().split('\n');
    writeFileSync(resume, `${line1}\n${line2!.slice(0, 40)}`);
    const r = runLab(args);
    expect(r.code).toBe(0);
    expect(errorLines(r.stderr).join('\n')).toMatch(/dropping an incomplete last record/);
    expect((JSON.parse(r.stdout) as Row[])[0]).toMatchObject({ computed: 1, resumed: 1 });
    expect(readFileSync(resume, 'utf8').trim().split('\n')).toHaveLength(2);
  }, 180_000);
});

describe('lab eval: bad input exits non-zero with one line naming the problem', () => {
  it('a malformed question set names its line', () => {
    const set = join(tmp(), 'bad.jsonl');
    writeFileSync(set, '{"id":"1","question":"What is 1 + 1?","answer":"2"}\n{"id":"2","question":"What is 2 + 2?"}\n');
    const r = runLab(['eval', '--model', MODEL, '--set', set]);
    expect(r.code).toBe(1);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/bad-input.*bad\.jsonl line 2: missing "answer"/);
  });

  it('a corrupt checkpoint names its line and is left unchanged', () => {
    const resume = join(tmp(), 'r.jsonl');
    writeFileSync(resume, '{"nope": true}\n');
    const r = runLab(['eval', '--model', MODEL, '--set', SET, '--limit', '1', '--resume', resume]);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(/r\.jsonl line 1 is not a result record of lab eval .*left unchanged/);
    expect(readFileSync(resume, 'utf8')).toBe('{"nope": true}\n');
  });

  it('never touches a file it does not recognise as its results (the issue’s reproduction)', () => {
    const resume = join(tmp(), 'q.jsonl');
    const question = '{"id":"q1","question":"What is 1+1?","answer":"2"}';
    writeFileSync(resume, question);
    const r = runLab(['eval', '--model', 'tiny-reasoner', '--set', SET, '--methods', 'greedy', '--max-tokens', '10', '--limit', '1', '--resume', resume]);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)[0]).toMatch(/q\.jsonl holds no result record of lab eval; the file was left unchanged/);
    expect(readFileSync(resume, 'utf8')).toBe(question);
    const twoLines = `${question}\n${question}`;
    writeFileSync(resume, twoLines);
    expect(runLab(['eval', '--model', 'tiny-reasoner', '--set', SET, '--methods', 'greedy', '--max-tokens', '10', '--limit', '1', '--resume', resume]).code).toBe(1);
    expect(readFileSync(resume, 'utf8')).toBe(twoLines);
  });

  it('a folder as --resume is named as such', () => {
    const dir = tmp();
    const r = runLab(['eval', '--model', MODEL, '--set', SET, '--limit', '1', '--resume', dir]);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)[0]).toContain(`--resume ${dir} is not a file`);
  });

  const cases: Array<[string, string[], RegExp]> = [
    ['missing --set', ['eval', '--model', MODEL], /--set is required/],
    ['missing set file', ['eval', '--model', MODEL, '--set', 'no/such.jsonl'], /Cannot read question set no\/such\.jsonl/],
    ['bad limit', ['eval', '--model', MODEL, '--set', SET, '--limit', '0'], /--limit must be a whole number from 1/],
    ['--param for a method not evaluated', ['eval', '--model', MODEL, '--set', SET, '--methods', 'greedy', '--param', 'cgrs.cgrs.delta=0.5'], /method 'cgrs' is not being run/],
    ['unknown method', ['eval', '--model', MODEL, '--set', SET, '--methods', 'beam'], /unknown method "beam"/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = runLab(args);
      expect(r.code).not.toBe(0);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(errorLines(r.stderr)[0]).toMatch(message);
    });
  }
});
