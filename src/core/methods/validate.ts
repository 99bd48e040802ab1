/**
 * Validates `DecodingParams` once, before any model work (architecture §7 principle 3), against the one
 * schema (./schema.ts): every setting the page, the CLI or a link can send is either implemented or
 * rejected with a message naming the setting, what is allowed and what was received. Keys that are not
 * settings of the method — typos, `__proto__`, another method's settings — are errors, never ignored.
 */
import { describeType, isValidValue, show } from './fields';
import { METHOD_IDS, type MethodId } from './limits';
import { issue, ParamError, type ParamIssue } from './issues';
import type { DecodingParams } from './params';
import { getAt, isPlainObject } from './paths';
import { crossFieldIssues } from './rules';
import { fieldAt, fieldPaths, isMethodId, SCHEMA, type ParamField } from './schema';

export { ParamError, type ParamIssue };

/** Why a path is not a setting of `method`, with a pointer to where it belongs when we know. */
function unknownPathProblem(method: MethodId, path: string): string {
  if (method === 'sample' && path.startsWith('sampling.topH')) return `is not a setting of method 'sample'; Top-H is method 'top-h' (or a filter inside CGRS/FFS rows)`;
  if (method === 'greedy' && path.startsWith('sampling')) return `is not a setting of method 'greedy' (greedy has no sampler; use method 'sample')`;
  return `is not a setting of method '${method}' (known: ${fieldPaths(method).join(', ')})`;
}

function groupOf(method: MethodId, path: string): string | undefined {
  return SCHEMA[method].groups.find((g) => path === g.path || path.startsWith(`${g.path}.`))?.path;
}

/** Whether `path` is a settings object of `method` (a prefix of some field path, e.g. 'sampling.topH'). */
function isGroupPath(method: MethodId, path: string): boolean {
  return SCHEMA[method].fields.some((f) => f.path.startsWith(`${path}.`));
}

/** Keys that are neither settings nor settings objects, reported at the top-most unknown key ('sampling' on greedy). */
function structureIssues(method: MethodId, obj: Record<string, unknown>, prefix = ''): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const key of Object.keys(obj)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (path === 'method' || fieldAt(method, path)) continue;
    const value = obj[key];
    if (isGroupPath(method, path)) {
      if (isPlainObject(value)) issues.push(...structureIssues(method, value, path));
      else issues.push(issue(path, `must be an object of settings; got ${show(value)}`));
      continue;
    }
    issues.push(issue(path, unknownPathProblem(method, path)));
  }
  return issues;
}

/** A list's first bad item, named by index ('cgrs.triggerWords[1]'), when the list itself is the right size. */
function listItemIssue(f: ParamField, value: unknown): ParamIssue | null {
  const t = f.type;
  if (t.kind !== 'word-list' || !Array.isArray(value) || value.length < t.minItems || value.length > t.maxItems) return null;
  const i = value.findIndex((w) => typeof w !== 'string' || w.length < t.minLength || w.length > t.maxLength);
  return i < 0 ? null : issue(`${f.path}[${i}]`, `must be a string of ${t.minLength}–${t.maxLength} characters; got ${show(value[i])}`);
}

function fieldIssue(method: MethodId, p: Record<string, unknown>, f: ParamField): ParamIssue | null {
  const value = getAt(p, f.path);
  if (value === undefined) {
    if (f.optional) return null;
    const group = f.group ?? groupOf(method, f.path);
    if (group !== undefined && getAt(p, group) === undefined) return null;
    return issue(f.path, `is required: ${describeType(f.type)}`);
  }
  if (isValidValue(f.type, value)) return null;
  return listItemIssue(f, value) ?? issue(f.path, `must be ${describeType(f.type)}; got ${show(value)}`);
}

/** Every problem with `p`, for showing inline; empty when `p` is valid. */
export function validationIssues(p: unknown): ParamIssue[] {
  if (!isPlainObject(p)) return [issue('params', `(the decoding parameters) must be an object; got ${show(p)}`)];
  const method = Object.hasOwn(p, 'method') ? p['method'] : undefined;
  if (typeof method !== 'string' || !isMethodId(method)) {
    return [issue('method', `must be one of ${METHOD_IDS.map((m) => `'${m}'`).join(', ')}; got ${show(method)}`)];
  }
  const issues = structureIssues(method, p);
  for (const f of SCHEMA[method].fields) {
    const i = fieldIssue(method, p, f);
    if (i) issues.push(i);
  }
  // A rule's message is the more specific one ("temperature 0 is greedy: use method 'greedy'"): it replaces the range message.
  for (const rule of crossFieldIssues(method, p)) {
    const at = issues.findIndex((i) => i.field === rule.field);
    if (at >= 0) issues[at] = rule;
    else issues.push(rule);
  }
  return issues;
}

/** Returns a validated deep copy of `p`, or throws `ParamError` listing every invalid setting. */
export function validateDecodingParams(p: unknown): DecodingParams {
  const issues = validationIssues(p);
  if (issues.length > 0) throw new ParamError(issues);
  // Valid params are plain JSON data (finite numbers, strings, booleans, string lists): a JSON round trip is an exact deep copy.
  return JSON.parse(JSON.stringify(p)) as DecodingParams;
}
