/** Values derived from the state (memoised by input identity where they are costly). */
import type { DecodingParams, MethodId } from '../../core/methods/params';
import { METHOD_IDS } from '../../core/methods/params';
import { METHODS } from '../../core/methods/registry';
import { catalogueEntry, CUSTOM_KEY } from '../logic/models';
import type { FieldIssue, FormResult, RawFields } from '../logic/param-form';
import { paramsFromRaw } from '../logic/param-form';
import type { SharedSettings } from '../logic/permalink';
import { MAX_SEED } from '../logic/permalink';
import type { AppState } from './state';

const formCache = new WeakMap<RawFields, FormResult>();

/** Params and issues of one method's form, plus the check against the loaded model's context. */
export function methodForm(s: AppState, method: MethodId): FormResult {
  const raw = s.form.raw[method];
  let base = formCache.get(raw);
  if (!base) {
    base = paramsFromRaw(method, raw);
    formCache.set(raw, base);
  }
  const info = s.model.info;
  const max = base.params.maxNewTokens;
  if (info && typeof max === 'number' && Number.isFinite(max) && max >= info.contextLength) {
    const issue: FieldIssue = {
      field: 'maxNewTokens',
      message: `Max new tokens ${max} leaves no room for the prompt in ${info.id}'s context of ${info.contextLength} tokens`,
    };
    return { params: base.params, issues: [...base.issues, issue] };
  }
  return base;
}

export function seedIssue(seed: string): string | null {
  const n = Number(seed);
  if (seed.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_SEED) return `Seed must be an integer in [0, ${MAX_SEED}]`;
  return null;
}

export function isRunning(s: AppState): boolean {
  return s.run.status === 'running' || s.run.status === 'stopping';
}

/** Null when a run may start; otherwise why not (shown next to the run button). */
export function runBlocker(s: AppState): string | null {
  if (isRunning(s)) return 'A comparison is running';
  if (s.model.status === 'loading') return 'The model is loading';
  if (s.model.status !== 'ready') return 'Load a model first';
  if (s.form.prompt.trim() === '') return 'Enter a prompt';
  if (s.form.selected.length === 0) return 'Select at least one method';
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
  return catalogueEntry(c.key)?.spec.id ?? c.key;
}

/** What the permalink carries: every method's valid params, the selection, prompt, seed, model. */
export function sharedSettings(s: AppState): SharedSettings {
  const params: Partial<Record<MethodId, DecodingParams | null>> = {};
  for (const m of METHOD_IDS) {
    const f = methodForm(s, m);
    params[m] = f.issues.length === 0 ? f.params : null;
  }
  const seed = seedIssue(s.form.seed) === null ? Number(s.form.seed) : 42;
  return {
    modelId: chosenModelId(s),
    dtype: s.model.choice.dtype,
    prompt: s.form.prompt,
    seed,
    thinking: s.form.thinking,
    methods: s.form.selected,
    params,
  };
}
