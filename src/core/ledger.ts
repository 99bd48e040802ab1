/**
 * Token ledger of one run (one lane): the token counts of spec §7, per row and summed. Counts only;
 * timings live in ./metrics.ts.
 */

/**
 * The token counts every result reports (the CLI's `tokens` object, the page's table, eval records); each
 * is defined in ./metric-definitions.ts (METRIC.prompt … METRIC.total). Discarded also counts an EOS the
 * CGRS controller dropped during thinking (spec §4.7).
 */
export interface TokenBreakdown {
  prompt: number;
  thinking: number;
  answer: number;
  probe: number;
  discarded: number;
  total: number;
}

/** With METRIC.forced and METRIC.probeSuffix. */
export interface TokenCounts extends TokenBreakdown {
  forced: number;
  probeSuffix: number;
}

/** One row's trace counts, as given by `PhaseTracker.counts()` or `CgrsController.phaseCounts()`. */
export interface RowTraceCounts {
  thinking: number;
  answer: number;
  forced: number;
}

export interface RowLedger extends RowTraceCounts {
  probe: number;
  probeSuffix: number;
  probes: number;
  /** Tokens of this row thrown away while it was running (rollbacks, dropped EOS). */
  dropped: number;
}

function nonNegativeInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`TokenLedger: ${what} must be a non-negative integer (got ${value})`);
}

/** Which traces a lane's thinking and answer count: the shown row's (others discarded) or every row's (vote). */
export type RowsCounted = 'shown' | 'all';

export class TokenLedger {
  private promptTokens = 0;
  private readonly rows: RowLedger[];

  constructor(rowCount = 1) {
    if (!Number.isInteger(rowCount) || rowCount < 1) throw new RangeError(`TokenLedger: rowCount must be a positive integer (got ${rowCount})`);
    this.rows = Array.from({ length: rowCount }, () => ({ thinking: 0, answer: 0, forced: 0, probe: 0, probeSuffix: 0, probes: 0, dropped: 0 }));
  }

  private row(index: number): RowLedger {
    const r = this.rows[index];
    if (!r) throw new RangeError(`TokenLedger: no row ${index} (rows: ${this.rows.length})`);
    return r;
  }

  /** Prompt tokens of the run (once, also when the prefix KV is expanded to n rows). */
  setPrompt(tokens: number): void {
    nonNegativeInteger(tokens, 'prompt tokens');
    this.promptTokens = tokens;
  }

  /** A row's current trace counts (replaces the previous ones; call whenever convenient, at least at the end). */
  setTrace(row: number, counts: RowTraceCounts): void {
    for (const key of ['thinking', 'answer', 'forced'] as const) nonNegativeInteger(counts[key], key);
    Object.assign(this.row(row), { thinking: counts.thinking, answer: counts.answer, forced: counts.forced });
  }

  /** One finished probe of a row: suffix tokens prefilled and tokens sampled. */
  addProbe(row: number, suffixTokens: number, generatedTokens: number): void {
    nonNegativeInteger(suffixTokens, 'probe suffix tokens');
    nonNegativeInteger(generatedTokens, 'probe tokens');
    const r = this.row(row);
    r.probeSuffix += suffixTokens;
    r.probe += generatedTokens;
    r.probes++;
  }

  /** Tokens of a row generated then thrown away while decoding continues (rollbacks, dropped EOS). */
  addDropped(row: number, tokens: number): void {
    nonNegativeInteger(tokens, 'dropped tokens');
    this.row(row).dropped += tokens;
  }

  perRow(): RowLedger[] {
    return this.rows.map((r) => ({ ...r }));
  }

  /**
   * Run totals. 'shown': `resultRow`'s thinking/answer/forced, every other row's trace discarded (FFS). 'all':
   * every row's trace counted, none discarded (self-consistency keeps all its samples). Probes and drops of all
   * rows are summed either way.
   */
  summary(resultRow = 0, counted: RowsCounted = 'shown'): TokenCounts {
    this.row(resultRow);
    const trace = { thinking: 0, answer: 0, forced: 0 };
    let discarded = 0;
    let probe = 0;
    let probeSuffix = 0;
    this.rows.forEach((r, i) => {
      if (counted === 'all' || i === resultRow) {
        trace.thinking += r.thinking;
        trace.answer += r.answer;
        trace.forced += r.forced;
      } else {
        discarded += r.thinking + r.answer;
      }
      discarded += r.dropped;
      probe += r.probe;
      probeSuffix += r.probeSuffix;
    });
    return {
      prompt: this.promptTokens, ...trace, probe, discarded,
      total: trace.thinking + trace.answer + discarded + probe,
      probeSuffix,
    };
  }
}
