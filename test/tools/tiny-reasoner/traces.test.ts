import { describe, expect, it } from 'vitest';
import { columnWork } from '../../../tools/tiny-reasoner/columns';
import { PROBES_PER_TRACE, renderExamples } from '../../../tools/tiny-reasoner/dataset';
import { problemSet, randomProblem, type Problem } from '../../../tools/tiny-reasoner/problems';
import { Rng } from '../../../tools/tiny-reasoner/rng';
import {
  assistantText, DEFAULT_TRACE_OPTIONS, probeAnswer, probePoints, probePrefix, renderTrace, spreadAround,
  type TraceOptions,
} from '../../../tools/tiny-reasoner/traces';

const REFLECTION = /(^|\s)(Wait|Hmm|Alternatively|But)\b/;
const problems = (n: number, seed = 21): Problem[] => problemSet(seed, 'test', n);
const noErrors: TraceOptions = { ...DEFAULT_TRACE_OPTIONS, errorBase: 0, errorPerCarry: 0 };
const alwaysWrong = (repairRate: number): TraceOptions => ({ ...DEFAULT_TRACE_OPTIONS, errorBase: 1, errorMax: 1, repairRate });

describe('column arithmetic', () => {
  it('spells the right answer without errors', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 3000; i++) {
      const p = randomProblem(rng);
      expect(columnWork(p).value, p.question).toBe(p.answer);
    }
  });

  it('writes carries and borrows the way the trace shows them', () => {
    expect(columnWork({ kind: 'add', operands: [47, 38] }).columns.map((c) => `${c.name}: ${c.body}`)).toEqual([
      'Ones: 7 + 8 = 15, write 5 carry 1.',
      'Tens: 4 + 3 = 7, plus carry 1 is 8, write 8.',
    ]);
    expect(columnWork({ kind: 'sub', operands: [305, 129] }).columns.map((c) => c.body)).toEqual([
      '5 < 9, borrow: 15 - 9 = 6, write 6 borrow 1.',
      '2 + 1 = 3 with the borrow. 0 < 3, borrow: 10 - 3 = 7, write 7 borrow 1.',
      '1 + 1 = 2 with the borrow. 3 - 2 = 1, write 1.',
    ]);
    expect(columnWork({ kind: 'sum3', operands: [99, 98, 9] }).value).toBe(206);
  });

  it('a forgotten carry flows into the following columns', () => {
    const wrong = columnWork({ kind: 'add', operands: [95, 17] }, new Map([[1, { kind: 'forgot-carry' }]]));
    expect(wrong.value).toBe(102);
  });
});

describe('trace structure', () => {
  it('is <think>, blank-line separated steps, </think>, then a boxed answer', () => {
    const rng = new Rng(2);
    for (const p of problems(500)) {
      const t = renderTrace(p, rng);
      const text = assistantText(t);
      const m = /^<think>\n([\s\S]*)\n<\/think>\n\nThe answer is \\boxed\{(\d+)\}$/.exec(text);
      expect(m, text).not.toBeNull();
      expect(m![1]!.split('\n\n')).toEqual(t.steps.map((s) => s.text));
      for (const s of t.steps) expect(s.text).not.toMatch(/\n/);
      expect(Number(m![2])).toBe(t.finalValue);
      expect(t.correct).toBe(t.finalValue === p.answer);
      expect(t.steps[0]!.text).toMatch(/^I need to compute /);
      expect(t.steps.at(-1)!.text).toBe(`The answer is ${t.finalValue}.`);
    }
  });

  it('without errors every trace is correct and only re-checks after the result', () => {
    const rng = new Rng(3);
    let reflected = 0;
    for (const p of problems(500)) {
      const t = renderTrace(p, rng, noErrors);
      expect(t.correct).toBe(true);
      const result = t.steps.findIndex((s) => s.text.startsWith('So '));
      expect(t.steps.slice(0, result).some((s) => REFLECTION.test(s.text))).toBe(false);
      if (t.steps.slice(result).some((s) => REFLECTION.test(s.text))) reflected++;
    }
    // Redundant re-checks (overthinking) appear in a real share of correct traces.
    expect(reflected).toBeGreaterThan(100);
    expect(reflected).toBeLessThan(450);
  });

  it('repaired errors end correct after a reflection; unrepaired ones end wrong and dither longer', () => {
    const rng = new Rng(4);
    const ps = problems(400);
    let repaired = 0;
    for (const p of ps) {
      const t = renderTrace(p, rng, alwaysWrong(1));
      expect(t.correct).toBe(true);
      if (t.steps.some((s) => /(Wait|Hmm|But)[^.]*(wrong|not right|mistake)/.test(s.text))) repaired++;
    }
    // An error that would not change the column (a forgotten carry where none came in) is dropped.
    expect(repaired).toBeGreaterThan(300);
    let wrong = 0;
    for (const p of ps) {
      const t = renderTrace(p, rng, alwaysWrong(0));
      if (t.correct) continue; // an error that cannot flow (e.g. a borrow past the top) is dropped
      wrong++;
      const result = t.steps.findIndex((s) => s.text.startsWith('So '));
      expect(t.steps.slice(result + 1, -1).length).toBeGreaterThanOrEqual(1);
      expect(t.steps.slice(result + 1, -1).every((s) => REFLECTION.test(s.text))).toBe(true);
    }
    expect(wrong).toBeGreaterThan(300);
  });

  it('with the default noise, incorrect traces are longer on average (the FFS premise)', () => {
    const rng = new Rng(5);
    const len = { ok: [] as number[], bad: [] as number[] };
    for (const p of problems(6000)) {
      const t = renderTrace(p, rng);
      (t.correct ? len.ok : len.bad).push(assistantText(t).length);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(len.bad.length).toBeGreaterThan(100);
    expect(len.bad.length / 6000).toBeLessThan(0.15);
    expect(mean(len.bad)).toBeGreaterThan(mean(len.ok) * 1.1);
  });
});

describe('probe samples', () => {
  it('settle on the answer only once a correct trace has written it', () => {
    const rng = new Rng(6);
    for (const p of problems(300)) {
      const t = renderTrace(p, rng);
      const result = t.steps.findIndex((s) => s.text.startsWith('So '));
      t.steps.forEach((s, i) => {
        expect(s.probe.settled).toBe(t.correct && i >= result);
        expect(s.probe.value).toBe(t.finalValue);
      });
    }
  });

  it('cut the trace after a step\'s blank line; settled answers are exact, open ones spread', () => {
    const rng = new Rng(7);
    const open = new Map<number, Set<string>>();
    for (const p of problems(300)) {
      const t = renderTrace(p, rng, noErrors);
      for (let j = 0; j < probePoints(t); j++) {
        const prefix = probePrefix(t, j);
        expect(prefix.endsWith(`${t.steps[j]!.text}\n\n`)).toBe(true);
        expect(assistantText(t).startsWith(prefix)).toBe(true);
        const answer = probeAnswer(t, j, rng);
        expect(answer).toMatch(/^\{\d+\}$/);
        if (t.steps[j]!.probe.settled) expect(answer).toBe(`{${p.answer}}`);
        else open.set(p.answer, (open.get(p.answer) ?? new Set()).add(answer));
      }
      expect(() => probePrefix(t, probePoints(t))).toThrow(/no checkpoint/);
    }
    // Mid-way answers vary for the same problem.
    expect([...open.values()].filter((s) => s.size >= 3).length).toBeGreaterThan(100);
  });

  it('spread keeps the digit count and the leading digit within one', () => {
    const rng = new Rng(8);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const v = spreadAround(472, rng);
      seen.add(v);
      expect(String(v)).toHaveLength(3);
      expect(Math.abs(Math.floor(v / 100) - 4)).toBeLessThanOrEqual(1);
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it('training examples: the trace plus distinct probe cuts, each a prefix of the trace', () => {
    const examples = renderExamples(problems(200), 9);
    for (const e of examples) {
      expect(e.assistant).toMatch(/^<think>\n/);
      expect(e.probes.length).toBe(Math.min(PROBES_PER_TRACE, e.assistant.split('\n\n').length - 2));
      expect(new Set(e.probes.map((p) => p.prefix)).size).toBe(e.probes.length);
      for (const probe of e.probes) {
        expect(e.assistant.startsWith(probe.prefix)).toBe(true);
        expect(probe.prefix.endsWith('\n\n')).toBe(true);
        expect(probe.answer).toMatch(/^\{\d+\}$/);
      }
    }
    expect(renderExamples(problems(50), 9)).toEqual(renderExamples(problems(50), 9));
  });
});
