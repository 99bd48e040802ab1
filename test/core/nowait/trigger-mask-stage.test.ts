import { describe, expect, it } from 'vitest';
import { TriggerMaskStage } from '../../../src/core/nowait/trigger-mask-stage';
import { RowRng } from '../../../src/core/rng';
import { createRowSampler } from '../../../src/core/sampling/row-sampler';

describe('TriggerMaskStage (NoWait)', () => {
  const logits = Float32Array.from([0, 3, 1, 2.5, 0.5]); // argmax 1, then 3
  const triggers = Int32Array.from([1, 4]);

  function greedyRow(thinking: { on: boolean }) {
    const stage = new TriggerMaskStage(triggers, 5, () => thinking.on);
    const row = createRowSampler({ temperature: 0 }, { vocabSize: 5, validTokens: 5, plugins: [stage] });
    return { stage, next: () => row.next(logits, { rng: new RowRng(1, 0), position: 0 }) };
  }

  it('masks the triggers while the row thinks: greedy takes the best other token and the blocked trigger is known', () => {
    const thinking = { on: true };
    const { stage, next } = greedyRow(thinking);
    expect(next()).toBe(3);
    expect([stage.masked, stage.rawTop]).toEqual([true, 1]);
    thinking.on = false;
    expect(next()).toBe(1);
    expect([stage.masked, stage.rawTop]).toEqual([false, undefined]);
  });

  it('with no trigger in the vocabulary it never masks', () => {
    const stage = new TriggerMaskStage(new Int32Array(0), 5, () => true);
    const row = createRowSampler({ temperature: 0 }, { vocabSize: 5, validTokens: 5, plugins: [stage] });
    expect(row.next(logits, { rng: new RowRng(1, 0), position: 0 })).toBe(1);
    expect(stage.masked).toBe(false);
  });

  it('samples never from a masked trigger at any temperature', () => {
    const stage = new TriggerMaskStage(triggers, 5, () => true);
    const row = createRowSampler({ temperature: 2 }, { vocabSize: 5, validTokens: 5, plugins: [stage] });
    for (let position = 0; position < 200; position++) {
      expect([1, 4]).not.toContain(row.next(logits, { rng: new RowRng(3, 0), position }));
    }
  });
});
