import type { CgrsParams } from '../methods/params';

/** Types of the CGRS controller (controller.ts): its configuration, state, directives and statistics. */

export interface CgrsControllerConfig {
  params: CgrsParams;
  maxNewTokens: number;
  /** Model config vocabulary size |V| ('vocab' certainty). */
  vocabSize: number;
  /** Single-token trigger ids (spec §4.2), resolved by the engine at load. */
  triggerIds: Int32Array;
  thinkStartId: number;
  thinkEndId: number;
  eosIds: readonly number[];
  /** Encoding of "\n\n", forced at a budget cut or after a dropped EOS. */
  forcedBoundaryIds: readonly number[];
  /** Encoding of "\n</think>\n\n"; must contain thinkEndId. */
  forcedThinkEndIds: readonly number[];
  /** Decoded text of one token (boundary detection). */
  tokenText: (id: number) => string;
  /** The prompt left a think block open (`promptOpensThinking`). */
  startsInThinking: boolean;
}

export type CgrsStep =
  /** Append and feed `ids` without sampling; they are already counted as forced trace tokens. */
  | { kind: 'force'; ids: readonly number[]; reason: 'boundary' | 'think-end' }
  /** Run a probe on a fork of the row's cache as it stands now, then call `onProbe`. */
  | { kind: 'probe'; checkpoint: number; traceLength: number };

export interface CgrsDirective {
  /** Append/feed the sampled token. false only for EOS during thinking (spec §4.7: not fed). */
  keep: boolean;
  /** To perform in order before the next sampling step. */
  steps: readonly CgrsStep[];
  /** The row is finished once the steps are done: 'eos' (EOS outside thinking) or 'length' (maxNewTokens). */
  done: 'eos' | 'length' | null;
}

export interface ProbeOutcome {
  checkpoint: number;
  /** Trace length at the checkpoint (the probe's fork point). */
  traceLength: number;
  certainty: number;
  pSup: number;
}

export interface CgrsStats {
  /** maskForStep calls (= sampling steps of the row). */
  steps: number;
  /** Steps whose suppression draw fired (trigger ids masked). */
  suppressedSteps: number;
  /** Probes requested (a probe is not requested when the row ends in the same directive). */
  checkpoints: number;
  /** Probes whose stats came back (`onProbe`). */
  probes: number;
  /** Probes resolved speculatively with `holdProbe` (batched extension). */
  heldProbes: number;
  /** Sampled tokens that are trigger ids (possible only on unmasked steps). */
  triggersEmitted: number;
  /** Masked steps where the unmasked argmax (`rawTopId`) was a trigger: reflections the mask removed. */
  triggersBlocked: number;
  /** Forced trace tokens ("\n\n", "\n</think>\n\n"). */
  forcedTokens: number;
  /** EOS tokens sampled during thinking and dropped (spec §4.7); the engine counts them as discarded. */
  eosDropped: number;
  /** floor(maxNewTokens · thinkRatio). */
  thinkingBudget: number;
  certainty: number;
  pSup: number;
  history: readonly ProbeOutcome[];
}

/**
 * The controller's state (architecture §3), one explicit union instead of loose fields. `masked` is this step's
 * suppression decision, set by `maskForStep` and consumed by `accept` (blocked triggers are counted from it).
 */
export type CgrsState =
  /** Outside the think block: before <think> (p_sup 0), or after </think>, where the last p_sup still applies (§4.6). */
  | { readonly kind: 'idle'; readonly pSup: number; readonly masked: boolean }
  /** Thinking with p_sup = 0: triggers allowed. */
  | { readonly kind: 'free' }
  /** Thinking with p_sup > 0: each step's draw may mask the triggers until the next checkpoint. */
  | { readonly kind: 'suppressing'; readonly pSup: number; readonly masked: boolean }
  /** Checkpoint `checkpoint` armed at trace length `boundaryAt`; waiting for `onProbe` (or `holdProbe`). */
  | { readonly kind: 'probe-pending'; readonly checkpoint: number; readonly boundaryAt: number; readonly pSup: number }
  /** The row ended. */
  | { readonly kind: 'done'; readonly reason: 'eos' | 'length'; readonly pSup: number };

