import { describe, expect, it } from 'vitest';
import { parseIntList } from '../../src/ui/logic/sweep';

describe('parseIntList', () => {
  it('reads distinct integers in range, in order', () => {
    expect(parseIntList(' 128, 512,128 ,2048', 1, 4096)).toEqual({ values: [128, 512, 2048] });
  });
  it('names the bad entry', () => {
    expect(parseIntList('128, 1.5', 1, 4096)).toEqual({ error: '"1.5" is not an integer in [1, 4096]' });
    expect(parseIntList('0', 1, 64)).toEqual({ error: '"0" is not an integer in [1, 64]' });
    expect(parseIntList(' , ', 1, 64)).toEqual({ error: 'enter at least one number' });
  });
});
