import type { TokenizerLike } from '../runtime/tokenizer';

const SAMPLE = 'Hello, world!\n\nWait: 47 + 38 = 85.  <think> x </think> \\boxed{85} naïve 中文';
const concatSafe = new WeakMap<TokenizerLike, boolean>();

/**
 * Whether decoding token by token and concatenating gives the decoded whole (byte-level BPE: Qwen,
 * R1-Distill-Qwen), tried once per tokenizer. SentencePiece-style decoders that strip a leading space
 * are not, and get the general path.
 */
function tokenwiseDecodes(tok: TokenizerLike): boolean {
  let safe = concatSafe.get(tok);
  if (safe === undefined) {
    const ids = tok.encode(SAMPLE);
    safe = ids.map((id) => tok.tokenText(id)).join('') === tok.decode(ids) && tok.decode(ids) === SAMPLE;
    concatSafe.set(tok, safe);
  }
  return safe;
}

/**
 * Incremental detokenisation of one row. Text is held back while it ends in U+FFFD (a multi-byte
 * UTF-8 character split across tokens), so streamed text never shows a broken glyph.
 * - Byte-level tokenizers: a token's text is its cached single-token text; only ids held back for an
 *   incomplete character are decoded together.
 * - Others: the prefix-offset scheme of text-generation-inference (decode a short window, emit what
 *   it adds beyond the already-emitted prefix), which keeps context-dependent spaces right.
 */
export class IncrementalText {
  private readonly ids: number[] = [];
  private readonly tokenwise: boolean;
  /** Start of the decode window: text before it has been emitted. */
  private prefixOffset = 0;
  /** End of the part of the window already emitted. */
  private readOffset = 0;

  constructor(private readonly tok: TokenizerLike) {
    this.tokenwise = tokenwiseDecodes(tok);
  }

  /** Appends ids; returns the newly completed text ('' while held back). */
  push(ids: readonly number[]): string {
    for (const id of ids) this.ids.push(id);
    if (this.tokenwise && this.readOffset === this.ids.length - ids.length && ids.length === 1) {
      const text = this.tok.tokenText(ids[0]!);
      if (!text.includes('\uFFFD')) {
        this.prefixOffset = this.readOffset = this.ids.length;
        return text;
      }
    }
    const prefix = this.tok.decode(this.ids.slice(this.prefixOffset, this.readOffset));
    const text = this.tok.decode(this.ids.slice(this.prefixOffset));
    if (text.length <= prefix.length || text.endsWith('\uFFFD')) return '';
    this.prefixOffset = this.readOffset;
    this.readOffset = this.ids.length;
    return text.slice(prefix.length);
  }

  /** Text still held back (at the end of a row: emitted as is, replacement characters included). */
  rest(): string {
    const prefix = this.tok.decode(this.ids.slice(this.prefixOffset, this.readOffset));
    const text = this.tok.decode(this.ids.slice(this.prefixOffset));
    this.prefixOffset = this.readOffset = this.ids.length;
    return text.length > prefix.length ? text.slice(prefix.length) : '';
  }
}
