/** Fused multiply-add in plain JavaScript (exact, one rounding). */
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitting constant for doubles

/**
 * Fused multiply-add `a * b + c` with a single rounding (IEEE fma), in plain
 * JavaScript: the product is split exactly into `p + e` (Dekker), `p + c` is
 * summed exactly into `s + t` (Knuth), and the tail `t + e` is added last.
 * Falls back to `a * b + c` where splitting could overflow (|a|, |b| > 2^995).
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!(Math.abs(p) < 1e300) || !(Math.abs(a) < 1e295) || !(Math.abs(b) < 1e295)) return p + c;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const s = p + c;
  const v = s - p;
  const tail = (p - (s - v)) + (c - v);
  return s + (tail + e);
}
