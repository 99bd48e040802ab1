import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorLines, runLab } from './run-cli';

// A broken model folder must produce one line that names the broken file (not "Unexpected token").
describe('lab compare with a broken model folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'lab-broken-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function brokenCopy(name: string, damage: (dir: string) => void): string {
    const dir = join(root, name);
    cpSync('public/models/tiny-reasoner', dir, { recursive: true });
    damage(dir);
    return dir;
  }

  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['missing config.json', (d) => rmSync(join(d, 'config.json')), /model-file-missing.*config\.json/],
    ['config.json is not JSON', (d) => writeFileSync(join(d, 'config.json'), '<!doctype html><html>'), /model-file-corrupt.*config\.json/],
    ['missing tokenizer.json', (d) => rmSync(join(d, 'tokenizer.json')), /model-file-missing.*tokenizer\.json/],
    ['missing onnx/model.onnx', (d) => rmSync(join(d, 'onnx', 'model.onnx')), /model-file-missing.*onnx\/model\.onnx/],
    ['corrupt onnx/model.onnx', (d) => writeFileSync(join(d, 'onnx', 'model.onnx'), 'not a protobuf at all'), /onnx\/model\.onnx/],
  ];
  for (const [name, damage, message] of cases) {
    it(name, () => {
      const dir = brokenCopy(name.replace(/\W+/g, '-'), damage);
      const r = runLab(['compare', '--model', dir, '--prompt', 'What is 2 + 3?', '--methods', 'greedy', '--max-tokens', '4']);
      expect(r.code).toBe(1);
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(lines[0]).not.toMatch(/Unexpected token/);
    });
  }
});
