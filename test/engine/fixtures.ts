/** Models and hosts for the engine tests: generated Qwen3-format folders in the OS temp dir, a fake clock. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { nodeHost } from '../../src/node/host';
import type { EngineHost } from '../../src/engine/host';
import { loadModel, type LoadedModel } from '../../src/engine/model/load-model';
import { buildModelFolder } from '../../tools/model-builder/index';
import { DEFAULT_KEEP_WORDS, PRESETS } from '../../tools/model-builder/presets';

/** The committed tiny reasoner; ENGINE_TEST_REASONER=<model folder> points the tests at another build. */
const REASONER_DIR = resolve(process.env['ENGINE_TEST_REASONER'] ?? 'public/models/tiny-reasoner');
export const TINY_REASONER_ROOT = dirname(REASONER_DIR);
export const TINY_REASONER = basename(REASONER_DIR);
export const hasTinyReasoner = (): boolean => existsSync(join(TINY_REASONER_ROOT, TINY_REASONER, 'onnx', 'model.onnx'));

export interface ModelOptions {
  preset?: 'tiny' | 'tiny-qwen3-vocab';
  seed?: number;
  /** Rewrite the chat template so the generation prompt ends with "<think>\n" (R1-Distill style). */
  opensThinking?: boolean;
  /** Replace config.json's eos_token_id (e.g. with a token the random model samples often). */
  eosTokenIds?: number[];
}

const KEEP_WORDS = [...DEFAULT_KEEP_WORDS, ' But', 'But', ' step', ' so', ' then', ' four'];

/** Builds a random-weight model folder under a fresh temp root; returns (root, id). */
export async function buildTestModel(opts: ModelOptions = {}): Promise<{ root: string; id: string }> {
  const root = mkdtempSync(join(tmpdir(), 'engine-test-'));
  const id = 'model';
  const preset = opts.preset ?? 'tiny';
  await buildModelFolder({
    outDir: join(root, id),
    shape: PRESETS[preset].shape,
    tokenizer: preset === 'tiny' ? { derived: { merges: 2000, keepWords: KEEP_WORDS } } : 'qwen3',
    weights: { seed: opts.seed ?? 1 },
    dtype: 'fp32',
  });
  if (opts.opensThinking) {
    const file = join(root, id, 'tokenizer_config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { chat_template: string };
    const header = "{{- '<|im_start|>assistant\\n' }}";
    if (!config.chat_template.includes(header)) throw new Error('unexpected chat template: no generation header');
    config.chat_template = config.chat_template.replace(header, "{{- '<|im_start|>assistant\\n<think>\\n' }}");
    writeFileSync(file, JSON.stringify(config));
  }
  if (opts.eosTokenIds) setEos(root, id, opts.eosTokenIds);
  return { root, id };
}

export function setEos(root: string, id: string, eos: number[]): void {
  const file = join(root, id, 'config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  config['eos_token_id'] = eos;
  writeFileSync(file, JSON.stringify(config));
}

/** A deterministic clock: time moves only when a test (or the fake model) advances it. */
export class FakeClock {
  t = 0;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** The Node host over `root`, optionally with a fake clock. */
export function testHost(root: string, clock?: FakeClock): EngineHost {
  const host = nodeHost({ modelRoot: root });
  return clock ? { ...host, now: clock.now } : host;
}

export async function loadTestModel(root: string, id: string, host: EngineHost = testHost(root)): Promise<LoadedModel> {
  return loadModel(host, { id, source: 'local' }, () => {});
}
