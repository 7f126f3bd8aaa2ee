/**
 * Fused multiply-add in plain JavaScript, for the products' fallback engine
 * (lib/blas.ts) and for users: `a * b + c` rounded once, as IEEE fma.
 */
import { fma as fmaInRange } from "./libm";

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
