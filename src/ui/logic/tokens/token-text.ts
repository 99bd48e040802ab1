/**
 * How one token's text is shown where token boundaries matter (the token strip, its tooltip, the
 * divergence list). Pure. Model output stays text: these functions return strings, never markup.
 */

/** Control characters as the Unicode "control pictures" (U+2400 + code), so nothing invisible reaches the strip. */
function controlPicture(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code === 0x7f) return '\u2421';
  return String.fromCodePoint(0x2400 + code);
}

const VISIBLE: Readonly<Record<string, string>> = { ' ': '·', '\n': '↵', '\t': '⇥' };

/** Shown for a token with no text of its own (a piece of a multi-byte character decodes later). */
export const EMPTY_TOKEN_LABEL = '∅';

/**
 * A strip cell's label: spaces as '·', newlines as '↵', tabs as '⇥', other control characters as their
 * control pictures. `breaksLine`: the token holds a newline, so the strip starts a new line after it, as
 * the text does (one break per token, however many newlines: the strip stays compact).
 */
export function visibleToken(text: string): { label: string; breaksLine: boolean } {
  if (text === '') return { label: EMPTY_TOKEN_LABEL, breaksLine: false };
  const label = text.replace(/[\u0000-\u001f\u007f ]/g, (ch) => VISIBLE[ch] ?? controlPicture(ch));
  return { label, breaksLine: text.includes('\n') };
}

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', "'": "\\'", '\\': '\\\\' };

/** A token quoted for a sentence: `' 5'`, `'.\n\n'` (escapes written out, so whitespace shows). */
export function quoteToken(text: string): string {
  const body = text.replace(/[\u0000-\u001f\u007f'\\]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  return `'${body}'`;
}
