/**
 * Named presets reproducing the settings of each paper (spec §2–§5). Every preset passes
 * `validateDecodingParams` (tested). Params are frozen; take a mutable copy with `presetParams(id)`.
 */
import type { DecodingParams } from './params';
import { CGRS_PAPER_URL, FFS_PAPER_URL, TOP_H_PAPER_URL } from './registry';
import { defaultCgrsParams, defaultFfsParams, DEFAULT_MAX_NEW_TOKENS } from './params';

export interface Preset {
  /** Stable id for URLs, run cards and the CLI (`--preset`). */
  id: string;
  label: string;
  /** One line: what is reproduced and from where. */
  description: string;
  /** arXiv abstract page of the source; null for the plain greedy baseline. */
  paperUrl: string | null;
  /** Presets shown together, e.g. the Top-H paper's high-temperature grid. */
  group?: 'high-temperature-comparison';
  params: Readonly<DecodingParams>;
}

/** Qwen3 Technical Report: its models' generation config gives T 0.6, top-k 20, top-p 0.95. */
const QWEN3_REPORT_URL = 'https://arxiv.org/abs/2505.09388';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The Top-H paper's high-temperature grid (spec §2): T ∈ {1, 1.5, 2} × {min-p 0.1, top-p 0.9, Top-H α 0.4}. */
function highTemperatureGrid(): Preset[] {
  const presets: Preset[] = [];
  const maxNewTokens = DEFAULT_MAX_NEW_TOKENS;
  for (const temperature of [1.0, 1.5, 2.0]) {
    const t = temperature.toFixed(1);
    const base = { group: 'high-temperature-comparison' as const, paperUrl: TOP_H_PAPER_URL };
    presets.push(
      { ...base, id: `high-temp-t${t}-min-p`, label: `T ${t} · min-p 0.1`,
        description: `Top-H paper baseline: min-p 0.1 at T ${t} (high-temperature comparison).`,
        params: { method: 'sample', maxNewTokens, sampling: { temperature, minP: 0.1 } } },
      { ...base, id: `high-temp-t${t}-top-p`, label: `T ${t} · top-p 0.9`,
        description: `Top-H paper baseline: top-p 0.9 at T ${t} (high-temperature comparison).`,
        params: { method: 'sample', maxNewTokens, sampling: { temperature, topP: 0.9 } } },
      { ...base, id: `high-temp-t${t}-top-h`, label: `T ${t} · Top-H α 0.4`,
        description: `Top-H α 0.4 (paper rule) at T ${t} (high-temperature comparison).`,
        params: { method: 'top-h', maxNewTokens, sampling: { temperature, topH: { alpha: 0.4, mode: 'paper' } } } },
    );
  }
  return presets;
}

export const PRESETS: readonly Preset[] = deepFreeze([
  {
    id: 'greedy', label: 'Greedy', paperUrl: null,
    description: 'Deterministic argmax baseline; the reference lane for divergence.',
    params: { method: 'greedy', maxNewTokens: DEFAULT_MAX_NEW_TOKENS },
  },
  {
    id: 'qwen3-default', label: 'Qwen3 default sampling', paperUrl: QWEN3_REPORT_URL,
    description: 'T 0.6, top-k 20, top-p 0.95: the Qwen3 models’ published generation config for thinking mode.',
    params: { method: 'sample', maxNewTokens: DEFAULT_MAX_NEW_TOKENS, sampling: { temperature: 0.6, topK: 20, topP: 0.95 } },
  },
  {
    id: 'top-h-paper', label: 'Top-H (paper)', paperUrl: TOP_H_PAPER_URL,
    description: 'Top-H α 0.4 at T 1.0 with the paper’s rule (full-vocabulary entropy, renormalised kept set).',
    params: { method: 'top-h', maxNewTokens: DEFAULT_MAX_NEW_TOKENS, sampling: { temperature: 1.0, topH: { alpha: 0.4, mode: 'paper' } } },
  },
  {
    id: 'top-h-reference', label: 'Top-H (reference code)', paperUrl: TOP_H_PAPER_URL,
    description: 'Top-H α 0.4 at T 1.0 with the released code’s rule (top-100 candidates, unnormalised partial entropy).',
    params: { method: 'top-h', maxNewTokens: DEFAULT_MAX_NEW_TOKENS, sampling: { temperature: 1.0, topH: { alpha: 0.4, mode: 'reference', topN: 100 } } },
  },
  ...highTemperatureGrid(),
  {
    id: 'cgrs-paper', label: 'CGRS (paper)', paperUrl: CGRS_PAPER_URL,
    description: 'CGRS δ 0.9 over T 0.6 / top-p 0.95, 16k max tokens, thinking budget 0.6 of them, top-5 certainty.',
    params: { method: 'cgrs', maxNewTokens: 16_384, sampling: { temperature: 0.6, topP: 0.95 }, cgrs: defaultCgrsParams() },
  },
  {
    id: 'ffs-paper', label: 'FFS (paper)', paperUrl: FFS_PAPER_URL,
    description: 'First Finish Search with n 4 rows at T 0.6 / top-p 0.95, 32k max tokens (AIME setting).',
    params: { method: 'ffs', maxNewTokens: 32_768, sampling: { temperature: 0.6, topP: 0.95 }, ffs: defaultFfsParams() },
  },
] satisfies Preset[]);

/** Looks a preset up by id; undefined when unknown. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** A mutable deep copy of a preset's params; throws on an unknown id, listing the known ones. */
export function presetParams(id: string): DecodingParams {
  const preset = findPreset(id);
  if (!preset) throw new Error(`unknown preset '${id}' (known: ${PRESETS.map((p) => p.id).join(', ')})`);
  return JSON.parse(JSON.stringify(preset.params)) as DecodingParams;
}
