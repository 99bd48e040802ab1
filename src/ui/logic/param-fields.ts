/**
 * The form fields of each method: which DecodingParams path a control edits, how its text is parsed,
 * and a one-line hint. Ranges and the real checks live in src/core/methods/validate.ts; these specs
 * only describe controls.
 */
import type { MethodId } from '../../core/methods/params';

export type FieldKind = 'number' | 'integer' | 'select' | 'checkbox' | 'text' | 'word-list';

export interface FieldSpec {
  /** Dotted path into DecodingParams ('sampling.topP', 'cgrs.delta'). */
  readonly path: string;
  readonly label: string;
  readonly kind: FieldKind;
  /** Empty text means "off" (the key is omitted), for filters. */
  readonly optional?: boolean;
  readonly options?: readonly string[];
  readonly step?: number;
  readonly min?: number;
  readonly max?: number;
  readonly hint: string;
}

const MAX_NEW: FieldSpec = { path: 'maxNewTokens', label: 'Max new tokens', kind: 'integer', min: 1, hint: 'Most trace tokens to generate (thinking + answer; probes excluded).' };
const TEMPERATURE: FieldSpec = { path: 'sampling.temperature', label: 'Temperature', kind: 'number', step: 0.05, min: 0, hint: 'Divides the logits; higher is more random.' };
const TOP_K: FieldSpec = { path: 'sampling.topK', label: 'Top-k', kind: 'integer', optional: true, min: 1, hint: 'Keep the k most probable tokens. Empty: off.' };
const TOP_P: FieldSpec = { path: 'sampling.topP', label: 'Top-p', kind: 'number', optional: true, step: 0.01, min: 0, max: 1, hint: 'Keep the smallest set with this much probability. Empty: off.' };
const MIN_P: FieldSpec = { path: 'sampling.minP', label: 'Min-p', kind: 'number', optional: true, step: 0.01, min: 0, max: 1, hint: 'Keep tokens with p ≥ min-p × p(top token). Empty: off.' };

const SAMPLER = [TEMPERATURE, TOP_K, TOP_P, MIN_P];

export const METHOD_FIELDS: Readonly<Record<MethodId, readonly FieldSpec[]>> = {
  greedy: [MAX_NEW],
  sample: [MAX_NEW, ...SAMPLER],
  'top-h': [
    MAX_NEW,
    TEMPERATURE,
    { path: 'sampling.topH.alpha', label: 'Top-H α', kind: 'number', step: 0.05, min: 0, max: 1, hint: 'Entropy budget as a fraction of the distribution’s entropy.' },
    { path: 'sampling.topH.mode', label: 'Top-H rule', kind: 'select', options: ['paper', 'reference'], hint: 'paper: full-vocabulary entropy; reference: the released code’s top-N rule.' },
    { path: 'sampling.topH.topN', label: 'Top-H candidates', kind: 'integer', optional: true, min: 1, hint: 'Candidate cap, reference rule only (100 there). Empty: uncapped.' },
  ],
  cgrs: [
    MAX_NEW,
    ...SAMPLER,
    { path: 'cgrs.delta', label: 'Certainty threshold δ', kind: 'number', step: 0.01, min: 0, max: 1, hint: 'Suppression starts once certainty exceeds δ; 1 never suppresses.' },
    { path: 'cgrs.thinkRatio', label: 'Thinking budget ratio', kind: 'number', step: 0.05, min: 0, max: 1, hint: 'Thinking budget = max new tokens × this ratio.' },
    { path: 'cgrs.probeMaxTokens', label: 'Probe tokens', kind: 'integer', min: 1, hint: 'Tokens sampled per certainty probe.' },
    { path: 'cgrs.probeTemperature', label: 'Probe temperature', kind: 'number', step: 0.05, min: 0, hint: 'Temperature of the probe’s samples.' },
    { path: 'cgrs.certaintyNorm', label: 'Certainty normalisation', kind: 'select', options: ['topk', 'vocab'], hint: 'topk: 1 − mean top-K entropy / ln K (reference code); vocab: over the whole vocabulary.' },
    { path: 'cgrs.certaintyTopK', label: 'Certainty top-K', kind: 'integer', min: 2, hint: 'K of the top-K normalisation.' },
    { path: 'cgrs.probeSuffix', label: 'Probe suffix', kind: 'text', hint: 'Appended on a KV fork before the probe samples the answer.' },
    { path: 'cgrs.triggerWords', label: 'Trigger words (JSON list)', kind: 'word-list', hint: 'Reflection words to suppress; leading spaces matter, e.g. ["Wait", " Wait"].' },
    { path: 'cgrs.batchedProbe', label: 'Batched probe (extension)', kind: 'checkbox', hint: 'Run the probe as an extra batch row (not in the paper).' },
  ],
  ffs: [
    MAX_NEW,
    ...SAMPLER,
    { path: 'ffs.n', label: 'Rows n', kind: 'integer', min: 1, hint: 'Samples decoded together in one batch.' },
    { path: 'ffs.k', label: 'Finishers k', kind: 'integer', min: 1, hint: 'Wait for k finishers, then vote; 1 = plain first-finish.' },
    { path: 'ffs.answerKind', label: 'Answer kind', kind: 'select', options: ['math', 'integer', 'mcq'], hint: 'How answers are extracted and compared when voting.' },
    { path: 'ffs.requireAnswer', label: 'Require an answer', kind: 'checkbox', hint: 'A finisher without a parsable answer leaves the race.' },
  ],
};

/** The field a validation issue belongs to: 'cgrs.triggerWords[3]' → 'cgrs.triggerWords'. */
export function fieldOfIssue(method: MethodId, issueField: string): string | null {
  const base = issueField.replace(/\[\d+\]$/, '');
  return METHOD_FIELDS[method].some((f) => f.path === base) ? base : null;
}
