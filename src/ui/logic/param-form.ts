/**
 * The method form's text values ↔ DecodingParams. The form keeps what the user typed (so an invalid
 * value stays visible with its message); params are derived from it and validated by core.
 */
import type { DecodingParams, MethodId } from '../../core/methods/params';
import { validationIssues } from '../../core/methods/validate';
import type { FieldSpec } from './param-fields';
import { fieldOfIssue, METHOD_FIELDS } from './param-fields';

/** Field path → the text in its control ('true'/'false' for checkboxes). */
export type RawFields = Readonly<Record<string, string>>;

export interface FieldIssue {
  /** A field path of METHOD_FIELDS, or null for a method-level problem. */
  readonly field: string | null;
  readonly message: string;
}

type Json = Record<string, unknown>;

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

function setPath(obj: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    if (typeof cur[key] !== 'object' || cur[key] === null) cur[key] = {};
    cur = cur[key] as Json;
  }
  cur[keys[keys.length - 1]!] = value;
}

function toRaw(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (spec.kind === 'word-list') return JSON.stringify(value);
  return String(value);
}

/** The form text of `params` (every field of its method). */
export function rawFromParams(params: DecodingParams): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const spec of METHOD_FIELDS[params.method]) raw[spec.path] = toRaw(spec, getPath(params, spec.path));
  return raw;
}

type Parsed = { value: unknown } | { error: string } | null;

function parseField(spec: FieldSpec, text: string): Parsed {
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      if (text.trim() === '') return spec.optional ? null : { error: `${spec.label} is required` };
      const n = Number(text);
      return Number.isNaN(n) ? { error: `${spec.label} must be a number; got "${text}"` } : { value: n };
    }
    case 'checkbox':
      return { value: text === 'true' };
    case 'word-list':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: `${spec.label}: not a JSON list of strings, e.g. ["Wait", " Wait"]` };
      }
    default:
      return { value: text };
  }
}

export interface FormResult {
  readonly params: DecodingParams;
  /** Parse problems first, then core's validation messages; empty when the params are valid. */
  readonly issues: readonly FieldIssue[];
}

/** Builds params from the form text and validates them with core. */
export function paramsFromRaw(method: MethodId, raw: RawFields): FormResult {
  const params: Json = { method };
  const issues: FieldIssue[] = [];
  const parseFailed = new Set<string>();
  for (const spec of METHOD_FIELDS[method]) {
    const parsed = parseField(spec, raw[spec.path] ?? '');
    if (parsed === null) continue;
    if ('error' in parsed) {
      issues.push({ field: spec.path, message: parsed.error });
      parseFailed.add(spec.path);
    } else {
      setPath(params, spec.path, parsed.value);
    }
  }
  for (const issue of validationIssues(params)) {
    const field = fieldOfIssue(method, issue.field);
    if (field !== null && parseFailed.has(field)) continue;
    issues.push({ field, message: issue.message });
  }
  return { params: params as unknown as DecodingParams, issues };
}

/** Whether the form can represent `params` exactly (no setting the form has no control for). */
export function formRepresents(params: DecodingParams): boolean {
  const back = paramsFromRaw(params.method, rawFromParams(params)).params;
  return JSON.stringify(sortKeys(back)) === JSON.stringify(sortKeys(params));
}

/** A copy with object keys sorted and undefined values dropped, for comparing params as JSON. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out: Json = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Json)[k];
    if (x !== undefined) out[k] = sortKeys(x);
  }
  return out;
}
