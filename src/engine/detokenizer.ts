/**
 * Incremental detokenisation of one row (the prefix-offset scheme of text-generation-inference):
 * only a short window of ids is decoded per token, and text is held back while it ends in U+FFFD
 * (a multi-byte UTF-8 character split across tokens), so streamed text never shows a broken glyph.
 */
export class IncrementalText {
  private readonly ids: number[] = [];
  /** Start of the decode window: text before it has been emitted. */
  private prefixOffset = 0;
  /** End of the part of the window already emitted. */
  private readOffset = 0;

  constructor(private readonly decode: (ids: readonly number[]) => string) {}

  /** Appends ids; returns the newly completed text ('' while held back). */
  push(ids: readonly number[]): string {
    for (const id of ids) this.ids.push(id);
    const prefix = this.decode(this.ids.slice(this.prefixOffset, this.readOffset));
    const text = this.decode(this.ids.slice(this.prefixOffset));
    if (text.length <= prefix.length || text.endsWith('\uFFFD')) return '';
    this.prefixOffset = this.readOffset;
    this.readOffset = this.ids.length;
    return text.slice(prefix.length);
  }

  /** Text still held back (at the end of a row: emitted as is, replacement characters included). */
  rest(): string {
    const prefix = this.decode(this.ids.slice(this.prefixOffset, this.readOffset));
    const text = this.decode(this.ids.slice(this.prefixOffset));
    this.prefixOffset = this.readOffset = this.ids.length;
    return text.length > prefix.length ? text.slice(prefix.length) : '';
  }
}
