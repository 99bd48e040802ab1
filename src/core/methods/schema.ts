/**
 * The one parameter schema: every setting of every method, described once — its path in the method's
 * `DecodingParams`, its type and range, its default, its label and help text, and the value the
 * method's paper (or reference code) used. Validation (./validate.ts), the page's forms, the CLI's
 * `--param`, the permalink and the presets (./presets.ts) are all driven by this table; a path that is
 * not here is an error everywhere, by construction.
 *
 * Source tags in the help texts follow the spec's §0: (paper), (reference code), (third-party),
 * (project decision).
 */
import type { FieldType, FieldValue } from './fields';
import { CGRS_PROBE_SUFFIX, CGRS_TRIGGER_WORDS, DEFAULT_MAX_NEW_TOKENS, DEFAULT_THINKING_BUDGET, MAX_FFS_ROWS, MAX_NEW_TOKENS_CAP, MAX_PROBE_TOKENS, MAX_TEMPERATURE, METHOD_IDS, type MethodId } from './limits';

export interface ParamField {
  /** Dotted path into the method's DecodingParams ('sampling.topP', 'cgrs.delta'). */
  readonly path: string;
  readonly type: FieldType;
  readonly label: string;
  /** One sentence: what the setting does (shown as the form hint and in `--help`). */
  readonly help: string;
  /** The default; undefined for an optional setting that is off unless set. */
  readonly default: FieldValue | undefined;
  /** May be left out (a filter that is off, a cap that is unbounded). */
  readonly optional: boolean;
  /** The value the method's paper or reference code used, with where it comes from. */
  readonly paper?: { readonly value: FieldValue; readonly source: string };
  /** Set for all lanes at once (the page's shared "Max new tokens", the CLI's --max-tokens); a method may override it. */
  readonly shared?: boolean;
  /** The optional group this field belongs to: the group is present iff its first field is set. */
  readonly group?: string;
}

/** A settings object that is off unless switched on (Top-H inside CGRS/FFS rows). */
export interface OptionalGroup {
  readonly path: string;
  readonly label: string;
}

export interface MethodSchema {
  readonly fields: readonly ParamField[];
  readonly groups: readonly OptionalGroup[];
}

type FieldOverrides = Partial<Omit<ParamField, 'path' | 'type'>>;
const with_ = (f: ParamField, over: FieldOverrides): ParamField => ({ ...f, ...over });

const QWEN3 = 'Qwen3 generation config';
const CGRS_REF = 'CGRS reference code (run script)';

const MAX_NEW: ParamField = {
  path: 'maxNewTokens', type: { kind: 'number', integer: true, min: 1, max: MAX_NEW_TOKENS_CAP }, label: 'Max new tokens',
  help: 'Most trace tokens to generate (thinking + answer, forced tokens included; probes excluded).',
  default: DEFAULT_MAX_NEW_TOKENS, optional: false, shared: true,
};
/** Temperature 0 means greedy rows: meaningful under CGRS only (spec §6); elsewhere T must be above 0. */
const TEMPERATURE: ParamField = {
  path: 'sampling.temperature', type: { kind: 'number', min: 0, max: MAX_TEMPERATURE, step: 0.05 }, label: 'Temperature',
  help: 'Divides the logits before the softmax; higher is more random. 0: greedy rows.', default: 0.6, optional: false,
};
const POSITIVE_TEMPERATURE: FieldType = { kind: 'number', min: 0, minOpen: true, max: MAX_TEMPERATURE, step: 0.05 };
const TOP_K: ParamField = {
  path: 'sampling.topK', type: { kind: 'number', integer: true, min: 1, max: 1_000_000 }, label: 'Top-k',
  help: 'Keep the k most probable tokens. Empty: off.', default: undefined, optional: true,
};
const TOP_P: ParamField = {
  path: 'sampling.topP', type: { kind: 'number', min: 0, max: 1, minOpen: true, step: 0.01 }, label: 'Top-p',
  help: 'Keep the smallest set of most probable tokens holding this much probability. Empty: off.', default: undefined, optional: true,
};
const MIN_P: ParamField = {
  path: 'sampling.minP', type: { kind: 'number', min: 0, max: 1, maxOpen: true, step: 0.01 }, label: 'Min-p',
  help: 'Keep tokens with p ≥ min-p × p(most probable token). Empty: off.', default: undefined, optional: true,
};
const TOP_H_ALPHA: ParamField = {
  path: 'sampling.topH.alpha', type: { kind: 'number', min: 0, max: 1, minOpen: true, step: 0.05 }, label: 'Top-H α',
  help: 'Entropy budget: keep the most probable tokens while their entropy stays within α × the distribution’s entropy.',
  default: 0.4, optional: false, paper: { value: 0.4, source: 'Top-H paper' },
};
const TOP_H_MODE: ParamField = {
  path: 'sampling.topH.mode', type: { kind: 'enum', options: ['paper', 'reference'] }, label: 'Top-H rule',
  help: 'paper: full-vocabulary entropy, renormalised kept set (Alg. 1+2); reference: the released code’s top-N rule.',
  default: 'paper', optional: false,
};
const TOP_H_TOP_N: ParamField = {
  path: 'sampling.topH.topN', type: { kind: 'number', integer: true, min: 1, max: 1_000_000 }, label: 'Top-H candidates',
  help: 'Candidate cap of the reference rule (100 in the released code). Empty: uncapped; the paper rule takes none.',
  default: undefined, optional: true,
};

/** The row sampler of a method: temperature and the optional filters, with per-method defaults. */
function sampler(defaults: { temperature: number; topK?: number; topP?: number; paper?: boolean; paperSource?: string; greedyRows?: boolean }): ParamField[] {
  const paper = (value: number | undefined) => (defaults.paper && value !== undefined ? { paper: { value, source: defaults.paperSource ?? QWEN3 } } : {});
  const temperature: ParamField = defaults.greedyRows ? TEMPERATURE : { ...TEMPERATURE, type: POSITIVE_TEMPERATURE };
  return [
    with_(temperature, { default: defaults.temperature, ...paper(defaults.temperature) }),
    with_(TOP_K, { default: defaults.topK, ...paper(defaults.topK) }),
    with_(TOP_P, { default: defaults.topP, ...paper(defaults.topP) }),
    MIN_P,
  ];
}

/** Top-H as an optional filter inside CGRS/FFS rows (spec §6: allowed, off by default). */
const TOP_H_GROUP = 'sampling.topH';
const optionalTopH = [TOP_H_ALPHA, TOP_H_MODE, TOP_H_TOP_N].map((f) => with_(f, { group: TOP_H_GROUP }));

function triggerWords(path: string): ParamField {
  return { path, type: { kind: 'word-list', minItems: 1, maxItems: 64, minLength: 1, maxLength: 64 }, label: 'Trigger words',
    help: 'Reflection words to suppress, as a JSON list; leading spaces matter. Words that are not one token are dropped.',
    default: [...CGRS_TRIGGER_WORDS], optional: false };
}

const ANSWER_KIND_HELP = 'How answers are extracted and compared: math (\\boxed, normalised), integer (0–999), mcq (a letter).';

const CGRS_FIELDS: ParamField[] = [
  { path: 'cgrs.delta', type: { kind: 'number', min: 0, max: 1, step: 0.01 }, label: 'Certainty threshold δ',
    help: 'Suppression starts once the probe’s certainty exceeds δ: p_sup = (C − δ)/(1 − δ); δ = 1 never suppresses.',
    default: 0.9, optional: false, paper: { value: 0.9, source: CGRS_REF } },
  { path: 'cgrs.thinkRatio', type: { kind: 'number', min: 0, max: 1, minOpen: true, step: 0.05 }, label: 'Thinking budget ratio',
    help: 'Thinking budget = floor(max new tokens × ratio); at the budget "\\n</think>\\n\\n" is forced.',
    default: 0.6, optional: false, paper: { value: 0.6, source: 'CGRS reference code' } },
  { path: 'cgrs.probeMaxTokens', type: { kind: 'number', integer: true, min: 1, max: MAX_PROBE_TOKENS }, label: 'Probe tokens',
    help: 'Tokens sampled per certainty probe (stops early at EOS).', default: 20, optional: false, paper: { value: 20, source: 'CGRS reference code' } },
  { path: 'cgrs.probeTemperature', type: { kind: 'number', min: 0, max: MAX_TEMPERATURE, minOpen: true, step: 0.05 }, label: 'Probe temperature',
    help: 'Temperature of the probe’s samples, with no filters (the reference code leaves its library default, 1).', default: 1, optional: false },
  { path: 'cgrs.certaintyNorm', type: { kind: 'enum', options: ['topk', 'vocab'] }, label: 'Certainty normalisation',
    help: 'topk: C = 1 − mean top-K entropy / ln K (reference code); vocab: 1 − mean entropy / ln |V| (paper, third-party quote).',
    default: 'topk', optional: false },
  { path: 'cgrs.certaintyTopK', type: { kind: 'number', integer: true, min: 2, max: 100 }, label: 'Certainty top-K',
    help: 'K of the top-K normalisation.', default: 5, optional: false, paper: { value: 5, source: 'CGRS reference code' } },
  { path: 'cgrs.probeSuffix', type: { kind: 'text', minLength: 1, maxLength: 500 }, label: 'Probe suffix',
    help: 'Appended on a fork of the cache before the probe samples the answer.', default: CGRS_PROBE_SUFFIX, optional: false },
  triggerWords('cgrs.triggerWords'),
  { path: 'cgrs.batchedProbe', type: { kind: 'boolean' }, label: 'Batched probe (extension)',
    help: 'Run the probe as an extra batch row with speculative decoding and rollback (our extension, not in the paper).',
    default: false, optional: false },
];

const FFS_FIELDS: ParamField[] = [
  { path: 'ffs.n', type: { kind: 'number', integer: true, min: 1, max: MAX_FFS_ROWS }, label: 'Rows n',
    help: 'Samples decoded together in one batch.', default: 4, optional: false, paper: { value: 4, source: 'FFS follow-up config (third-party)' } },
  { path: 'ffs.k', type: { kind: 'number', integer: true, min: 1, max: MAX_FFS_ROWS }, label: 'Finishers k',
    help: 'Wait for k finishers, then vote over their answers; 1 = plain first-finish.', default: 1, optional: false },
  { path: 'ffs.requireAnswer', type: { kind: 'boolean' }, label: 'Require an answer',
    help: 'A finisher without a parsable answer leaves the race and decoding continues.', default: false, optional: false },
  { path: 'ffs.answerKind', type: { kind: 'enum', options: ['math', 'integer', 'mcq'] }, label: 'Answer kind',
    help: ANSWER_KIND_HELP, default: 'math', optional: false },
];

const VOTE_FIELDS: ParamField[] = [
  { path: 'vote.n', type: { kind: 'number', integer: true, min: 1, max: MAX_FFS_ROWS }, label: 'Samples n',
    help: 'Samples decoded together in one batch; each runs to its end and votes with its answer.', default: 4, optional: false },
  { path: 'vote.answerKind', type: { kind: 'enum', options: ['math', 'integer', 'mcq'] }, label: 'Answer kind',
    help: ANSWER_KIND_HELP, default: 'math', optional: false },
];

const BUDGET_FIELDS: ParamField[] = [
  { path: 'budget.thinkingTokens', type: { kind: 'number', integer: true, min: 1, max: MAX_NEW_TOKENS_CAP - 1 }, label: 'Thinking budget',
    help: 'Thinking tokens before "\\n</think>\\n\\n" is forced (s1 budget forcing); must be below max new tokens.',
    default: DEFAULT_THINKING_BUDGET, optional: false },
];

export const SCHEMA: Readonly<Record<MethodId, MethodSchema>> = {
  greedy: { fields: [MAX_NEW], groups: [] },
  sample: { fields: [MAX_NEW, ...sampler({ temperature: 0.6, topK: 20, topP: 0.95, paper: true })], groups: [] },
  'top-h': {
    fields: [
      MAX_NEW,
      { ...TEMPERATURE, type: POSITIVE_TEMPERATURE, default: 1, help: 'Divides the logits before the softmax; the Top-H paper compares at T 1, 1.5 and 2.' },
      TOP_H_ALPHA, TOP_H_MODE, TOP_H_TOP_N,
      TOP_K, TOP_P, MIN_P,
    ],
    groups: [],
  },
  cgrs: {
    fields: [
      with_(MAX_NEW, { paper: { value: 16_384, source: 'CGRS paper' } }),
      ...sampler({ temperature: 0.6, topP: 0.95, paper: true, paperSource: 'CGRS paper', greedyRows: true }),
      ...optionalTopH,
      ...CGRS_FIELDS,
    ],
    groups: [{ path: TOP_H_GROUP, label: 'Top-H filter' }],
  },
  ffs: {
    fields: [
      with_(MAX_NEW, { paper: { value: 32_768, source: 'FFS paper (AIME)' } }),
      ...sampler({ temperature: 0.6, topP: 0.95, paper: true, paperSource: 'FFS paper (third-party)' }),
      ...optionalTopH,
      ...FFS_FIELDS,
    ],
    groups: [{ path: TOP_H_GROUP, label: 'Top-H filter' }],
  },
  vote: {
    fields: [MAX_NEW, ...sampler({ temperature: 0.6, topP: 0.95 }), ...optionalTopH, ...VOTE_FIELDS],
    groups: [{ path: TOP_H_GROUP, label: 'Top-H filter' }],
  },
  budget: {
    fields: [MAX_NEW, ...sampler({ temperature: 0.6, topP: 0.95, greedyRows: true }), ...BUDGET_FIELDS],
    groups: [],
  },
  nowait: {
    fields: [MAX_NEW, ...sampler({ temperature: 0.6, topP: 0.95, greedyRows: true }), triggerWords('nowait.triggerWords')],
    groups: [],
  },
};

/** The field at `path` of `method`, or undefined when the method has no such setting. */
export function fieldAt(method: MethodId, path: string): ParamField | undefined {
  return SCHEMA[method].fields.find((f) => f.path === path);
}

/** Every settings path of a method, for messages ("known: …"). */
export function fieldPaths(method: MethodId): string[] {
  return SCHEMA[method].fields.map((f) => f.path);
}

/** Whether `id` names a method (a plain own-key check: '__proto__' and 'toString' are not methods). */
export function isMethodId(id: string): id is MethodId {
  return (METHOD_IDS as readonly string[]).includes(id);
}
