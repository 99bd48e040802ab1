/**
 * Step-boundary detection for CGRS checkpoints (spec §4.3): a checkpoint fires when the text generated
 * since the previous checkpoint contains "\n\n". Tokens are tested by their decoded text, so merged
 * tokens (".\n\n", "\n\n\n") and a "\n" followed by a "\n" across two tokens (with any empty-text tokens
 * between) all count.
 *
 * Only whether the text so far ends in "\n" is kept: the text since the checkpoint contains "\n\n" iff
 * some token contains it or a token starting with "\n" follows text ending in "\n". After a checkpoint the
 * text restarts empty, like the reference code that stops on "\n\n" and re-prompts; characters of the
 * boundary token after its "\n\n" are not carried over (a token-level deviation, spec §4.3).
 */
export class BoundaryDetector {
  private endsWithNewline = false;

  constructor(private readonly tokenText: (id: number) => string) {}

  /** Adds one token's text; true when the text since the last reset now contains "\n\n". */
  push(id: number): boolean {
    const text = this.tokenText(id);
    if (text.length === 0) return false;
    const hit = text.includes('\n\n') || (this.endsWithNewline && text.startsWith('\n'));
    this.endsWithNewline = text.endsWith('\n');
    return hit;
  }

  /** Starts a new chunk (after a checkpoint or when the think block opens). */
  reset(): void {
    this.endsWithNewline = false;
  }

  clone(): BoundaryDetector {
    const copy = new BoundaryDetector(this.tokenText);
    copy.endsWithNewline = this.endsWithNewline;
    return copy;
  }
}
