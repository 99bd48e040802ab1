/**
 * Shading of a token strip: each sampled token gets a level 0…SHADE_LEVELS for each measure, and the
 * page's toggle picks which one the strip shows (a CSS attribute on the page, so switching repaints
 * without rebuilding a cell). Pure.
 *
 * Dark means "the model was unsure here": low p of the chosen token, or high entropy.
 */

export type ShadeBy = 'p' | 'entropy';

export const SHADE_BY: readonly ShadeBy[] = ['p', 'entropy'];

/** Levels 0 (no shade) … SHADE_LEVELS (full shade). */
export const SHADE_LEVELS = 8;

/**
 * Entropy at and above which a token is fully shaded, in nats. A fixed scale, so lanes and runs compare:
 * 3 nats is the entropy of a uniform choice among e³ ≈ 20 tokens; reasoning traces mostly stay below it.
 */
export const ENTROPY_FULL_SHADE_NATS = 3;

function level(fraction: number): number {
  return Math.round(Math.min(1, Math.max(0, fraction)) * SHADE_LEVELS);
}

/** By p of the chosen token: p 1 → 0, p 0 → SHADE_LEVELS; null for a forced token (no distribution). */
export function pShade(p: number | null): number | null {
  return p === null || !Number.isFinite(p) ? null : level(1 - p);
}

/** By entropy H (nats): linear from 0 to ENTROPY_FULL_SHADE_NATS, then full; null for a forced token. */
export function entropyShade(entropy: number | null): number | null {
  return entropy === null || !Number.isFinite(entropy) ? null : level(entropy / ENTROPY_FULL_SHADE_NATS);
}

/** What the legend of each shading says, at its light and dark ends. */
export const SHADE_LEGEND: Readonly<Record<ShadeBy, { readonly label: string; readonly light: string; readonly dark: string; readonly definition: string }>> = {
  p: {
    label: 'p of the chosen token',
    light: 'p = 1',
    dark: 'p = 0',
    definition: 'The probability the sampler gave the token it chose (after temperature and masks, before the filters); darker = less likely.',
  },
  entropy: {
    label: 'entropy',
    light: '0 nats',
    dark: `≥ ${ENTROPY_FULL_SHADE_NATS} nats`,
    definition: `Entropy H of the distribution the token was drawn from, in nats (natural log); darker = more spread, full shade from ${ENTROPY_FULL_SHADE_NATS} nats.`,
  },
};
