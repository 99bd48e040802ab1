/**
 * CGRS probe as an extra batch row (spec §4.10; a project extension, NOT in the paper or the
 * reference code; off by default).
 *
 * At checkpoint k the batch becomes [main, probe], the probe row a copy of the main row's cache.
 * Both rows take one token per step: the probe row is teacher-forced through the suffix, then
 * samples from its `probe` stream exactly as the sequential probe does (same draws, same tokens,
 * same statistics), while the main row keeps decoding speculatively with the old p_sup using a
 * clone of the controller whose probe is held. When the probe completes, the snapshot taken at
 * the checkpoint gets the statistics (new p_sup); the speculative tokens are replayed into it
 * while their suppression decision is unchanged (same counter-based `suppress` draws); from the
 * first step that would have decided differently the main row is rolled back (KV truncated, the
 * tokens counted as discarded) and decodes again with the new p_sup.
 *
 * The main row stops speculating at a point the controller must act on (next checkpoint, forced
 * tokens, </think>, end of row): the probe row is then split off and finishes alone.
 * Speculative tokens are committed (streamed, timed, counted) only once they stand, so the UI never
 * sees a token that is later rolled back.
 *
 * Probe time in this mode is the probe-only work: adding, splitting and dropping the probe row,
 * sampling its distributions and the steps it runs alone; the shared steps are decode steps.
 */
import { firstDisagreement } from '../../core/cgrs/certainty';
import type { ProbePositionStats } from '../../core/cgrs/certainty';
import type { CgrsController, CgrsDirective } from '../../core/cgrs/controller';
import type { ProbeSpec } from './sequential-probe';
import type { KvBatch } from '../decode/kv-batch';
import type { LaneEnv, RowStop } from '../decode/lane-env';
import type { Draw, RowDecoder } from '../decode/row-decoder';

/** How the main loop resumes after a batched probe. */
export type Handoff =
  /** All speculative tokens stand; the last one is still to be committed and its directive run. */
  | { kind: 'settle'; draw: Draw; directive: CgrsDirective }
  /** Rolled back: sample at the row's current trace position from these logits. */
  | { kind: 'logits'; logits: Float32Array }
  | { kind: 'stop'; stop: RowStop };

interface Speculative {
  draw: Draw;
  directive: CgrsDirective;
}

/** The controller must act on this directive before anything else is decoded. */
function mustWait(d: CgrsDirective, ctl: CgrsController): boolean {
  return d.steps.length > 0 || d.done !== null || !d.keep || ctl.phase !== 'thinking';
}

class ProbeRow {
  readonly stats: ProbePositionStats[] = [];
  /** Next token the probe row feeds. */
  token: number;
  private readonly queue: number[];
  done = false;

  constructor(first: number, suffix: readonly number[], private readonly spec: ProbeSpec, private readonly rng: RowDecoder['rng'], private readonly checkpoint: number) {
    this.token = first;
    this.queue = [...suffix];
  }

  /** The probe row's output of the step that fed `token`. */
  take(logits: Float32Array): void {
    const next = this.queue.shift();
    if (next !== undefined) {
      this.token = next; // still teacher-forcing: this output predicts a token we already know
      return;
    }
    const p = this.spec.position(logits, this.rng, this.checkpoint, this.stats.length);
    this.stats.push(p.stats);
    this.done = p.last;
    this.token = p.token;
  }
}

export class BatchedProbe {
  rollbacks = 0;
  rolledBackTokens = 0;

  constructor(
    private readonly env: LaneEnv,
    private readonly batch: KvBatch,
    private readonly row: RowDecoder,
    private readonly spec: ProbeSpec,
  ) {}

  /**
   * Runs the probe of `checkpoint` beside speculative decoding. `pending` are the main row's
   * committed tokens not yet fed (the fork point is after them).
   */
  async run(pending: readonly number[], checkpoint: number): Promise<Handoff> {
    const { host, timing } = this.env;
    const start = host.now();
    let probeMs = 0;
    const timed = async <T>(work: () => Promise<T> | T): Promise<T> => {
      const t = host.now();
      try {
        return await work();
      } finally {
        probeMs += host.now() - t;
      }
    };
    const snapshot = this.row.controller!.clone();
    const speculating = this.row.controller!;
    speculating.holdProbe();
    const pOld = speculating.pSup;

    if (pending.length > 1) await this.feedMain(pending.slice(0, -1));
    const last = pending[pending.length - 1]!;
    await timed(() => this.batch.select([0, 0]));
    const probe = new ProbeRow(last, this.spec.suffixIds, this.spec, this.row.rng, checkpoint);
    const specs: Speculative[] = [];
    let mainToken = last;
    let solo: KvBatch | null = null;
    try {
      while (!probe.done) {
        if (this.env.isCancelled()) return this.cancel(specs, solo);
        if (solo) {
          const [logits] = await timed(() => solo!.step([probe.token]));
          await timed(() => probe.take(logits!));
          continue;
        }
        const t = host.now();
        const [mainLogits, probeLogits] = await this.batch.step([mainToken, probe.token]);
        timing.decodeForward(t, host.now());
        await timed(() => probe.take(probeLogits!));
        const draw = this.row.draw(mainLogits!, this.row.trace.length + specs.length, speculating);
        const directive = this.row.accept(draw, speculating);
        specs.push({ draw, directive });
        mainToken = draw.token;
        if (!probe.done && mustWait(directive, speculating)) solo = await timed(() => this.batch.split(1));
        await this.env.pacer.step();
      }
      if (!solo) await timed(() => this.batch.select([0]));
    } finally {
      solo?.dispose();
    }
    timing.probe(start, start + probeMs);
    return this.resolve(snapshot, probe.stats, checkpoint, pOld, specs);
  }

  private async feedMain(ids: readonly number[]): Promise<Float32Array> {
    const { host, timing } = this.env;
    const t = host.now();
    const logits = ids.length === 1 ? (await this.batch.step(ids))[0]! : await this.batch.extend(ids);
    timing.decodeForward(t, host.now());
    return logits;
  }

  private async cancel(specs: Speculative[], solo: KvBatch | null): Promise<Handoff> {
    if (!solo) await this.batch.select([0]);
    this.env.ledger.addDropped(this.row.row, specs.length);
    return { kind: 'stop', stop: 'cancelled' };
  }

  private async resolve(
    snapshot: CgrsController, stats: ProbePositionStats[], checkpoint: number, pOld: number, specs: Speculative[],
  ): Promise<Handoff> {
    const { ledger, emitter, lane } = this.env;
    const row = this.row;
    ledger.addProbe(row.row, this.spec.suffixIds.length, stats.length);
    const outcome = snapshot.onProbe(stats);
    emitter.event({ type: 'checkpoint', lane, row: row.row, position: outcome.traceLength, certainty: outcome.certainty, pSup: outcome.pSup });
    if (outcome.checkpoint !== checkpoint) throw new Error(`batched probe resolved checkpoint ${outcome.checkpoint}, expected ${checkpoint}`);

    const draws = specs.map((s) => row.rng.uniform('suppress', s.draw.position));
    const cut = firstDisagreement(draws, pOld, outcome.pSup);
    const kept = cut < 0 ? specs.length : cut;
    row.controller = snapshot;
    let handoff: Handoff | null = null;
    for (let j = 0; j < kept; j++) {
      const { draw } = specs[j]!;
      snapshot.maskForStep(draw.position, (p) => row.rng.uniform('suppress', p));
      const directive = snapshot.accept(draw.token, draw.rawTop);
      if (cut < 0 && j === kept - 1) {
        handoff = { kind: 'settle', draw, directive };
      } else {
        if (directive.steps.length > 0 || directive.done !== null) throw new Error('batched probe: a replayed token asked for action mid-speculation');
        row.commit(draw, directive.keep);
      }
    }
    if (handoff) return handoff;
    // Roll back to the first step that decided differently and decode it again with the new p_sup.
    const removed = specs.length - kept;
    ledger.addDropped(row.row, removed);
    this.rollbacks++;
    this.rolledBackTokens += removed;
    const trace = row.trace.ids;
    await this.batch.truncate(this.env.promptIds.length + trace.length - 1);
    return { kind: 'logits', logits: await this.feedMain([trace[trace.length - 1]!]) };
  }
}
