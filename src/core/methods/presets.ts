/**
 * Named settings that reproduce the papers (spec §2–§5), built from the schema: a method's "paper" preset
 * applies every field's paper value (./schema.ts), the others are small sets of overrides. Only presets
 * that differ from the method's defaults are listed, so every preset changes something. Every preset
 * passes validation (tested).
 */
import type { FieldValue } from './fields';
import { METHOD_IDS, type MethodId } from './limits';
import { defaultParams, type DecodingParams } from './params';
import { deleteAt, setAt } from './paths';
import { METHODS, TOP_H_PAPER_URL } from './registry';
import { fieldAt, SCHEMA } from './schema';

/** Settings to change, by schema path; null switches an optional setting off. */
export type Overrides = Readonly<Record<string, FieldValue | null>>;

export interface Preset {
  /** Stable id for URLs, run cards and the CLI. */
  readonly id: string;
  readonly method: MethodId;
  readonly label: string;
  /** One line: what is reproduced and from where. */
  readonly description: string;
  /** arXiv abstract page of the source. */
  readonly paperUrl: string;
  readonly overrides: Overrides;
}

/** Defaults of `method` with `overrides` applied (paths must be the method's; an unknown path throws). */
export function withOverrides(method: MethodId, overrides: Overrides): DecodingParams {
  const params = defaultParams(method) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) {
    if (!fieldAt(method, path)) throw new Error(`preset path '${path}' is not a setting of method '${method}'`);
    if (value === null) deleteAt(params, path);
    else setAt(params, path, value);
  }
  return params as unknown as DecodingParams;
}


/** The method's paper values (./schema.ts `paper`) that differ from its defaults. */
function paperOverrides(method: MethodId): Overrides {
  const out: Record<string, FieldValue> = {};
  for (const f of SCHEMA[method].fields) {
    if (f.paper && JSON.stringify(f.paper.value) !== JSON.stringify(f.default)) out[f.path] = f.paper.value;
  }
  return out;
}

function paperPresets(): Preset[] {
  return METHOD_IDS.flatMap((method) => {
    const overrides = paperOverrides(method);
    const url = METHODS[method].paperUrl;
    if (Object.keys(overrides).length === 0 || url === null) return [];
    const changes = Object.entries(overrides).map(([path, v]) => `${fieldAt(method, path)?.label ?? path} ${String(v)}`).join(', ');
    return [{ id: `${method}-paper`, method, label: 'Paper settings', description: `The paper’s setting: ${changes}; everything else as the defaults.`, paperUrl: url, overrides }];
  });
}

/** The Top-H paper's high-temperature grid (spec §2): T ∈ {1, 1.5, 2} × {min-p 0.1, top-p 0.9, Top-H α 0.4}. */
function highTemperatureGrid(): Preset[] {
  return [1, 1.5, 2].flatMap((temperature): Preset[] => {
    const t = temperature.toFixed(1);
    const base = { paperUrl: TOP_H_PAPER_URL };
    return [
      { ...base, id: `high-temp-t${t}-min-p`, method: 'sample', label: `T ${t} · min-p 0.1`,
        description: `Top-H paper baseline: min-p 0.1 at T ${t}, no other filter (high-temperature comparison).`,
        overrides: { 'sampling.temperature': temperature, 'sampling.topK': null, 'sampling.topP': null, 'sampling.minP': 0.1 } },
      { ...base, id: `high-temp-t${t}-top-p`, method: 'sample', label: `T ${t} · top-p 0.9`,
        description: `Top-H paper baseline: top-p 0.9 at T ${t}, no other filter (high-temperature comparison).`,
        overrides: { 'sampling.temperature': temperature, 'sampling.topK': null, 'sampling.topP': 0.9 } },
      { ...base, id: `high-temp-t${t}-top-h`, method: 'top-h', label: `T ${t} · α 0.4`,
        description: `Top-H α 0.4 (paper rule) at T ${t} (high-temperature comparison).`,
        overrides: { 'sampling.temperature': temperature } },
    ];
  });
}

const TOP_H_REFERENCE: Preset = {
  id: 'top-h-reference', method: 'top-h', label: 'Reference-code rule', paperUrl: TOP_H_PAPER_URL,
  description: 'Top-H α 0.4 at T 1.0 with the released code’s rule (top-100 candidates, unnormalised partial entropy).',
  overrides: { 'sampling.topH.mode': 'reference', 'sampling.topH.topN': 100 },
};

const ALL: readonly Preset[] = [...paperPresets(), ...highTemperatureGrid(), TOP_H_REFERENCE];

/** Presets that change something: those equal to their method's defaults are left out. */
export const PRESETS: readonly Preset[] = ALL.filter(
  (p) => JSON.stringify(withOverrides(p.method, p.overrides)) !== JSON.stringify(defaultParams(p.method)),
);

/** The presets of one method, in menu order. */
export function presetsFor(method: MethodId): Preset[] {
  return PRESETS.filter((p) => p.method === method);
}

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** A fresh copy of a preset's params; throws on an unknown id, listing the known ones. */
export function presetParams(id: string): DecodingParams {
  const preset = findPreset(id);
  if (!preset) throw new Error(`unknown preset '${id}' (known: ${PRESETS.map((p) => p.id).join(', ')})`);
  return withOverrides(preset.method, preset.overrides);
}
