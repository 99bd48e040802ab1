/**
 * Small field checkers for parameter validation. Each appends a `{ field, message }` issue naming the
 * field, the allowed values and what was received, and returns whether the value passed.
 */

/** One invalid field: `field` is a dotted path ('sampling.topP', 'cgrs.triggerWords[3]'). */
export interface ParamIssue {
  field: string;
  message: string;
}

/** A numeric range; bounds are inclusive unless marked open. */
export interface NumberRange {
  min: number;
  max: number;
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
}

/** 'an integer in [1, 16]', 'a number in (0, 1]'. */
export function describeRange(r: NumberRange): string {
  const kind = r.integer ? 'an integer' : 'a number';
  return `${kind} in ${r.minOpen ? '(' : '['}${r.min}, ${r.max}${r.maxOpen ? ')' : ']'}`;
}

/** Renders a received value for a message: NaN, Infinity, "text", undefined, an array, an object. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function inRange(value: number, r: NumberRange): boolean {
  if (!Number.isFinite(value)) return false;
  if (r.integer && !Number.isInteger(value)) return false;
  const aboveMin = r.minOpen ? value > r.min : value >= r.min;
  const belowMax = r.maxOpen ? value < r.max : value <= r.max;
  return aboveMin && belowMax;
}

export function checkNumber(issues: ParamIssue[], field: string, value: unknown, r: NumberRange): value is number {
  if (typeof value === 'number' && inRange(value, r)) return true;
  issues.push({ field, message: `${field} must be ${describeRange(r)}; got ${show(value)}` });
  return false;
}

export function checkEnum<T extends string>(
  issues: ParamIssue[], field: string, value: unknown, allowed: readonly T[],
): value is T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
  const list = allowed.map((a) => `'${a}'`).join(', ');
  issues.push({ field, message: `${field} must be one of ${list}; got ${show(value)}` });
  return false;
}

export function checkBoolean(issues: ParamIssue[], field: string, value: unknown): value is boolean {
  if (typeof value === 'boolean') return true;
  issues.push({ field, message: `${field} must be true or false; got ${show(value)}` });
  return false;
}

export function checkString(
  issues: ParamIssue[], field: string, value: unknown, minLength: number, maxLength: number,
): value is string {
  if (typeof value === 'string' && value.length >= minLength && value.length <= maxLength) return true;
  issues.push({ field, message: `${field} must be a string of ${minLength}–${maxLength} characters; got ${show(value)}` });
  return false;
}

/**
 * `value` must be a plain object whose keys are all in `allowed` (unknown keys are rejected, never
 * ignored: a silently ignored setting would corrupt every comparison built on it).
 */
export function checkObject(
  issues: ParamIssue[], field: string, value: unknown, allowed: readonly string[],
): value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    issues.push({ field, message: `${field} must be an object; got ${show(value)}` });
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const name = field === '' ? key : `${field}.${key}`;
      issues.push({ field: name, message: `${name} is not a known setting (allowed: ${allowed.join(', ')})` });
    }
  }
  return true;
}
