/**
 * Python's text for doubles: the exact decimal value of a double, its
 * shortest round-trip digits, fixed and significant-digit roundings (half to
 * even, on the exact value), and Python's `repr(float)` layout. The array
 * printer (format.ts) and the `%` operator (printf.ts) build on these.
 */
import { f64, HI, LO, u32 } from "../numerics/bits";
const POW5: bigint[] = [1n];
export function pow5(k: number): bigint {
  while (POW5.length <= k) POW5.push(POW5[POW5.length - 1] * 5n);
  return POW5[k];
}
const POW10: bigint[] = [1n];
export function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[k];
}

/** |x| = n / 10**k exactly (x finite). */
interface ExactDecimal {
  n: bigint;
  k: number;
}

export function exactDecimal(x: number): ExactDecimal {
  f64[0] = x;
  const hi = u32[HI];
  const lo = u32[LO];
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) {
    e = -1074;
  } else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  if (m === 0n) return { n: 0n, k: 0 };
  if (e >= 0) return { n: m << BigInt(e), k: 0 };
  // strip factors of two to keep the numbers small
  while ((m & 1n) === 0n && e < 0) {
    m >>= 1n;
    e += 1;
  }
  if (e >= 0) return { n: m << BigInt(e), k: 0 };
  return { n: m * pow5(-e), k: -e };
}

/** Divide by 10**d rounding half to even (d >= 0). */
export function divRoundHalfEven(n: bigint, d: number): bigint {
  if (d <= 0) return n * pow10(-d);
  const p = pow10(d);
  const q = n / p;
  const r2 = (n - q * p) * 2n;
  if (r2 > p || (r2 === p && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Digits of |x| rounded half-even to `prec` fraction digits: [intDigits, fracDigits]. */
export function fixedDigits(x: number, prec: number): [string, string] {
  const { n, k } = exactDecimal(x);
  const q = divRoundHalfEven(n, k - prec);
  const s = q.toString().padStart(prec + 1, "0");
  return [s.slice(0, s.length - prec), s.slice(s.length - prec)];
}

/** Digits of |x| (x != 0) rounded half-even to `sig` significant digits: [digits, exponent]. */
export function sigDigits(x: number, sig: number): [string, number] {
  const { n, k } = exactDecimal(x);
  const len = n.toString().length;
  let exp = len - 1 - k;
  let q = divRoundHalfEven(n, len - sig);
  let s = q.toString();
  if (s.length > sig) {
    q /= 10n;
    s = q.toString();
    exp += 1;
  }
  return [s, exp];
}

/** Shortest round-trip digits of |x| (x finite, non-zero): [digits without trailing zeros, exponent]. */
export function shortestDigits(x: number): [string, number] {
  const s = Math.abs(x).toExponential();
  const ePos = s.indexOf("e");
  const mant = s.slice(0, ePos);
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  return [digits, Number(s.slice(ePos + 1))];
}

/**
 * Shortest digits that round-trip through float32 (x is a float32 value,
 * finite, non-zero); among equally short candidates the nearest, ties to even.
 */
export function shortestDigits32(x: number): [string, number] {
  const a = Math.abs(x);
  for (let p = 1; p <= 9; p++) {
    const [d, e] = sigDigits(a, p);
    if (p === 9 || Math.fround(Number(`${d}e${e - p + 1}`)) === a) {
      return [d.replace(/0+$/, "") || "0", e];
    }
  }
  throw new Error("unreachable");
}

export function expSuffix(exp: number, minDigits: number): string {
  return (exp < 0 ? "e-" : "e+") + String(Math.abs(exp)).padStart(minDigits, "0");
}

/** Python's repr layout of the given shortest digits, scientific or positional. */
export function pythonFloatLayout(x: number, digits: [string, number], sci: boolean): string {
  const sign = x < 0 ? "-" : "";
  const [d, e] = digits;
  if (sci) {
    const mant = d.length > 1 ? `${d[0]}.${d.slice(1)}` : d;
    return sign + mant + expSuffix(e, 2);
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${d}`;
  const intPart = d.slice(0, e + 1).padEnd(e + 1, "0");
  const frac = d.slice(e + 1);
  return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
}

export function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return undefined;
}

/**
 * Python's `repr(x)` (= `str(x)`) of a float.
 *
 * @param x - any JS number, treated as a Python float.
 * @returns the shortest round-trip digits in Python's layout: positional with
 *   a `.0` on integral values (`8.0`, `-0.0`, `0.0001`), scientific when the
 *   decimal exponent is < -4 or >= 16 (`2e-05`, `1e+16`), and `inf`, `-inf`, `nan`.
 *   Never throws.
 */
export function reprFloat(x: number): string {
  const nf = nonFinite(x);
  if (nf !== undefined) return nf;
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const d = shortestDigits(x);
  return pythonFloatLayout(x, d, d[1] < -4 || d[1] >= 16);
}

/** numpy's `str(np.float32(x))`. */
export function reprFloat32(x: number): string {
  const v = Math.fround(x);
  const nf = nonFinite(v);
  if (nf !== undefined) return nf;
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const a = Math.abs(v);
  return pythonFloatLayout(v, shortestDigits32(v), a < 1e-4 || a >= 1e16);
}

/** Python int digits of an integer-valued double (exact beyond 2**53). */
export function intString(x: number): string {
  const t = Math.trunc(x);
  if (t === 0) return "0";
  if (Math.abs(t) < 2 ** 53) return String(t);
  return BigInt(t).toString();
}
