import { describe, expect, it } from 'vitest';
import { PhaseStage, PhaseTracker, promptOpensThinking } from '../../src/core/phase';
import { RowRng } from '../../src/core/rng';
import { createRowSampler } from '../../src/core/sampling/row-sampler';

const IDS = { thinkStartId: 1, thinkEndId: 2 };
const ASSISTANT = 9;
const EOS = 7;

describe('promptOpensThinking', () => {
  const WS = 3; // a whitespace token ("\n")
  const isWs = (id: number) => id === WS;
  it('is true only when the last token that is not whitespace is <think>', () => {
    expect(promptOpensThinking([5, ASSISTANT, 1, WS], IDS.thinkStartId, isWs)).toBe(true); // R1 "<｜Assistant｜><think>\n"
    expect(promptOpensThinking([5, ASSISTANT], IDS.thinkStartId, isWs)).toBe(false); // Qwen3: the model opens it
    expect(promptOpensThinking([ASSISTANT, 1, WS, WS, 2, WS], IDS.thinkStartId, isWs)).toBe(false); // enable_thinking: false
    expect(promptOpensThinking([1, WS, 2, ASSISTANT, 1], IDS.thinkStartId, isWs)).toBe(true); // earlier turn closed, new one open
    expect(promptOpensThinking([1, WS, ASSISTANT, 4], IDS.thinkStartId, isWs)).toBe(false); // an earlier turn's <think>
    expect(promptOpensThinking([1], null, isWs)).toBe(false); // no <think> token in this vocabulary
    expect(promptOpensThinking([], IDS.thinkStartId, isWs)).toBe(false);
  });
});

describe('PhaseTracker', () => {
  it('counts a generated <think> … </think> block with tags as thinking and the rest as answer (EOS included)', () => {
    const t = new PhaseTracker(IDS, false);
    const phases = [1, 3, 3, 2, 4, 4, EOS].map((id) => t.accept(id));
    expect(phases).toEqual(['thinking', 'thinking', 'thinking', 'thinking', 'answer', 'answer', 'answer']);
    expect(t.counts()).toEqual({ thinking: 4, answer: 3, forced: 0, trace: 7 });
  });

  it('does not count a <think> that is in the prompt', () => {
    const t = new PhaseTracker(IDS, true);
    for (const id of [3, 3, 2, 4, EOS]) t.accept(id);
    expect(t.counts()).toEqual({ thinking: 3, answer: 2, forced: 0, trace: 5 });
  });

  it('counts the whole trace as answer when there is no think block', () => {
    const t = new PhaseTracker(IDS, false);
    for (const id of [3, 4, 5, EOS]) t.accept(id);
    expect(t.phase).toBe('pre');
    expect(t.counts()).toEqual({ thinking: 0, answer: 4, forced: 0, trace: 4 });
  });

  it('moves pre tokens to thinking on a bare </think>', () => {
    const t = new PhaseTracker(IDS, false);
    for (const id of [3, 4, 2, 5]) t.accept(id);
    expect(t.counts()).toEqual({ thinking: 3, answer: 1, forced: 0, trace: 4 });
    expect(t.phase).toBe('answer');
  });

  it('treats a <think> after </think> as an answer token, and counts forced tokens', () => {
    const t = new PhaseTracker(IDS, true);
    t.accept(3);
    t.accept(4, true);
    t.accept(2, true);
    t.accept(1);
    expect(t.counts()).toEqual({ thinking: 3, answer: 1, forced: 2, trace: 4 });
  });

  it('clone is independent', () => {
    const t = new PhaseTracker(IDS, true);
    t.accept(3);
    const c = t.clone();
    c.accept(2);
    expect(t.phase).toBe('thinking');
    expect(c.phase).toBe('answer');
    expect(t.thinkingTokens).toBe(1);
    expect(c.thinkingTokens).toBe(2);
  });
});

describe('PhaseStage', () => {
  it('tracks accepted and forced tokens as a chain observer, and clones and resets with the chain', () => {
    const stage = new PhaseStage(IDS, false);
    const sampler = createRowSampler({ temperature: 0 }, { vocabSize: 8, validTokens: 8, plugins: [stage] });
    expect(sampler.chain.describe()).toEqual(['token-mask', 'temperature', 'greedy', 'phase']);
    const logits = new Float32Array(8);
    logits[IDS.thinkStartId] = 5;
    sampler.accept(sampler.next(logits, { rng: new RowRng(1, 0), position: 0 }));
    expect(stage.tracker.phase).toBe('thinking');
    const copy = sampler.chain.clone().find('phase') as PhaseStage;
    stage.force([IDS.thinkEndId]);
    expect(stage.tracker.counts()).toEqual({ thinking: 2, answer: 0, forced: 1, trace: 2 });
    expect(copy.tracker.phase).toBe('thinking');
    sampler.chain.reset();
    expect(stage.tracker.phase).toBe('pre');
  });
});
