/**
 * Settings as `method.path=value` text: the CLI's `--param cgrs.cgrs.delta=0.8`, the permalink's
 * `#…&cgrs.cgrs.delta=0.8` and the page's form controls all read and write one setting at a time through
 * here. The key is resolved against the schema before anything is written, so an unknown method, a typo,
 * `__proto__` or another method's setting is an error by construction.
 */
import { formatValue, parseValueText, type FieldValue } from './fields';
import { METHOD_IDS, type MethodId } from './limits';
import { defaultParams, type DecodingParams } from './params';
import { deleteAt, getAt, setAt } from './paths';
import { fieldPaths, isMethodId, SCHEMA, type ParamField } from './schema';

/** A setting that cannot be applied: `key` is what was given ('cgrs.delta'), `problem` says why. */
export class SettingError extends Error {
  override readonly name = 'SettingError';
  constructor(readonly key: string, readonly problem: string) {
    super(`${key} ${problem}`);
  }
}

/** Text that switches an optional setting off. */
export const OFF = 'off';

export interface SettingRef {
  readonly method: MethodId;
  readonly field: ParamField;
}

/** Resolves `method.path` ('ffs.ffs.n', 'top-h.sampling.temperature'). */
export function resolveSetting(key: string): SettingRef {
  const dot = key.indexOf('.');
  const method = dot < 0 ? key : key.slice(0, dot);
  const path = dot < 0 ? '' : key.slice(dot + 1);
  if (!isMethodId(method)) throw new SettingError(key, `names no method: '${method}' is not one of ${METHOD_IDS.join(', ')}`);
  if (path === '') throw new SettingError(key, `names no setting of ${method} (known: ${fieldPaths(method).join(', ')})`);
  const field = SCHEMA[method].fields.find((f) => f.path === path);
  if (!field) throw new SettingError(key, `is not a setting of method '${method}' (known: ${fieldPaths(method).join(', ')})`);
  return { method, field };
}

/** The field's own default for a group member switched on alone (Top-H's mode when only α is given). */
function fillGroup(params: Record<string, unknown>, method: MethodId, field: ParamField): void {
  if (field.group === undefined) return;
  for (const f of SCHEMA[method].fields) {
    if (f.group === field.group && f !== field && !f.optional && f.default !== undefined && getAt(params, f.path) === undefined) {
      setAt(params, f.path, f.default);
    }
  }
}

/**
 * Applies one setting typed as text to `params` (of `ref.method`). `off` (or empty text) switches an
 * optional setting off; a required one cannot be switched off. Ranges are left to validation.
 */
export function applySettingText(params: Record<string, unknown>, ref: SettingRef, text: string, key = `${ref.method}.${ref.field.path}`): void {
  const { field } = ref;
  const t = text.trim();
  if (t === OFF || (t === '' && field.type.kind !== 'text')) {
    if (!field.optional && field.group === undefined) throw new SettingError(key, `cannot be switched off; it takes ${describe(field)}`);
    if (field.group !== undefined && !field.optional) {
      deleteAt(params, field.group); // switching a group's key field off switches the group off
      return;
    }
    deleteAt(params, field.path);
    return;
  }
  const parsed = parseValueText(field.type, text);
  if ('error' in parsed) throw new SettingError(key, parsed.error);
  setAt(params, field.path, parsed.value);
  fillGroup(params, ref.method, field);
}

function describe(field: ParamField): string {
  return field.type.kind === 'number' ? 'a number' : field.type.kind;
}

/** The text of one setting of `params`: `off` when an optional setting is absent. */
export function settingText(params: DecodingParams, field: ParamField): string {
  const v = getAt(params, field.path);
  return v === undefined ? OFF : formatValue(field.type, v as FieldValue);
}

/**
 * `method.path` → text for every setting of `params` that differs from its method's defaults: the
 * inverse of applySettingText, which the property tests pin (parse ∘ print = identity).
 * @internal
 */
export function changedSettings(params: DecodingParams): [string, string][] {
  const base = defaultParams(params.method);
  const out: [string, string][] = [];
  for (const f of SCHEMA[params.method].fields) {
    const a = getAt(params, f.path);
    const b = getAt(base, f.path);
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push([`${params.method}.${f.path}`, settingText(params, f)]);
  }
  return out;
}
