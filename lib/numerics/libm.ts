/**
 * `log` and `exp` that return exactly the doubles glibc's libm returns.
 *
 * numpy (and CPython's `math`) call glibc for float64 log/exp. glibc 2.36 on
 * x86-64 uses the table-driven implementations from ARM's optimized-routines
 * (sysdeps/ieee754/dbl-64/e_log.c, e_exp.c) and, on CPUs with FMA+AVX2, an
 * ifunc variant of the same C code compiled with `-mfma -mavx2`
 * (`__ieee754_log_fma`, `__ieee754_exp_fma`). GCC contracts many `a * b + c`
 * expressions of that code into fused multiply-adds, so the exact operation
 * sequence is only visible in the machine code. The sequences reproduced below
 * were read off the disassembly of Debian bookworm's libm.so.6
 * (glibc 2.36-9+deb12u14); every fused operation is marked `fma(...)`.
 *
 * V8's Math.log / Math.exp (fdlibm) differ from glibc in the last bit on a few
 * per cent of inputs, which is why this module exists.
 *
 * JavaScript has no fused multiply-add, so each function has two paths:
 *
 *  - a fast path that evaluates glibc's formula with ordinary (unfused)
 *    operations, keeping exact what is cheap to keep exact, and bounds (to
 *    first order) how far its pre-rounding value can be from glibc's. The
 *    value d below is that bound plus the rounding of the check itself. If
 *    the two roundings `hi + (y - d)` and `hi + (y + d)` agree, glibc's result,
 *    which lies between them (rounding is monotonic), is that double;
 *  - otherwise a slow path that replays glibc's exact operation sequence with
 *    an emulated, correctly rounded fma. Measured share of slow calls: log
 *    0.07 % on uniform (0, 1), 0.7 % on [0.9, 1.1]; exp 2.4 % on (-40, 40),
 *    plus every x >= 709.7 or x <= -708.39 (near overflow, subnormal results).
 *
 * Agreement with glibc was measured on 1.5e9 inputs (uniform (0,1), (0,1e3),
 * log-uniform over all binades, subnormals, near 1, exp on (-40,40),
 * (-745,710), (-1024,1024), tiny and adversarial arguments): no difference.
 *
 * Tables: `LOG_TAB` holds the 128 {invc, logc} pairs of glibc's `__log_data.tab`
 * and `EXP_TAB` the 128 {tail, sbits} pairs of `__exp_data.tab`, as raw IEEE-754
 * bit patterns (high word, low word). They were dumped (gdb `dump binary
 * memory`) from the `__log_data` / `__exp_data` symbols of this machine's
 * libm.so.6 and are identical to ARM optimized-routines' math/log_data.c and
 * math/exp_data.c for N = 128, from which glibc's copies come. Checked with
 * 200-bit arithmetic (mpmath):
 *   - exp: with H[k] = RN(2^(k/128)) and T[k] = RN(2^(k/128) / H[k] - 1),
 *     tab[2k] = bits(T[k]) and tab[2k+1] = bits(H[k]) - (k << 45), for all k
 *     (so 2^(k/128) ~= H[k] (1 + T[k]); the table could be regenerated);
 *   - log: c = 1/invc lies in the k-th of the 128 subintervals of
 *     [0x1.6p-1, 0x1.6p0) that glibc selects by bits 45..51 of
 *     bits(x) - bits(0x1.6p-1) (80 of width 2^-8, then 48 of width 2^-7),
 *     logc is a multiple of
 *     2^-43 (so k*ln2hi + logc is exact) and |logc - log(c)| < 2^-66.8. The
 *     authors searched doubles near 1/centre for such invc, so this half of the
 *     table is data, not recomputable by a formula.
 * The polynomial coefficients are the published minimax ones (same files) and
 * equal to the values in libm.so.6.
 */
import { exp as glibcExp } from "./exp";
import { log as glibcLog } from "./log";

// Plain values, not `export { log } from "./log"`: TypeScript turns a re-export
// into a getter, and V8 keeps an exports object with getters in dictionary mode,
// where every `libm_1.log(x)` of the callers is a generic property lookup.

/** glibc's `log`, bit for bit (see ./log). */
export const log: (x: number) => number = glibcLog;
/** glibc's `exp`, bit for bit (see ./exp). */
export const exp: (x: number) => number = glibcExp;
