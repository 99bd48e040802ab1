import { describe, expect, it } from 'vitest';
import { cellClassName, checkpointsByCell, stripCells } from '../../../src/ui/logic/tokens/strip-cells';
import { ENTROPY_FULL_SHADE_NATS, entropyShade, pShade, SHADE_LEVELS } from '../../../src/ui/logic/tokens/shade';
import { forced, sampled } from './records';

describe('shading', () => {
  it('shades by p of the chosen token: certain is light, unlikely is dark', () => {
    expect(pShade(1)).toBe(0);
    expect(pShade(0)).toBe(SHADE_LEVELS);
    expect(pShade(0.5)).toBe(SHADE_LEVELS / 2);
    expect(pShade(0.96)).toBe(0);
    expect(pShade(null)).toBeNull();
    expect(pShade(Number.NaN)).toBeNull();
  });

  it('shades by entropy on a fixed nats scale, full from ENTROPY_FULL_SHADE_NATS', () => {
    expect(entropyShade(0)).toBe(0);
    expect(entropyShade(ENTROPY_FULL_SHADE_NATS / 2)).toBe(SHADE_LEVELS / 2);
    expect(entropyShade(ENTROPY_FULL_SHADE_NATS)).toBe(SHADE_LEVELS);
    expect(entropyShade(11.9)).toBe(SHADE_LEVELS);
    expect(entropyShade(null)).toBeNull();
  });
});

describe('strip cells', () => {
  const trace = [
    sampled(7, '<think>', 0.99, 0.05),
    sampled(8, ' 5', 0.25, 2.2, [[9, ' 6', 0.5], [8, ' 5', 0.25]], { suppressed: true, kept: 2 }),
    forced(3, '\n\n'),
    sampled(4, '\\boxed', 0.9, 0.4, undefined, { phase: 'answer' }),
  ];

  it('has one cell per trace token with its label, shades, flags and phase', () => {
    const cells = stripCells(trace, [{ position: 3, certainty: 0.934, pSup: 0.34 }, { position: 1, certainty: 0.5, pSup: 0 }]);
    expect(cells).toHaveLength(trace.length);
    expect(cells.map((c) => c.label)).toEqual(['<think>', '·5', '↵↵', '\\boxed']);
    expect(cells[1]).toMatchObject({ pShade: 6, entropyShade: 6, suppressed: true, forced: false, checkpoint: null });
    expect(cells[2]).toMatchObject({ pShade: null, entropyShade: null, forced: true, breaksLine: true, checkpoint: '0.93 p0.34' });
    expect(cells[0]!.checkpoint).toBe('0.50'); // p(suppress) 0 is left out
    expect(cells[3]!.phase).toBe('answer');
  });

  it('places a checkpoint on the token it followed; one before any token has no cell', () => {
    const byCell = checkpointsByCell([{ position: 0, certainty: 0.1, pSup: 0 }, { position: 2, certainty: 0.5, pSup: 0 }]);
    expect([...byCell.keys()]).toEqual([1]);
  });

  it('names cells with their shade levels and flags', () => {
    const cells = stripCells(trace);
    expect(cellClassName(cells[0]!)).toBe('tok p0 h0');
    expect(cellClassName(cells[1]!)).toBe('tok p6 h6 sup');
    expect(cellClassName(cells[2]!)).toBe('tok fz nl');
    expect(cellClassName(cells[3]!)).toBe('tok p1 h1 ans');
  });
});
