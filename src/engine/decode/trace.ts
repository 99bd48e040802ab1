import type { ThinkTokenIds } from '../../core/phase';
import { PhaseTracker } from '../../core/phase';
import type { Phase } from '../../protocol/run';
import { IncrementalText } from './detokenizer';
import type { TokenizerLike } from '../runtime/tokenizer';

/**
 * One row's main trace: its ids (sampled and forced), the phase each id was counted in, a phase
 * tracker (spec §7 counts) and the incremental text for streaming. Only final tokens enter it;
 * speculative tokens of a batched probe wait outside until they stand.
 */
export class RowTrace {
  readonly ids: number[] = [];
  private readonly phases: Phase[] = [];
  private readonly tracker: PhaseTracker;
  private readonly text: IncrementalText;

  constructor(
    private readonly think: ThinkTokenIds,
    startsInThinking: boolean,
    private readonly tokenizer: TokenizerLike,
  ) {
    this.tracker = new PhaseTracker(think, startsInThinking);
    this.text = new IncrementalText(tokenizer);
  }

  get length(): number {
    return this.ids.length;
  }

  get phase(): 'pre' | 'thinking' | 'answer' {
    return this.tracker.phase;
  }

  /**
   * Appends ids; returns the completed text per phase run, for streaming. A bare </think> in 'pre'
   * (the model closes a block the prompt never opened) moves the earlier tokens to thinking, as
   * PhaseTracker counts them.
   */
  append(ids: readonly number[], forced: boolean): { phase: Phase; text: string; count: number }[] {
    const out: { phase: Phase; text: string; count: number }[] = [];
    for (const id of ids) {
      const before = this.tracker.phase;
      const counted = this.tracker.accept(id, forced);
      const phase: Phase = counted === 'thinking' ? 'thinking' : 'answer';
      if (before === 'pre' && counted === 'thinking' && id === this.think.thinkEndId) this.phases.fill('thinking');
      this.ids.push(id);
      this.phases.push(phase);
      const text = this.text.push([id]);
      const last = out[out.length - 1];
      if (last && last.phase === phase) {
        last.text += text;
        last.count += 1;
      } else {
        out.push({ phase, text, count: 1 });
      }
    }
    return out;
  }

  /** Phase and thinking count as they will be once `id` is appended (a directive is decided before the commit). */
  countsAfter(id: number): { phase: 'pre' | 'thinking' | 'answer'; thinkingTokens: number } {
    const next = this.tracker.clone();
    next.accept(id);
    return { phase: next.phase, thinkingTokens: next.thinkingTokens };
  }

  /** The phase each id is counted in (final once the row has ended: a late bare </think> recounts earlier ids). */
  phaseList(): readonly Phase[] {
    return this.phases;
  }

  /** Text still held back by the incremental decoder (call once, when the row ends). */
  rest(): string {
    return this.text.rest();
  }

  counts(): { thinking: number; answer: number; forced: number; trace: number } {
    return this.tracker.counts();
  }

  /** The whole trace and its two parts, decoded in one piece each. */
  texts(): { text: string; thinkingText: string; answerText: string } {
    const thinking = this.ids.filter((_, i) => this.phases[i] === 'thinking');
    const answer = this.ids.filter((_, i) => this.phases[i] === 'answer');
    const decode = (ids: readonly number[]): string => this.tokenizer.decode(ids);
    return { text: decode(this.ids), thinkingText: decode(thinking), answerText: decode(answer) };
  }
}
