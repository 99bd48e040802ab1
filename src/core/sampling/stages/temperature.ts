import type { Candidates } from '../candidates';
import type { LogitStage } from '../chain';

/** z_i = l_i / T (T > 0). Folded into the softmax pass rather than a pass of its own. */
export function temperature(t: number): LogitStage {
  if (!(t > 0 && t < Infinity)) throw new Error(`temperature must be finite and > 0 here, got ${t}`);
  return {
    name: 'temperature',
    apply(c: Candidates): void {
      c.setTemperature(t);
    },
  };
}
