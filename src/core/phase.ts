/**
 * Think/answer phase tracker over a row's GENERATED token ids (spec §7; platform notes §5). Only trace
 * tokens are fed (sampled or forced), never prompt or probe tokens, so a prompt cannot trip it.
 *
 * Phases: 'pre' (no think block open yet), 'thinking' (inside <think> … </think>), 'answer' (after
 * </think>). Counting rules (spec §7):
 * - thinking tokens: from <think> through </think>, both tags included; a <think> in the prompt is not a
 *   trace token, so it is not counted (the trace then starts in 'thinking').
 * - answer tokens: after </think> up to and including EOS; the whole trace when there is no think block.
 *   Tokens before a generated <think> ('pre') are outside any think block and count as answer tokens.
 * - A bare </think> in 'pre' (the model closes a block the prompt never opened, an R1-Distill quirk)
 *   means everything so far was thinking: the 'pre' tokens move to the thinking count.
 * - After </think> the phase stays 'answer'; a later <think> is an ordinary answer token.
 * - forced tokens (fed without sampling) are a sub-count of the two above.
 */

import type { Sampler } from './sampling/sampler';

export type TracePhase = 'pre' | 'thinking' | 'answer';

/** Think-tag ids of the loaded model; -1 where the model has no such token (never matches). */
export interface ThinkTokenIds {
  thinkStartId: number;
  thinkEndId: number;
}

export interface PhaseCounts {
  thinking: number;
  answer: number;
  /** Forced tokens, all phases (a sub-count of thinking + answer). */
  forced: number;
  /** thinking + answer: the row's main-trace length. */
  trace: number;
}

/**
 * Whether the templated prompt leaves a think block open, so the trace starts in the thinking phase
 * (R1-Distill templates end with `<think>\n`; Qwen3's lets the model write `<think>`): true iff the last
 * prompt token that is not pure whitespace is `<think>`. Only the template can put `<think>` there: the
 * user's text is encoded as text (src/engine/model/chat.ts), and an earlier turn's `<think>` is followed by
 * its content.
 */
export function promptOpensThinking(promptIds: ArrayLike<number>, thinkStartId: number | null, isWhitespace: (id: number) => boolean): boolean {
  if (thinkStartId === null) return false;
  for (let i = promptIds.length - 1; i >= 0; i--) {
    const id = promptIds[i]!;
    if (id === thinkStartId) return true;
    if (!isWhitespace(id)) return false;
  }
  return false;
}

export class PhaseTracker {
  private current: TracePhase;
  private thinking = 0;
  private answer = 0;
  private pre = 0;
  private forced = 0;

  constructor(private readonly ids: ThinkTokenIds, startsInThinking: boolean) {
    this.current = startsInThinking ? 'thinking' : 'pre';
  }

  get phase(): TracePhase {
    return this.current;
  }

  /** Feeds one trace token; returns the phase it was counted in ('pre' counts as answer). */
  accept(id: number, forced = false): TracePhase {
    const counted = this.route(id);
    if (forced) this.forced++;
    return counted;
  }

  private route(id: number): TracePhase {
    switch (this.current) {
      case 'pre':
        if (id === this.ids.thinkStartId) {
          this.current = 'thinking';
          this.thinking++;
          return 'thinking';
        }
        if (id === this.ids.thinkEndId) {
          this.thinking += this.pre + 1;
          this.answer -= this.pre;
          this.pre = 0;
          this.current = 'answer';
          return 'thinking';
        }
        this.pre++;
        this.answer++;
        return 'pre';
      case 'thinking':
        this.thinking++;
        if (id === this.ids.thinkEndId) this.current = 'answer';
        return 'thinking';
      case 'answer':
        this.answer++;
        return 'answer';
    }
  }

  get thinkingTokens(): number {
    return this.thinking;
  }

  get answerTokens(): number {
    return this.answer;
  }

  get forcedTokens(): number {
    return this.forced;
  }

  get traceTokens(): number {
    return this.thinking + this.answer;
  }

  counts(): PhaseCounts {
    return { thinking: this.thinking, answer: this.answer, forced: this.forced, trace: this.traceTokens };
  }

  /** An independent copy (batched-probe replay, lane forks). */
  clone(): PhaseTracker {
    const copy = new PhaseTracker(this.ids, false);
    copy.current = this.current;
    copy.thinking = this.thinking;
    copy.answer = this.answer;
    copy.pre = this.pre;
    copy.forced = this.forced;
    return copy;
  }
}

/**
 * The phase tracker as a chain stage (an `observer`): it sees every token the row accepts, so a chain can carry
 * the row's phase with it (and clone it with the chain). Forced tokens never pass through a sampler: feed them
 * with `force`.
 */
export class PhaseStage implements Sampler {
  readonly name = 'phase';
  readonly kind = 'observer' as const;
  readonly needs = 'logits' as const;

  constructor(
    private readonly ids: ThinkTokenIds,
    private readonly startsInThinking: boolean,
    public tracker: PhaseTracker = new PhaseTracker(ids, startsInThinking),
  ) {}

  apply(): void {}

  accept(token: number): void {
    this.tracker.accept(token);
  }

  /** Tokens fed without sampling ("\n\n", "\n</think>\n\n"). */
  force(ids: readonly number[]): void {
    for (const id of ids) this.tracker.accept(id, true);
  }

  reset(): void {
    this.tracker = new PhaseTracker(this.ids, this.startsInThinking);
  }

  clone(): PhaseStage {
    return new PhaseStage(this.ids, this.startsInThinking, this.tracker.clone());
  }
}
