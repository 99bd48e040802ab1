import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isFusedFolder, requireTrained } from './trained-model';
import { localModelRoot } from './transformers-env';

const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', ['--import', 'tsx', 'tools/build-model.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

describe('tools/build-model.ts', () => {
  it('builds a folder and lists what it wrote', async () => {
    const out = join(localModelRoot('cli'), 'm');
    const r = await run(['--out', out, '--tokenizer', 'derived:50', '--layers', '1', '--seed', '4', '--dtype', 'fp16']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^built .* in \d+ ms: 1 layers, hidden 64, heads 4\/2, head_dim 16, intermediate 192, vocab \d+ \(\d+ tokens\), fp16$/m);
    for (const f of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${f}${f.endsWith('.onnx') ? ' \\(\\d+ bytes\\)' : ''}$`, 'm'));
      expect(existsSync(join(out, f))).toBe(true);
    }
    expect(r.stdout).toMatch(/total \d+ bytes/);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).num_hidden_layers).toBe(1);
  });

  it('--from-model writes a built folder again byte for byte (the bundled tiny reasoner), and --fused the same weights with fused operators', async () => {
    const root = localModelRoot('cli-from');
    const bundled = requireTrained();
    const fusedNow = isFusedFolder(bundled);
    const same = await run(['--from-model', bundled, '--out', join(root, 'same'), ...(fusedNow ? ['--fused'] : [])]);
    expect(same.stderr).toBe('');
    for (const f of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(readFileSync(join(root, 'same', f)).equals(readFileSync(join(bundled, f))), f).toBe(true);
    }
    const other = await run(['--from-model', bundled, '--out', join(root, 'other'), ...(fusedNow ? [] : ['--fused'])]);
    // The rebuilt folder keeps the bundled model's storage (fp16-stored weights stay fp16).
    const stored = /_fp16/.test(readFileSync(join(bundled, 'onnx', 'model.onnx'), 'latin1')) ? 'fp16' : 'fp32';
    expect(other.stdout).toMatch(new RegExp(fusedNow ? `, ${stored}$` : `, ${stored}, fused operators$`, 'm'));
    expect(isFusedFolder(join(root, 'other'))).toBe(!fusedNow);
  });

  it.each([
    [['--out', 'x', '--preset', 'huge'], 'build-model: unknown --preset "huge" (known: tiny, qwen3-0.6b, tiny-qwen3-vocab)'],
    [['--out', 'x', '--heads', 'four'], 'build-model: --heads must be a positive integer, got "four"'],
    [['--preset', 'tiny'], 'build-model: --out <dir> is required'],
    [['--out', 'x', '--seed', '1', '--weights', 'w.bin'], 'build-model: give one of --weights, --from-model or --seed'],
    [['--out', 'x', '--from-model', 'm', '--seed', '1'], 'build-model: give one of --weights, --from-model or --seed'],
    [['--out', 'x', '--export', 'hub'], 'build-model: --export must be single or onnx-community, got "hub"'],
    [['--out', 'x', '--export', 'onnx-community', '--dtype', 'fp16'], 'build-model: --dtype applies to --export single; onnx-community writes every dtype'],
    [['--out', 'x', '--from-model', '/nonexistent-folder'], 'build-model: cannot read /nonexistent-folder/tokenizer.json: ENOENT: no such file or directory, open \'/nonexistent-folder/tokenizer.json\''],
    [['--out', 'x', '--heads', '3'], 'build-model: shape.heads (3) must be a multiple of shape.kvHeads (2)'],
  ])('rejects %j with one line and a non-zero exit', async (args, message) => {
    const r = await run(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(message);
  });
});
