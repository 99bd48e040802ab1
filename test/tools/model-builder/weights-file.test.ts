import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModelFolder } from '../../../tools/model-builder/index';
import { PRESETS, resolveShape, type ModelShape } from '../../../tools/model-builder/presets';
import { deriveQwen3Tokenizer } from '../../../tools/model-builder/tokenizer';
import { verifyCheck } from '../../../tools/model-builder/verify';
import { readWeightsFile, writeWeightsFile } from '../../../tools/model-builder/weights-file';
import { NormalRng, randomWeights, type Weights } from '../../../tools/model-builder/weights';
import { referenceLogits } from './reference-qwen3';
import { localModelRoot } from './transformers-env';

const tokenizer = deriveQwen3Tokenizer({ merges: 100, keepWords: [' Wait'] });
// theta 10^4 so RoPE turns every dimension pair noticeably within a short sequence.
const shape: ModelShape = resolveShape({ ...PRESETS.tiny.shape, ropeTheta: 10_000 }, tokenizer.size);
const IDS = [5, 300, 17, 42, 255, 256, 99, 120, 7, 33, 200, 64];

/** Trained-looking weights: norms away from 1 so a swapped or misplaced norm shows in the logits. */
function weightsWithNorms(seed: number): Weights {
  const w = randomWeights(shape, seed);
  const rng = new NormalRng(seed + 1);
  for (const [name, t] of w) {
    if (t.shape.length === 1) { rng.fill(t.data, 0.3); for (let i = 0; i < t.data.length; i++) t.data[i]! += 1; }
    else if (name === 'model.embed_tokens.weight') t.data.forEach((v, i) => { t.data[i] = v * 10; });
  }
  return w;
}

describe('weights file → ONNX', () => {
  it('round-trips through the file and matches an independent float64 Qwen3 forward within 1e-4', async () => {
    const root = localModelRoot('wf');
    const weights = weightsWithNorms(11);
    const reference = referenceLogits(shape, weights, IDS);
    const file = join(root, 'weights.bin');
    writeWeightsFile(file, { shape, weights, check: { input_ids: IDS, last_logits: Array.from(reference.at(-1)!) } });

    const read = readWeightsFile(file);
    expect(read.shape).toEqual(shape);
    expect(read.weights.get('model.layers.1.mlp.down_proj.weight')!.data).toEqual(weights.get('model.layers.1.mlp.down_proj.weight')!.data);

    const result = await buildModelFolder({ outDir: join(root, 'from-file'), tokenizer: { files: tokenizer }, weights: { file }, dtype: 'fp32' });
    expect(result.shape).toEqual(shape);
    const check = await verifyCheck(join(root, 'from-file'), result.check!);
    expect(check.maxAbsDiff).toBeLessThan(1e-4);
    expect(check.argmax).toBe(check.referenceArgmax);
    // The check is sensitive: logits span a real range and a one-position shift breaks it.
    const spread = Math.max(...reference.at(-1)!) - Math.min(...reference.at(-1)!);
    expect(spread).toBeGreaterThan(1);
    const shifted = await verifyCheck(join(root, 'from-file'), { input_ids: IDS.slice(1), last_logits: result.check!.last_logits });
    expect(shifted.maxAbsDiff).toBeGreaterThan(1e-2);
  });

  it('stores fp16 weights that stay close to the fp32 reference', async () => {
    const root = localModelRoot('wf16');
    const weights = weightsWithNorms(12);
    const file = join(root, 'weights.bin');
    writeWeightsFile(file, { shape, weights, check: { input_ids: IDS, last_logits: Array.from(referenceLogits(shape, weights, IDS).at(-1)!) } });
    const result = await buildModelFolder({ outDir: join(root, 'm'), tokenizer: { files: tokenizer }, weights: { file }, dtype: 'fp16' });
    const check = await verifyCheck(join(root, 'm'), result.check!);
    expect(check.maxAbsDiff).toBeLessThan(0.05);
    expect(check.maxAbsDiff).toBeGreaterThan(0); // really rounded to half precision
  });

  describe('names the bad tensor', () => {
    const root = localModelRoot('wfbad');
    let files = 0;
    const write = (edit: (w: Weights) => void): string => {
      const w = randomWeights(shape, 1);
      edit(w);
      const path = join(root, `w${files++}.bin`);
      writeWeightsFile(path, { shape, weights: w });
      return path;
    };
    const build = (file: string) => buildModelFolder({ outDir: join(root, 'out'), tokenizer: { files: tokenizer }, weights: { file }, dtype: 'fp32' });

    it('unexpected name', async () => {
      const file = write((w) => { w.set('model.layers.0.mlp.up.weight', w.get('model.layers.0.mlp.up_proj.weight')!); w.delete('model.layers.0.mlp.up_proj.weight'); });
      await expect(build(file)).rejects.toThrow(`weights file ${file}: unexpected tensor model.layers.0.mlp.up.weight`);
    });
    it('missing tensor', async () => {
      const file = write((w) => w.delete('model.norm.weight'));
      await expect(build(file)).rejects.toThrow(/missing tensor model\.norm\.weight \(expected shape \[64\]\)/);
    });
    it('wrong shape', async () => {
      const file = write((w) => { w.get('model.layers.1.self_attn.k_proj.weight')!.shape = [64, 32]; });
      await expect(build(file)).rejects.toThrow('tensor model.layers.1.self_attn.k_proj.weight has shape [64, 32], expected [32, 64]');
    });
    it('truncated payload', async () => {
      const file = write(() => undefined);
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, bytes.length - 4 * 64));
      await expect(build(file)).rejects.toThrow(/tensor model\.norm\.weight \[64\] at offset \d+ runs past the payload/);
    });
    it('header that is not JSON', async () => {
      const file = join(root, 'garbage.bin');
      writeFileSync(file, Buffer.from([3, 0, 0, 0, 0x7b, 0x7b, 0x7b]));
      await expect(build(file)).rejects.toThrow(`weights file ${file}: header is not valid JSON`);
    });
    it('shape flags that disagree with the file', async () => {
      const file = write(() => undefined);
      await expect(buildModelFolder({ outDir: join(root, 'o'), shape: { ...PRESETS.tiny.shape, layers: 3 }, tokenizer: { files: tokenizer }, weights: { file }, dtype: 'fp32' }))
        .rejects.toThrow('its config has layers = 2, but the requested shape has 3');
    });
  });
});
