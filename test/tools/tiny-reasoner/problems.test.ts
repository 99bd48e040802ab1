import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAIN_PROBLEMS, DEFAULT_TRAIN_SEED, HELDOUT_COUNT, HELDOUT_PATH, HELDOUT_SEED, heldOutJsonl,
} from '../../../tools/tiny-reasoner/config';
import {
  heldOutProblems, PHRASINGS, problemKey, problemSet, randomProblem, trainingProblems, type ProblemKind,
} from '../../../tools/tiny-reasoner/problems';
import { Rng } from '../../../tools/tiny-reasoner/data-rng';

/**
 * An independent reading of a question, as a person would: which operation on which numbers.
 * "Subtract b from a" and "take b away from a" name the subtrahend first.
 */
function parseQuestion(q: string): { kind: ProblemKind; operands: number[] } {
  const nums = (q.match(/\d+/g) ?? []).map(Number);
  if (/subtract|take .* away/i.test(q)) return { kind: 'sub', operands: [nums[1]!, nums[0]!] };
  if (/-|minus|difference/i.test(q)) return { kind: 'sub', operands: nums };
  if (!/\+|plus|add|sum|total/i.test(q)) throw new Error(`no operation in "${q}"`);
  return { kind: nums.length === 3 ? 'sum3' : 'add', operands: nums };
}

const solve = (p: { kind: ProblemKind; operands: number[] }): number =>
  p.kind === 'sub' ? p.operands[0]! - p.operands[1]! : p.operands.reduce((a, b) => a + b, 0);

describe('tiny reasoner problems', () => {
  it('are reproducible from the seed and differ between seeds', () => {
    const a = problemSet(7, 'train', 200);
    expect(problemSet(7, 'train', 200)).toEqual(a);
    const b = problemSet(8, 'train', 200);
    expect(b.map((p) => p.question)).not.toEqual(a.map((p) => p.question));
  });

  it('every phrasing reads back as the intended operation and answer', () => {
    const rng = new Rng(3);
    for (const kind of Object.keys(PHRASINGS) as ProblemKind[]) {
      for (const phrase of PHRASINGS[kind]) {
        for (let i = 0; i < 20; i++) {
          const count = kind === 'sum3' ? 3 : 2;
          const ops = Array.from({ length: count }, () => rng.int(0, 999)).sort((x, y) => (kind === 'sub' ? y - x : 0));
          const parsed = parseQuestion(phrase(ops));
          expect(parsed, phrase(ops)).toEqual({ kind, operands: ops });
        }
      }
    }
  });

  it('generated questions parse to their stored answer; differences are never negative', () => {
    const rng = new Rng(11);
    const kinds = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const p = randomProblem(rng);
      kinds.add(p.kind);
      expect(solve(parseQuestion(p.question)), p.question).toBe(p.answer);
      expect(p.answer).toBeGreaterThanOrEqual(0);
      expect(Math.max(...p.operands)).toBeLessThan(1000);
    }
    expect([...kinds].sort()).toEqual(['add', 'sub', 'sum3']);
  });

  it('keys ignore wording and addend order but not the order of a subtraction', () => {
    expect(problemKey({ kind: 'add', operands: [38, 47] })).toBe(problemKey({ kind: 'add', operands: [47, 38] }));
    expect(problemKey({ kind: 'sum3', operands: [1, 30, 2] })).toBe(problemKey({ kind: 'sum3', operands: [30, 2, 1] }));
    expect(problemKey({ kind: 'sub', operands: [47, 38] })).not.toBe(problemKey({ kind: 'sub', operands: [38, 47] }));
    expect(problemKey({ kind: 'add', operands: [1, 2] })).not.toBe(problemKey({ kind: 'sub', operands: [1, 2] }));
  });

  it('excluded keys are skipped, so training problems never include a held-out problem', () => {
    const unfiltered = problemSet(5, 'train', 400);
    // Exclude exactly the keys the same stream would draw first: every one of them must be skipped.
    const excluded = unfiltered.slice(0, 100);
    const filtered = problemSet(5, 'train', 400, new Set(excluded.map(problemKey)));
    const keys = new Set(filtered.map(problemKey));
    expect(excluded.filter((p) => keys.has(problemKey(p)))).toEqual([]);
    expect(filtered).toHaveLength(400);
    expect(filtered.slice(0, 300)).toEqual(unfiltered.slice(100, 400));

    const heldOut = heldOutProblems(5, 300);
    const held = new Set(heldOut.map(problemKey));
    expect(trainingProblems(5, 2000, heldOut).filter((p) => held.has(problemKey(p)))).toEqual([]);
  });
});

describe('committed held-out file', () => {
  const heldOut = heldOutProblems(HELDOUT_SEED, HELDOUT_COUNT);

  it('is what the generator writes, with at least 200 problems and correct answers', () => {
    expect(existsSync(HELDOUT_PATH), `${HELDOUT_PATH} (npm run model:train writes it)`).toBe(true);
    const text = readFileSync(HELDOUT_PATH, 'utf8');
    expect(text).toBe(heldOutJsonl(heldOut));
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { id: string; question: string; answer: string });
    expect(lines.length).toBeGreaterThanOrEqual(200);
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['answer', 'id', 'question']);
      expect(String(solve(parseQuestion(l.question))), l.question).toBe(l.answer);
    }
  });

  it('is disjoint from the training problems of the default training seed', () => {
    const train = trainingProblems(DEFAULT_TRAIN_SEED, DEFAULT_TRAIN_PROBLEMS, heldOut);
    expect(train).toHaveLength(DEFAULT_TRAIN_PROBLEMS);
    const trainKeys = new Set(train.map(problemKey));
    expect(heldOut.filter((p) => trainKeys.has(problemKey(p))).map((p) => p.question)).toEqual([]);
    expect(new Set(heldOut.map(problemKey)).size).toBe(heldOut.length);
  });
});
