/**
 * The context lengths a throughput sweep measures when nobody chose: powers of two from 128 that fit the
 * model with room for the timed decode steps, plus the longest context that fits when that is not one of
 * them (the tiny reasoner's 2,048-token window gives 128, 512, 1024, 2008). Shared by the page and `lab bench`.
 */
const LADDER: readonly number[] = [128, 512, 1024, 2048, 4096, 8192, 16_384, 32_768];

export function defaultBenchContexts(contextLength: number, extraSteps: number): number[] {
  const usable = contextLength - extraSteps;
  const fits: number[] = LADDER.filter((c) => c <= usable);
  if (usable >= 1 && !fits.includes(usable) && usable < LADDER[LADDER.length - 1]! && (fits.length === 0 || usable > fits[fits.length - 1]!)) {
    fits.push(usable);
  }
  return fits;
}
