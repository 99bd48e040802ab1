import { extractAnswer } from '../../core/eval/extract';
import type { AnswerKind } from '../../core/eval/normalize';
import { FfsRace } from '../../core/ffs/race';
import type { RaceVerdict, RowRace } from '../../core/ffs/row-race';
import { rowCount, type MultiRowParams } from '../../core/methods/params';
import { RowRng } from '../../core/rng';
import { VoteRace } from '../../core/vote/self-consistency';
import type { FfsRowSummary } from '../../protocol/run';
import { KvBatch } from './kv-batch';
import type { LaneEnv, RowStop } from './lane-env';
import { RowDecoder } from './row-decoder';

export interface MultiRowOutcome {
  readonly rows: readonly RowDecoder[];
  readonly stop: RowStop;
  readonly winner: number;
  readonly truncated: boolean;
  readonly answer: string | null;
  readonly rowSummaries: readonly FfsRowSummary[];
  /** The race's verdict; null when the run was cancelled first. */
  readonly outcome: RaceVerdict | null;
}

/** The stopping rule of a multi-row method: FFS's race, or self-consistency's "every row to its end, then vote". */
function raceFor(params: MultiRowParams): { race: RowRace; answerKind: AnswerKind } {
  if (params.method === 'vote') return { race: new VoteRace(params.vote.n, params.vote.answerKind), answerKind: params.vote.answerKind };
  const { n, k, requireAnswer, answerKind } = params.ffs;
  return { race: new FfsRace({ n, k, requireAnswer, answerKind }), answerKind };
}

/**
 * n rows in one batch: First Finish Search (spec §5.1, sync variant) and self-consistency (vote). The prompt is
 * prefilled ONCE (batch 1), every row samples its first token from the shared logits with its own stream, the
 * cache is then expanded to the live rows (KvBatch.select: on the device under WebGPU) and all rows decode in one
 * batch, one token per row per step. The race (core/ffs/race.ts, or core/vote/self-consistency.ts, which lets
 * every row finish) decides the stop and the shown row.
 *
 * Rows that finish while others go on (FFS k > 1 or requireAnswer; every vote) are either compacted away
 * (`finishedRows: 'compact'`, the default off WebGPU: one CPU gather, then cheaper steps) or fed
 * their EOS again with the output ignored (`'feed'`, the default on WebGPU, where a gather is a GPU
 * round trip and an extra row costs little). Both give every live row the same tokens.
 */
export class MultiRowRun {
  private readonly batch: KvBatch;
  private readonly rows: RowDecoder[];
  private readonly race: RowRace;
  private readonly answerKind: AnswerKind;
  private readonly policy: 'compact' | 'feed';
  /** Row id of each batch row. */
  private batchRows: number[] = [];
  private readonly lastToken: number[];

  constructor(private readonly env: LaneEnv, params: MultiRowParams) {
    const { model, hooks } = env;
    const n = rowCount(params);
    this.batch = new KvBatch(model.model, model.info.vocabSize, hooks.kvCopy);
    this.rows = Array.from({ length: n }, (_, r) =>
      new RowDecoder(env, r, hooks.rowRng?.(r) ?? new RowRng(env.laneSeed, r), { sampling: params.sampling, maxNewTokens: params.maxNewTokens }));
    ({ race: this.race, answerKind: this.answerKind } = raceFor(params));
    this.policy = hooks.finishedRows ?? (model.info.device === 'webgpu' ? 'feed' : 'compact');
    this.lastToken = new Array<number>(n).fill(0);
  }

  async run(): Promise<MultiRowOutcome> {
    const { env } = this;
    try {
      const start = env.host.now();
      const shared = await this.batch.extend(env.promptIds, env.hooks.prefillChunk);
      env.timing.prefill(start, env.host.now(), env.promptIds.length);
      let outcome = this.sampleStep(this.rows.map(() => shared));
      let cancelled = false;
      if (!outcome) await this.batch.select(this.expandRows());
      while (!outcome) {
        if (env.isCancelled()) {
          cancelled = true;
          break;
        }
        const t = env.host.now();
        const logits = await this.batch.step(this.batchRows.map((r) => this.lastToken[r]!));
        env.timing.decodeForward(t, env.host.now());
        const perRow = new Array<Float32Array | null>(this.rows.length).fill(null);
        this.batchRows.forEach((r, i) => (perRow[r] = logits[i]!));
        outcome = this.sampleStep(perRow);
        if (!outcome && this.policy === 'compact') await this.compact();
        await env.pacer.step();
      }
      return this.finish(outcome, cancelled);
    } finally {
      this.batch.dispose();
    }
  }

  /** The first batch after the shared prefill: every live row (or all n when feeding finished rows). */
  private expandRows(): number[] {
    this.batchRows = this.policy === 'feed' ? this.rows.map((_, r) => r) : this.race.aliveRows();
    return this.batchRows.map(() => 0);
  }

  /** Drops finished rows from the batch. */
  private async compact(): Promise<void> {
    const keep = this.batchRows.flatMap((r, i) => (this.race.isAlive(r) ? [i] : []));
    if (keep.length === this.batchRows.length) return;
    await this.batch.select(keep);
    this.batchRows = keep.map((i) => this.batchRows[i]!);
  }

  /** Every live row samples from its logits; finishers are reported; returns the race's verdict once decided. */
  private sampleStep(perRow: readonly (Float32Array | null)[]): RaceVerdict | null {
    for (const row of this.rows) {
      const logits = perRow[row.row];
      if (!logits || !this.race.isAlive(row.row)) continue;
      const draw = row.draw(logits, row.trace.length);
      const d = row.accept(draw);
      row.commit(draw, true);
      this.lastToken[row.row] = draw.token;
      if (d.done === null) continue;
      const answer = extractAnswer(row.trace.texts().text, this.answerKind);
      if (d.done === 'eos') this.race.finish(row.row, row.trace.length, answer);
      else this.race.exhaust(row.row, row.trace.length, answer);
    }
    return this.race.check(this.rows.map((r) => r.trace.length));
  }

  private finish(outcome: RaceVerdict | null, cancelled: boolean): MultiRowOutcome {
    const { emitter, lane } = this.env;
    for (const row of this.rows) row.close();
    const finishedRows = new Set((outcome?.finishers ?? []).map((f) => f.row));
    const winner = outcome ? outcome.winner : (this.firstFinisher() ?? 0);
    const rowSummaries = this.rows.map((row): FfsRowSummary => {
      const text = row.trace.texts().text;
      const finished = outcome ? finishedRows.has(row.row) : !this.race.isAlive(row.row);
      const trace = this.env.tokenStats ? { trace: row.tokenRecords() } : {};
      return { row: row.row, tokens: row.trace.length, finished, answer: extractAnswer(text, this.answerKind), text, ...trace };
    });
    for (const s of rowSummaries) {
      emitter.event({ type: 'row-done', lane, row: s.row, tokens: s.tokens, finished: s.finished, winner: s.row === winner });
    }
    const winnerFinished = rowSummaries[winner]!.finished;
    return {
      rows: this.rows,
      stop: cancelled ? 'cancelled' : winnerFinished ? 'eos' : 'max-tokens',
      winner,
      truncated: outcome?.truncated ?? false,
      answer: outcome ? outcome.answer : rowSummaries[winner]!.answer,
      rowSummaries,
      outcome,
    };
  }

  /** Cancelled before the race was decided: the earliest EOS so far, if any. */
  private firstFinisher(): number | null {
    let best: number | null = null;
    for (const row of this.rows) {
      if (this.race.isAlive(row.row) || !row.isEos(row.trace.ids[row.trace.length - 1] ?? -1)) continue;
      if (best === null || row.trace.length < this.rows[best]!.trace.length) best = row.row;
    }
    return best;
  }
}
