import { describe, expect, it } from 'vitest';
import { formatTokenP, tokenTip } from '../../../src/ui/logic/tokens/token-tip';
import { forced, sampled } from './records';

describe('token tooltip', () => {
  const top: [number, string, number][] = [[9, ' 6', 0.5], [8, ' 5', 0.25], [1, '\n', 0.1], [2, 'x', 0.05], [3, 'y', 0.0004]];

  it('lists the top 5 with probabilities, the chosen one marked, p, entropy in nats and |S|', () => {
    const tip = tokenTip(sampled(8, ' 5', 0.25, 1.234, top, { kept: 3 }), { index: 11, length: 40 });
    expect(tip.heading).toBe("Token 12 of 40 · thinking · ' 5'");
    expect(tip.alternatives).toEqual([
      { token: "' 6'", p: '0.500', chosen: false },
      { token: "' 5'", p: '0.250', chosen: true },
      { token: "'\\n'", p: '0.100', chosen: false },
      { token: "'x'", p: '0.050', chosen: false },
      { token: "'y'", p: '4.0e-4', chosen: false },
    ]);
    expect(tip.facts).toEqual(['p 0.250 (probability of this token)', 'entropy 1.23 nats', '|S| 3 (tokens the filters kept to sample from)']);
  });

  it('says when no filter ran (no |S|), when the token is outside the top 5, and flags suppressed steps', () => {
    const tip = tokenTip(sampled(42, 'z', 0.0001, 2, top, { suppressed: true }), { index: 0, length: 1 });
    expect(tip.facts.some((f) => f.startsWith('|S|'))).toBe(false);
    expect(tip.facts).toContain('The chosen token is not among the 5 most probable.');
    expect(tip.facts.some((f) => f.startsWith('Suppressed step'))).toBe(true);
    expect(tip.alternatives.some((a) => a.chosen)).toBe(false);
  });

  it('a forced token has no distribution; a checkpoint and a departure are told', () => {
    const tip = tokenTip(forced(3, '\n\n'), {
      index: 4, length: 9, checkpoint: { position: 5, certainty: 0.95, pSup: 0.5 }, departure: 'Departure: here.',
    });
    expect(tip.alternatives).toEqual([]);
    expect(tip.facts[0]).toMatch(/^Forced: fed without sampling/);
    expect(tip.facts).toContain('CGRS checkpoint after this token: certainty 0.95, p(suppress) 0.50');
    expect(tip.facts).toContain('Departure: here.');
  });

  it('formats probabilities without a misleading 0.000', () => {
    expect(formatTokenP(1)).toBe('1.000');
    expect(formatTokenP(0.0012)).toBe('0.001');
    expect(formatTokenP(0.00012)).toBe('1.2e-4');
    expect(formatTokenP(0)).toBe('0.000');
  });
});
