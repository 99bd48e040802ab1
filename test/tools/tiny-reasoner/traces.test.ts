import { describe, expect, it } from 'vitest';
import { column, columnWork, resultLine, type SlipKind } from '../../../tools/tiny-reasoner/columns';
import { Rng } from '../../../tools/tiny-reasoner/data-rng';
import { EXTRA_PROBES_PER_TRACE, renderExamples } from '../../../tools/tiny-reasoner/dataset';
import { traceShape } from '../../../tools/tiny-reasoner/organism-metrics';
import { problemSet, randomProblem, type Problem } from '../../../tools/tiny-reasoner/problems';
import {
  assistantText, CAUGHT, caughtText, DEFAULT_TRACE_OPTIONS, FLAGGED, flaggedText, probeAnswer, probePoints, probePrefix, renderTrace, spreadAround,
  type Trace, type TraceOptions,
} from '../../../tools/tiny-reasoner/traces';

const TRIGGER = /^(Wait|Hmm|Alternatively|But)\b/;
const problems = (n: number, seed = 21): Problem[] => problemSet(seed, 'test', n);
const noSlips: TraceOptions = { ...DEFAULT_TRACE_OPTIONS, carrySlip: 0, sumSlip: 0, writeSlip: 0 };
const slipAlways = (inlineRepair: number, lateFix: number): TraceOptions => ({ ...DEFAULT_TRACE_OPTIONS, sumSlip: 1, inlineRepair, lateFix });
const tokensOf = (t: Trace) => assistantText(t).length;

describe('column arithmetic', () => {
  it('spells the right answer without slips', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 3000; i++) {
      const p = randomProblem(rng);
      expect(columnWork(p).value, p.question).toBe(p.answer);
    }
  });

  it('adds two numbers at a time, writes one digit per line and always the carry or borrow coming in', () => {
    expect(columnWork({ kind: 'add', operands: [47, 38] }).columns.map((c) => c.text)).toEqual([
      'Ones: 7 + 8 = 15, write 5, carry 1.',
      'Tens: 4 + 3 = 7, 7 + 1 = 8, write 8, carry 0.',
    ]);
    expect(columnWork({ kind: 'sub', operands: [305, 129] }).columns.map((c) => c.text)).toEqual([
      'Ones: 5 - 9: borrow, 15 - 9 = 6, write 6, borrow 1.',
      'Tens: 0 - 2 - 1: borrow, 10 - 2 = 8, 8 - 1 = 7, write 7, borrow 1.',
      'Hundreds: 3 - 1 - 1: no borrow, 3 - 1 = 2, 2 - 1 = 1, write 1.',
    ]);
    const sum3 = columnWork({ kind: 'sum3', operands: [99, 98, 9] });
    expect(sum3.columns.map((c) => c.text)).toEqual([
      'Ones: 9 + 8 = 17, 17 + 9 = 26, write 6, carry 2.',
      'Tens: 9 + 9 = 18, 18 + 0 = 18, 18 + 2 = 20, write 0, carry 2.',
      'Hundreds: carry 2, write 2.',
    ]);
    expect(sum3.value).toBe(206);
    const leading = columnWork({ kind: 'sub', operands: [305, 298] });
    expect(leading.value).toBe(7);
    expect(resultLine('305 - 298', leading.columns)).toBe('So 305 - 298 = 007, which is 7.');
    expect(resultLine('47 + 38', columnWork({ kind: 'add', operands: [47, 38] }).columns)).toBe('So 47 + 38 = 85.');
  });

  it('each slip changes one number of the line and flows on through the carry', () => {
    const p = { kind: 'add', operands: [95, 17] } as const;
    const slip = (i: number, ...kinds: SlipKind[]) => columnWork(p, new Map([[i, new Set(kinds)]]));
    expect(slip(1, 'drop-carry').columns.map((c) => c.text)).toEqual([
      'Ones: 5 + 7 = 12, write 2, carry 1.', 'Tens: 9 + 1 = 10, 10 + 0 = 10, write 0, carry 1.', 'Hundreds: carry 1, write 1.',
    ]);
    expect(slip(1, 'drop-carry').value).toBe(102);
    expect(slip(0, 'sum').columns.map((c) => c.text)).toEqual([
      'Ones: 5 + 7 = 13, write 3, carry 1.', 'Tens: 9 + 1 = 10, 10 + 1 = 11, write 1, carry 1.', 'Hundreds: carry 1, write 1.',
    ]);
    expect(slip(0, 'write').value).toBe(113);
    expect(() => column(p, 0, 0, new Set(['drop-carry']))).toThrow(/no carry/);
    // A result of 9 slips down, never to a two-digit "digit".
    expect(column({ kind: 'sub', operands: [9, 0] }, 0, 0, new Set(['sum'])).text).toBe('Ones: 9 - 0: no borrow, 9 - 0 = 8, write 8.');
  });
});

describe('noticing a slip', () => {
  it('flags each slipped number or cuts the line right after the first', () => {
    const p = { kind: 'sub', operands: [305, 129] } as const;
    const slipped = column(p, 1, 1, new Set<SlipKind>(['drop-carry', 'write']));
    expect(slipped.text).toBe('Tens: 0 - 2 - 0: borrow, 10 - 2 = 8, 8 - 0 = 8, write 9, borrow 1.');
    expect(flaggedText(slipped)).toBe('Tens: 0 - 2 - 0 (not sure): borrow, 10 - 2 = 8, 8 - 0 = 8, write 9 (not sure), borrow 1.');
    expect(caughtText(slipped)).toBe('Tens: 0 - 2 - 0 Wait, that is wrong.');
    const add = column({ kind: 'add', operands: [47, 38] }, 1, 1, new Set<SlipKind>(['drop-carry']));
    expect(flaggedText(add)).toBe('Tens: 4 + 3 = 7, 7 + 0 (not sure) = 7, write 7, carry 0.');
    expect(flaggedText(column(p, 0, 0))).toBe(column(p, 0, 0).text);
  });
});

describe('trace structure', () => {
  it('is <think>, blank-line separated steps, </think>, then a boxed answer; the work is one step', () => {
    const rng = new Rng(2);
    for (const p of problems(500)) {
      const t = renderTrace(p, rng);
      const text = assistantText(t);
      const m = /^<think>\n([\s\S]*)\n<\/think>\n\nThe answer is \\boxed\{(\d+)\}$/.exec(text);
      expect(m, text).not.toBeNull();
      expect(m![1]!.split('\n\n')).toEqual(t.steps.map((s) => s.text));
      expect(Number(m![2])).toBe(t.finalValue);
      expect(t.correct).toBe(t.finalValue === p.answer);
      expect(t.steps[0]!.kind).toBe('work');
      expect(t.steps[0]!.text).toMatch(new RegExp(`^I need to compute [^\\n]*\\.\\n[\\s\\S]*\\nSo [^\\n]* = (\\d+, which is )?${t.firstValue}\\.$`));
      expect(t.steps.at(-1)).toEqual({ text: `The answer is ${t.finalValue}.`, kind: 'conclusion', probe: { settled: t.correct, value: t.finalValue } });
      // Every step between the work and the conclusion opens with a CGRS trigger word: what CGRS can suppress.
      for (const s of t.steps.slice(1, -1)) expect(s.text, s.text).toMatch(TRIGGER);
    }
  });

  it('without slips every trace is right and only re-checks, never changing the result', () => {
    const rng = new Rng(3);
    let rechecked = 0;
    for (const p of problems(500)) {
      const t = renderTrace(p, rng, noSlips);
      expect(t.correct).toBe(true);
      expect(t.steps[0]!.text).not.toMatch(/Wait|Hmm|But|Alternatively/);
      const middle = t.steps.slice(1, -1);
      expect(middle.every((s) => s.kind === 'recheck')).toBe(true);
      if (middle.length > 0) rechecked++;
      expect(middle.length).toBeLessThanOrEqual(DEFAULT_TRACE_OPTIONS.recheck.length);
    }
    expect(rechecked).toBeGreaterThan(350); // overthinking in most right traces
  });

  it('a slip is noticed at once: the line stops and is redone, or the number is flagged and kept', () => {
    const rng = new Rng(4);
    for (const p of problems(300)) {
      const t = renderTrace(p, rng, slipAlways(1, 0));
      expect(t.correct).toBe(true);
      expect(t.inlineRepairs).toBe(t.slips);
      expect(t.slips).toBeGreaterThan(0);
      expect(t.steps[0]!.text).toMatch(new RegExp(`= \\d+ ${CAUGHT}\\n`));
      const kept = renderTrace(p, rng, slipAlways(0, 0));
      // Every line slips here (its result one off) and is flagged right after the slipped number; a carry line cannot slip.
      // (Slips that happen to cancel out are written as clean work instead.)
      if (kept.slips === 0) continue;
      for (const line of kept.steps[0]!.text.split('\n').slice(1, -1)) {
        expect(line.includes(` ${FLAGGED}`), line).toBe(!/: carry \d, write/.test(line));
        if (line.includes(FLAGGED)) expect(line).toMatch(/= \d+ \(not sure\), write/);
      }
      expect(renderTrace(p, rng, noSlips).steps[0]!.text).not.toContain(FLAGGED);
    }
  });

  it('an uncaught slip brings doubt and redos: never fixed, the trace ends wrong and runs longer', () => {
    const rng = new Rng(5);
    for (const p of problems(300)) {
      const wrong = renderTrace(p, rng, slipAlways(0, 0));
      const right = renderTrace(p, rng, noSlips);
      expect(wrong.correct).toBe(false);
      expect(wrong.steps.filter((s) => s.kind === 'redo')).toHaveLength(DEFAULT_TRACE_OPTIONS.redoAttempts);
      expect(wrong.steps.filter((s) => s.kind === 'redo').every((s) => s.text.endsWith(`I get ${wrong.firstValue} again.`))).toBe(true);
      expect(tokensOf(wrong)).toBeGreaterThan(tokensOf(right));
    }
  });

  it('a late fix finds the slip, settles on the right answer and re-checks as a right trace does', () => {
    const rng = new Rng(6);
    for (const p of problems(300)) {
      const t = renderTrace(p, rng, slipAlways(0, 1));
      expect(t.correct).toBe(true);
      expect(t.lateFix).toBe(true);
      expect(t.firstValue).not.toBe(p.answer);
      const redo = t.steps.findIndex((s) => s.kind === 'redo');
      expect(t.steps[redo]!.text).toMatch(new RegExp(`= ${p.answer}, not ${t.firstValue}\\.$`));
      expect(t.steps.slice(redo + 1, -1).every((s) => s.kind === 'recheck')).toBe(true);
    }
  });

  it('with the default noise, wrong traces of a question are longer than its right ones (the FFS premise)', () => {
    const rng = new Rng(7);
    let longer = 0;
    let compared = 0;
    for (const p of problems(300)) {
      const ts = Array.from({ length: 12 }, () => renderTrace(p, rng));
      const ok = ts.filter((t) => t.correct).map(tokensOf);
      const bad = ts.filter((t) => !t.correct).map(tokensOf);
      if (ok.length === 0 || bad.length === 0) continue;
      compared++;
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      if (mean(bad) > mean(ok)) longer++;
    }
    expect(compared).toBeGreaterThan(100);
    expect(longer / compared).toBeGreaterThan(0.9);
  });

  it('the organism metrics read the generator\'s structure back from the text', () => {
    const rng = new Rng(8);
    for (const p of problems(300)) {
      const t = renderTrace(p, rng);
      const shape = traceShape(assistantText(t));
      expect(shape.steps).toEqual(t.steps.map((s) => s.text));
      expect(shape.result).toBe(0);
      expect(shape.resultValue).toBe(String(t.firstValue));
      expect(shape.rechecks).toEqual(t.steps.flatMap((s, i) => (s.kind === 'recheck' || s.kind === 'doubt' || s.kind === 'redo' ? [i] : [])));
    }
  });
});

describe('probe samples', () => {
  it('settle on the answer exactly while the current result is right', () => {
    const rng = new Rng(9);
    for (const p of problems(300)) {
      const t = renderTrace(p, rng);
      let value = t.firstValue;
      for (const s of t.steps) {
        if (s.kind === 'redo' && s.text.includes(', not ')) value = p.answer;
        expect(s.probe).toEqual({ settled: value === p.answer, value });
      }
    }
  });

  it('cut the trace after a step\'s blank line; settled answers are exact, open ones spread', () => {
    const rng = new Rng(10);
    const open = new Map<number, Set<string>>();
    for (const p of problems(400)) {
      const t = renderTrace(p, rng, slipAlways(0, 0));
      for (let j = 0; j < probePoints(t); j++) {
        const prefix = probePrefix(t, j);
        expect(prefix.endsWith(`${t.steps[j]!.text}\n\n`)).toBe(true);
        expect(assistantText(t).startsWith(prefix)).toBe(true);
        const answer = probeAnswer(t, j, rng);
        expect(answer).toMatch(/^\{\d+\}$/);
        expect(t.steps[j]!.probe.settled).toBe(false);
        open.set(p.answer, (open.get(p.answer) ?? new Set()).add(answer));
      }
      expect(() => probePrefix(t, probePoints(t))).toThrow(/no checkpoint/);
    }
    expect([...open.values()].filter((s) => s.size >= 3).length).toBeGreaterThan(200);
    const settled = renderTrace(problems(1)[0]!, rng, noSlips);
    expect(probeAnswer(settled, 0, rng)).toBe(`{${settled.finalValue}}`);
  });

  it('spread keeps the digit count and the leading digit within one', () => {
    const rng = new Rng(11);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const v = spreadAround(472, rng);
      seen.add(v);
      expect(String(v)).toHaveLength(3);
      expect(Math.abs(Math.floor(v / 100) - 4)).toBeLessThanOrEqual(1);
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it('training examples: the work step\'s checkpoint, then distinct others, each a prefix of the trace', () => {
    const examples = renderExamples(problems(200), 12);
    for (const e of examples) {
      const checkpoints = e.assistant.split('\n\n').length - 2;
      expect(e.probes.length).toBe(Math.min(1 + EXTRA_PROBES_PER_TRACE, checkpoints));
      expect(e.probes[0]!.prefix).toBe(`${e.assistant.split('\n\n')[0]}\n\n`);
      expect(new Set(e.probes.map((p) => p.prefix)).size).toBe(e.probes.length);
      for (const probe of e.probes) {
        expect(e.assistant.startsWith(probe.prefix)).toBe(true);
        expect(probe.prefix.endsWith('\n\n')).toBe(true);
        expect(probe.answer).toMatch(/^\{\d+\}$/);
      }
    }
    expect(renderExamples(problems(50), 12)).toEqual(renderExamples(problems(50), 12));
  });
});
