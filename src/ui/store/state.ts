/** The page's whole state: plain data, changed only by the reducer. */
import type { DecodingParams, MethodId } from '../../core/methods/params';
import { defaultParams, DEFAULT_METHOD_IDS, METHOD_IDS } from '../../core/methods/params';
import type { Capabilities, LoadEvent, ModelInfo, ModelSpec } from '../../protocol/model';
import type { LaneResult, MethodId as RunMethodId, RunResult } from '../../protocol/run';
import type { ModelChoice } from '../logic/models';
import { TINY_REASONER_ID } from '../logic/models';
import type { RawFields } from '../logic/param-form';
import { rawFromParams } from '../logic/param-form';
import type { Question } from '../logic/questions';
import type { SharedSettings } from '../logic/permalink';
import type { Reference } from '../logic/reference';
import { initialLab, type LabState } from './lab';

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadProgress {
  readonly loaded: number;
  readonly total: number;
  readonly files: number;
  readonly filesDone: number;
}

export interface CacheState {
  readonly available: boolean;
  readonly files: number;
  readonly bytes: number;
}

export interface ModelState {
  readonly choice: ModelChoice;
  readonly status: ModelStatus;
  /** What is loading or loaded. */
  readonly spec: ModelSpec | null;
  readonly info: ModelInfo | null;
  readonly stage: Extract<LoadEvent, { type: 'stage' }>['stage'] | null;
  readonly progress: LoadProgress | null;
  readonly notices: readonly string[];
  readonly error: string | null;
  /** Cache API state of the chosen hub model; null while unknown or for bundled models. */
  readonly cache: CacheState | null;
  /** The chosen hub model's download, measured on its host before it starts (null while unknown). */
  readonly download: { readonly bytes: number; readonly files: number; readonly dtype: string } | null;
}

export type LaneStatus = 'pending' | 'running' | 'done' | 'cancelled' | 'error';

export interface RowView {
  readonly thinking: string;
  readonly answer: string;
  readonly thinkingTokens: number;
  readonly answerTokens: number;
  /** From the row-done event. */
  readonly done: { readonly tokens: number; readonly finished: boolean; readonly winner: boolean } | null;
}

export interface CheckpointMark {
  readonly row: number;
  readonly position: number;
  readonly certainty: number;
  readonly pSup: number;
}

export interface SuppressMark {
  readonly row: number;
  readonly position: number;
  readonly blockedTrigger: boolean;
}

export interface LaneView {
  readonly lane: string;
  readonly method: RunMethodId;
  readonly status: LaneStatus;
  readonly rows: readonly RowView[];
  readonly checkpoints: readonly CheckpointMark[];
  readonly suppressed: readonly SuppressMark[];
  readonly result: LaneResult | null;
  /** Page clock (ms) of the first and the latest streamed tokens, for the live rate. */
  readonly firstTokenAt: number | null;
  readonly lastTokenAt: number | null;
}

export type RunStatus = 'idle' | 'running' | 'stopping' | 'done' | 'cancelled' | 'error';

/** The settings a run was started with (for the lanes' caption, exports and correctness). */
export interface RunSnapshot {
  readonly prompt: string;
  readonly seed: number;
  readonly thinking: boolean;
  readonly methods: readonly MethodId[];
  readonly params: Readonly<Partial<Record<MethodId, DecodingParams>>>;
  readonly reference: Reference | null;
  readonly model: ModelInfo | null;
  /** The settings as the permalink writes them, at the moment the run started (links and exports describe the results shown). */
  readonly settings: SharedSettings;
}

export interface RunState {
  readonly status: RunStatus;
  readonly runId: string | null;
  readonly lanes: readonly LaneView[];
  readonly result: RunResult | null;
  readonly error: string | null;
  readonly snapshot: RunSnapshot | null;
}

export interface FormState {
  readonly prompt: string;
  readonly seed: string;
  /** The shared max new tokens as typed; '' = fit to the loaded model. */
  readonly maxNewTokens: string;
  readonly thinking: boolean;
  readonly selected: readonly MethodId[];
  readonly raw: Readonly<Record<MethodId, RawFields>>;
}

export interface Notice {
  readonly id: number;
  readonly text: string;
}

export interface AppState {
  readonly capabilities: Capabilities | null;
  /** navigator.storage.estimate() of this origin, when the browser tells. */
  readonly storage: { readonly usage: number; readonly quota: number } | null;
  readonly model: ModelState;
  readonly form: FormState;
  readonly run: RunState;
  readonly questions: readonly Question[];
  /** The bundled question the prompt came from, while the prompt is unchanged. */
  readonly reference: Question | null;
  readonly notices: readonly Notice[];
  readonly nextNoticeId: number;
  /** The accuracy lab, the throughput sweep and the bandwidth measurement (one activity at a time with runs). */
  readonly lab: LabState;
}

let defaultRawCache: Readonly<Record<MethodId, RawFields>> | null = null;

/** Every method's default form (shared: treat as read-only). */
export function defaultRaw(): Readonly<Record<MethodId, RawFields>> {
  if (!defaultRawCache) {
    const raw = {} as Record<MethodId, RawFields>;
    for (const m of METHOD_IDS) raw[m] = rawFromParams(defaultParams(m));
    defaultRawCache = raw;
  }
  return defaultRawCache;
}

export function initialState(): AppState {
  return {
    capabilities: null,
    storage: null,
    model: {
      choice: { key: TINY_REASONER_ID, customId: '', dtype: 'auto', device: 'auto', host: '', wasmThreads: null, folder: null },
      status: 'idle', spec: null, info: null, stage: null, progress: null, notices: [], error: null, cache: null, download: null,
    },
    form: {
      prompt: '',
      seed: '42',
      maxNewTokens: '',
      thinking: true,
      selected: [...DEFAULT_METHOD_IDS],
      raw: defaultRaw(),
    },
    run: { status: 'idle', runId: null, lanes: [], result: null, error: null, snapshot: null },
    questions: [],
    reference: null,
    notices: [],
    nextNoticeId: 1,
    lab: initialLab(),
  };
}
