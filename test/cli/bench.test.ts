import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorLines, runLab } from './run-cli';

const MODEL = 'public/models/tiny-reasoner';
const SMALL = ['--contexts', '8,32', '--batches', '1,2', '--steps', '2', '--warmup', '1', '--repeats', '1'];

describe('lab bench', () => {
  it('prints prefill and decode measurements with bytes per step as JSON', () => {
    expect(existsSync(MODEL), `${MODEL} must be committed`).toBe(true);
    const r = runLab(['bench', '--model', MODEL, ...SMALL, '--json']);
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      model: { device: string; contextLength: number };
      prefill: Array<{ context: number; tokensPerSecond: number }>;
      decode: Array<{ context: number; batch: number; msPerStep: number; tokensPerSecond: number; bytesPerStep: number; effectiveGBs: number; ceilingTokensPerSecond: number | null }>;
      skipped: unknown[];
      notes: string[];
    };
    expect(j.model.device).toBe('cpu');
    expect(j.prefill.map((p) => p.context)).toEqual([8, 32]);
    expect(j.decode.map((d) => [d.context, d.batch])).toEqual([[8, 1], [8, 2], [32, 1], [32, 2]]);
    const [a, b, c] = j.decode;
    expect(b!.bytesPerStep).toBeGreaterThan(a!.bytesPerStep); // a second row adds its KV reads
    expect(c!.bytesPerStep).toBeGreaterThan(a!.bytesPerStep); // a longer context adds KV reads
    for (const d of j.decode) {
      expect(d.tokensPerSecond).toBeCloseTo((d.batch * 1000) / d.msPerStep, 6);
      expect(d.effectiveGBs).toBeCloseTo(d.bytesPerStep / (d.msPerStep / 1000) / 1e9, 9);
      expect(d.ceilingTokensPerSecond).toBeNull();
    }
    expect(j.skipped).toEqual([]);
    expect(j.notes.join('\n')).toMatch(/warm-up excluded/);
    expect(j.notes.join('\n')).toMatch(/roofline is for GPUs/);
  });

  it('prints tables with roofline columns when a bandwidth is given', () => {
    const r = runLab(['bench', '--model', MODEL, ...SMALL, '--bandwidth-gbs', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^context\s+prefill ms\s+prefill tok\/s/m);
    expect(r.stdout).toMatch(/^context\s+batch\s+ms\/step\s+tok\/s\s+tok\/s\/row\s+MB\/step\s+eff GB\/s\s+ceiling tok\/s @100 GB\/s\s+% of ceiling/m);
    expect(r.stdout).toMatch(/note: warm-up excluded/);
    expect(r.stdout).toMatch(/note: the roofline is for GPUs.*100 GB\/s ceiling does not apply/);
  });

  it('skips contexts beyond the model with a clear message', () => {
    const r = runLab(['bench', '--model', MODEL, '--contexts', '8,1000000', '--batches', '1', '--steps', '1', '--warmup', '0', '--repeats', '1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { prefill: Array<{ context: number }>; skipped: Array<{ context: number; reason: string }> };
    expect(j.prefill.map((p) => p.context)).toEqual([8]);
    expect(j.skipped).toHaveLength(1);
    expect(j.skipped[0]!.reason).toMatch(/context 1000000 is beyond the model's context window of \d+ positions/);
  });

  it('fails with one line when no context fits', () => {
    const r = runLab(['bench', '--model', MODEL, '--contexts', '1000000']);
    expect(r.code).toBe(1);
    const lines = errorLines(r.stderr).filter((l) => !l.startsWith('bench:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/bad-input.*context 1000000 is beyond the model's context window/);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['zero batch', ['--batches', '0'], /--batches: "0" is not a whole number from 1 to 64/],
    ['text context', ['--contexts', '128,lots'], /--contexts: "lots" is not a whole number/],
    ['zero bandwidth', ['--bandwidth-gbs', '0'], /--bandwidth-gbs must be a positive number/],
  ];
  for (const [name, args, message] of bad) {
    it(`usage error: ${name}`, () => {
      const r = runLab(['bench', '--model', MODEL, ...args]);
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(errorLines(r.stderr)[0]).toMatch(message);
    });
  }
});
