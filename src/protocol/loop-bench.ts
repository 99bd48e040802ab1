/**
 * The decode-loop benchmark (`bench:decode` in Node, `bench:browser` in the page's worker): our greedy
 * lane (without and with per-token statistics), a bare forward + argmax loop and transformers.js `generate()`
 * on the loaded model, the same tokens, in one run, warm-up excluded.
 */
export interface LoopBenchRequest {
  readonly prompt: string;
  /** Tokens each loop generates. */
  readonly tokens: number;
  readonly repeats: number;
}

export interface LoopMeasure {
  /** Median decode tok/s: tokens after the first / (last − first token time). */
  readonly decodeTokensPerSecond: number;
  readonly samples: readonly number[];
}

export interface LoopBenchReport {
  readonly device: string;
  readonly tokens: number;
  /** Our greedy lane through the engine, its token events sent to the caller as a page receives them. */
  readonly ours: LoopMeasure;
  /** The same lane recording every token's distribution (RunRequest.tokenStats), as the page runs it. */
  readonly oursTokenStats: LoopMeasure;
  /** forward() + argmax in a plain loop: the floor of what a loop costs. */
  readonly bare: LoopMeasure;
  readonly generate: LoopMeasure;
  /** All three produced the same token ids. */
  readonly sameTokens: boolean;
}
