/**
 * What a multi-row lane's decode loop asks of its stopping rule, after every batch step: FFS's race (./race.ts)
 * stops at the first finisher(s); self-consistency (../vote/self-consistency.ts) lets every row run to its end.
 */
export interface RaceVerdict {
  /** Row whose trace is shown. */
  readonly winner: number;
  readonly answer: string | null;
  /** No row emitted EOS before max new tokens. */
  readonly truncated: boolean;
  /** Rows that emitted EOS, in finish order. */
  readonly finishers: readonly { readonly row: number }[];
}

export interface RowRace {
  isAlive(row: number): boolean;
  /** Rows still decoding, ascending. */
  aliveRows(): number[];
  /** Row emitted EOS with `tokens` main-trace tokens (EOS included); `answer` extracted from its trace. */
  finish(row: number, tokens: number, answer: string | null): void;
  /** Row reached max new tokens without EOS. */
  exhaust(row: number, tokens: number, answer: string | null): void;
  /** Call after every step with each row's main-trace length; the verdict once decided. */
  check(traceLengths: ArrayLike<number>): RaceVerdict | null;
}
