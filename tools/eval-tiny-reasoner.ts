/**
 * Evaluates the committed tiny reasoner on its held-out problems in Node (transformers.js, fp32,
 * onnxruntime-node CPU) with a plain decoding loop:
 *   npx tsx tools/eval-tiny-reasoner.ts [--model public/models/tiny-reasoner]
 *     [--heldout public/data/tiny-reasoner-heldout.jsonl] [--limit N] [--seed 1] [--max-new 480] [--json]
 * Greedy and sampled (T 0.6, seeded per problem) runs; CGRS probes (topk K=5) at every checkpoint of
 * the greedy run. --json prints the summary as JSON instead of a table.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HELDOUT_PATH, MODEL_DIR } from './tiny-reasoner/config';
import { decode, loadTinyModel, promptIds, type DecodeResult, type TinyModel } from './tiny-reasoner/decode';
import { formatSummaries, summarize, type ModeSummary, type RunOutcome } from './tiny-reasoner/eval-summary';
import { isCorrect, lastBoxed } from './tiny-reasoner/probe';
import { Rng } from './tiny-reasoner/rng';

interface HeldOut { id: string; question: string; answer: string }

export const SAMPLING_TEMPERATURE = 0.6;

function readHeldOut(path: string): HeldOut[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    const q = JSON.parse(line) as Partial<HeldOut>;
    if (typeof q.id !== 'string' || typeof q.question !== 'string' || typeof q.answer !== 'string') {
      throw new Error(`${path}:${i + 1}: expected { id, question, answer } strings`);
    }
    return q as HeldOut;
  });
}

function outcome(m: TinyModel, r: DecodeResult, answer: string): RunOutcome {
  const closeAt = r.ids.indexOf(m.thinkClose);
  const thinking = closeAt < 0 ? r.ids : r.ids.slice(0, closeAt);
  const boxed = lastBoxed(r.text);
  return {
    correct: isCorrect(boxed, answer),
    tokens: r.ids.length,
    reflected: thinking.some((id) => m.triggerIds.has(id)),
    closedThink: closeAt >= 0,
    boxed: boxed !== null,
    checkpoints: r.checkpoints.map((c) => ({
      certainty: c.certainty,
      afterResult: /(^|\n\n)So [^\n]*=/.test(m.tokenizer.decode(r.ids.slice(0, c.atToken))),
    })),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    strict: true,
    options: {
      model: { type: 'string' }, heldout: { type: 'string' }, limit: { type: 'string' }, seed: { type: 'string' },
      'max-new': { type: 'string' }, json: { type: 'boolean' },
    },
  });
  const int = (name: string, v: string | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
    return Number(v);
  };
  const modelDir = values.model ?? MODEL_DIR;
  const problems = readHeldOut(values.heldout ?? HELDOUT_PATH);
  const limit = int('limit', values.limit, problems.length);
  const seed = int('seed', values.seed, 1);
  const maxNewTokens = int('max-new', values['max-new'], 480);
  const m = await loadTinyModel(modelDir);

  const started = performance.now();
  const runs: Record<string, RunOutcome[]> = { greedy: [], sampled: [] };
  for (const [i, q] of problems.slice(0, limit).entries()) {
    const prompt = promptIds(m, q.question);
    const greedy = await decode(m, prompt, { temperature: 0, maxNewTokens, probeRng: Rng.derive(seed, `probe:${q.id}`) });
    runs.greedy!.push(outcome(m, greedy, q.answer));
    const sampled = await decode(m, prompt, { temperature: SAMPLING_TEMPERATURE, rng: Rng.derive(seed, `sample:${q.id}`), maxNewTokens });
    runs.sampled!.push(outcome(m, sampled, q.answer));
    if ((i + 1) % 50 === 0) console.error(`… ${i + 1} problems, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const summaries: Record<string, ModeSummary> = {
    greedy: summarize(runs.greedy!),
    [`sampled T${SAMPLING_TEMPERATURE}`]: summarize(runs.sampled!),
  };
  const seconds = (performance.now() - started) / 1000;
  if (values.json) {
    console.log(JSON.stringify({ model: modelDir, problems: limit, seed, seconds, modes: summaries }, null, 2));
  } else {
    console.log(`${modelDir}: ${limit} held-out problems, seed ${seed}, ${seconds.toFixed(0)} s\n`);
    console.log(formatSummaries(summaries));
  }
  await m.model.dispose();
}

main().catch((e: unknown) => {
  console.error(`eval-tiny-reasoner: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
