/**
 * Settings ↔ URL hash, so a comparison can be shared and replayed. Format (URLSearchParams):
 *   #v=1&model=tiny-reasoner&dtype=q4&prompt=…&seed=42&think=0&methods=greedy,ffs&ffs={"ffs":{"n":3}}
 * - `model`: a local model folder name (only the bundled ones) or a hub id (owner/name).
 * - each method key holds a JSON diff against that method's defaults; `null` removes a default key
 *   (e.g. {"sampling":{"topK":null}} turns top-k off). Links stay short and readable.
 * - `max=N` (hand-written links, tests) sets every method's maxNewTokens before the per-method diffs.
 * Decoding validates every value with core and ignores bad ones, each with a notice.
 */
import type { DecodingParams, MethodId } from '../../core/methods/params';
import { defaultParams, MAX_NEW_TOKENS_CAP, METHOD_IDS } from '../../core/methods/params';
import { validationIssues } from '../../core/methods/validate';
import type { Dtype } from '../../protocol/model';
import { CATALOGUE, DTYPES, hubIdProblem } from './models';
import { formRepresents } from './param-form';

export const HASH_VERSION = 1;
export const MAX_SEED = 0xffff_ffff;
const MAX_PROMPT_CHARS = 20_000;

export interface SharedSettings {
  readonly modelId: string;
  readonly dtype: Dtype | 'auto';
  readonly prompt: string;
  readonly seed: number;
  readonly thinking: boolean;
  readonly methods: readonly MethodId[];
  /** Params per method; null (invalid in the form) is left out of the link. */
  readonly params: Readonly<Partial<Record<MethodId, DecodingParams | null>>>;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The changes that turn `base` into `next`; null marks a removed key. Undefined when equal. */
export function diffJson(base: unknown, next: unknown): unknown {
  if (isObject(base) && isObject(next)) {
    const out: Json = {};
    for (const key of new Set([...Object.keys(base), ...Object.keys(next)])) {
      if (next[key] === undefined) {
        if (base[key] !== undefined) out[key] = null;
        continue;
      }
      const d = base[key] === undefined ? next[key] : diffJson(base[key], next[key]);
      if (d !== undefined) out[key] = d;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return JSON.stringify(base) === JSON.stringify(next) ? undefined : next;
}

/** Applies a diff from diffJson (null deletes). */
export function mergeJson(base: unknown, diff: unknown): unknown {
  if (!isObject(diff) || !isObject(base)) return diff;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(diff)) {
    if (value === null) delete out[key];
    else out[key] = mergeJson(base[key], value);
  }
  return out;
}

export function encodeHash(s: SharedSettings): string {
  const q = new URLSearchParams();
  q.set('v', String(HASH_VERSION));
  q.set('model', s.modelId);
  if (s.dtype !== 'auto') q.set('dtype', s.dtype);
  q.set('prompt', s.prompt);
  q.set('seed', String(s.seed));
  if (!s.thinking) q.set('think', '0');
  q.set('methods', s.methods.join(','));
  for (const method of METHOD_IDS) {
    const p = s.params[method];
    if (!p) continue;
    const { method: _m, ...rest } = p as DecodingParams & Json;
    const { method: _d, ...defaults } = defaultParams(method) as DecodingParams & Json;
    const diff = diffJson(defaults, rest);
    if (diff !== undefined) q.set(method, JSON.stringify(diff));
  }
  return q.toString();
}

export interface DecodedHash {
  /** Only the settings the link carried and that passed validation. */
  readonly settings: Partial<Omit<SharedSettings, 'params'>> & { params?: Partial<Record<MethodId, DecodingParams>> };
  /** One line per ignored value. */
  readonly notices: readonly string[];
}

function decodeModel(value: string, notices: string[]): string | undefined {
  const local = CATALOGUE.find((m) => m.spec.source === 'local' && m.spec.id === value);
  if (local) return value;
  const problem = hubIdProblem(value);
  if (problem) {
    notices.push(`Link: ignored model "${value.slice(0, 80)}" (${problem})`);
    return undefined;
  }
  return value.trim();
}

const KNOWN_KEYS = new Set<string>(['v', 'model', 'dtype', 'prompt', 'seed', 'think', 'methods', 'max', ...METHOD_IDS]);

function decodeParams(method: MethodId, text: string | null, max: number | undefined, notices: string[]): DecodingParams | undefined {
  let diff: unknown = {};
  if (text !== null) {
    try {
      diff = JSON.parse(text);
    } catch {
      notices.push(`Link: ignored the ${method} settings (not valid JSON)`);
      return undefined;
    }
  }
  if (!isObject(diff)) {
    notices.push(`Link: ignored the ${method} settings (expected a JSON object)`);
    return undefined;
  }
  const base = max === undefined ? defaultParams(method) : { ...defaultParams(method), maxNewTokens: max };
  const merged = { ...(mergeJson(base, diff) as Json), method };
  const issues = validationIssues(merged);
  if (issues.length > 0) {
    notices.push(`Link: ignored the ${method} settings: ${issues[0]!.message}`);
    return undefined;
  }
  const params = merged as unknown as DecodingParams;
  if (!formRepresents(params)) {
    notices.push(`Link: ignored the ${method} settings (they use a setting this page has no control for)`);
    return undefined;
  }
  return params;
}

function decodeMax(value: string | null, notices: string[]): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  if (value.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_NEW_TOKENS_CAP) return n;
  notices.push(`Link: ignored max "${value.slice(0, 20)}" (an integer in [1, ${MAX_NEW_TOKENS_CAP}])`);
  return undefined;
}

export function decodeHash(hash: string): DecodedHash {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const notices: string[] = [];
  const settings: { -readonly [K in keyof DecodedHash['settings']]: DecodedHash['settings'][K] } = {};
  const version = q.get('v');
  if (version !== null && version !== String(HASH_VERSION)) {
    notices.push(`Link: made for settings version ${version.slice(0, 10)}; this page reads version ${HASH_VERSION}, values may differ`);
  }
  const model = q.get('model');
  if (model !== null) {
    const id = decodeModel(model, notices);
    if (id !== undefined) settings.modelId = id;
  }
  const dtype = q.get('dtype');
  if (dtype !== null) {
    if ((DTYPES as readonly string[]).includes(dtype)) settings.dtype = dtype as Dtype;
    else notices.push(`Link: ignored dtype "${dtype.slice(0, 20)}" (allowed: ${DTYPES.join(', ')})`);
  }
  const prompt = q.get('prompt');
  if (prompt !== null) {
    if (prompt.length <= MAX_PROMPT_CHARS) settings.prompt = prompt;
    else notices.push(`Link: ignored the prompt (longer than ${MAX_PROMPT_CHARS} characters)`);
  }
  const seed = q.get('seed');
  if (seed !== null) {
    const n = Number(seed);
    if (seed.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_SEED) settings.seed = n;
    else notices.push(`Link: ignored seed "${seed.slice(0, 20)}" (an integer in [0, ${MAX_SEED}])`);
  }
  const think = q.get('think');
  if (think !== null) {
    if (think === '0' || think === '1') settings.thinking = think === '1';
    else notices.push(`Link: ignored think "${think.slice(0, 10)}" (0 or 1)`);
  }
  const methods = q.get('methods');
  if (methods !== null) {
    const names = methods.split(',').map((m) => m.trim()).filter((m) => m !== '');
    const known = names.filter((m): m is MethodId => (METHOD_IDS as readonly string[]).includes(m));
    const unknown = names.filter((m) => !(METHOD_IDS as readonly string[]).includes(m));
    if (unknown.length > 0) notices.push(`Link: ignored unknown method(s) ${unknown.map((u) => `"${u.slice(0, 20)}"`).join(', ')}`);
    settings.methods = METHOD_IDS.filter((m) => known.includes(m));
  }
  const max = decodeMax(q.get('max'), notices);
  const params: Partial<Record<MethodId, DecodingParams>> = {};
  for (const method of METHOD_IDS) {
    const text = q.get(method);
    if (text === null && max === undefined) continue;
    const p = decodeParams(method, text, max, notices);
    if (p) params[method] = p;
  }
  const unknown = [...new Set(q.keys())].filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0) notices.push(`Link: ignored unknown setting(s) ${unknown.map((k) => `"${k.slice(0, 20)}"`).join(', ')}`);
  if (Object.keys(params).length > 0) settings.params = params;
  return { settings, notices };
}
