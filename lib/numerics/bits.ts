/**
 * Bit access to doubles and exact powers of two, shared by the glibc-faithful
 * `log`/`exp` and the emulated fused multiply-add: one scratch buffer viewed
 * as a double and as two 32-bit words (the IEEE-754 high and low words, in
 * this machine's byte order), and every power of two a double can hold.
 */
/** One shared 8-byte scratch buffer, viewed as a double (`f64`) and two uint32 words (`u32[HI]`, `u32[LO]`). */
export const f64 = new Float64Array(1);
export const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export const HI = LITTLE_ENDIAN ? 1 : 0;
export const LO = LITTLE_ENDIAN ? 0 : 1;

/** The double whose IEEE-754 bits are (hi, lo). */
export function fromBits(hi: number, lo: number): number {
  u32[HI] = hi >>> 0;
  u32[LO] = lo >>> 0;
  return f64[0];
}

/** 2^e for e in [-1074, 1023] lives at POW2[e + POW2_OFF]; built by exact doubling. */
export const POW2_OFF = 1074;
export const POW2 = new Float64Array(1074 + 1024);
{
  let p = 5e-324; // 2^-1074
  for (let i = 0; i < POW2.length; i++) {
    POW2[i] = p;
    p *= 2;
  }
}

/** Veltkamp splitter 2^27 + 1. */
export const SPLIT = 134217729;
