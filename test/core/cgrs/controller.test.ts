import { describe, expect, it } from 'vitest';
import type { CgrsControllerConfig, CgrsDirective } from '../../../src/core/cgrs/controller';
import { CgrsController } from '../../../src/core/cgrs/controller';
import type { ProbePositionStats } from '../../../src/core/cgrs/certainty';
import { defaultParams, type CgrsParams } from '../../../src/core/methods/params';

const defaultCgrsParams = (): CgrsParams => defaultParams('cgrs').cgrs;

// A toy vocabulary: id → text.
const TEXT = ['A', ' b', '.\n\n', '\n', '\n\n', '<think>', '</think>', '<eos>', ' Wait', 'Hmm', 'x\n', '', '\nY'] as const;
type Ids<T extends readonly unknown[]> = { -readonly [K in keyof T]: number };
const [A, B, DOT_NN, NL, NN, THINK, END_THINK, EOS, WAIT, HMM, X_NL, EMPTY, NL_Y] = TEXT.map((_, i) => i) as Ids<typeof TEXT>;
const LN5 = Math.log(5);

function config(over: Partial<CgrsControllerConfig> = {}, params: Partial<ReturnType<typeof defaultCgrsParams>> = {}): CgrsControllerConfig {
  return {
    params: { ...defaultCgrsParams(), ...params },
    maxNewTokens: 100,
    vocabSize: 13,
    triggerIds: Int32Array.from([WAIT, HMM]),
    thinkStartId: THINK,
    thinkEndId: END_THINK,
    eosIds: [EOS],
    forcedBoundaryIds: [NN],
    forcedThinkEndIds: [NL, END_THINK, NN],
    tokenText: (id) => TEXT[id]!,
    startsInThinking: true,
    ...over,
  };
}

/** Probe stats whose 'topk' certainty (K = 5) is exactly c. */
function statsWithCertainty(c: number): ProbePositionStats[] {
  const h = (1 - c) * LN5;
  return [{ entropy: 99, topKEntropy: 99 }, { entropy: h, topKEntropy: h }, { entropy: h, topKEntropy: h }];
}

/**
 * Drives a controller like the engine: for each scripted token, draw the mask, accept, apply the directive
 * (probes answered with `probe(checkpoint)`). Returns the trace, masks and directives.
 */
function drive(ctl: CgrsController, tokens: number[], probe: (cp: number) => ProbePositionStats[], u: (pos: number) => number = () => 0.5) {
  const trace: number[] = [];
  const masks: (Int32Array | null)[] = [];
  const directives: CgrsDirective[] = [];
  const probedAt: number[] = [];
  for (const token of tokens) {
    masks.push(ctl.maskForStep(trace.length, u));
    const d = ctl.accept(token);
    directives.push(d);
    if (d.keep) trace.push(token);
    for (const step of d.steps) {
      if (step.kind === 'force') trace.push(...step.ids);
      else {
        expect(step.traceLength).toBe(trace.length);
        probedAt.push(trace.length);
        ctl.onProbe(probe(step.checkpoint));
      }
    }
    if (d.done) break;
  }
  return { trace, masks, directives, probedAt };
}

describe('CgrsController: boundaries', () => {
  const probesAfter = (tokens: number[]): number[] =>
    drive(new CgrsController(config()), tokens, () => statsWithCertainty(0)).probedAt;

  it('checkpoints on a merged ".\\n\\n" token', () => {
    expect(probesAfter([A, B, DOT_NN, A])).toEqual([3]);
  });

  it('checkpoints on "\\n" followed by "\\n" across tokens, even with an empty-text token between', () => {
    expect(probesAfter([A, NL, NL, A])).toEqual([3]);
    expect(probesAfter([A, NL, EMPTY, NL])).toEqual([4]);
    expect(probesAfter([A, X_NL, NL_Y])).toEqual([3]);
  });

  it('does not checkpoint on a single newline, nor across a checkpoint', () => {
    expect(probesAfter([A, X_NL, A, NL, A])).toEqual([]);
    // NN checkpoints; the text restarts, so the following NL alone is not a boundary
    expect(probesAfter([A, NN, NL, A, NN])).toEqual([2, 5]);
  });

  it('numbers checkpoints and ignores boundaries outside thinking', () => {
    const ctl = new CgrsController(config());
    const { directives } = drive(ctl, [NN, A, NN, END_THINK, NN, A], () => statsWithCertainty(0));
    const checkpoints = directives.flatMap((d) => d.steps.flatMap((s) => (s.kind === 'probe' ? [s.checkpoint] : [])));
    expect(checkpoints).toEqual([0, 1]);
    expect(ctl.stats().checkpoints).toBe(2);
    expect(ctl.stats().probes).toBe(2);
  });
});

describe('CgrsController: suppression', () => {
  it('never suppresses before the first certain probe (initial C = 0)', () => {
    const ctl = new CgrsController(config());
    const { masks } = drive(ctl, [A, B, NN, A, B], () => statsWithCertainty(0.5), () => 0);
    expect(masks.every((m) => m === null)).toBe(true);
    expect(ctl.stats().certainty).toBeCloseTo(0.5, 12);
  });

  it('with certainty 1 masks the triggers at every later step, answer phase included', () => {
    const ctl = new CgrsController(config());
    const { masks } = drive(ctl, [A, NN, A, B, END_THINK, A, B], () => statsWithCertainty(1), () => 0.999999);
    expect(masks.slice(0, 2)).toEqual([null, null]);
    for (const m of masks.slice(2)) expect(Array.from(m!)).toEqual([WAIT, HMM]);
    expect(ctl.pSup).toBe(1);
    expect(ctl.stats().suppressedSteps).toBe(5);
  });

  it('δ = 1 never suppresses, even at certainty 1', () => {
    const ctl = new CgrsController(config({}, { delta: 1 }));
    const { masks } = drive(ctl, [A, NN, A, NN, A], () => statsWithCertainty(1), () => 0);
    expect(masks.every((m) => m === null)).toBe(true);
    expect(ctl.pSup).toBe(0);
  });

  it('suppresses exactly the steps whose draw is below p_sup, drawing at every step', () => {
    const ctl = new CgrsController(config());
    const draws = [0.01, 0.01, 0.2, 0.6, 0.4, 0.7];
    const asked: number[] = [];
    const u = (pos: number) => { asked.push(pos); return draws[pos]!; };
    // C = 0.95, δ = 0.9 ⇒ p_sup = 0.5
    const { masks } = drive(ctl, [A, NN, A, B, A, B], () => statsWithCertainty(0.95), u);
    expect(ctl.pSup).toBeCloseTo(0.5, 12);
    expect(masks.map((m) => m !== null)).toEqual([false, false, true, false, true, false]);
    expect(asked).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("uses the 'vocab' normalisation when asked", () => {
    const ctl = new CgrsController(config({ vocabSize: 100 }, { certaintyNorm: 'vocab', delta: 0.5 }));
    const h = 0.2 * Math.log(100);
    drive(ctl, [A, NN], () => [{ entropy: 50, topKEntropy: 0 }, { entropy: h, topKEntropy: 50 }]);
    expect(ctl.stats().certainty).toBeCloseTo(0.8, 12);
    expect(ctl.pSup).toBeCloseTo(0.6, 12);
  });

  it('counts triggers emitted and blocked', () => {
    const ctl = new CgrsController(config());
    ctl.maskForStep(0, () => 0.5);
    ctl.accept(WAIT, WAIT); // unmasked: emitted, not blocked
    ctl.maskForStep(1, () => 0.5);
    ctl.accept(NN);
    ctl.onProbe(statsWithCertainty(1));
    expect(ctl.maskForStep(2, () => 0.5)).not.toBeNull();
    ctl.accept(A, HMM); // masked and the raw argmax was a trigger: blocked
    expect(ctl.maskForStep(3, () => 0.5)).not.toBeNull();
    ctl.accept(A, B); // masked, argmax not a trigger
    expect(ctl.stats()).toMatchObject({ triggersEmitted: 1, triggersBlocked: 1, suppressedSteps: 2, steps: 4 });
  });
});

describe('CgrsController: thinking budget and forced answer phase', () => {
  it('forces "\\n\\n", probes, then forces "\\n</think>\\n\\n" at the budget', () => {
    const ctl = new CgrsController(config({ maxNewTokens: 20 }, { thinkRatio: 0.25 })); // budget 5
    expect(ctl.budget).toBe(5);
    const { trace, directives } = drive(ctl, [A, B, A, B, A], () => statsWithCertainty(0));
    expect(directives[4]!.steps).toEqual([
      { kind: 'force', ids: [NN], reason: 'boundary' },
      { kind: 'probe', checkpoint: 0, traceLength: 6 },
      { kind: 'force', ids: [NL, END_THINK, NN], reason: 'think-end' },
    ]);
    expect(trace).toEqual([A, B, A, B, A, NN, NL, END_THINK, NN]);
    expect(ctl.phase).toBe('answer');
    // thinking: 5 sampled + "\n\n" + "\n" + "</think>"; answer: the "\n\n" after the tag
    expect(ctl.phaseCounts()).toEqual({ thinking: 8, answer: 1, forced: 4, trace: 9 });
    expect(ctl.stats().forcedTokens).toBe(4);
  });

  it('does not force a second "\\n\\n" when the budget step is already a checkpoint', () => {
    const ctl = new CgrsController(config({ maxNewTokens: 10 }, { thinkRatio: 0.3 })); // budget 3
    const { directives, trace } = drive(ctl, [A, B, DOT_NN], () => statsWithCertainty(0));
    expect(directives[2]!.steps).toEqual([
      { kind: 'probe', checkpoint: 0, traceLength: 3 },
      { kind: 'force', ids: [NL, END_THINK, NN], reason: 'think-end' },
    ]);
    expect(trace).toEqual([A, B, DOT_NN, NL, END_THINK, NN]);
  });

  it('lets the answer phase use maxNewTokens − thinking tokens, then stops on length', () => {
    const ctl = new CgrsController(config({ maxNewTokens: 12 }, { thinkRatio: 0.25 })); // budget 3
    const { trace, directives } = drive(ctl, [A, B, A, A, B, A, B, A, B, A], () => statsWithCertainty(0));
    expect(trace).toHaveLength(12);
    expect(directives.at(-1)!.done).toBe('length');
    expect(ctl.phase).toBe('done');
    expect(ctl.phaseCounts()).toMatchObject({ thinking: 6, answer: 6 });
    expect(() => ctl.accept(A)).toThrow(/done/);
  });

  it('skips the probe when the row ends in the same directive', () => {
    const ctl = new CgrsController(config({ maxNewTokens: 3 }, { thinkRatio: 1 })); // budget 3
    const { directives } = drive(ctl, [A, B, A], () => statsWithCertainty(0));
    expect(directives[2]).toEqual({
      keep: true,
      done: 'length',
      steps: [{ kind: 'force', ids: [NN], reason: 'boundary' }, { kind: 'force', ids: [NL, END_THINK, NN], reason: 'think-end' }],
    });
    expect(ctl.stats().checkpoints).toBe(0);
  });

  it('counts a generated <think> against the budget (Qwen3 style)', () => {
    const ctl = new CgrsController(config({ maxNewTokens: 10, startsInThinking: false }, { thinkRatio: 0.3 })); // budget 3
    expect(ctl.phase).toBe('pre');
    const { directives } = drive(ctl, [THINK, A, B], () => statsWithCertainty(0));
    expect(ctl.phase).toBe('answer');
    expect(directives[2]!.steps.map((s) => s.kind)).toEqual(['force', 'probe', 'force']);
  });
});

describe('CgrsController: EOS and </think> from the model', () => {
  it('drops an EOS sampled during thinking, forces "\\n\\n" and checkpoints', () => {
    const ctl = new CgrsController(config());
    const { trace, directives } = drive(ctl, [A, EOS, B], () => statsWithCertainty(0));
    expect(directives[1]).toEqual({
      keep: false, done: null,
      steps: [{ kind: 'force', ids: [NN], reason: 'boundary' }, { kind: 'probe', checkpoint: 0, traceLength: 2 }],
    });
    expect(trace).toEqual([A, NN, B]);
    expect(ctl.phase).toBe('thinking');
    expect(ctl.stats().eosDropped).toBe(1);
  });

  it('keeps a </think> from the model without probing, then ends on EOS', () => {
    const ctl = new CgrsController(config());
    const { trace, directives, probedAt } = drive(ctl, [A, END_THINK, B, EOS], () => statsWithCertainty(0));
    expect(directives[1]!.steps).toEqual([]);
    expect(probedAt).toEqual([]);
    expect(trace).toEqual([A, END_THINK, B, EOS]);
    expect(directives[3]!.done).toBe('eos');
    expect(ctl.phaseCounts()).toEqual({ thinking: 2, answer: 2, forced: 0, trace: 4 });
  });
});

describe('CgrsController: protocol', () => {
  it('refuses to go on while a probe is pending, and onProbe without one', () => {
    const ctl = new CgrsController(config());
    ctl.maskForStep(0, () => 0.5);
    ctl.accept(NN);
    expect(ctl.pendingProbe).toBe(0);
    expect(() => ctl.maskForStep(1, () => 0.5)).toThrow(/pending/);
    expect(() => ctl.accept(A)).toThrow(/pending/);
    ctl.onProbe(statsWithCertainty(0));
    expect(() => ctl.onProbe(statsWithCertainty(0))).toThrow(/no probe/);
  });

  it('rejects a uniform draw outside [0, 1) and a bad config', () => {
    expect(() => new CgrsController(config()).maskForStep(0, () => 1)).toThrow(/\[0, 1\)/);
    expect(() => new CgrsController(config({ forcedThinkEndIds: [NL, NN] }))).toThrow(/thinkEndId/);
  });

  it('clone is independent; holdProbe keeps p_sup (batched extension)', () => {
    const ctl = new CgrsController(config());
    drive(ctl, [A, NN], () => statsWithCertainty(1));
    ctl.maskForStep(2, () => 0.5);
    ctl.accept(NN);
    const snapshot = ctl.clone();
    ctl.holdProbe();
    expect(ctl.pSup).toBe(1);
    expect(ctl.maskForStep(3, () => 0.5)).not.toBeNull();
    // the snapshot still awaits its probe; resolving it there does not touch the speculative copy
    expect(snapshot.pendingProbe).toBe(1);
    expect(snapshot.onProbe(statsWithCertainty(0)).pSup).toBe(0);
    expect(snapshot.maskForStep(3, () => 0.5)).toBeNull();
    expect(ctl.pSup).toBe(1);
    expect(ctl.stats().heldProbes).toBe(1);
    expect(snapshot.stats().heldProbes).toBe(0);
  });
});

describe('CgrsController: the state union (architecture §3)', () => {
  it('walks free → probe-pending → suppressing → idle (answer, p_sup kept) → done', () => {
    const ctl = new CgrsController(config());
    expect(ctl.state).toEqual({ kind: 'free' });
    ctl.maskForStep(0, () => 0);
    expect(ctl.state).toEqual({ kind: 'free' }); // p_sup 0: a free step is never masked
    ctl.accept(A);
    ctl.maskForStep(1, () => 0.5);
    ctl.accept(NN);
    expect(ctl.state).toEqual({ kind: 'probe-pending', checkpoint: 0, boundaryAt: 2, pSup: 0 });
    ctl.onProbe(statsWithCertainty(0.95)); // p_sup 0.5
    expect(ctl.state).toEqual({ kind: 'suppressing', pSup: expect.closeTo(0.5, 12), masked: false });
    expect(ctl.maskForStep(2, () => 0.1)).not.toBeNull();
    expect(ctl.state).toMatchObject({ kind: 'suppressing', masked: true });
    ctl.accept(END_THINK);
    expect(ctl.state).toEqual({ kind: 'idle', pSup: expect.closeTo(0.5, 12), masked: false });
    ctl.maskForStep(3, () => 0.9);
    expect(ctl.accept(EOS).done).toBe('eos');
    expect(ctl.state).toEqual({ kind: 'done', reason: 'eos', pSup: expect.closeTo(0.5, 12) });
  });

  it('starts idle before a generated <think>, and holdProbe returns to the held p_sup', () => {
    const ctl = new CgrsController(config({ startsInThinking: false }));
    expect(ctl.state).toEqual({ kind: 'idle', pSup: 0, masked: false });
    drive(ctl, [THINK, A, NN], () => statsWithCertainty(1));
    expect(ctl.state).toEqual({ kind: 'suppressing', pSup: 1, masked: false });
    ctl.maskForStep(3, () => 0.5);
    ctl.accept(NN);
    expect(ctl.state.kind).toBe('probe-pending');
    ctl.holdProbe();
    expect(ctl.state).toEqual({ kind: 'suppressing', pSup: 1, masked: false });
  });

  it('fresh() starts over with the same config', () => {
    const ctl = new CgrsController(config());
    drive(ctl, [A, NN, A], () => statsWithCertainty(1));
    const again = ctl.fresh();
    expect(again.state).toEqual({ kind: 'free' });
    expect(again.stats()).toMatchObject({ steps: 0, checkpoints: 0, pSup: 0, certainty: 0, history: [] });
    expect(ctl.stats().checkpoints).toBe(1);
  });
});
