import { rooflineReport, storageFormat, type RooflineReport } from '../core/roofline';
import { parseIntList } from '../core/int-list';
import { benchModel, DEFAULT_BENCH_BATCHES, MAX_BENCH_BATCH, type BenchReport } from '../engine/bench/bench';
import { optionalInt, parseFlags, requireString, UsageError } from './args';
import { resolveModelArg } from './model-arg';
import { nodeHost } from '../node/host';
import { textTable } from './report';

export const BENCH_USAGE =
  'lab bench --model <folder-or-name> [--dtype fp32|q4|fp16|q4f16] [--contexts 128,512,… (default: the lengths that fit the model)] [--batches 1,2,4,8] [--steps <n>] [--warmup <n>] [--repeats <n>] [--bandwidth-gbs <n>] [--json]';

/** A comma-separated list of integers in [min, max]. */
/** `--contexts` / `--batches` through core's list parser; absent gives `fallback` (undefined: the engine's default). */
export function intListFlag<T extends readonly number[] | undefined>(flag: string, arg: string | undefined, fallback: T, min: number, max: number): number[] | T {
  if (arg === undefined) return fallback;
  const parsed = parseIntList(arg, min, max);
  if ('error' in parsed) throw new UsageError(`--${flag}: ${parsed.error}`);
  return parsed.values;
}

function parseBandwidth(arg: unknown): number | null {
  if (arg === undefined) return null;
  const n = Number(arg);
  if (typeof arg !== 'string' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--bandwidth-gbs must be a positive number, got "${String(arg)}"`);
  return n;
}

export interface BenchRow {
  readonly context: number;
  readonly batch: number;
  readonly msPerStep: number;
  readonly tokensPerSecond: number;
  readonly perRowTokensPerSecond: number;
  readonly roofline: RooflineReport;
}

/** Decode measurements joined with the roofline of the loaded model at each point. */
export function benchRows(report: BenchReport, bandwidthGBs: number | null): BenchRow[] {
  const format = storageFormat(report.model.dtype);
  return report.decode.map((d) => ({
    ...d,
    roofline: rooflineReport(report.model, format, { context: d.context, batch: d.batch }, {
      bandwidthGBs, measuredTokensPerSecond: d.tokensPerSecond,
    }),
  }));
}

/** Notes printed under the tables (and in the JSON): what the numbers are and what they are not. */
export function benchNotes(report: BenchReport, bandwidthGBs: number | null): string[] {
  const m = report.model;
  const notes = [report.warmup];
  notes.push(`bytes per step from the model's shape and dtype ${m.dtype}: weights once per step, KV per row (src/core/roofline.ts)`);
  if (m.device === 'cpu' || m.device === 'wasm') {
    notes.push(
      `the roofline is for GPUs, where decoding is bound by memory bandwidth; on this ${m.device.toUpperCase()} run compute and per-step overhead dominate, so effective GB/s is indicative only` +
        (bandwidthGBs === null ? '' : ` and the ${bandwidthGBs} GB/s ceiling does not apply`),
    );
  } else if (bandwidthGBs === null) {
    notes.push('give --bandwidth-gbs <n> (your GPU\'s memory bandwidth) for the ceiling and the share reached');
  }
  for (const s of report.skipped) notes.push(`skipped: ${s.reason}`);
  return notes;
}

const f = (v: number | null, digits = 1) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

export function benchTables(report: BenchReport, rows: readonly BenchRow[], bandwidthGBs: number | null): string {
  const m = report.model;
  const title = `${m.id} on ${m.device} (${m.dtype}), context window ${m.contextLength}`;
  const prefill = textTable(['context', 'prefill ms', 'prefill tok/s'], report.prefill.map((p) => [String(p.context), f(p.ms, 2), f(p.tokensPerSecond)]));
  const header = ['context', 'batch', 'ms/step', 'tok/s', 'tok/s/row', 'MB/step', 'eff GB/s'];
  if (bandwidthGBs !== null) header.push(`ceiling tok/s @${bandwidthGBs} GB/s`, '% of ceiling');
  const decode = textTable(header, rows.map((r) => {
    const cells = [
      String(r.context), String(r.batch), f(r.msPerStep, 2), f(r.tokensPerSecond), f(r.perRowTokensPerSecond),
      f(r.roofline.bytesPerStep / 1e6, 2), f(r.roofline.effectiveGBs, 3),
    ];
    if (bandwidthGBs !== null) {
      cells.push(f(r.roofline.ceilingTokensPerSecond, 0), r.roofline.shareOfCeiling === null ? '—' : `${(100 * r.roofline.shareOfCeiling).toFixed(1)}%`);
    }
    return cells;
  }));
  return [title, '', 'prefill (batch 1)', prefill, '', 'decode', decode, '', ...benchNotes(report, bandwidthGBs).map((n) => `note: ${n}`)].join('\n');
}

export async function benchCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const flags = parseFlags(argv, {
    model: { type: 'string' },
    dtype: { type: 'string' },
    contexts: { type: 'string' },
    batches: { type: 'string' },
    steps: { type: 'string' },
    warmup: { type: 'string' },
    repeats: { type: 'string' },
    'bandwidth-gbs': { type: 'string' },
    json: { type: 'boolean' },
  });
  const { root, spec } = resolveModelArg(requireString(flags, 'model'), flags['dtype'] as string | undefined);
  const contexts = intListFlag('contexts', flags['contexts'] as string | undefined, undefined, 1, 1 << 20);
  const batches = intListFlag('batches', flags['batches'] as string | undefined, DEFAULT_BENCH_BATCHES, 1, MAX_BENCH_BATCH);
  const bandwidth = parseBandwidth(flags['bandwidth-gbs']);
  const json = flags['json'] === true;
  const decodeSteps = optionalInt(flags, 'steps', 1, 1000);
  const warmupSteps = optionalInt(flags, 'warmup', 0, 100);
  const prefillRepeats = optionalInt(flags, 'repeats', 1, 100);

  const report = await benchModel(nodeHost({ modelRoot: root }), spec, {
    ...(contexts !== undefined ? { contexts } : {}),
    batches,
    ...(decodeSteps !== undefined ? { decodeSteps } : {}),
    ...(warmupSteps !== undefined ? { warmupSteps } : {}),
    ...(prefillRepeats !== undefined ? { prefillRepeats } : {}),
    onProgress: json ? undefined : (msg) => void process.stderr.write(`bench: ${msg}\n`),
  });
  const rows = benchRows(report, bandwidth);
  if (!json) {
    out(benchTables(report, rows, bandwidth));
    return;
  }
  const m = report.model;
  out(JSON.stringify({
    model: { id: m.id, device: m.device, dtype: m.dtype, contextLength: m.contextLength, parameters: m.parameters },
    bandwidthGBs: bandwidth,
    settings: report.settings,
    prefill: report.prefill,
    decode: rows.map((r) => ({
      context: r.context, batch: r.batch, msPerStep: r.msPerStep, tokensPerSecond: r.tokensPerSecond,
      perRowTokensPerSecond: r.perRowTokensPerSecond, bytesPerStep: r.roofline.bytesPerStep, effectiveGBs: r.roofline.effectiveGBs,
      ceilingTokensPerSecond: r.roofline.ceilingTokensPerSecond, shareOfCeiling: r.roofline.shareOfCeiling,
    })),
    skipped: report.skipped,
    notes: benchNotes(report, bandwidth),
  }, null, 2));
}
