/**
 * The labs' side effects: an evaluation through the engine's one evaluation loop (in the worker, the same
 * loop as `lab eval`), the throughput sweep, the GPU bandwidth measurement, and their exports. Each holds
 * the engine like a comparison: one activity at a time, visible in the store (`lab.activity`), stoppable.
 */
import { parseQuestionSet } from '../core/eval/question-set';
import { aggregateByMethod, type EvalRecord } from '../core/eval/score';
import { METHODS } from '../core/methods/registry';
import type { MethodId } from '../core/methods/params';
import type { EngineApi } from '../protocol/api';
import type { EvalProgressEvent } from '../protocol/eval';
import type { LaneRequest } from '../protocol/run';
import type { BandwidthResult } from './gpu-bandwidth';
import { evalExportJson, parseSavedRecords, recordsCsv, storageKey } from './logic/eval-lab';
import { downloadText } from './services/download';
import type { EvalMeta, LabKind } from './store/lab';
import { busyWith, methodForm } from './store/selectors';
import type { Store } from './store/store';

export interface EvalSelection {
  readonly setFile: string;
  readonly methods: readonly MethodId[];
  readonly seed: number;
  /** The first n questions of the set. */
  readonly limit: number;
  readonly instruction: string;
}

export interface LabDeps {
  readonly client: Pick<EngineApi, 'evaluate' | 'bench' | 'cancel'>;
  /** Reads a file of public/data. */
  readonly fetchText: (file: string) => Promise<string>;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  readonly measureBandwidth: () => Promise<BandwidthResult>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class LabController {
  private counter = 0;

  constructor(private readonly store: Store, private readonly deps: LabDeps) {}

  /** Why a lab activity cannot start now, or null. */
  blocker(): string | null {
    const s = this.store.getState();
    return busyWith(s) ?? (s.model.status === 'ready' ? null : 'Load a model first');
  }

  /** Runs `body` as the one activity of kind `kind`, ending it whatever happens. */
  private async hold(kind: LabKind, body: (runId: string) => Promise<void>): Promise<boolean> {
    if (this.blocker() !== null) return false;
    const runId = `${kind}-${++this.counter}`;
    this.store.dispatch({ type: 'lab/start', kind, runId: kind === 'bandwidth' ? null : runId });
    try {
      await body(runId);
    } finally {
      this.store.dispatch({ type: 'lab/end' });
    }
    return true;
  }

  /** The lanes of an evaluation: the Methods panel's settings of each chosen method, with the shared max new tokens. */
  evalLanes(methods: readonly MethodId[]): LaneRequest[] | { error: string } {
    const s = this.store.getState();
    const bad = methods.filter((m) => methodForm(s, m).issues.length > 0);
    if (bad.length > 0) return { error: `Fix the settings of ${bad.map((m) => METHODS[m].label).join(', ')} in the Methods panel first` };
    return methods.map((m) => {
      const f = methodForm(s, m);
      return { lane: m, params: f.params, ...(f.fit ? { fitToContext: true } : {}) };
    });
  }

  private savedKey(sel: EvalSelection, lanes: readonly LaneRequest[]): string {
    return storageKey(this.store.getState().model.info?.id ?? '', sel.setFile, sel.seed, lanes, sel.instruction);
  }

  async runEvaluation(sel: EvalSelection): Promise<void> {
    const lanes = sel.methods.length === 0 ? { error: 'Pick at least one method' } : this.evalLanes(sel.methods);
    if ('error' in lanes) return void this.store.dispatch({ type: 'eval/message', message: lanes.error });
    await this.hold('evaluation', async (runId) => {
      const s = this.store.getState();
      const key = this.savedKey(sel, lanes);
      const meta: EvalMeta = {
        model: s.model.info?.id ?? '', device: s.model.info?.device ?? '', set: sel.setFile, seed: sel.seed,
        instruction: sel.instruction, maxNewTokens: s.form.maxNewTokens, lanes: lanes.map((l) => l.lane),
      };
      try {
        const questions = parseQuestionSet(await this.deps.fetchText(sel.setFile), sel.setFile).slice(0, sel.limit);
        const ids = new Set(questions.map((q) => q.id));
        const saved = parseSavedRecords(this.deps.storage.getItem(key));
        const done = saved.filter((r) => ids.has(r.questionId));
        this.store.dispatch({ type: 'eval/begin', meta, records: done, total: questions.length * lanes.length });
        let all: EvalRecord[] = saved;
        const out = await this.deps.client.evaluate({ runId, questions, lanes, seed: sel.seed, done, instruction: sel.instruction }, (p: EvalProgressEvent) => {
          if (p.record) {
            all = [...all, p.record];
            this.deps.storage.setItem(key, JSON.stringify(all));
          }
          this.store.dispatch({ type: 'eval/progress', done: p.done, total: p.total, ...(p.record ? { record: p.record } : {}), message: progressText(p) });
        });
        const last = `${out.records.length} / ${questions.length * lanes.length} results · ${out.computed} computed now · ${out.resumed} resumed`;
        this.store.dispatch({ type: 'eval/message', message: out.stopped ? `Stopped: ${last}; Run / resume continues from here.` : `Done: ${last}.` });
      } catch (e) {
        this.store.dispatch({ type: 'eval/message', message: `Stopped by an error: ${message(e)}` });
      }
    });
  }

  clearSavedEvaluation(sel: EvalSelection): void {
    const lanes = this.evalLanes(sel.methods);
    if ('error' in lanes) return void this.store.dispatch({ type: 'eval/message', message: lanes.error });
    this.deps.storage.removeItem(this.savedKey(sel, lanes));
    this.store.dispatch({ type: 'eval/clear', message: 'Saved results of this evaluation cleared.' });
  }

  async runSweep(req: { contexts?: number[]; batches: number[] }): Promise<void> {
    await this.hold('sweep', async (runId) => {
      this.store.dispatch({ type: 'sweep/message', message: 'Measuring…' });
      try {
        const report = await this.deps.client.bench({ ...req, runId }, (m) => this.store.dispatch({ type: 'sweep/message', message: `Measuring: ${m}` }));
        const how = `on ${report.model.device} (${report.model.dtype})`;
        this.store.dispatch({ type: 'sweep/report', report, message: report.cancelled ? `Stopped ${how}: the measurements made so far.` : `Done ${how}.` });
      } catch (e) {
        this.store.dispatch({ type: 'sweep/message', message: `Sweep failed: ${message(e)}` });
      }
    });
  }

  async measureBandwidth(): Promise<void> {
    await this.hold('bandwidth', async () => {
      this.store.dispatch({ type: 'bandwidth/message', message: 'Measuring (a few seconds; warm-up passes are not timed)…' });
      try {
        const r = await this.deps.measureBandwidth();
        this.store.dispatch({ type: 'bandwidth/result', result: r, message: '' });
      } catch (e) {
        this.store.dispatch({ type: 'bandwidth/message', message: `Could not measure: ${message(e)}. Type your GPU's bandwidth instead.` });
      }
    });
  }

  /** Stops the evaluation or the sweep in flight (between pairs / measurements); what it has is kept. */
  async stop(): Promise<void> {
    const a = this.store.getState().lab.activity;
    if (!a || a.runId === null || a.stopping) return;
    this.store.dispatch({ type: 'lab/stopping' });
    await this.deps.client.cancel(a.runId).catch(() => {}); // it may have just finished
  }

  exportEvaluation(format: 'json' | 'csv'): void {
    const e = this.store.getState().lab.evaluation;
    if (!e.meta || e.records.length === 0) return;
    const name = `eval-${e.meta.set.replace(/\.jsonl$/, '')}-seed${e.meta.seed}`;
    if (format === 'csv') return downloadText(`${name}.csv`, recordsCsv(e.records), 'text/csv');
    downloadText(`${name}.json`, evalExportJson(e.meta, aggregateByMethod([...e.records], [...e.meta.lanes]), e.records), 'application/json');
  }

  exportSweep(): void {
    const r = this.store.getState().lab.sweep.report;
    if (r) downloadText('decoding-lab-sweep.json', `${JSON.stringify(r, null, 2)}\n`, 'application/json');
  }
}

function progressText(p: EvalProgressEvent): string {
  return `${p.done} / ${p.total} results · ${p.computed} computed now · ${p.resumed} resumed`;
}
