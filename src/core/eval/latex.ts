/**
 * Brace-aware helpers over LaTeX answer text. `\{` and `\}` are literal braces, not groups.
 */

/**
 * Index just past the `}` closing the group whose `{` is at `open`, or -1 when it never closes.
 */
export function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++; // skip the escaped character (\{, \}, \\)
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Replaces every `\name{…}` (names given, nesting and spaces before `{` allowed) by its content, innermost
 * groups included. An unclosed group is left as it is.
 */
export function unwrapCommands(text: string, names: readonly string[]): string {
  const pattern = new RegExp(`\\\\(?:${names.join('|')})\\s*\\{`, 'g');
  let out = text;
  for (;;) {
    pattern.lastIndex = 0;
    let match = pattern.exec(out);
    while (match) {
      const open = match.index + match[0].length - 1;
      const end = closingBrace(out, open);
      if (end >= 0) {
        out = out.slice(0, match.index) + out.slice(open + 1, end - 1) + out.slice(end);
        break;
      }
      match = pattern.exec(out);
    }
    if (!match) return out;
  }
}
