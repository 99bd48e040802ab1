import { forward, lastLogitsOnly } from '../runtime/forward';
import { disposeKv, gatherKvRows, kvSequenceLength, truncateKv, type KvCache, type KvCopyRoute } from '../runtime/kv-cache';
import { type PreTrainedModel } from '../runtime/setup';

/**
 * Logit floats one prefill forward may ship back when the graph computes every position's logits
 * (no `num_logits_to_keep`): 8 M floats = 32 MB, e.g. 52 tokens per chunk at Qwen3's 151,936 vocab.
 */
export const PREFILL_LOGITS_BUDGET = 8 * 1024 * 1024;

/**
 * The KV cache of one batch of aligned rows (every row has the same length; the engine never pads),
 * owned by this object: each forward replaces it and disposes the old tensors, so at any time the
 * batch holds exactly one set. Rows are batch indices; the caller maps them to its own row ids.
 */
export class KvBatch {
  private kv: KvCache | null = null;
  private batchRows = 0;

  constructor(
    private readonly model: PreTrainedModel,
    private readonly vocabSize: number,
    /** How row selections copy the cache: inside the GPU where it lives there (default), or through the CPU. */
    private readonly copyRoute: KvCopyRoute = 'gpu',
  ) {}

  get rows(): number {
    return this.batchRows;
  }

  /** Positions held per row. */
  get length(): number {
    return kvSequenceLength(this.kv);
  }

  /** The current cache, for a probe to use as its past (read-only: never dispose or update it). */
  get cache(): KvCache | null {
    return this.kv;
  }

  private replace(next: KvCache, rows: number): void {
    disposeKv(this.kv);
    this.kv = next;
    this.batchRows = rows;
  }

  /**
   * Feeds `ids` to a batch of one row (a prompt, or forced tokens) and returns the last position's
   * logits. Without `num_logits_to_keep` the prompt goes in chunks so the logits readback stays
   * under PREFILL_LOGITS_BUDGET (a cached chunk equals the same tokens fed at once).
   */
  async extend(ids: readonly number[], chunkTokens = this.chunkSize()): Promise<Float32Array> {
    if (ids.length === 0) throw new Error('KvBatch.extend: no ids');
    if (this.kv && this.batchRows !== 1) throw new Error(`KvBatch.extend: batch has ${this.batchRows} rows, not 1`);
    let logits: Float32Array | null = null;
    for (let at = 0; at < ids.length; at += chunkTokens) {
      const out = await forward(this.model, { ids: [ids.slice(at, at + chunkTokens)], past: this.kv });
      this.replace(out.present, 1);
      logits = out.rows[0]!;
    }
    return logits!;
  }

  private chunkSize(): number {
    return lastLogitsOnly(this.model) ? Number.MAX_SAFE_INTEGER : Math.max(1, Math.floor(PREFILL_LOGITS_BUDGET / this.vocabSize));
  }

  /** One token per batch row; returns each row's next-token logits. */
  async step(tokens: readonly number[]): Promise<Float32Array[]> {
    if (!this.kv) throw new Error('KvBatch.step: nothing prefilled');
    if (tokens.length !== this.batchRows) throw new Error(`KvBatch.step: ${tokens.length} tokens for ${this.batchRows} rows`);
    const out = await forward(this.model, { ids: tokens.map((t) => [t]), past: this.kv });
    this.replace(out.present, tokens.length);
    return out.rows;
  }

  /**
   * Rebuilds the batch from rows of the current one (`rows[i]` = source row of new row i): expands
   * a one-row prefill to n rows, adds or drops a probe row, compacts finished rows away.
   */
  async select(rows: readonly number[]): Promise<void> {
    if (!this.kv) throw new Error('KvBatch.select: nothing prefilled');
    if (rows.length === this.batchRows && rows.every((r, i) => r === i)) return;
    this.replace(await gatherKvRows(this.kv, rows, this.copyRoute), rows.length);
  }

  /** Keeps the first `length` positions of every row (rollback). */
  async truncate(length: number): Promise<void> {
    if (!this.kv) throw new Error('KvBatch.truncate: nothing prefilled');
    if (length === this.length) return;
    this.replace(await truncateKv(this.kv, length), this.batchRows);
  }

  /**
   * Splits row `row` off into a batch of its own (a copy) and keeps the others here: the batched
   * probe finishes alone when the main row has to wait.
   */
  async split(row: number): Promise<KvBatch> {
    if (!this.kv) throw new Error('KvBatch.split: nothing prefilled');
    const other = new KvBatch(this.model, this.vocabSize, this.copyRoute);
    other.replace(await gatherKvRows(this.kv, [row], this.copyRoute), 1);
    await this.select([...Array(this.batchRows).keys()].filter((r) => r !== row));
    return other;
  }

  dispose(): void {
    disposeKv(this.kv);
    this.kv = null;
    this.batchRows = 0;
  }
}
