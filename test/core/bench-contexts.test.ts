import { describe, expect, it } from 'vitest';
import { defaultBenchContexts } from '../../src/core/bench-contexts';
import { parseIntList } from '../../src/core/int-list';

describe('defaultBenchContexts', () => {
  it('measures powers of two that fit, and the longest context that fits when it is not one of them', () => {
    expect(defaultBenchContexts(2048, 19)).toEqual([128, 512, 1024, 2029]);
    expect(defaultBenchContexts(2048 + 19, 19)).toEqual([128, 512, 1024, 2048]);
    expect(defaultBenchContexts(40_960, 19)).toEqual([128, 512, 1024, 2048, 4096, 8192, 16_384, 32_768]);
    expect(defaultBenchContexts(100, 19)).toEqual([81]);
    expect(defaultBenchContexts(10, 19)).toEqual([]);
  });
});

describe('parseIntList', () => {
  it('reads distinct decimal whole numbers in range, or says what is wrong', () => {
    expect(parseIntList(' 128, 512,128 ', 1, 1000)).toEqual({ values: [128, 512] });
    for (const bad of ['', ',', '0x10', '1e3', '-1', '1.5', '2000']) expect(parseIntList(bad, 1, 1000), bad).toHaveProperty('error');
  });
});
