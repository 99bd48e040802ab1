/**
 * Settings ↔ URL hash, so a comparison can be shared and replayed. Format (URLSearchParams):
 *   #v=2&model=tiny-reasoner&host=…&prompt=…&seed=42&methods=greedy,ffs&max=256&ffs.ffs.n=3&sample.sampling.topK=off
 * - `model`: a bundled model name or a hub id (owner/name); `dtype`, `device` only when not 'auto'.
 * - `max`: the shared max new tokens (absent: fit to the model).
 * - `<method>.<path>=<text>`: one setting that differs from that method's default form, written exactly
 *   as the CLI's `--param` takes it (core's src/core/methods/setting-text.ts); `off` switches an optional
 *   setting off. Links stay short and readable, and keys are checked against the schema.
 * A link describes the whole form relative to the defaults. Decoding keeps every value as text (the form
 * validates it); keys and values that cannot be settings are dropped, each with a notice.
 */
import { METHOD_IDS, type MethodId } from '../../core/methods/params';
import { OFF, resolveSetting, SettingError } from '../../core/methods/setting-text';
import { parseSeed } from '../../core/seed';
import type { Dtype } from '../../protocol/model';
import { CATALOGUE, DEVICE_CHOICES, DTYPES, hostProblem, hubIdProblem, type DeviceChoice } from './models';

export const HASH_VERSION = 2;
const MAX_PROMPT_CHARS = 20_000;


/** Per method: setting path → the form text where it differs from the method's default form. */
export type MethodChanges = Partial<Record<MethodId, Readonly<Record<string, string>>>>;

export interface SharedSettings {
  readonly modelId: string;
  readonly dtype: Dtype | 'auto';
  readonly device: DeviceChoice;
  /** Model host for hub models ('' = the Hugging Face hub). */
  readonly host: string;
  /** WASM threads (null: every core when isolated); the benchmark knob `threads=`. */
  readonly wasmThreads: number | null;
  readonly prompt: string;
  readonly seed: number;
  readonly thinking: boolean;
  readonly methods: readonly MethodId[];
  /** The shared max new tokens as typed ('' = fit to the model). */
  readonly maxNewTokens: string;
  readonly changes: MethodChanges;
}

export function encodeHash(s: SharedSettings): string {
  const q = new URLSearchParams();
  q.set('v', String(HASH_VERSION));
  if (s.modelId !== '') q.set('model', s.modelId);
  if (s.dtype !== 'auto') q.set('dtype', s.dtype);
  if (s.device !== 'auto') q.set('device', s.device);
  if (s.host.trim() !== '') q.set('host', s.host.trim());
  if (s.wasmThreads !== null) q.set('threads', String(s.wasmThreads));
  q.set('prompt', s.prompt);
  q.set('seed', String(s.seed));
  if (!s.thinking) q.set('think', '0');
  q.set('methods', s.methods.join(','));
  if (s.maxNewTokens.trim() !== '') q.set('max', s.maxNewTokens.trim());
  for (const method of METHOD_IDS) {
    for (const [path, text] of Object.entries(s.changes[method] ?? {})) q.set(`${method}.${path}`, text === '' ? OFF : text);
  }
  return q.toString();
}

export interface DecodedHash {
  /** Only the settings the link carried and that passed their checks. */
  readonly settings: Partial<SharedSettings>;
  /** One line per ignored value. */
  readonly notices: readonly string[];
}

const clip = (v: string, n = 20) => (v.length > n ? `${v.slice(0, n)}…` : v);

function decodeModel(value: string, notices: string[]): string | undefined {
  if (CATALOGUE.some((m) => m.spec.source === 'local' && m.spec.id === value)) return value;
  const problem = hubIdProblem(value);
  if (!problem) return value.trim();
  notices.push(`Link: ignored model "${clip(value, 80)}" (${problem})`);
  return undefined;
}

const SIMPLE_KEYS = new Set(['v', 'model', 'dtype', 'device', 'host', 'threads', 'prompt', 'seed', 'think', 'methods', 'max']);

function decodeChanges(q: URLSearchParams, notices: string[]): MethodChanges | undefined {
  const changes: Partial<Record<MethodId, Record<string, string>>> = {};
  let any = false;
  for (const [key, value] of q) {
    if (SIMPLE_KEYS.has(key)) continue;
    if ((METHOD_IDS as readonly string[]).includes(key)) {
      notices.push(`Link: ignored the ${key} settings (written by an older version of this page)`);
      continue;
    }
    try {
      const { method, field } = resolveSetting(key);
      (changes[method] ??= {})[field.path] = value.trim() === OFF ? '' : value;
      any = true;
    } catch (e) {
      notices.push(`Link: ignored "${clip(key, 40)}" (${e instanceof SettingError ? e.problem : String(e)})`);
    }
  }
  return any ? changes : undefined;
}

function decodeSimple(q: URLSearchParams, notices: string[]): { -readonly [K in keyof SharedSettings]?: SharedSettings[K] } {
  const out: { -readonly [K in keyof SharedSettings]?: SharedSettings[K] } = {};
  const get = (k: string) => q.get(k);
  const model = get('model');
  if (model !== null) {
    const id = decodeModel(model, notices);
    if (id !== undefined) out.modelId = id;
  }
  const dtype = get('dtype');
  if (dtype !== null) {
    if ((DTYPES as readonly string[]).includes(dtype)) out.dtype = dtype as Dtype;
    else notices.push(`Link: ignored dtype "${clip(dtype)}" (allowed: ${DTYPES.join(', ')})`);
  }
  const device = get('device');
  if (device !== null) {
    if ((DEVICE_CHOICES as readonly string[]).includes(device)) out.device = device as DeviceChoice;
    else notices.push(`Link: ignored device "${clip(device)}" (allowed: ${DEVICE_CHOICES.join(', ')})`);
  }
  const host = get('host');
  if (host !== null) {
    const problem = hostProblem(host);
    if (problem === null) out.host = host.trim();
    else notices.push(`Link: ignored host "${clip(host, 60)}" (${problem})`);
  }
  const threads = get('threads');
  if (threads !== null) {
    if (/^\d+$/.test(threads) && Number(threads) >= 1 && Number(threads) <= 64) out.wasmThreads = Number(threads);
    else notices.push(`Link: ignored threads "${clip(threads)}" (a whole number from 1 to 64)`);
  }
  const prompt = get('prompt');
  if (prompt !== null) {
    if (prompt.length <= MAX_PROMPT_CHARS) out.prompt = prompt;
    else notices.push(`Link: ignored the prompt (longer than ${MAX_PROMPT_CHARS} characters)`);
  }
  const seed = get('seed');
  if (seed !== null) {
    const parsed = parseSeed(seed);
    if ('value' in parsed) out.seed = parsed.value;
    else notices.push(`Link: ignored seed "${clip(seed)}" (it ${parsed.error.replace(/; got .*/, '')})`);
  }
  const think = get('think');
  if (think !== null) {
    if (think === '0' || think === '1') out.thinking = think === '1';
    else notices.push(`Link: ignored think "${clip(think, 10)}" (0 or 1)`);
  }
  const max = get('max');
  if (max !== null) out.maxNewTokens = max;
  return out;
}

function decodeMethods(value: string | null, notices: string[]): MethodId[] | undefined {
  if (value === null) return undefined;
  const names = value.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const unknown = names.filter((m) => !(METHOD_IDS as readonly string[]).includes(m));
  if (unknown.length > 0) notices.push(`Link: ignored unknown method(s) ${unknown.map((u) => `"${clip(u)}"`).join(', ')}`);
  return METHOD_IDS.filter((m) => names.includes(m));
}

export function decodeHash(hash: string): DecodedHash {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const notices: string[] = [];
  const version = q.get('v');
  if (version !== null && version !== String(HASH_VERSION)) {
    notices.push(`Link: made for settings version ${clip(version, 10)}; this page reads version ${HASH_VERSION}, some values may be ignored`);
  }
  const settings: { -readonly [K in keyof SharedSettings]?: SharedSettings[K] } = decodeSimple(q, notices);
  const methods = decodeMethods(q.get('methods'), notices);
  if (methods !== undefined) settings.methods = methods;
  const changes = decodeChanges(q, notices);
  if (changes !== undefined) settings.changes = changes;
  return { settings, notices };
}
