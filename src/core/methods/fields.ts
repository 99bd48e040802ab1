/**
 * The kinds of value a decoding setting can hold, and the one place that checks, parses and prints them.
 * Validation, the page's form controls, the CLI's `--param` and the permalink all go through here, so a
 * value means the same wherever it is typed.
 */

export type FieldType =
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly minOpen?: boolean; readonly maxOpen?: boolean; readonly integer?: boolean; readonly step?: number }
  | { readonly kind: 'enum'; readonly options: readonly string[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'text'; readonly minLength: number; readonly maxLength: number }
  | { readonly kind: 'word-list'; readonly minItems: number; readonly maxItems: number; readonly minLength: number; readonly maxLength: number };

export type FieldValue = number | string | boolean | readonly string[];

/** 'an integer in [1, 16]', 'a number in (0, 1]', "one of 'paper', 'reference'". */
export function describeType(t: FieldType): string {
  switch (t.kind) {
    case 'number':
      return `${t.integer ? 'an integer' : 'a number'} in ${t.minOpen ? '(' : '['}${t.min}, ${t.max}${t.maxOpen ? ')' : ']'}`;
    case 'enum':
      return `one of ${t.options.map((o) => `'${o}'`).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'text':
      return `a text of ${t.minLength}–${t.maxLength} characters`;
    case 'word-list':
      return `a list of ${t.minItems}–${t.maxItems} strings of ${t.minLength}–${t.maxLength} characters`;
  }
}

/** Renders a received value for a message: NaN, Infinity, "text", an array, an object. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

export function inNumberRange(value: number, t: Extract<FieldType, { kind: 'number' }>): boolean {
  if (!Number.isFinite(value)) return false;
  if (t.integer && !Number.isInteger(value)) return false;
  const aboveMin = t.minOpen ? value > t.min : value >= t.min;
  const belowMax = t.maxOpen ? value < t.max : value <= t.max;
  return aboveMin && belowMax;
}

/** Whether `value` is a valid value of type `t` (exact type, in range). */
export function isValidValue(t: FieldType, value: unknown): value is FieldValue {
  switch (t.kind) {
    case 'number':
      return typeof value === 'number' && inNumberRange(value, t);
    case 'enum':
      return typeof value === 'string' && t.options.includes(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'text':
      return typeof value === 'string' && value.length >= t.minLength && value.length <= t.maxLength;
    case 'word-list':
      return Array.isArray(value) && value.length >= t.minItems && value.length <= t.maxItems &&
        value.every((w) => typeof w === 'string' && w.length >= t.minLength && w.length <= t.maxLength);
  }
}

/** A plain decimal number: no hex, no blanks, no 'Infinity' (Number('') is 0, Number('0x10') is 16). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export type Parsed = { readonly value: FieldValue } | { readonly error: string };

/**
 * Parses what a person typed for a field (a form control, a CLI value, a link). Strict: a number must be
 * written in decimal and be finite, a boolean is true/false, a word list is a JSON list of strings.
 * Range checks are validation's job; this only turns text into a value of the right kind.
 */
export function parseValueText(t: FieldType, text: string): Parsed {
  const trimmed = text.trim();
  switch (t.kind) {
    case 'number': {
      if (!DECIMAL.test(trimmed)) return { error: `must be ${describeType(t)}; got ${show(text)}` };
      const n = Number(trimmed);
      if (!Number.isFinite(n)) return { error: `must be ${describeType(t)}; got ${show(text)} (too large)` };
      return { value: n };
    }
    case 'boolean':
      if (trimmed === 'true' || trimmed === 'false') return { value: trimmed === 'true' };
      return { error: `must be true or false; got ${show(text)}` };
    case 'enum':
      return { value: trimmed };
    case 'text':
      return { value: text };
    case 'word-list': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { error: `must be a JSON list of strings, e.g. ["Wait", " Wait"]; got ${show(text)}` };
      }
      if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string')) {
        return { error: `must be a JSON list of strings, e.g. ["Wait", " Wait"]; got ${show(text)}` };
      }
      return { value: parsed as string[] };
    }
  }
}

/** The text a value is shown and edited as; `parseValueText(t, formatValue(t, v))` gives `v` back. */
export function formatValue(t: FieldType, value: FieldValue): string {
  if (t.kind === 'word-list') return JSON.stringify(value);
  return String(value);
}
