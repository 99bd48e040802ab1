/** Actions and the pure reducer. Side effects (worker calls, Cache API, URL) live in the controller. */
import type { DecodingParams, MethodId } from '../../core/methods/params';
import { METHOD_IDS } from '../../core/methods/params';
import type { Capabilities, LoadEvent, ModelInfo, ModelSpec } from '../../protocol/model';
import type { RunEvent, RunResult } from '../../protocol/run';
import type { ModelChoice } from '../logic/models';
import type { MethodChanges } from '../logic/permalink';
import { rawFromParams } from '../logic/param-form';
import type { Question } from '../logic/questions';
import { labReducer, type LabAction } from './lab';
import { applyRunEvents, failLanes, pendingLane, settleLanes } from './lanes';
import { defaultRaw, type AppState, type CacheState, type LoadProgress, type ModelState, type RunSnapshot } from './state';

/** Settings applied together (a permalink, a replay). Absent keys keep their value. */
export interface SettingsPatch {
  readonly choice?: Partial<ModelChoice>;
  readonly prompt?: string;
  readonly seed?: number;
  readonly thinking?: boolean;
  readonly methods?: readonly MethodId[];
  readonly maxNewTokens?: string;
  /** The whole form relative to the defaults: every method not named here gets its default form. */
  readonly changes?: MethodChanges;
}

export type Action =
  | LabAction
  | { type: 'capabilities'; caps: Capabilities }
  | { type: 'storage'; storage: { usage: number; quota: number } | null }
  | { type: 'model/choose'; choice: Partial<ModelChoice> }
  | { type: 'model/load-start'; spec: ModelSpec }
  | { type: 'model/load-event'; event: LoadEvent }
  | { type: 'model/loaded'; info: ModelInfo }
  | { type: 'model/load-failed'; message: string }
  /** The worker was recreated (fatal backend error): no model is loaded any more. */
  | { type: 'model/unloaded'; message: string }
  | { type: 'model/cache'; cache: CacheState | null }
  | { type: 'model/download-size'; download: ModelState['download'] }
  | { type: 'form/prompt'; prompt: string }
  | { type: 'form/seed'; seed: string }
  | { type: 'form/max-new-tokens'; text: string }
  | { type: 'form/thinking'; thinking: boolean }
  | { type: 'form/toggle-method'; method: MethodId; on: boolean }
  | { type: 'form/field'; method: MethodId; path: string; value: string }
  /** A method's whole form from params (a preset, the defaults); `ownMax` keeps params.maxNewTokens as the method's override. */
  | { type: 'form/params'; method: MethodId; params: DecodingParams; ownMax: boolean }
  | { type: 'settings/apply'; patch: SettingsPatch }
  | { type: 'questions/loaded'; questions: readonly Question[] }
  | { type: 'question/pick'; question: Question }
  | { type: 'run/start'; runId: string; snapshot: RunSnapshot }
  | { type: 'run/events'; events: readonly RunEvent[]; at: number }
  | { type: 'run/stopping' }
  | { type: 'run/finished'; result: RunResult }
  | { type: 'run/failed'; message: string }
  | { type: 'notice/add'; text: string }
  | { type: 'notice/dismiss'; id: number };

function progressOf(e: Extract<LoadEvent, { type: 'progress-total' }>): LoadProgress {
  const files = Object.values(e.files);
  return {
    loaded: e.loaded,
    total: e.total,
    files: files.length,
    filesDone: files.filter((f) => f.total > 0 && f.loaded >= f.total).length,
  };
}

function addUnique(list: readonly string[], text: string): readonly string[] {
  return list.includes(text) ? list : [...list, text];
}

function modelReducer(s: AppState, a: Action): AppState {
  const m = s.model;
  switch (a.type) {
    case 'model/choose':
      return { ...s, model: { ...m, choice: { ...m.choice, ...a.choice }, cache: null, download: null } };
    case 'model/load-start':
      return { ...s, model: { ...m, status: 'loading', spec: a.spec, info: null, stage: null, progress: null, notices: [], error: null } };
    case 'model/load-event': {
      const e = a.event;
      if (e.type === 'progress-total') return { ...s, model: { ...m, progress: progressOf(e) } };
      if (e.type === 'stage') return { ...s, model: { ...m, stage: e.stage } };
      if (e.type === 'notice') return { ...s, model: { ...m, notices: addUnique(m.notices, e.message) } };
      return s;
    }
    case 'model/loaded':
      return {
        ...s,
        model: { ...m, status: 'ready', info: a.info, stage: 'ready', notices: a.info.notices.reduce(addUnique, m.notices), error: null },
      };
    case 'model/load-failed':
      return { ...s, model: { ...m, status: 'error', info: null, error: a.message } };
    case 'model/unloaded':
      return { ...s, model: { ...m, status: 'error', info: null, stage: null, progress: null, error: a.message } };
    case 'model/cache':
      return { ...s, model: { ...m, cache: a.cache } };
    case 'model/download-size':
      return { ...s, model: { ...m, download: a.download } };
    default:
      return s;
  }
}

/** The bundled question whose text the prompt is, so a replayed or retyped question keeps its reference answer. */
function referenceFor(questions: readonly Question[], prompt: string): Question | null {
  return questions.find((q) => q.question === prompt) ?? null;
}

function withRaw(s: AppState, method: MethodId, raw: Readonly<Record<string, string>>): AppState {
  return { ...s, form: { ...s.form, raw: { ...s.form.raw, [method]: raw } } };
}

function applySettings(s: AppState, p: SettingsPatch): AppState {
  let next: AppState = s;
  if (p.choice) next = { ...next, model: { ...next.model, choice: { ...next.model.choice, ...p.choice }, cache: null } };
  const form = { ...next.form };
  if (p.prompt !== undefined) form.prompt = p.prompt;
  if (p.seed !== undefined) form.seed = String(p.seed);
  if (p.thinking !== undefined) form.thinking = p.thinking;
  if (p.methods !== undefined) form.selected = METHOD_IDS.filter((m) => p.methods!.includes(m));
  if (p.maxNewTokens !== undefined) form.maxNewTokens = p.maxNewTokens;
  if (p.changes !== undefined) {
    const defaults = defaultRaw();
    const raw = { ...defaults };
    for (const m of METHOD_IDS) if (p.changes[m]) raw[m] = { ...defaults[m], ...p.changes[m] };
    form.raw = raw;
  }
  return { ...next, form, reference: referenceFor(next.questions, form.prompt) };
}

function formReducer(s: AppState, a: Action): AppState {
  const f = s.form;
  switch (a.type) {
    case 'form/prompt':
      return { ...s, form: { ...f, prompt: a.prompt }, reference: referenceFor(s.questions, a.prompt) };
    case 'form/seed':
      return { ...s, form: { ...f, seed: a.seed } };
    case 'form/max-new-tokens':
      return { ...s, form: { ...f, maxNewTokens: a.text } };
    case 'form/thinking':
      return { ...s, form: { ...f, thinking: a.thinking } };
    case 'form/toggle-method': {
      const on = new Set(f.selected);
      if (a.on) on.add(a.method);
      else on.delete(a.method);
      return { ...s, form: { ...f, selected: METHOD_IDS.filter((m) => on.has(m)) } };
    }
    case 'form/field':
      return withRaw(s, a.method, { ...f.raw[a.method], [a.path]: a.value });
    case 'form/params':
      return withRaw(s, a.method, rawFromParams(a.params, { sharedMax: !a.ownMax }));
    case 'settings/apply':
      return applySettings(s, a.patch);
    case 'questions/loaded':
      return { ...s, questions: a.questions, reference: referenceFor(a.questions, f.prompt) };
    case 'question/pick':
      return { ...s, form: { ...f, prompt: a.question.question }, reference: a.question };
    default:
      return s;
  }
}

function runReducer(s: AppState, a: Action): AppState {
  const r = s.run;
  switch (a.type) {
    case 'run/start':
      return {
        ...s,
        run: {
          status: 'running', runId: a.runId, result: null, error: null, snapshot: a.snapshot,
          lanes: a.snapshot.methods.map((m) => pendingLane(m, m)),
        },
      };
    case 'run/events':
      return { ...s, run: { ...r, lanes: applyRunEvents(r.lanes, a.events, a.at) } };
    case 'run/stopping':
      return r.status === 'running' ? { ...s, run: { ...r, status: 'stopping' } } : s;
    case 'run/finished':
      return {
        ...s,
        run: { ...r, status: a.result.cancelled ? 'cancelled' : 'done', result: a.result, lanes: settleLanes(r.lanes, a.result) },
      };
    case 'run/failed':
      return { ...s, run: { ...r, status: 'error', error: a.message, lanes: failLanes(r.lanes, r.status === 'stopping') } };
    default:
      return s;
  }
}

export function reducer(s: AppState, a: Action): AppState {
  switch (a.type) {
    case 'capabilities':
      return { ...s, capabilities: a.caps };
    case 'storage':
      return { ...s, storage: a.storage };
    case 'notice/add':
      if (s.notices.some((n) => n.text === a.text)) return s;
      return { ...s, notices: [...s.notices, { id: s.nextNoticeId, text: a.text }], nextNoticeId: s.nextNoticeId + 1 };
    case 'notice/dismiss':
      return s.notices.some((n) => n.id === a.id) ? { ...s, notices: s.notices.filter((n) => n.id !== a.id) } : s;
  }
  if (a.type.startsWith('lab/') || a.type.startsWith('eval/') || a.type.startsWith('sweep/') || a.type.startsWith('bandwidth/')) {
    return { ...s, lab: labReducer(s.lab, a as LabAction) };
  }
  if (a.type.startsWith('model/')) return modelReducer(s, a);
  if (a.type.startsWith('run/')) return runReducer(s, a);
  return formReducer(s, a);
}
