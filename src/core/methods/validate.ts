/**
 * Validates `DecodingParams` once, before any model work (architecture §7 principle 3): every setting the
 * UI or CLI can send is either implemented or rejected with a message naming the field, the allowed range
 * and the value received. Unknown keys are rejected, never ignored.
 */
import type { DecodingParams, MethodId } from './params';
import { MAX_FFS_ROWS, MAX_NEW_TOKENS_CAP, MAX_PROBE_TOKENS, MAX_TEMPERATURE, METHOD_IDS } from './params';
import type { ParamIssue } from './checks';
import { checkBoolean, checkEnum, checkNumber, checkObject, checkString, inRange, isPlainObject, show } from './checks';
import type { SamplingRule } from './validate-sampling';
import { checkSampling } from './validate-sampling';

export type { ParamIssue };

/** Invalid decoding parameters. `field` and the first line of `message` name the first invalid field; `issues` lists all. */
export class ParamError extends Error {
  override readonly name = 'ParamError';
  readonly field: string;
  readonly issues: readonly ParamIssue[];

  constructor(issues: readonly ParamIssue[]) {
    const first = issues[0] ?? { field: 'params', message: 'invalid decoding parameters' };
    super(issues.length <= 1 ? first.message : issues.map((i) => i.message).join('; '));
    this.field = first.field;
    this.issues = issues;
  }
}

const TOP_KEYS: Record<MethodId, readonly string[]> = {
  greedy: ['method', 'maxNewTokens'],
  sample: ['method', 'maxNewTokens', 'sampling'],
  'top-h': ['method', 'maxNewTokens', 'sampling'],
  cgrs: ['method', 'maxNewTokens', 'sampling', 'cgrs'],
  ffs: ['method', 'maxNewTokens', 'sampling', 'ffs'],
};

const SAMPLING_RULES: Record<Exclude<MethodId, 'greedy'>, SamplingRule> = {
  sample: { method: 'sample', greedyAllowed: false, topH: 'forbidden' },
  'top-h': { method: 'top-h', greedyAllowed: false, topH: 'required' },
  cgrs: { method: 'cgrs', greedyAllowed: true, topH: 'allowed' },
  ffs: { method: 'ffs', greedyAllowed: false, topH: 'allowed' },
};

const CGRS_KEYS = [
  'delta', 'thinkRatio', 'probeSuffix', 'probeMaxTokens', 'probeTemperature',
  'certaintyNorm', 'certaintyTopK', 'triggerWords', 'batchedProbe',
] as const;
const FFS_KEYS = ['n', 'k', 'requireAnswer', 'answerKind'] as const;

function checkTriggerWords(issues: ParamIssue[], value: unknown): void {
  const field = 'cgrs.triggerWords';
  if (!Array.isArray(value) || value.length < 1 || value.length > 64) {
    issues.push({ field, message: `${field} must be an array of 1–64 strings; got ${show(value)}` });
    return;
  }
  value.forEach((word, i) => checkString(issues, `${field}[${i}]`, word, 1, 64));
}

function checkCgrs(issues: ParamIssue[], value: unknown, maxNewTokens: unknown): void {
  if (!checkObject(issues, 'cgrs', value, CGRS_KEYS)) return;
  checkNumber(issues, 'cgrs.delta', value.delta, { min: 0, max: 1 });
  const ratioOk = checkNumber(issues, 'cgrs.thinkRatio', value.thinkRatio, { min: 0, max: 1, minOpen: true });
  checkString(issues, 'cgrs.probeSuffix', value.probeSuffix, 1, 500);
  checkNumber(issues, 'cgrs.probeMaxTokens', value.probeMaxTokens, { min: 1, max: MAX_PROBE_TOKENS, integer: true });
  checkNumber(issues, 'cgrs.probeTemperature', value.probeTemperature, { min: 0, max: MAX_TEMPERATURE, minOpen: true });
  checkEnum(issues, 'cgrs.certaintyNorm', value.certaintyNorm, ['topk', 'vocab'] as const);
  checkNumber(issues, 'cgrs.certaintyTopK', value.certaintyTopK, { min: 2, max: 100, integer: true });
  checkTriggerWords(issues, value.triggerWords);
  checkBoolean(issues, 'cgrs.batchedProbe', value.batchedProbe);
  if (ratioOk && typeof maxNewTokens === 'number' && Number.isInteger(maxNewTokens) && maxNewTokens >= 1) {
    const budget = Math.floor(maxNewTokens * (value.thinkRatio as number));
    if (budget < 1) {
      issues.push({
        field: 'cgrs.thinkRatio',
        message: `cgrs.thinkRatio gives a thinking budget floor(${maxNewTokens} · ${value.thinkRatio as number}) = 0; it must allow at least 1 token (raise maxNewTokens or cgrs.thinkRatio)`,
      });
    }
  }
}

function checkFfs(issues: ParamIssue[], value: unknown): void {
  if (!checkObject(issues, 'ffs', value, FFS_KEYS)) return;
  const nOk = checkNumber(issues, 'ffs.n', value.n, { min: 1, max: MAX_FFS_ROWS, integer: true });
  const maxK = nOk ? (value.n as number) : MAX_FFS_ROWS;
  if (typeof value.k !== 'number' || !inRange(value.k, { min: 1, max: maxK, integer: true })) {
    const upper = nOk ? `ffs.n = ${maxK}` : `${maxK}`;
    issues.push({ field: 'ffs.k', message: `ffs.k must be an integer in [1, ${upper}]; got ${show(value.k)}` });
  }
  checkBoolean(issues, 'ffs.requireAnswer', value.requireAnswer);
  checkEnum(issues, 'ffs.answerKind', value.answerKind, ['math', 'mcq', 'integer'] as const);
}

/** Every problem with `p` as a list the UI can show inline; empty when `p` is valid. */
export function validationIssues(p: unknown): ParamIssue[] {
  const issues: ParamIssue[] = [];
  if (!isPlainObject(p)) {
    return [{ field: 'params', message: `params (the decoding parameters) must be an object; got ${show(p)}` }];
  }
  if (!checkEnum(issues, 'method', p.method, METHOD_IDS)) return issues;
  const method = p.method as MethodId;
  for (const key of Object.keys(p)) {
    if (!TOP_KEYS[method].includes(key)) {
      issues.push({ field: key, message: `${key} is not a setting of method '${method}' (allowed: ${TOP_KEYS[method].join(', ')})` });
    }
  }
  checkNumber(issues, 'maxNewTokens', p.maxNewTokens, { min: 1, max: MAX_NEW_TOKENS_CAP, integer: true });
  if (method === 'greedy') return issues;
  checkSampling(issues, p.sampling, SAMPLING_RULES[method]);
  if (method === 'cgrs') checkCgrs(issues, p.cgrs, p.maxNewTokens);
  if (method === 'ffs') checkFfs(issues, p.ffs);
  return issues;
}

/**
 * Returns a validated deep copy of `p` (keys holding `undefined` dropped), or throws `ParamError` listing
 * every invalid field.
 */
export function validateDecodingParams(p: unknown): DecodingParams {
  const issues = validationIssues(p);
  if (issues.length > 0) throw new ParamError(issues);
  // Valid params are plain JSON data (finite numbers, strings, booleans), so a JSON round trip is an exact deep copy.
  return JSON.parse(JSON.stringify(p)) as DecodingParams;
}
