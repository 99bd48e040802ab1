/**
 * Reading and writing one setting of a params object by its schema path ('sampling.topP'). Only own
 * properties are read and only plain-object links are followed, so a key such as `__proto__` can neither
 * reach a prototype nor be mistaken for a setting; writers take paths from the schema only.
 */
import type { FieldValue } from './fields';

type Json = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Path segments are identifiers; anything else (`__proto__`, 'a b', '') is refused outright. */
const SEGMENT = /^[A-Za-z][A-Za-z0-9]*$/;

function segments(path: string): string[] {
  const parts = path.split('.');
  for (const p of parts) if (!SEGMENT.test(p)) throw new Error(`invalid settings path '${path}'`);
  return parts;
}

/** The value at `path` (own properties only), or undefined. */
export function getAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Sets `path` to `value`, creating plain objects on the way (copying arrays so callers never share them). */
export function setAt(obj: Json, path: string, value: FieldValue): void {
  const keys = segments(path);
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(cur, key) ? cur[key] : undefined;
    if (!isPlainObject(next)) cur[key] = {};
    cur = cur[key] as Json;
  }
  cur[keys[keys.length - 1] as string] = Array.isArray(value) ? [...value] : value;
}

/** Removes `path`; a parent object left empty by it is removed too. */
export function deleteAt(obj: Json, path: string): void {
  const keys = segments(path);
  const chain: Json[] = [obj];
  for (const key of keys.slice(0, -1)) {
    const next = chain[chain.length - 1]![key];
    if (!isPlainObject(next) || !Object.hasOwn(chain[chain.length - 1]!, key)) return;
    chain.push(next);
  }
  delete chain[chain.length - 1]![keys[keys.length - 1] as string];
  for (let i = chain.length - 1; i > 0; i--) {
    if (Object.keys(chain[i]!).length > 0) break;
    delete chain[i - 1]![keys[i - 1] as string];
  }
}

/** The leaf paths of a JSON value, descending into plain objects ('sampling.topH.alpha'). */
export function leafPaths(obj: Json, prefix = ''): string[] {
  const out: string[] = [];
  for (const key of Object.keys(obj)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const v = obj[key];
    if (isPlainObject(v)) out.push(...leafPaths(v, path));
    else out.push(path);
  }
  return out;
}
