import { describe, expect, it } from 'vitest';
import { BoundaryDetector } from '../../../src/core/cgrs/boundary';

const texts = ['ok', '\n', '.\n\n', '', 'a\n', '\nb', '\n\n\n'];
const detector = () => new BoundaryDetector((id) => texts[id]!);
const hits = (d: BoundaryDetector, ids: number[]) => ids.map((id) => d.push(id));

describe('BoundaryDetector', () => {
  it('fires on a token containing "\\n\\n" and on "\\n" + "\\n" across tokens', () => {
    expect(hits(detector(), [0, 2])).toEqual([false, true]);
    expect(hits(detector(), [0, 1, 1])).toEqual([false, false, true]);
    expect(hits(detector(), [4, 3, 5])).toEqual([false, false, true]);
    expect(hits(detector(), [6])).toEqual([true]);
  });

  it('does not fire on separated newlines, and forgets the trailing newline on reset', () => {
    expect(hits(detector(), [1, 0, 1, 0])).toEqual([false, false, false, false]);
    const d = detector();
    d.push(4);
    d.reset();
    expect(d.push(1)).toBe(false);
    const c = d.clone();
    expect(c.push(1)).toBe(true);
    expect(d.push(0)).toBe(false);
  });
});
