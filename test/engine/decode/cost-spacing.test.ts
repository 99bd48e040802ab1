import { describe, expect, it } from 'vitest';
import { CHORE_SHARE, CostSpacing } from '../../../src/engine/decode/cost-spacing';

describe('CostSpacing', () => {
  it('keeps the minimum gap while the chore is cheap', () => {
    const s = new CostSpacing(16, 200);
    expect(s.gapMs()).toBe(16);
    s.record(0.05);
    expect(s.gapMs()).toBe(16);
  });

  it('widens the gap so a slow chore stays within its share of the time, up to the maximum', () => {
    const s = new CostSpacing(16, 200);
    s.record(1);
    expect(s.gapMs()).toBeCloseTo(1 / CHORE_SHARE, 9);
    for (let i = 0; i < 20; i++) s.record(10);
    expect(s.gapMs()).toBe(200);
  });

  it('follows the cost back down as the machine gets quiet', () => {
    const s = new CostSpacing(8, 100);
    s.record(1.5);
    const wide = s.gapMs();
    for (let i = 0; i < 30; i++) s.record(0.01);
    expect(wide).toBeGreaterThan(50);
    expect(s.gapMs()).toBe(8);
  });

  it('ignores measurements that are not times', () => {
    const s = new CostSpacing(8, 100);
    s.record(Number.NaN);
    s.record(-1);
    expect(s.gapMs()).toBe(8);
  });
});
