/**
 * The labs' state: the accuracy lab (an evaluation), the throughput sweep and the bandwidth measurement.
 * Each of them holds the engine (or the GPU) like a comparison does, so at most one activity runs at a
 * time — a comparison or one of these — and the page shows which (selectors.ts `busyWith`).
 */
import type { EvalRecord } from '../../core/eval/score';
import type { BenchReport } from '../../protocol/bench';
import type { BandwidthResult } from '../gpu-bandwidth';

export type LabKind = 'evaluation' | 'sweep' | 'bandwidth';

export interface LabActivity {
  readonly kind: LabKind;
  /** The engine's run id (cancel(runId)); the bandwidth measurement has none. */
  readonly runId: string | null;
  readonly stopping: boolean;
}

/** What an evaluation was asked to do, for its table, exports and saved results. */
export interface EvalMeta {
  readonly model: string;
  readonly device: string;
  readonly set: string;
  readonly seed: number;
  readonly instruction: string;
  /** The shared max new tokens as typed ('' = fitted to the model). */
  readonly maxNewTokens: string;
  readonly lanes: readonly string[];
}

export interface EvalLabState {
  readonly meta: EvalMeta | null;
  readonly records: readonly EvalRecord[];
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

export interface SweepState {
  readonly report: BenchReport | null;
  readonly message: string;
}

export interface BandwidthState {
  readonly result: BandwidthResult | null;
  readonly message: string;
}

export interface LabState {
  readonly activity: LabActivity | null;
  readonly evaluation: EvalLabState;
  readonly sweep: SweepState;
  readonly bandwidth: BandwidthState;
}

export type LabAction =
  | { type: 'lab/start'; kind: LabKind; runId: string | null }
  | { type: 'lab/stopping' }
  | { type: 'lab/end' }
  | { type: 'eval/begin'; meta: EvalMeta; records: readonly EvalRecord[]; total: number }
  | { type: 'eval/progress'; done: number; total: number; record?: EvalRecord; message: string }
  | { type: 'eval/message'; message: string }
  | { type: 'eval/clear'; message: string }
  | { type: 'sweep/message'; message: string }
  | { type: 'sweep/report'; report: BenchReport; message: string }
  | { type: 'bandwidth/message'; message: string }
  | { type: 'bandwidth/result'; result: BandwidthResult; message: string };

export function initialLab(): LabState {
  return {
    activity: null,
    evaluation: { meta: null, records: [], done: 0, total: 0, message: 'Load a model, pick a set and methods, then run.' },
    sweep: { report: null, message: 'Load a model, then run the sweep.' },
    bandwidth: { result: null, message: 'Not measured yet.' },
  };
}

function evalReducer(e: EvalLabState, a: LabAction): EvalLabState {
  switch (a.type) {
    case 'eval/begin':
      return { meta: a.meta, records: a.records, done: a.records.length, total: a.total, message: 'Starting…' };
    case 'eval/progress':
      return { ...e, done: a.done, total: a.total, message: a.message, records: a.record ? [...e.records, a.record] : e.records };
    case 'eval/message':
      return { ...e, message: a.message };
    case 'eval/clear':
      return { meta: null, records: [], done: 0, total: 0, message: a.message };
    default:
      return e;
  }
}

export function labReducer(l: LabState, a: LabAction): LabState {
  switch (a.type) {
    case 'lab/start':
      return { ...l, activity: { kind: a.kind, runId: a.runId, stopping: false } };
    case 'lab/stopping':
      return l.activity ? { ...l, activity: { ...l.activity, stopping: true } } : l;
    case 'lab/end':
      return { ...l, activity: null };
    case 'sweep/message':
      return { ...l, sweep: { ...l.sweep, message: a.message } };
    case 'sweep/report':
      return { ...l, sweep: { report: a.report, message: a.message } };
    case 'bandwidth/message':
      return { ...l, bandwidth: { ...l.bandwidth, message: a.message } };
    case 'bandwidth/result':
      return { ...l, bandwidth: { result: a.result, message: a.message } };
    default:
      return { ...l, evaluation: evalReducer(l.evaluation, a) };
  }
}
