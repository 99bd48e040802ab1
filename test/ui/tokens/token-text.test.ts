import { describe, expect, it } from 'vitest';
import { EMPTY_TOKEN_LABEL, quoteToken, visibleToken } from '../../../src/ui/logic/tokens/token-text';

describe('token text', () => {
  it('shows spaces, newlines, tabs and control characters as visible glyphs', () => {
    expect(visibleToken(' 5')).toEqual({ label: '·5', breaksLine: false });
    expect(visibleToken('.\n\n')).toEqual({ label: '.↵↵', breaksLine: true });
    expect(visibleToken('\tx')).toEqual({ label: '⇥x', breaksLine: false });
    expect(visibleToken('a\u0000b\u007f')).toEqual({ label: 'a\u2400b\u2421', breaksLine: false });
    expect(visibleToken('\r')).toEqual({ label: '\u240d', breaksLine: false });
    expect(visibleToken('')).toEqual({ label: EMPTY_TOKEN_LABEL, breaksLine: false });
    // Text that looks like markup stays text.
    expect(visibleToken('<b>').label).toBe('<b>');
  });

  it('quotes a token with its whitespace written out', () => {
    expect(quoteToken(' 5')).toBe("' 5'");
    expect(quoteToken('.\n\n')).toBe("'.\\n\\n'");
    expect(quoteToken("it's \\")).toBe("'it\\'s \\\\'");
    expect(quoteToken('\u0001')).toBe("'\\u0001'");
    expect(quoteToken('')).toBe("''");
  });
});
