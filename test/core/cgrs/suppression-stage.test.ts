import { describe, expect, it } from 'vitest';
import type { ProbePositionStats } from '../../../src/core/cgrs/certainty';
import { CgrsController, type CgrsControllerConfig } from '../../../src/core/cgrs/controller';
import { CgrsSuppressionStage } from '../../../src/core/cgrs/suppression-stage';
import { defaultParams, type CgrsParams } from '../../../src/core/methods/params';

const defaultCgrsParams = (): CgrsParams => defaultParams('cgrs').cgrs;
import { RowRng } from '../../../src/core/rng';
import { createRowSampler } from '../../../src/core/sampling/row-sampler';
import type { SamplingParams } from '../../../src/core/sampling/types';

// id → text; 5 and 6 are trigger words, 3 ends a step ("\n\n"), 8 closes thinking, 9 is EOS, 10–11 are padding.
const TEXT = ['a', ' b', ' c', '.\n\n', ' d', ' Wait', ' Hmm', '\n', '</think>', '<eos>', '', ''];
const V = TEXT.length;
const VALID = 10;
const TRIGGERS = [5, 6];

function config(): CgrsControllerConfig {
  return {
    params: { ...defaultCgrsParams(), delta: 0.5 },
    maxNewTokens: 60,
    vocabSize: V,
    triggerIds: Int32Array.from(TRIGGERS),
    thinkStartId: -1,
    thinkEndId: 8,
    eosIds: [9],
    forcedBoundaryIds: [3],
    forcedThinkEndIds: [7, 8, 3],
    tokenText: (id) => TEXT[id]!,
    startsInThinking: true,
  };
}

/** Probe statistics with 'topk' certainty c (K = 5). */
function certain(c: number): ProbePositionStats[] {
  const h = (1 - c) * Math.log(5);
  return [{ entropy: 9, topKEntropy: 9 }, { entropy: h, topKEntropy: h }];
}

/** Logits that favour the triggers, so that suppression visibly changes what is sampled. */
function logitsAt(position: number): Float32Array {
  const row = Float32Array.from({ length: V }, (_, i) => Math.sin(position * 7 + i * 3));
  row[5]! += 2.5;
  row[6]! += 2;
  row[3]! += position % 4 === 3 ? 3 : 0;
  row[10] = 9; // padding: never sampled
  return row;
}

/** The engine loop before the chain: the controller wired by hand beside a plain sampler. */
function byHand(params: SamplingParams, steps: number): number[] {
  const ctl = new CgrsController(config());
  const sampler = createRowSampler(params, { vocabSize: V, validTokens: VALID });
  const rng = new RowRng(11, 0);
  const out: number[] = [];
  for (let position = 0; position < steps && ctl.phase !== 'done'; position++) {
    const logits = logitsAt(position);
    const mask = ctl.maskForStep(position, (p) => rng.uniform('suppress', p));
    const token = sampler.next(logits, { rng, position, mask });
    let rawTop = 0;
    for (let i = 1; i < VALID; i++) if (logits[i]! > logits[rawTop]!) rawTop = i;
    const d = ctl.accept(token, mask ? rawTop : undefined);
    out.push(token);
    if (d.steps.some((s) => s.kind === 'probe')) ctl.onProbe(certain(0.9));
  }
  return [...out, ctl.stats().triggersBlocked, ctl.stats().suppressedSteps];
}

/** The same loop with the controller as the chain's suppression stage. */
function inChain(params: SamplingParams, steps: number): number[] {
  const stage = new CgrsSuppressionStage(new CgrsController(config()), VALID);
  const sampler = createRowSampler(params, { vocabSize: V, validTokens: VALID, plugins: [stage] });
  const rng = new RowRng(11, 0);
  const out: number[] = [];
  for (let position = 0; position < steps && stage.controller.phase !== 'done'; position++) {
    const token = sampler.next(logitsAt(position), { rng, position });
    if (stage.masked) expect(TRIGGERS).not.toContain(token);
    sampler.accept(token);
    out.push(token);
    if (stage.directive!.steps.some((s) => s.kind === 'probe')) stage.controller.onProbe(certain(0.9));
  }
  return [...out, stage.controller.stats().triggersBlocked, stage.controller.stats().suppressedSteps];
}

describe('CgrsSuppressionStage', () => {
  for (const params of [{ temperature: 0 }, { temperature: 1 }, { temperature: 0.7, topP: 0.9 }] as SamplingParams[]) {
    it(`gives the tokens and counts of the hand-wired controller (T ${params.temperature}${params.topP ? ', top-p' : ''})`, () => {
      const got = inChain(params, 40);
      expect(got).toEqual(byHand(params, 40));
      expect(got.at(-1)).toBeGreaterThan(0); // some steps were suppressed
    });
  }

  it('runs first in the chain and clones its controller with the chain', () => {
    const stage = new CgrsSuppressionStage(new CgrsController(config()), VALID);
    const sampler = createRowSampler({ temperature: 1 }, { vocabSize: V, validTokens: VALID, plugins: [stage] });
    expect(sampler.chain.describe()).toEqual(['cgrs-suppression', 'token-mask', 'temperature', 'dist']);
    const copy = sampler.chain.clone();
    const copied = copy.find('cgrs-suppression') as CgrsSuppressionStage;
    expect(copied.controller).not.toBe(stage.controller);
    sampler.next(logitsAt(0), { rng: new RowRng(1, 0), position: 0 });
    sampler.accept(0);
    expect(stage.controller.stats().steps).toBe(1);
    expect(copied.controller.stats().steps).toBe(0);
    sampler.chain.reset();
    expect(stage.controller.stats().steps).toBe(0);
  });
});
