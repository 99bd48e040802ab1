/** fast-check arbitraries built from the one parameter schema: valid params of any method, and hostile keys. */
import fc from 'fast-check';
import type { FieldType, FieldValue } from '../../src/core/methods/fields';
import { METHOD_IDS, type DecodingParams, type MethodId } from '../../src/core/methods/params';
import { setAt } from '../../src/core/methods/paths';
import { SCHEMA, type ParamField } from '../../src/core/methods/schema';
import { validationIssues } from '../../src/core/methods/validate';

/** A value of `t` within its range (decimals kept short so they print and parse exactly). */
export function valueOf(t: FieldType): fc.Arbitrary<FieldValue> {
  switch (t.kind) {
    case 'number': {
      if (t.integer) return fc.integer({ min: Math.ceil(t.min + (t.minOpen ? 1 : 0)), max: Math.min(t.max - (t.maxOpen ? 1 : 0), 100_000) });
      const lo = Math.round(t.min * 1000) + (t.minOpen ? 1 : 0);
      const hi = Math.round(t.max * 1000) - (t.maxOpen ? 1 : 0);
      return fc.integer({ min: lo, max: hi }).map((k) => k / 1000);
    }
    case 'enum':
      return fc.constantFrom(...t.options);
    case 'boolean':
      return fc.boolean();
    case 'text':
      return fc.string({ minLength: t.minLength, maxLength: Math.min(t.maxLength, 40), unit: 'grapheme' });
    case 'word-list':
      return fc.array(fc.string({ minLength: t.minLength, maxLength: Math.min(t.maxLength, 12), unit: 'grapheme' }), { minLength: t.minItems, maxLength: Math.min(t.maxItems, 6) });
  }
}

function fieldEntry(f: ParamField): fc.Arbitrary<[string, FieldValue | undefined]> {
  const value = valueOf(f.type);
  return (f.optional ? fc.option(value, { nil: undefined }) : value).map((v) => [f.path, v] as [string, FieldValue | undefined]);
}

/** Params of `method` drawn from the schema, kept when they pass validation (cross-field rules included). */
export function paramsOf(method: MethodId): fc.Arbitrary<DecodingParams> {
  const fields = SCHEMA[method].fields;
  return fc.tuple(fc.tuple(...fields.map(fieldEntry)), fc.boolean()).map(([entries, groupsOn]) => {
    const p: Record<string, unknown> = { method };
    for (const [path, v] of entries) {
      const f = fields.find((x) => x.path === path)!;
      if (v === undefined || (f.group !== undefined && !groupsOn)) continue;
      setAt(p, path, v);
    }
    return p as unknown as DecodingParams;
  }).filter((p) => validationIssues(p).length === 0);
}

export const anyParams: fc.Arbitrary<DecodingParams> = fc.constantFrom(...METHOD_IDS).chain(paramsOf);

/** Keys an attacker or a typo produces. */
export const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'sampling', 'topH', 'a.b');

/** Arbitrary JSON-ish objects that may carry hostile keys at any depth. */
export const hostileObject: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.dictionary(fc.oneof(hostileKey, fc.string()), tie('node'), { maxKeys: 4 }),
  ),
})).node;
