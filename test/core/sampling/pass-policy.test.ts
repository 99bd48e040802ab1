import { describe, expect, it } from 'vitest';
import { RowRng } from '../../../src/core/rng';
import { PassPolicy } from '../../../src/core/sampling/pass-policy';
import { createRowSampler } from '../../../src/core/sampling/row-sampler';

describe('PassPolicy', () => {
  it('starts bounded, turns to the exact pass after repeated fallbacks, probes the bounded pass every 16th step, and comes back', () => {
    const policy = new PassPolicy();
    const modes: string[] = [];
    for (let i = 0; i < 8; i++) {
      modes.push(policy.mode());
      policy.record(true);
    }
    expect(modes).toEqual(new Array<string>(8).fill('bounded'));
    const next: string[] = [];
    for (let step = 9; step <= 16; step++) {
      const mode = policy.mode();
      next.push(mode);
      if (mode === 'bounded') policy.record(false);
    }
    // The fallback rate is 1 − 0.8⁸ > 0.8: steps 9–15 run exact, step 16 probes, succeeds, and the rate drops below 0.8.
    expect(next).toEqual([...new Array<string>(7).fill('exact'), 'bounded']);
    expect(policy.mode()).toBe('bounded');
    expect(policy.exactSteps).toBe(7);
  });

  it('changes only the timing: a flat top-p row that always falls back samples what sample() samples', () => {
    const n = 20000;
    const r = new RowRng(6, 0);
    const logits = Float32Array.from({ length: n }, (_, i) => 2 * r.uniform('probe', i));
    const params = { temperature: 1.5, topP: 0.95 };
    const fast = createRowSampler(params, { vocabSize: n, validTokens: n });
    const exact = createRowSampler(params, { vocabSize: n, validTokens: n });
    for (let position = 0; position < 40; position++) {
      const step = { rng: new RowRng(2, 0), position };
      expect(fast.next(logits, step)).toBe(exact.sample(logits, step).token);
    }
    expect(fast.exactFallbacks).toBeGreaterThanOrEqual(8);
    expect(fast.exactSteps).toBeGreaterThan(20);
  });
});
