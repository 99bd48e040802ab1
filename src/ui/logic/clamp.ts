/**
 * Presets carry the papers' max new tokens (CGRS 16,384, FFS 32,768); a model with a shorter context
 * cannot hold them. Such a preset is applied with the method following the shared max new tokens, which
 * fits itself to the model, and a note says so.
 */
import { DEFAULT_MAX_NEW_TOKENS, type DecodingParams } from '../../core/methods/params';
import type { ModelInfo } from '../../protocol/model';

/** Positions left for the prompt when judging whether a preset's max new tokens fits a model. */
export const PROMPT_ROOM = 512;

export function clampPreset(params: DecodingParams, info: ModelInfo | null): { params: DecodingParams; note: string | null } {
  if (!info || params.maxNewTokens <= info.contextLength - PROMPT_ROOM) return { params, note: null };
  const note =
    `The paper's ${params.maxNewTokens.toLocaleString('en')} new tokens do not fit ${info.id}'s context of ` +
    `${info.contextLength.toLocaleString('en')} tokens: this method follows the shared Max new tokens, which fits itself to the model.`;
  return { params: { ...params, maxNewTokens: DEFAULT_MAX_NEW_TOKENS }, note };
}
