import { describe, expect, it } from 'vitest';
import { findPreset, PRESETS, presetParams } from '../../../src/core/methods/presets';
import { validationIssues } from '../../../src/core/methods/validate';

describe('PRESETS', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s is valid and documented', (_id, preset) => {
    expect(validationIssues(preset.params)).toEqual([]);
    expect(preset.description.length).toBeGreaterThan(10);
    expect(preset.label.length).toBeGreaterThan(0);
    if (preset.paperUrl !== null) expect(preset.paperUrl).toMatch(/^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{5}$/);
  });

  it('has unique ids', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  it('reproduces the papers’ settings', () => {
    expect(presetParams('qwen3-default')).toMatchObject({ method: 'sample', sampling: { temperature: 0.6, topK: 20, topP: 0.95 } });
    expect(presetParams('top-h-paper')).toMatchObject({ method: 'top-h', sampling: { temperature: 1, topH: { alpha: 0.4, mode: 'paper' } } });
    expect(presetParams('cgrs-paper')).toMatchObject({
      method: 'cgrs', maxNewTokens: 16_384, sampling: { temperature: 0.6, topP: 0.95 }, cgrs: { delta: 0.9, thinkRatio: 0.6 },
    });
    expect(presetParams('ffs-paper')).toMatchObject({ method: 'ffs', sampling: { temperature: 0.6, topP: 0.95 }, ffs: { n: 4, k: 1 } });
  });

  it('has the Top-H high-temperature grid: T ∈ {1, 1.5, 2} × {min-p 0.1, top-p 0.9, Top-H 0.4}', () => {
    const grid = PRESETS.filter((p) => p.group === 'high-temperature-comparison').map((p) => p.params);
    expect(grid).toHaveLength(9);
    for (const temperature of [1, 1.5, 2]) {
      expect(grid).toContainEqual(expect.objectContaining({ method: 'sample', sampling: { temperature, minP: 0.1 } }));
      expect(grid).toContainEqual(expect.objectContaining({ method: 'sample', sampling: { temperature, topP: 0.9 } }));
      expect(grid).toContainEqual(expect.objectContaining({ method: 'top-h', sampling: { temperature, topH: { alpha: 0.4, mode: 'paper' } } }));
    }
  });

  it('is frozen, and presetParams returns a mutable copy', () => {
    const preset = findPreset('cgrs-paper')!;
    expect(Object.isFrozen(preset.params)).toBe(true);
    const copy = presetParams('cgrs-paper');
    if (copy.method !== 'cgrs') throw new Error('wrong method');
    copy.cgrs.delta = 0.5;
    expect(presetParams('cgrs-paper')).toMatchObject({ cgrs: { delta: 0.9 } });
  });

  it('rejects an unknown id naming the known ones', () => {
    expect(findPreset('nope')).toBeUndefined();
    expect(() => presetParams('nope')).toThrow(/unknown preset 'nope'.*qwen3-default/);
  });
});
