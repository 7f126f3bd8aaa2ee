/**
 * Fused multiply-add in plain JavaScript: `a * b + c` rounded once, as IEEE
 * fma, for the products' fallback engine (core/blas.ts), for the slow paths
 * of the glibc-faithful `log`/`exp`, and for users.
 *
 * Operands and result travel through a scratch Float64Array rather than as
 * arguments: a double passed to or returned from a JavaScript function that
 * V8 does not inline is boxed in a heap object, and the slow paths of `log`
 * and `exp` chain up to eight of these. `fmaInRange` itself is tiny, so it is
 * always inlined.
 */
import { f64, HI, LO, POW2, POW2_OFF, SPLIT, u32 } from "./bits";

const FMA_REG = new Float64Array(3);

/**
 * RN(a * b + c), rounded once (an exact fused multiply-add) for operands whose
 * product and sum stay well inside the normal range; {@link fma} is the
 * general entry point.
 */
export function fmaInRange(a: number, b: number, c: number): number {
  FMA_REG[0] = a;
  FMA_REG[1] = b;
  FMA_REG[2] = c;
  fmaCore();
  return FMA_REG[0];
}

/**
 * FMA_REG[0] = RN(FMA_REG[0] * FMA_REG[1] + FMA_REG[2]) for finite operands
 * whose product and sum stay well inside the normal range (true everywhere it
 * is used here).
 *
 * a * b = p + pe exactly (Dekker/Veltkamp) and c + p = s + se exactly (Knuth's
 * TwoSum), so the wanted value is RN(s + t) with t = se + pe. With v = RN(t),
 * RN(s + v) is that value except when s + v falls exactly halfway between two
 * doubles while t != v (Boldo & Melquiond handle this by rounding t to odd);
 * that case is detected from the exact error z of w = RN(s + v) and resolved
 * with the sign of t - v.
 */
function fmaCore(): void {
  const a = FMA_REG[0];
  const b = FMA_REG[1];
  const c = FMA_REG[2];
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pe = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = c + p;
  let bb = s - c;
  const se = c - (s - bb) + (p - bb);
  const v = se + pe;
  const w = s + v;
  bb = w - s;
  const z = s - (w - bb) + (v - bb); // w + z = s + v exactly
  // |z| <= half the gap at w; only a z of exactly that size (a tie) needs care.
  // The pre-test fires for ties and for |z| > (1 - 2^-20) half-gap (rare).
  FMA_REG[0] = w;
  if (w + z * TIE_PROBE !== w) fmaTie(w, z, se, pe, v);
}

const TIE_PROBE = 1 + 9.5367431640625e-7; // 1 + 2^-20

/** Rare branch of fmaCore; writes the result to FMA_REG[0]. */
function fmaTie(w: number, z: number, se: number, pe: number, v: number): void {
  f64[0] = w;
  const hw = u32[HI];
  const e = (hw >>> 20) & 0x7ff;
  if (e < 2) return; // |w| < 2^-1021: sums this small are exact, z = 0 (not reached)
  // Half the gap between w and its neighbour on z's side.
  let half = POW2[POW2_OFF + e - 1076];
  if (z > 0 !== w > 0 && (hw & 0xfffff) === 0 && u32[LO] === 0) half *= 0.5; // w = +-2^n, gap below halves
  if (Math.abs(z) !== half) return; // not a tie: w stands
  const vb = v - se;
  const ve = se - (v - vb) + (pe - vb); // t - v
  // Exact value w + z + ve: past the midpoint when ve has z's sign.
  if (ve !== 0 && ve > 0 === z > 0) FMA_REG[0] = w + 2 * z;
}

/**
 * Fused multiply-add `a * b + c` with a single rounding (IEEE fma), emulated
 * exactly (Dekker's product, Knuth's sum and the tie correction of libm's
 * `fma`). Operands so large or small that the emulation could overflow or
 * lose bits (|a|, |b| or the product beyond 1e290, or below 1e-250 while
 * nonzero) fall back to `a * b + c`; non-finite operands give IEEE's result.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ap = Math.abs(p);
  if (!(ap < 1e290) || !(Math.abs(a) < 1e290) || !(Math.abs(b) < 1e290) || !(Math.abs(c) < 1e290)) return p + c;
  if ((ap < 1e-250 && p !== 0) || (c !== 0 && Math.abs(c) < 1e-250)) return p + c;
  if (p === 0 || a === 0 || b === 0) return p + c;
  return fmaInRange(a, b, c);
}
