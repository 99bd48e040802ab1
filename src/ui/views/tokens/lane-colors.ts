/** One colour per method, shared by every token chart, so a lane reads the same in each. */
const BY_METHOD: Readonly<Record<string, string>> = {
  greedy: '#5b6b7f', sample: '#2a9d8f', 'top-h': '#6b7fd7', cgrs: '#e07a2f', ffs: '#b5478f',
  vote: '#8c6d1f', budget: '#3b8ea5', nowait: '#c44536',
};
const SPARE = ['#6a994e', '#7b2cbf', '#1d3557', '#bc6c25'];

/** `index`: the lane's place in the run, for methods without a colour of their own. */
export function laneColor(method: string, index: number): string {
  return BY_METHOD[method] ?? SPARE[index % SPARE.length]!;
}
