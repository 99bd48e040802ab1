/** Spec §3.5 Top-H test vectors (all rows but the uniform one, which sits on a tie). */
export interface TopHVector {
  name: string;
  p: number[];
  alpha: number;
  paper: number;
  reference: number;
  entropy: number;
  /** τ of reference mode, where the spec gives it. */
  tau?: number;
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
const normalised = (w: number[]): number[] => {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
};

const powerLaw1000 = normalised(range(1, 1000).map((i) => i ** -1.1));
const powerLaw50000 = normalised(range(1, 50000).map((i) => i ** -1.1));
const decimals = normalised([0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.05, 0.03, 0.02, 0.01]);
const halves = normalised([0.5, 0.25, 0.125, 0.0625, 0.0625]);
const geometric = normalised(range(0, 199).map((i) => 0.8 ** i));
const linear = normalised(range(0, 9).map((i) => 10.5 - i));

export const TOP_H_VECTORS: TopHVector[] = [
  { name: 'i^-1.1, 1000 ids', p: powerLaw1000, alpha: 0.4, paper: 9, reference: 7, entropy: 4.7163, tau: 1.1426 },
  { name: 'i^-1.1, 50000 ids', p: powerLaw50000, alpha: 0.4, paper: 25, reference: 7, entropy: 6.4627 },
  { name: 'ten decimals', p: decimals, alpha: 0.4, paper: 2, reference: 2, entropy: 1.948 },
  { name: 'halves α0.4', p: halves, alpha: 0.4, paper: 1, reference: 1, entropy: 1.2997 },
  { name: 'halves α0.8', p: halves, alpha: 0.8, paper: 3, reference: 3, entropy: 1.2997 },
  { name: '0.8^i α0.4', p: geometric, alpha: 0.4, paper: 2, reference: 3, entropy: 2.502 },
  { name: '0.8^i α0.6', p: geometric, alpha: 0.6, paper: 4, reference: 6, entropy: 2.502 },
  { name: '10.5 − i', p: linear, alpha: 0.45, paper: 2, reference: 3, entropy: 2.1781 },
];
