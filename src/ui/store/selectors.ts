/** Values derived from the state (memoised by input identity where they are costly). */
import type { DecodingParams, MethodId } from '../../core/methods/params';
import { METHOD_IDS } from '../../core/methods/params';
import { METHODS } from '../../core/methods/registry';
import { catalogueEntry, CUSTOM_KEY, FOLDER_KEY } from '../logic/models';
import type { FieldIssue, FormResult, RawFields, SharedMax } from '../logic/param-form';
import { MAX_NEW_PATH, paramsFromRaw, sharedMaxFrom } from '../logic/param-form';
import type { MethodChanges, SharedSettings } from '../logic/permalink';
import { parseSeed } from '../../core/seed';
import type { LabKind } from './lab';
import { defaultRaw, type AppState } from './state';

const formCache = new WeakMap<RawFields, Map<string, FormResult>>();

/** The shared "Max new tokens" of the prompt panel: a value, or why the text is not one. */
export function sharedMax(s: AppState): SharedMax | { error: string } {
  return sharedMaxFrom(s.form.maxNewTokens);
}

/** An explicit max new tokens that cannot fit the loaded model's context even with an empty prompt. */
function contextIssue(s: AppState, max: unknown): string | null {
  const info = s.model.info;
  if (!info || typeof max !== 'number' || !Number.isFinite(max) || max < info.contextLength) return null;
  return `${max} leaves no room for the prompt in ${info.id}'s context of ${info.contextLength} tokens (leave the shared field empty to fit automatically)`;
}

/** Params and issues of one method's form (with the shared max), plus the check against the loaded model's context. */
export function methodForm(s: AppState, method: MethodId): FormResult {
  const raw = s.form.raw[method];
  const shared = sharedMax(s);
  const usable: SharedMax = 'error' in shared ? { value: 1, fit: false } : shared;
  const key = `${usable.value}:${usable.fit}`;
  let byShared = formCache.get(raw);
  if (!byShared) formCache.set(raw, (byShared = new Map()));
  let base = byShared.get(key);
  if (!base) {
    base = paramsFromRaw(method, raw, usable);
    byShared.set(key, base);
  }
  const ownMax = (raw[MAX_NEW_PATH] ?? '').trim() !== '';
  const problem = base.fit ? null : contextIssue(s, base.params.maxNewTokens);
  if (!problem) return base;
  const issue: FieldIssue = { field: ownMax ? MAX_NEW_PATH : null, problem: ownMax ? problem : `Max new tokens ${problem}` };
  return { ...base, issues: [...base.issues, issue] };
}

/** Why the shared max new tokens text is unusable, or null. */
export function sharedMaxIssue(s: AppState): string | null {
  const shared = sharedMax(s);
  if ('error' in shared) return shared.error;
  return shared.fit ? null : contextIssue(s, shared.value);
}

export function seedIssue(seed: string): string | null {
  const parsed = parseSeed(seed);
  return 'error' in parsed ? `Seed ${parsed.error}` : null;
}

export function isRunning(s: AppState): boolean {
  return s.run.status === 'running' || s.run.status === 'stopping';
}

const LAB_BUSY: Readonly<Record<LabKind, string>> = {
  evaluation: 'An evaluation is running', sweep: 'A throughput sweep is running', bandwidth: 'The GPU bandwidth is being measured',
};

/** What holds the engine right now (a comparison, an evaluation, a sweep, a bandwidth measurement), or null. */
export function busyWith(s: AppState): string | null {
  if (isRunning(s)) return 'A comparison is running';
  return s.lab.activity ? LAB_BUSY[s.lab.activity.kind] : null;
}

/** Null when a run may start; otherwise why not (shown next to the run button). */
export function runBlocker(s: AppState): string | null {
  const busy = busyWith(s);
  if (busy) return busy;
  if (s.model.status === 'loading') return 'The model is loading';
  if (s.model.status !== 'ready') return 'Load a model first';
  if (s.form.prompt.trim() === '') return 'Enter a prompt';
  if (s.form.selected.length === 0) return 'Select at least one method';
  if (sharedMaxIssue(s) !== null) return 'Fix Max new tokens';
  const bad = s.form.selected.filter((m) => methodForm(s, m).issues.length > 0);
  if (bad.length > 0) {
    const n = bad.reduce((sum, m) => sum + methodForm(s, m).issues.length, 0);
    return `Fix ${n} invalid setting${n === 1 ? '' : 's'} in ${bad.map((m) => METHODS[m].label).join(', ')}`;
  }
  return seedIssue(s.form.seed);
}

/** The params of the selected methods (valid only when runBlocker is null). */
export function selectedParams(s: AppState): Partial<Record<MethodId, DecodingParams>> {
  const out: Partial<Record<MethodId, DecodingParams>> = {};
  for (const m of s.form.selected) out[m] = methodForm(s, m).params;
  return out;
}

/** The model id the page is set to (the choice, not necessarily what is loaded). */
export function chosenModelId(s: AppState): string {
  const c = s.model.choice;
  if (c.key === CUSTOM_KEY) return c.customId.trim();
  if (c.key === FOLDER_KEY) return c.folder?.name ?? '';
  return catalogueEntry(c.key)?.spec.id ?? c.key;
}

/** Per method, the form fields whose text differs from the method's default form. */
export function formChanges(s: AppState): MethodChanges {
  const defaults = defaultRaw();
  const changes: Partial<Record<MethodId, Record<string, string>>> = {};
  for (const m of METHOD_IDS) {
    for (const [path, text] of Object.entries(s.form.raw[m])) {
      if (text !== (defaults[m][path] ?? '')) (changes[m] ??= {})[path] = text;
    }
  }
  return changes;
}

/** What the permalink carries: the form as typed (relative to the defaults), the selection, prompt, seed and model. */
export function sharedSettings(s: AppState): SharedSettings {
  const seed = parseSeed(s.form.seed);
  return {
    // A folder opened from disk cannot travel in a link: the link leaves the model out.
    modelId: s.model.choice.key === FOLDER_KEY ? '' : chosenModelId(s),
    dtype: s.model.choice.dtype,
    device: s.model.choice.device,
    host: s.model.choice.host,
    wasmThreads: s.model.choice.wasmThreads,
    prompt: s.form.prompt,
    seed: 'value' in seed ? seed.value : 42,
    thinking: s.form.thinking,
    methods: s.form.selected,
    maxNewTokens: s.form.maxNewTokens,
    changes: formChanges(s),
  };
}
