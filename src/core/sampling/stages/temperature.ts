import type { Candidates } from '../candidates';
import { statelessStage, type Sampler } from '../sampler';

/** z_i = l_i / T (T > 0). Folded into the softmax pass rather than a pass of its own. */
export function temperature(t: number): Sampler {
  if (!(t > 0 && t < Infinity)) throw new Error(`temperature must be finite and > 0 here, got ${t}`);
  return statelessStage('logits', 'temperature', (c: Candidates) => c.setTemperature(t));
}
