/** Aggregates per-problem outcomes of the tiny reasoner into the numbers the eval prints. */

export interface RunOutcome {
  correct: boolean;
  /** Generated tokens (thinking + answer + EOS). */
  tokens: number;
  /** The thinking contained a CGRS trigger token. */
  reflected: boolean;
  closedThink: boolean;
  boxed: boolean;
  /** Probe certainty at each checkpoint, and whether the trace had written "So … = v." by then. */
  checkpoints: { certainty: number; afterResult: boolean }[];
}

export interface ModeSummary {
  n: number;
  accuracy: number;
  meanTokens: number;
  meanTokensCorrect: number | null;
  meanTokensIncorrect: number | null;
  reflectionShare: number;
  closedAndBoxedShare: number;
  probe: ProbeSummary | null;
}

export interface ProbeSummary {
  checkpoints: number;
  meanCertaintyCorrect: number | null;
  meanCertaintyIncorrect: number | null;
  /** Correct traces only: mid-way checkpoints vs those after the result was written. */
  meanCertaintyBeforeResult: number | null;
  meanCertaintyAfterResult: number | null;
  /** The last checkpoint of each trace. */
  meanLastCorrect: number | null;
  meanLastIncorrect: number | null;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const share = (runs: readonly RunOutcome[], f: (r: RunOutcome) => boolean): number => runs.filter(f).length / Math.max(1, runs.length);

export function summarize(runs: readonly RunOutcome[]): ModeSummary {
  const ok = runs.filter((r) => r.correct);
  const bad = runs.filter((r) => !r.correct);
  const certainties = (rs: readonly RunOutcome[], f: (c: RunOutcome['checkpoints'][number]) => boolean = () => true) =>
    mean(rs.flatMap((r) => r.checkpoints.filter(f).map((c) => c.certainty)));
  const last = (rs: readonly RunOutcome[]) => mean(rs.filter((r) => r.checkpoints.length > 0).map((r) => r.checkpoints.at(-1)!.certainty));
  const checkpoints = runs.reduce((s, r) => s + r.checkpoints.length, 0);
  return {
    n: runs.length,
    accuracy: share(runs, (r) => r.correct),
    meanTokens: mean(runs.map((r) => r.tokens)) ?? 0,
    meanTokensCorrect: mean(ok.map((r) => r.tokens)),
    meanTokensIncorrect: mean(bad.map((r) => r.tokens)),
    reflectionShare: share(runs, (r) => r.reflected),
    closedAndBoxedShare: share(runs, (r) => r.closedThink && r.boxed),
    probe: checkpoints === 0 ? null : {
      checkpoints,
      meanCertaintyCorrect: certainties(ok),
      meanCertaintyIncorrect: certainties(bad),
      meanCertaintyBeforeResult: certainties(ok, (c) => !c.afterResult),
      meanCertaintyAfterResult: certainties(ok, (c) => c.afterResult),
      meanLastCorrect: last(ok),
      meanLastIncorrect: last(bad),
    },
  };
}

const fmt = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** A plain-text table of the summaries, one column per mode. */
export function formatSummaries(modes: Record<string, ModeSummary>): string {
  const names = Object.keys(modes);
  const rows: [string, (s: ModeSummary) => string][] = [
    ['problems', (s) => String(s.n)],
    ['accuracy', (s) => pct(s.accuracy)],
    ['mean tokens', (s) => fmt(s.meanTokens, 1)],
    ['mean tokens, correct', (s) => fmt(s.meanTokensCorrect, 1)],
    ['mean tokens, incorrect', (s) => fmt(s.meanTokensIncorrect, 1)],
    ['traces with reflection words', (s) => pct(s.reflectionShare)],
    ['traces closing </think> with \\boxed', (s) => pct(s.closedAndBoxedShare)],
    ['probe checkpoints', (s) => (s.probe ? String(s.probe.checkpoints) : '—')],
    ['probe certainty, correct traces', (s) => fmt(s.probe?.meanCertaintyCorrect ?? null)],
    ['probe certainty, incorrect traces', (s) => fmt(s.probe?.meanCertaintyIncorrect ?? null)],
    ['  correct: before the result', (s) => fmt(s.probe?.meanCertaintyBeforeResult ?? null)],
    ['  correct: after the result', (s) => fmt(s.probe?.meanCertaintyAfterResult ?? null)],
    ['  last checkpoint, correct', (s) => fmt(s.probe?.meanLastCorrect ?? null)],
    ['  last checkpoint, incorrect', (s) => fmt(s.probe?.meanLastIncorrect ?? null)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const header = `${''.padEnd(width)}  ${names.map((n) => n.padStart(12)).join('  ')}`;
  return [header, ...rows.map(([label, f]) => `${label.padEnd(width)}  ${names.map((n) => f(modes[n]!).padStart(12)).join('  ')}`)].join('\n');
}
