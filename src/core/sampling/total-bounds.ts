import { APPROX_RELATIVE_ERROR, TABLE_DEPTH_NATS, TABLE_STEPS_PER_NAT } from './exp-table';
import type { BoundedPass } from './bounded-pass';
import type { FiledHead } from './head-filing';

/**
 * Certified intervals for the exact pass's Z = Σ e_i and A = Σ e_i·d_i (d_i ≤ 0) and for H(p) = ln Z − A/Z, from a
 * bounded pass. "Certified" means: they contain the values the exact pass computes, its float64 rounding included,
 * so a decision that holds at both ends of an interval is the decision the exact pass makes.
 *
 * Error budget: bulk weights (and listed tokens outside the known prefix) are within APPROX_RELATIVE_ERROR of exact
 * (exp-table.ts); tokens clamped at the table
 * depth (64 nats) weigh at most e^−64 each and add at most e^−64·(1, 64) to (Z, |A|) per token; summation
 * rounding of the exact pass and of ours is below n·2^−53 ≈ 1.7e-11 relative for n = 151,936, covered by
 * ROUNDING = 1e-10.
 */

const ROUNDING = 1e-10;
const TAIL_WEIGHT = Math.exp(-TABLE_DEPTH_NATS);

export class TotalBounds {
  zLow = 0;
  zHigh = 0;
  hLow = 0;
  hHigh = 0;
  /** Midpoints (estimates within the intervals). */
  z = 0;
  h = 0;

  /** Exact values: zero-width intervals. */
  setExact(z: number, entropy: number): void {
    this.z = this.zLow = this.zHigh = z;
    this.h = this.hLow = this.hHigh = entropy;
  }

  /** Intervals from a bounded pass over `limit` tokens and its filed head; H(p) unbounded if the pass skipped it. */
  setBounded(pass: BoundedPass, head: FiledHead, limit: number): void {
    const z = head.headTotal + head.restTotal + pass.bulkTotal;
    const zErr = APPROX_RELATIVE_ERROR * (pass.bulkTotal + head.restTotal) + limit * TAIL_WEIGHT + ROUNDING * z;
    if (Number.isNaN(pass.bulkDepthSum)) {
      this.z = z;
      this.zLow = z - zErr;
      this.zHigh = z + zErr;
      this.h = NaN;
      this.hLow = -Infinity;
      this.hHigh = Infinity;
      return;
    }
    const bulkA = -pass.bulkDepthSum / TABLE_STEPS_PER_NAT;
    const a = head.headDepthSum + head.restDepthSum + bulkA;
    const absA = -head.headDepthSum - head.restDepthSum - bulkA;
    const aErr = APPROX_RELATIVE_ERROR * (-bulkA - head.restDepthSum) + limit * TABLE_DEPTH_NATS * TAIL_WEIGHT + ROUNDING * absA;
    this.setFromBoxes(z - zErr, z + zErr, a - aErr, Math.min(0, a + aErr));
    this.z = z;
    this.h = Math.log(z) - a / z;
  }

  /**
   * H = g(Z, A) = ln Z − A/Z over the box: decreasing in A; in Z, ∂g/∂Z = (Z + A)/Z², so g has its only extremum
   * (a minimum) at Z = −A. Endpoints plus that point give the range; a relative 1e-12 covers the rounding of ln
   * and of the division.
   */
  private setFromBoxes(zLow: number, zHigh: number, aLow: number, aHigh: number): void {
    const g = (z: number, a: number): number => Math.log(z) - a / z;
    let hHigh = Math.max(g(zLow, aLow), g(zHigh, aLow));
    let hLow = Math.min(g(zLow, aHigh), g(zHigh, aHigh));
    if (-aHigh > zLow && -aHigh < zHigh) hLow = Math.min(hLow, g(-aHigh, aHigh));
    const pad = 1e-12 * (Math.abs(hHigh) + Math.abs(Math.log(zHigh))) + 1e-300;
    hHigh += pad;
    hLow -= pad;
    this.zLow = zLow;
    this.zHigh = zHigh;
    this.hLow = hLow;
    this.hHigh = hHigh;
  }
}
