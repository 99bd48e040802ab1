/**
 * A method's form: the text in each control, keyed by schema path, ↔ DecodingParams. The form keeps what
 * the user typed (so an invalid value stays visible with its message); params are derived from it through
 * core's setting parser (src/core/methods/setting-text.ts) and validated by core, so the page accepts
 * exactly what the CLI and links accept.
 *
 * Max new tokens is shared by all lanes (the prompt panel's field, empty = fit to the model); a method's
 * own field overrides it, empty = use the shared value.
 */
import type { DecodingParams, MethodId } from '../../core/methods/params';
import { DEFAULT_MAX_NEW_TOKENS } from '../../core/methods/params';
import { SCHEMA, type ParamField } from '../../core/methods/schema';
import { applySettingText, OFF, SettingError, settingText } from '../../core/methods/setting-text';
import { validationIssues } from '../../core/methods/validate';

/** Field path → the text in its control ('true'/'false' for checkboxes). */
export type RawFields = Readonly<Record<string, string>>;

export interface FieldIssue {
  /** A schema path of the method, or null for a problem of the whole method. */
  readonly field: string | null;
  /** Says what is wrong without naming the field (the control's label does). */
  readonly problem: string;
}

export const MAX_NEW_PATH = 'maxNewTokens';

/** The form text of `params`: every field of its method ('' where an optional setting is off). */
export function rawFromParams(params: DecodingParams, opts: { sharedMax?: boolean } = {}): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const f of SCHEMA[params.method].fields) {
    const text = settingText(params, f);
    raw[f.path] = text === OFF ? '' : text;
  }
  // A method that follows the shared max shows an empty override.
  if (opts.sharedMax !== false) raw[MAX_NEW_PATH] = '';
  return raw;
}

/** What the shared "Max new tokens" gives a lane: a fixed number, or the default fitted to the model. */
export interface SharedMax {
  readonly value: number;
  readonly fit: boolean;
}

/** Parses the shared field: empty = fit (the default, lowered to what the model's context leaves). */
export function sharedMaxFrom(text: string): SharedMax | { error: string } {
  if (text.trim() === '') return { value: DEFAULT_MAX_NEW_TOKENS, fit: true };
  const field = SCHEMA.greedy.fields.find((f) => f.path === MAX_NEW_PATH)!;
  const params: Record<string, unknown> = { method: 'greedy' };
  try {
    applySettingText(params, { method: 'greedy', field }, text);
  } catch (e) {
    return { error: e instanceof SettingError ? e.problem : String(e) };
  }
  const issue = validationIssues(params)[0];
  return issue ? { error: issue.problem } : { value: params[MAX_NEW_PATH] as number, fit: false };
}

export interface FormResult {
  readonly params: DecodingParams;
  /** The lane's max new tokens may be lowered to fit the model (the shared value was left empty). */
  readonly fit: boolean;
  /** Parse problems first, then core's validation; empty when the params are valid. */
  readonly issues: readonly FieldIssue[];
}

function fieldFor(method: MethodId, issueField: string): ParamField | undefined {
  return SCHEMA[method].fields.find((f) => f.path === issueField || issueField.startsWith(`${f.path}[`));
}

/** Builds params from the form text (plus the shared max) and validates them with core. */
export function paramsFromRaw(method: MethodId, raw: RawFields, shared: SharedMax = { value: DEFAULT_MAX_NEW_TOKENS, fit: true }): FormResult {
  const params: Record<string, unknown> = { method };
  const issues: FieldIssue[] = [];
  const unparsed = new Set<string>();
  const ownMax = (raw[MAX_NEW_PATH] ?? '').trim() !== '';
  for (const field of SCHEMA[method].fields) {
    const text = field.path === MAX_NEW_PATH && !ownMax ? String(shared.value) : (raw[field.path] ?? '');
    if (text.trim() === '' && (field.optional || field.group !== undefined)) continue;
    try {
      applySettingText(params, { method, field }, text);
    } catch (e) {
      issues.push({ field: field.path, problem: e instanceof SettingError ? e.problem : String(e) });
      unparsed.add(field.path);
    }
  }
  for (const issue of validationIssues(params)) {
    const field = fieldFor(method, issue.field)?.path ?? null;
    if (field !== null && unparsed.has(field)) continue;
    issues.push({ field, problem: field === null ? issue.message : issue.problem });
  }
  return { params: params as unknown as DecodingParams, fit: shared.fit && !ownMax, issues };
}
