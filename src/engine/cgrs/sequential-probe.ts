import type { ProbePositionStats } from '../../core/cgrs/certainty';
import type { CgrsParams } from '../../core/methods/params';
import type { RowRng } from '../../core/rng';
import type { RowSampler } from '../../core/sampling/row-sampler';
import { createRowSampler } from '../../core/sampling/row-sampler';
import type { LoadedModel } from '../model/load-model';
import { forward } from '../runtime/forward';
import { disposeKv, type KvCache } from '../runtime/kv-cache';

/** What a CGRS probe needs besides the cache: its sampler, stream and stop rule (spec §4.4). */
export class ProbeSpec {
  readonly suffixIds: readonly number[];
  readonly maxTokens: number;
  readonly topK: number;
  private readonly sampler: RowSampler;
  private readonly eos: ReadonlySet<number>;

  constructor(model: LoadedModel, params: CgrsParams) {
    const info = model.info;
    this.suffixIds = model.tokenizer.encode(params.probeSuffix);
    if (this.suffixIds.length === 0) throw new Error('cgrs.probeSuffix encodes to no tokens');
    this.maxTokens = params.probeMaxTokens;
    this.topK = Math.min(params.certaintyTopK, info.tokenizerSize);
    // Probe tokens: the probe temperature, no filters and no suppression (spec §4.4).
    this.sampler = createRowSampler({ temperature: params.probeTemperature }, { vocabSize: info.vocabSize, validTokens: info.tokenizerSize });
    this.eos = new Set(info.eosIds);
  }

  /**
   * Statistics of one probe distribution P_i and the token sampled from it, from the row's
   * `probe` stream at (checkpoint, i), so both probe modes draw the same tokens.
   */
  position(logits: Float32Array, rng: RowRng, checkpoint: number, i: number): { stats: ProbePositionStats; token: number; last: boolean } {
    const r = this.sampler.sample(logits, { rng, position: checkpoint, stream: 'probe', subIndex: i, entropyTopK: this.topK });
    const stats = { entropy: r.entropy, topKEntropy: r.topKEntropy ?? 0 };
    return { stats, token: r.token, last: i + 1 >= this.maxTokens || this.eos.has(r.token) };
  }
}

export interface ProbeRun {
  readonly stats: ProbePositionStats[];
  /** Probe tokens sampled (= distributions seen). */
  readonly tokens: number;
}

/**
 * The sequential probe (spec §4.4, the paper's behaviour): on a fork of the row's cache, feed the
 * row's not-yet-fed trace tokens plus the suffix, then sample up to maxTokens tokens (the last is
 * never fed). `past` is the main row's cache and is only read; every probe output is disposed.
 */
export async function runSequentialProbe(
  model: LoadedModel,
  past: KvCache | null,
  pendingIds: readonly number[],
  spec: ProbeSpec,
  rng: RowRng,
  checkpoint: number,
): Promise<ProbeRun> {
  const stats: ProbePositionStats[] = [];
  let kv: KvCache | null = null;
  try {
    let out = await forward(model.model, { ids: [[...pendingIds, ...spec.suffixIds]], past });
    kv = out.present;
    for (let i = 0; ; i++) {
      const p = spec.position(out.rows[0]!, rng, checkpoint, i);
      stats.push(p.stats);
      if (p.last) break;
      out = await forward(model.model, { ids: [[p.token]], past: kv });
      disposeKv(kv);
      kv = out.present;
    }
  } finally {
    disposeKv(kv);
  }
  return { stats, tokens: stats.length };
}
