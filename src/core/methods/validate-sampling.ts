/**
 * Validation of the row sampler's settings (`SamplingParams`, spec §1–§3) under one method's rules:
 * whether temperature 0 (greedy) is meaningful there (spec §6) and whether Top-H is required, allowed or
 * belongs to another method.
 */
import type { MethodId } from './params';
import { MAX_TEMPERATURE } from './params';
import type { ParamIssue } from './checks';
import { checkEnum, checkNumber, checkObject, describeRange, show } from './checks';

export interface SamplingRule {
  method: MethodId;
  /** Temperature 0 (greedy rows) is meaningful for this method (spec §6: only CGRS). */
  greedyAllowed: boolean;
  topH: 'required' | 'allowed' | 'forbidden';
}

const SAMPLING_KEYS = ['temperature', 'topK', 'topP', 'minP', 'topH'] as const;
const TOP_H_KEYS = ['alpha', 'mode', 'topN'] as const;
/** Largest top-k / Top-H candidate cap accepted (project decision: above any vocabulary we load). */
const MAX_CANDIDATES = 1_000_000;

const POSITIVE_TEMPERATURE = { min: 0, max: MAX_TEMPERATURE, minOpen: true } as const;

/** Why temperature 0 is refused, per method (spec §6). */
function greedyRejection(method: MethodId): string {
  const range = describeRange(POSITIVE_TEMPERATURE);
  switch (method) {
    case 'ffs':
      return `FFS with greedy decoding (temperature 0) is rejected: all n rows would be identical (spec §6); sampling.temperature must be ${range}`;
    case 'top-h':
      return `Top-H with greedy decoding (temperature 0) is rejected: Top-H always keeps the argmax, so it would have no effect (spec §6); sampling.temperature must be ${range}`;
    default:
      return `sampling.temperature must be ${range} for method '${method}'; temperature 0 is greedy decoding: use method 'greedy'`;
  }
}

function checkTemperature(issues: ParamIssue[], value: unknown, rule: SamplingRule): void {
  if (value === 0 && !rule.greedyAllowed) {
    issues.push({ field: 'sampling.temperature', message: greedyRejection(rule.method) });
    return;
  }
  const range = rule.greedyAllowed ? { min: 0, max: MAX_TEMPERATURE } : POSITIVE_TEMPERATURE;
  checkNumber(issues, 'sampling.temperature', value, range);
}

function checkTopH(issues: ParamIssue[], value: unknown): void {
  if (!checkObject(issues, 'sampling.topH', value, TOP_H_KEYS)) return;
  checkNumber(issues, 'sampling.topH.alpha', value.alpha, { min: 0, max: 1, minOpen: true });
  const modeOk = checkEnum(issues, 'sampling.topH.mode', value.mode, ['paper', 'reference'] as const);
  if (value.topN === undefined) return;
  if (modeOk && value.mode === 'paper') {
    issues.push({
      field: 'sampling.topH.topN',
      message: `sampling.topH.topN applies to mode 'reference' only; paper mode is uncapped (spec §3.4), remove it (got ${show(value.topN)})`,
    });
    return;
  }
  checkNumber(issues, 'sampling.topH.topN', value.topN, { min: 1, max: MAX_CANDIDATES, integer: true });
}

/** Appends the issues of `value` as the `sampling` field of a `rule.method` request. */
export function checkSampling(issues: ParamIssue[], value: unknown, rule: SamplingRule): void {
  if (!checkObject(issues, 'sampling', value, SAMPLING_KEYS)) return;
  checkTemperature(issues, value.temperature, rule);
  const greedy = value.temperature === 0;
  const filters = {
    topK: { min: 1, max: MAX_CANDIDATES, integer: true },
    topP: { min: 0, max: 1, minOpen: true },
    minP: { min: 0, max: 1, maxOpen: true },
  } as const;
  for (const name of ['topK', 'topP', 'minP', 'topH'] as const) {
    const field = `sampling.${name}`;
    const present = value[name] !== undefined;
    if (name === 'topH' && rule.topH === 'required' && !present) {
      issues.push({ field, message: `${field} is required for method 'top-h' ({ alpha, mode })` });
      continue;
    }
    if (!present) continue;
    if (greedy) {
      issues.push({ field, message: `${field} has no effect with temperature 0 (greedy): every filter keeps the argmax; remove it` });
      continue;
    }
    if (name === 'topH') {
      if (rule.topH === 'forbidden') {
        issues.push({ field, message: `${field} is not part of method '${rule.method}'; use method 'top-h' (or Top-H inside CGRS/FFS rows)` });
      } else {
        checkTopH(issues, value.topH);
      }
      continue;
    }
    checkNumber(issues, field, value[name], filters[name]);
  }
}
