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

// ---------------------------------------------------------------------------
// Bit access: one shared 8-byte buffer viewed as a double and two uint32s.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

function fromBits(hi: number, lo: number): number {
  u32[HI] = hi >>> 0;
  u32[LO] = lo >>> 0;
  return f64[0];
}

/** 2^e for e in [-1074, 1023] lives at POW2[e + POW2_OFF]; built by exact doubling. */
const POW2_OFF = 1074;
const POW2 = new Float64Array(1074 + 1024);
{
  let p = 5e-324; // 2^-1074
  for (let i = 0; i < POW2.length; i++) {
    POW2[i] = p;
    p *= 2;
  }
}

/** Veltkamp splitter 2^27 + 1. */
const SPLIT = 134217729;

// ---------------------------------------------------------------------------
// Emulated fused multiply-add (slow paths only).
//
// Operands and result travel through a scratch Float64Array rather than as
// arguments: a double passed to or returned from a JavaScript function that
// V8 does not inline is boxed in a heap object, and the slow paths chain up to
// eight of these. `fma` itself is tiny, so it is always inlined.

const FMA_REG = new Float64Array(3);

/**
 * RN(a * b + c), rounded once (an exact fused multiply-add) for operands whose
 * product and sum stay well inside the normal range; see `fma` in lib/fma.ts
 * for the general entry point.
 */
export function fma(a: number, b: number, c: number): number {
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

// ---------------------------------------------------------------------------
// log

// Constants of __log_data (hex-float in the comments; the decimal literals are
// the shortest round-trip representations, so they denote the same doubles).
const LN2HI = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const LN2LO = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
// poly: log1p(r) - r ~= A0 r^2 + A1 r^3 + ... + A4 r^6, |r| < 0x1.fp-9
const A0 = -0.5000000000000001; // -0x1.0000000000001p-1
const A1 = 0.33333333331825593; // 0x1.555555551305bp-2
const A2 = -0.2499999999622955; // -0x1.fffffffeb4590p-3
const A3 = 0.20000304511814496; // 0x1.999b324f10111p-3
const A4 = -0.16667054827627667; // -0x1.55575e506c89fp-3
// poly1: log1p(r) ~= r + B0 r^2 + ... + B10 r^12 for x in [1 - 0x1p-4, 1 + 0x1.09p-4)
const B0 = -0.5; // -0x1p-1
const B1 = 0.3333333333333352; // 0x1.5555555555577p-2
const B2 = -0.24999999999998432; // -0x1.ffffffffffdcbp-3
const B3 = 0.19999999999320328; // 0x1.999999995dd0cp-3
const B4 = -0.16666666669929706; // -0x1.55555556745a7p-3
const B5 = 0.14285715076560868; // 0x1.24924a344de30p-3
const B6 = -0.12499997863982555; // -0x1.fffffa4423d65p-4
const B7 = 0.11110712032936046; // 0x1.c7184282ad6cap-4
const B8 = -0.10000486757818193; // -0x1.999eb43b068ffp-4
const B9 = 0.09181994006195467; // 0x1.78182f7afd085p-4
const B10 = -0.08328363062289341; // -0x1.5521375d145cdp-4

/** __log_data.tab: {invc, logc} x 128 as (hi, lo) bit-pattern words. */
// prettier-ignore
const LOG_TAB = [
  0x3ff734f0, 0xc3e0de9f, 0xbfd7cc7f, 0x79e69000, // 0
  0x3ff71378, 0x6a2ce91f, 0xbfd76fee, 0xc20d0000, // 1
  0x3ff6f260, 0x08fab5a0, 0xbfd713e3, 0x1351e000, // 2
  0x3ff6d1a6, 0x1f138c7d, 0xbfd6b85b, 0x38287800, // 3
  0x3ff6b149, 0x0bc5b4d1, 0xbfd65d55, 0x90807800, // 4
  0x3ff69147, 0x332f0cba, 0xbfd602d0, 0x76180000, // 5
  0x3ff6719f, 0x18224223, 0xbfd5a8ca, 0x86909000, // 6
  0x3ff6524f, 0x99a51ed9, 0xbfd54f43, 0x56035000, // 7
  0x3ff63356, 0xaa8f24c4, 0xbfd4f637, 0xc36b4000, // 8
  0x3ff614b3, 0x6b9ddc14, 0xbfd49da7, 0xfda85000, // 9
  0x3ff5f664, 0x52c65c4c, 0xbfd44592, 0x3989a800, // 10
  0x3ff5d867, 0xb5912c4f, 0xbfd3edf4, 0x39b0b800, // 11
  0x3ff5babc, 0xcb5b90de, 0xbfd396ce, 0x448f7000, // 12
  0x3ff59d61, 0xf2d91a78, 0xbfd3401e, 0x17bda000, // 13
  0x3ff58056, 0x12465687, 0xbfd2e9e2, 0xef468000, // 14
  0x3ff56397, 0xcee76bd3, 0xbfd2941b, 0x3830e000, // 15
  0x3ff54725, 0xe2a77f93, 0xbfd23ec5, 0x8cda8800, // 16
  0x3ff52aff, 0x42064583, 0xbfd1e9e1, 0x29279000, // 17
  0x3ff50f22, 0xdbb2bddf, 0xbfd1956d, 0x2b48f800, // 18
  0x3ff4f38f, 0x4734ded7, 0xbfd14167, 0x9ab9f800, // 19
  0x3ff4d843, 0xcfde2840, 0xbfd0edd0, 0x94ef9800, // 20
  0x3ff4bd3e, 0xc078a3c8, 0xbfd09aa5, 0x18db1000, // 21
  0x3ff4a27f, 0xc3e0258a, 0xbfd047e6, 0x5263b800, // 22
  0x3ff48805, 0x24d48434, 0xbfcfeb22, 0x4586f000, // 23
  0x3ff46dce, 0x1b192d0b, 0xbfcf474a, 0x7517b000, // 24
  0x3ff453d9, 0xd3391854, 0xbfcea444, 0x3d103000, // 25
  0x3ff43a27, 0x44b4845a, 0xbfce020d, 0x44e9b000, // 26
  0x3ff420b5, 0x4115f8fb, 0xbfcd60a2, 0x2977f000, // 27
  0x3ff40782, 0xda3ef4b1, 0xbfccc001, 0x04959000, // 28
  0x3ff3ee8f, 0x5d57fe8f, 0xbfcc2029, 0x56891000, // 29
  0x3ff3d5d9, 0xa00b4ce9, 0xbfcb8117, 0x8d811000, // 30
  0x3ff3bd60, 0xc010c12b, 0xbfcae2c9, 0xccd3d000, // 31
  0x3ff3a524, 0x2b75dab8, 0xbfca4540, 0x2e129000, // 32
  0x3ff38d22, 0xcd9fd002, 0xbfc9a877, 0x681df000, // 33
  0x3ff3755b, 0xc5847a1c, 0xbfc90c6d, 0x69483000, // 34
  0x3ff35dce, 0x49ad36e2, 0xbfc87120, 0xa645c000, // 35
  0x3ff34679, 0x984dd440, 0xbfc7d68f, 0xb4143000, // 36
  0x3ff32f5c, 0xceffcb24, 0xbfc73cb8, 0x3c627000, // 37
  0x3ff31877, 0x75a10d49, 0xbfc6a39a, 0x9b376000, // 38
  0x3ff301c8, 0x373e3990, 0xbfc60b31, 0x54b7a000, // 39
  0x3ff2eb4e, 0xbb95f841, 0xbfc5737d, 0x76243000, // 40
  0x3ff2d50a, 0x0219a9d1, 0xbfc4dc7b, 0x8fc23000, // 41
  0x3ff2bef9, 0xa8b7fd2a, 0xbfc4462c, 0x51d20000, // 42
  0x3ff2a91c, 0x7a0c1bab, 0xbfc3b08a, 0xbc830000, // 43
  0x3ff29372, 0x6014b530, 0xbfc31b99, 0x6b490000, // 44
  0x3ff27dfa, 0x5757a1f5, 0xbfc28754, 0x90a44000, // 45
  0x3ff268b3, 0x9b1d3bbf, 0xbfc1f3b9, 0xf879a000, // 46
  0x3ff2539d, 0x838ff5bd, 0xbfc160c8, 0x252ca000, // 47
  0x3ff23eb7, 0xaac9083b, 0xbfc0ce7f, 0x57f72000, // 48
  0x3ff22a01, 0x2ba940b6, 0xbfc03cdc, 0x49fea000, // 49
  0x3ff21579, 0x96cc4132, 0xbfbf57bd, 0xbc4b8000, // 50
  0x3ff20120, 0x1dd2fc9b, 0xbfbe3708, 0x96404000, // 51
  0x3ff1ecf4, 0x494d480b, 0xbfbd1798, 0x3ef94000, // 52
  0x3ff1d8f5, 0x528f6569, 0xbfbbf967, 0x4ed8a000, // 53
  0x3ff1c523, 0x11577e7c, 0xbfbadc79, 0x202f6000, // 54
  0x3ff1b17c, 0x74cb26e9, 0xbfb9c0c3, 0xe7288000, // 55
  0x3ff19e01, 0x0c2c1ab6, 0xbfb8a646, 0xb372c000, // 56
  0x3ff18ab0, 0x7bb670bd, 0xbfb78d01, 0xb3ac0000, // 57
  0x3ff1778a, 0x25efbcb6, 0xbfb674f1, 0x45380000, // 58
  0x3ff1648d, 0x354c31da, 0xbfb55e0e, 0x6d878000, // 59
  0x3ff151b9, 0x90275fdd, 0xbfb4485c, 0xdea1e000, // 60
  0x3ff13f0e, 0xa432d24c, 0xbfb333d9, 0x4d6aa000, // 61
  0x3ff12c8b, 0x7210f9da, 0xbfb22079, 0xf8c56000, // 62
  0x3ff11a30, 0x28ecb531, 0xbfb10e46, 0x98622000, // 63
  0x3ff107fb, 0xda8434af, 0xbfaffa6c, 0x6ad20000, // 64
  0x3ff0f5ee, 0x0f4e6bb3, 0xbfadda8d, 0x4a774000, // 65
  0x3ff0e406, 0x5d2a9fce, 0xbfabbcec, 0xe4850000, // 66
  0x3ff0d244, 0x632ca521, 0xbfa9a189, 0x4012c000, // 67
  0x3ff0c0a7, 0x7ce2981a, 0xbfa78858, 0x3302c000, // 68
  0x3ff0af2f, 0x83c636d1, 0xbfa5715e, 0x67d68000, // 69
  0x3ff09ddb, 0x98a01339, 0xbfa35c8a, 0x49658000, // 70
  0x3ff08cab, 0xaf52e7df, 0xbfa149e3, 0x64154000, // 71
  0x3ff07b9f, 0x2f4e28fb, 0xbf9e72c0, 0x82eb8000, // 72
  0x3ff06ab5, 0x8c358f19, 0xbf9a55f1, 0x52528000, // 73
  0x3ff059ee, 0xa5ecf92c, 0xbf963d62, 0xcf818000, // 74
  0x3ff04949, 0xcdd12c90, 0xbf9228fb, 0x8caa0000, // 75
  0x3ff038c6, 0xc6f0ada9, 0xbf8c317b, 0x20f90000, // 76
  0x3ff02865, 0x137932a9, 0xbf841935, 0x5daa0000, // 77
  0x3ff01824, 0x27ea7348, 0xbf781203, 0xc2ec0000, // 78
  0x3ff00804, 0x0614b195, 0xbf600409, 0x79240000, // 79
  0x3fefe01f, 0xf726fa1a, 0x3f6feff3, 0x84900000, // 80
  0x3fefa11c, 0xc261ea74, 0x3f87dc41, 0x353d0000, // 81
  0x3fef6310, 0xb081992e, 0x3f93cea3, 0xc4c28000, // 82
  0x3fef25f6, 0x3ceeadcd, 0x3f9b9fc1, 0x14890000, // 83
  0x3feee9c8, 0x039113e7, 0x3fa1b0d8, 0xce110000, // 84
  0x3feeae80, 0x78cbb1ab, 0x3fa58a5b, 0xd001c000, // 85
  0x3fee741a, 0xa29d0c9b, 0x3fa95c83, 0x40d88000, // 86
  0x3fee3a91, 0x830a99b5, 0x3fad276a, 0xef578000, // 87
  0x3fee01e0, 0x09609a56, 0x3fb07598, 0xe598c000, // 88
  0x3fedca01, 0xe577bb98, 0x3fb253f5, 0xe30d2000, // 89
  0x3fed92f2, 0x0b7c9103, 0x3fb42edd, 0x8b380000, // 90
  0x3fed5cac, 0x66fb5cce, 0x3fb60659, 0x8757c000, // 91
  0x3fed272c, 0xaa5ede9d, 0x3fb7da76, 0x356a0000, // 92
  0x3fecf26e, 0x3e6b2ccd, 0x3fb9ab43, 0x4e1c6000, // 93
  0x3fecbe6d, 0xa2a77902, 0x3fbb78c7, 0xbb0d6000, // 94
  0x3fec8b26, 0x6d37086d, 0x3fbd4313, 0x32e72000, // 95
  0x3fec5894, 0xbd5d5804, 0x3fbf0a31, 0x71de6000, // 96
  0x3fec26b5, 0x33bb9f8c, 0x3fc06715, 0x2b914000, // 97
  0x3febf583, 0xeeece73f, 0x3fc14785, 0x8292b000, // 98
  0x3febc4fd, 0x75db96c1, 0x3fc2266e, 0xcdca3000, // 99
  0x3feb951e, 0x0c864a28, 0x3fc303d7, 0xa6c55000, // 100
  0x3feb65e2, 0xc5ef3e2c, 0x3fc3dfc3, 0x3c331000, // 101
  0x3feb3748, 0x67c9888b, 0x3fc4ba36, 0x6b7a8000, // 102
  0x3feb094b, 0x211d304a, 0x3fc59339, 0x28d1f000, // 103
  0x3feadbe8, 0x85f2ef7e, 0x3fc66acd, 0x2418f000, // 104
  0x3feaaf1d, 0x31603da2, 0x3fc740f8, 0xec669000, // 105
  0x3fea82e6, 0x3fd358a7, 0x3fc815c0, 0xf51af000, // 106
  0x3fea5740, 0xef09738b, 0x3fc8e929, 0x54f68000, // 107
  0x3fea2c2a, 0x90ab4b27, 0x3fc9bb36, 0x02f84000, // 108
  0x3fea01a0, 0x1393f2d1, 0x3fca8bed, 0x1c2c0000, // 109
  0x3fe9d79f, 0x24db3c1b, 0x3fcb5b51, 0x5c01d000, // 110
  0x3fe9ae25, 0x05c7b190, 0x3fcc2967, 0xccbcc000, // 111
  0x3fe9852e, 0xf297ce2f, 0x3fccf635, 0xd5486000, // 112
  0x3fe95cba, 0xeea44b75, 0x3fcdc1bd, 0x3446c000, // 113
  0x3fe934c6, 0x9de74838, 0x3fce8c01, 0xb8cfe000, // 114
  0x3fe90d4f, 0x2f6752e6, 0x3fcf5509, 0xc0179000, // 115
  0x3fe8e652, 0x8effd79d, 0x3fd00e6c, 0x121fb800, // 116
  0x3fe8bfce, 0x9fcc007c, 0x3fd071b8, 0x0e93d000, // 117
  0x3fe899c0, 0xdabec30e, 0x3fd0d46b, 0x9e867000, // 118
  0x3fe87427, 0xaa2317fb, 0x3fd13687, 0x334bd000, // 119
  0x3fe84f00, 0xacb39a08, 0x3fd1980d, 0x67234800, // 120
  0x3fe82a49, 0xe8653e55, 0x3fd1f8ff, 0xe0cc8000, // 121
  0x3fe80601, 0x95f40260, 0x3fd2595f, 0xd7636800, // 122
  0x3fe7e225, 0x63e0a329, 0x3fd2b930, 0x0914a800, // 123
  0x3fe7beb3, 0x77dcb5ad, 0x3fd31872, 0x10436000, // 124
  0x3fe79baa, 0x679725c2, 0x3fd37726, 0x6dec1800, // 125
  0x3fe77907, 0xf2170657, 0x3fd3d54f, 0xfbaf3000, // 126
  0x3fe756ca, 0xdbd6130c, 0x3fd432ee, 0xe32fe000, // 127
];

const LOG_INVC = new Float64Array(128);
const LOG_LOGC = new Float64Array(128);
const LOG_INVC_HI = new Float64Array(128); // Veltkamp split of invc
const LOG_INVC_LO = new Float64Array(128);
for (let i = 0; i < 128; i++) {
  const c = fromBits(LOG_TAB[4 * i], LOG_TAB[4 * i + 1]);
  LOG_INVC[i] = c;
  LOG_LOGC[i] = fromBits(LOG_TAB[4 * i + 2], LOG_TAB[4 * i + 3]);
  const t = SPLIT * c;
  LOG_INVC_HI[i] = t - (t - c);
  LOG_INVC_LO[i] = c - LOG_INVC_HI[i];
}

const TWO52 = 4503599627370496; // 2^52
const D_SCALE = 8.881784197001252e-16; // 2^-50
const D_SCALE2 = 1.7763568394002505e-15; // 2^-49
const D_R3 = 5 * 1.1102230246251565e-16; // 5 * 2^-53

/**
 * Natural logarithm, bit-identical to glibc 2.36's `log` (x86-64, FMA variant).
 * log(+-0) = -Infinity, log(x < 0) = NaN, log(NaN) = NaN, log(Infinity) = Infinity.
 */
export function log(x: number): number {
  f64[0] = x;
  const hx = u32[HI];
  // 1 - 0x1p-4 <= x < 1 + 0x1.09p-4: the dedicated near-1 polynomial.
  if (((hx - 0x3fee0000) >>> 0) < 0x30900) return logNear1(x);
  // x <= 0, subnormal, Infinity or NaN.
  if ((((hx >>> 16) - 0x0010) >>> 0) >= 0x7fe0) return logSpecial(x);
  return logMain(x, hx, 0);
}

function logSpecial(x: number): number {
  if (x === 0) return -Infinity; // glibc: __math_divzero(1)
  if (x === Infinity) return x;
  if (!(x > 0)) return NaN; // negative or NaN: __math_invalid
  // Subnormal: scale into the normal range and correct k (as glibc does).
  const xs = x * TWO52;
  f64[0] = xs;
  return logMain(xs, u32[HI], -52);
}

/** log(x * 2^kadj) for a positive normal x with high word hx (main path). */
function logMain(x: number, hx: number, kadj: number): number {
  // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); i = which of 128 subintervals.
  const tmp = (hx - 0x3fe60000) | 0;
  const i = (tmp >>> 13) & 127;
  const k = tmp >> 20;
  const z = x * POW2[POW2_OFF - k]; // exact
  const kd = k + kadj;
  const invc = LOG_INVC[i];
  const logc = LOG_LOGC[i];

  // r = fma(z, invc, -1.0), exactly: z*invc = p + pe, p - 1 is exact (Sterbenz),
  // and (p - 1) + pe then rounds the exact value once.
  const p = z * invc;
  const zt = SPLIT * z;
  const zh = zt - (zt - z);
  const zl = z - zh;
  const ch = LOG_INVC_HI[i];
  const cl = LOG_INVC_LO[i];
  const pe = zh * ch - p + zh * cl + zl * ch + zl * cl;
  const r = p - 1 + pe;

  // glibc: w = fma(kd, ln2hi, logc) (kd*ln2hi is exact, so = kd*ln2hi + logc)
  //        hi = w + r; lo = fma(kd, ln2lo, w - hi + r)
  //        y = fma(r*r2, fma(fma(r, A4, A3), r2, fma(r, A2, A1)), fma(r2, A0, lo)) + hi
  const w = kd * LN2HI + logc;
  const hi = w + r;
  const lo0 = w - hi + r;
  const pl = kd * LN2LO;
  const lo = lo0 + pl;
  const r2 = r * r;
  const y0 = lo + r2 * A0 + r * r2 * (A1 + r * A2 + r2 * (A3 + r * A4));
  // Bound on |y0 - glibc's y0| plus the rounding of y0 -+ d: each rounding, in
  // glibc's lo, u, y0 and in ours (kd*ln2lo, lo, r2*A0, u, r3*(...), y0), is at
  // most 2^-53 times its result; |lo| <= |lo0| + |kd ln2lo|, |u|, |y0| <=
  // |lo| + 0.51 r2, and the polynomial's errors are scaled by |r3| < 2^-24.
  // Total <= 2^-53 (8 |kd ln2lo| + 7 |lo0| + 3 r2) <= d.
  const d = (Math.abs(lo0) + Math.abs(pl)) * D_SCALE2 + r2 * D_SCALE;
  const a = hi + (y0 - d);
  if (a === hi + (y0 + d)) return a;
  return logMainSlow(hi, lo0, kd, r);
}

/** The main path's tail, with glibc's fused operations emulated exactly. */
function logMainSlow(hi: number, lo0: number, kd: number, r: number): number {
  const lo = fma(kd, LN2LO, lo0);
  const r2 = r * r;
  const t1 = fma(r, A2, A1);
  const t2 = fma(r, A4, A3);
  const u = fma(r2, A0, lo);
  const v = fma(t2, r2, t1);
  const y0 = fma(r * r2, v, u);
  return y0 + hi;
}

const TWO27 = 134217728; // 2^27

function logNear1(x: number): number {
  if (x === 1) return 0;
  const r = x - 1; // exact
  const r2 = r * r;
  const r3 = r * r2;
  // glibc: e = fma(fma(fma(r3, B10, fma(r2, B9, fma(r, B8, B7))), r3,
  //                    fma(r2, B6, fma(r, B5, B4))), r3, fma(r2, B3, fma(r, B2, B1)))
  const e =
    B1 + r * B2 + r2 * B3 + r3 * (B4 + r * B5 + r2 * B6 + r3 * (B7 + r * B8 + r2 * B9 + r3 * B10));
  // Split r = rhi + rlo, rhi with about 26 bits (glibc: t = fma(r, 2^27, r),
  // rhi = t - 2^27 r; the products by 2^27 are exact, so these are the same).
  const w = r * TWO27;
  const rhi = r + w - w;
  const rlo = r - rhi;
  // glibc: hi = fma(RN(rhi*rhi), B0, r), lo = fma(RN(rhi*rhi), B0, r - hi);
  // B0 = -0.5 makes the products exact, so plain operations give the same.
  const ww = rhi * rhi * B0;
  const hi = r + ww;
  const lo = r - hi + ww;
  const m = B0 * rlo * (rhi + r); // glibc: lo2 = fma(B0*rlo, rhi + r, lo)
  const lo2 = lo + m;
  const y = lo2 + r3 * e; // glibc: y = fma(r3, e, lo2); result hi + y
  // Bound on |y - glibc's y| plus the rounding of y -+ d: e differs from
  // glibc's by <= 2.2 * 2^-53 (|e| < 0.35), lo2 and y by their roundings.
  // Total <= 2^-53 (|m| + 5 |lo2| + 3.6 |r3|) <= d.
  const d = (Math.abs(m) + Math.abs(lo2)) * D_SCALE + Math.abs(r3) * D_R3;
  const a = hi + (y - d);
  if (a === hi + (y + d)) return a;
  return logNear1Slow(r, r2, r3, rhi, rlo, hi, lo);
}

function logNear1Slow(
  r: number,
  r2: number,
  r3: number,
  rhi: number,
  rlo: number,
  hi: number,
  lo: number,
): number {
  const a = fma(r2, B3, fma(r, B2, B1));
  const b = fma(r2, B6, fma(r, B5, B4));
  const c = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
  const e = fma(fma(c, r3, b), r3, a);
  const lo2 = fma(B0 * rlo, rhi + r, lo);
  return hi + fma(r3, e, lo2);
}

// ---------------------------------------------------------------------------
// exp

const INVLN2N = 184.6649652337873; // 0x1.71547652b82fep+7 = 128/ln2
const NEGLN2HIN = -0.005415212348111709; // -0x1.62e42fefa0000p-8
const NEGLN2LON = -1.2864023111638346e-14; // -0x1.cf79abc9e3b3ap-47
const SHIFT = 6755399441055744; // 0x1.8p52
const C2 = 0.49999999999996786; // 0x1.ffffffffffdbdp-2
const C3 = 0.16666666666665886; // 0x1.555555555543cp-3
const C4 = 0.0416666808410674; // 0x1.55555cf172b91p-5
const C5 = 0.008333335853059549; // 0x1.1111167a4d017p-7

/** __exp_data.tab: {tail, sbits} x 128 as (hi, lo) bit-pattern words. */
// prettier-ignore
const EXP_TAB = [
  0x00000000, 0x00000000, 0x3ff00000, 0x00000000, // 0
  0x3c9b3b4f, 0x1a88bf6e, 0x3feff63d, 0xa9fb3335, // 1
  0xbc716013, 0x9cd8dc5d, 0x3fefec9a, 0x3e778061, // 2
  0xbc905e7a, 0x108766d1, 0x3fefe315, 0xe86e7f85, // 3
  0x3c8cd252, 0x3567f613, 0x3fefd9b0, 0xd3158574, // 4
  0xbc8bce80, 0x23f98efa, 0x3fefd06b, 0x29ddf6de, // 5
  0x3c60f74e, 0x61e6c861, 0x3fefc745, 0x18759bc8, // 6
  0x3c90a3e4, 0x5b33d399, 0x3fefbe3e, 0xcac6f383, // 7
  0x3c979aa6, 0x5d837b6d, 0x3fefb558, 0x6cf9890f, // 8
  0x3c8eb51a, 0x92fdeffc, 0x3fefac92, 0x2b7247f7, // 9
  0x3c3ebe3d, 0x702f9cd1, 0x3fefa3ec, 0x32d3d1a2, // 10
  0xbc6a0334, 0x89906e0b, 0x3fef9b66, 0xaffed31b, // 11
  0xbc955652, 0x2a2fbd0e, 0x3fef9301, 0xd0125b51, // 12
  0xbc5080ef, 0x8c4eea55, 0x3fef8abd, 0xc06c31cc, // 13
  0xbc91c923, 0xb9d5f416, 0x3fef829a, 0xaea92de0, // 14
  0x3c80d3e3, 0xe95c55af, 0x3fef7a98, 0xc8a58e51, // 15
  0xbc801b15, 0xeaa59348, 0x3fef72b8, 0x3c7d517b, // 16
  0xbc8f1ff0, 0x55de323d, 0x3fef6af9, 0x388c8dea, // 17
  0x3c8b898c, 0x3f1353bf, 0x3fef635b, 0xeb6fcb75, // 18
  0xbc96d99c, 0x7611eb26, 0x3fef5be0, 0x84045cd4, // 19
  0x3c9aecf7, 0x3e3a2f60, 0x3fef5487, 0x3168b9aa, // 20
  0xbc8fe782, 0xcb86389d, 0x3fef4d50, 0x22fcd91d, // 21
  0x3c8a6f41, 0x44a6c38d, 0x3fef463b, 0x88628cd6, // 22
  0x3c807a05, 0xb0e4047d, 0x3fef3f49, 0x917ddc96, // 23
  0x3c968efd, 0xe3a8a894, 0x3fef387a, 0x6e756238, // 24
  0x3c875e18, 0xf274487d, 0x3fef31ce, 0x4fb2a63f, // 25
  0x3c80472b, 0x981fe7f2, 0x3fef2b45, 0x65e27cdd, // 26
  0xbc96b87b, 0x3f71085e, 0x3fef24df, 0xe1f56381, // 27
  0x3c82f7e1, 0x6d09ab31, 0x3fef1e9d, 0xf51fdee1, // 28
  0xbc3d219b, 0x1a6fbffa, 0x3fef187f, 0xd0dad990, // 29
  0x3c8b3782, 0x720c0ab4, 0x3fef1285, 0xa6e4030b, // 30
  0x3c6e1492, 0x89cecb8f, 0x3fef0caf, 0xa93e2f56, // 31
  0x3c834d75, 0x4db0abb6, 0x3fef06fe, 0x0a31b715, // 32
  0x3c864201, 0xe2ac744c, 0x3fef0170, 0xfc4cd831, // 33
  0x3c8fdd39, 0x5dd3f84a, 0x3feefc08, 0xb26416ff, // 34
  0xbc86a380, 0x3b8e5b04, 0x3feef6c5, 0x5f929ff1, // 35
  0xbc924aed, 0xcc4b5068, 0x3feef1a7, 0x373aa9cb, // 36
  0xbc9907f8, 0x1b512d8e, 0x3feeecae, 0x6d05d866, // 37
  0xbc71d1e8, 0x3e9436d2, 0x3feee7db, 0x34e59ff7, // 38
  0xbc991919, 0xb3ce1b15, 0x3feee32d, 0xc313a8e5, // 39
  0x3c859f48, 0xa72a4c6d, 0x3feedea6, 0x4c123422, // 40
  0xbc931260, 0x7a28698a, 0x3feeda45, 0x04ac801c, // 41
  0xbc58a78f, 0x4817895b, 0x3feed60a, 0x21f72e2a, // 42
  0xbc7c2c9b, 0x67499a1b, 0x3feed1f5, 0xd950a897, // 43
  0x3c4363ed, 0x60c2ac11, 0x3feece08, 0x6061892d, // 44
  0x3c966609, 0x3b0664ef, 0x3feeca41, 0xed1d0057, // 45
  0x3c6ecce1, 0xdaa10379, 0x3feec6a2, 0xb5c13cd0, // 46
  0x3c93ff8e, 0x3f0f1230, 0x3feec32a, 0xf0d7d3de, // 47
  0x3c7690ce, 0xbb7aafb0, 0x3feebfda, 0xd5362a27, // 48
  0x3c931dbd, 0xeb54e077, 0x3feebcb2, 0x99fddd0d, // 49
  0xbc8f9434, 0x0071a38e, 0x3feeb9b2, 0x769d2ca7, // 50
  0xbc87decc, 0xdc93a349, 0x3feeb6da, 0xa2cf6642, // 51
  0xbc78dec6, 0xbd0f385f, 0x3feeb42b, 0x569d4f82, // 52
  0xbc861246, 0xec7b5cf6, 0x3feeb1a4, 0xca5d920f, // 53
  0x3c933505, 0x18fdd78e, 0x3feeaf47, 0x36b527da, // 54
  0x3c7b98b7, 0x2f8a9b05, 0x3feead12, 0xd497c7fd, // 55
  0x3c9063e1, 0xe21c5409, 0x3feeab07, 0xdd485429, // 56
  0x3c34c785, 0x5019c6ea, 0x3feea926, 0x8a5946b7, // 57
  0x3c9432e6, 0x2b64c035, 0x3feea76f, 0x15ad2148, // 58
  0xbc8ce44a, 0x6199769f, 0x3feea5e1, 0xb976dc09, // 59
  0xbc8c33c5, 0x3bef4da8, 0x3feea47e, 0xb03a5585, // 60
  0xbc845378, 0x892be9ae, 0x3feea346, 0x34ccc320, // 61
  0xbc93cedd, 0x78565858, 0x3feea238, 0x82552225, // 62
  0x3c5710aa, 0x807e1964, 0x3feea155, 0xd44ca973, // 63
  0xbc93b3ef, 0xbf5e2228, 0x3feea09e, 0x667f3bcd, // 64
  0xbc6a12ad, 0x8734b982, 0x3feea012, 0x750bdabf, // 65
  0xbc6367ef, 0xb86da9ee, 0x3fee9fb2, 0x3c651a2f, // 66
  0xbc80dc3d, 0x54e08851, 0x3fee9f7d, 0xf9519484, // 67
  0xbc781f64, 0x7e5a3ecf, 0x3fee9f75, 0xe8ec5f74, // 68
  0xbc86ee4a, 0xc08b7db0, 0x3fee9f9a, 0x48a58174, // 69
  0xbc861932, 0x1e55e68a, 0x3fee9feb, 0x564267c9, // 70
  0x3c909ccb, 0x5e09d4d3, 0x3feea069, 0x4fde5d3f, // 71
  0xbc7b32dc, 0xb94da51d, 0x3feea114, 0x73eb0187, // 72
  0x3c94ecfd, 0x5467c06b, 0x3feea1ed, 0x0130c132, // 73
  0x3c65ebe1, 0xabd66c55, 0x3feea2f3, 0x36cf4e62, // 74
  0xbc88a1c5, 0x2fb3cf42, 0x3feea427, 0x543e1a12, // 75
  0xbc9369b6, 0xf13b3734, 0x3feea589, 0x994cce13, // 76
  0xbc805e84, 0x3a19ff1e, 0x3feea71a, 0x4623c7ad, // 77
  0xbc94d450, 0xd872576e, 0x3feea8d9, 0x9b4492ed, // 78
  0x3c90ad67, 0x5b0e8a00, 0x3feeaac7, 0xd98a6699, // 79
  0x3c8db72f, 0xc1f0eab4, 0x3feeace5, 0x422aa0db, // 80
  0xbc65b660, 0x9cc5e7ff, 0x3feeaf32, 0x16b5448c, // 81
  0x3c7bf683, 0x59f35f44, 0x3feeb1ae, 0x99157736, // 82
  0xbc93091f, 0xa71e3d83, 0x3feeb45b, 0x0b91ffc6, // 83
  0xbc5da9b8, 0x8b6c1e29, 0x3feeb737, 0xb0cdc5e5, // 84
  0xbc6c23f9, 0x7c90b959, 0x3feeba44, 0xcbc8520f, // 85
  0xbc924343, 0x22f4f9aa, 0x3feebd82, 0x9fde4e50, // 86
  0xbc85ca6c, 0xd7668e4b, 0x3feec0f1, 0x70ca07ba, // 87
  0x3c71affc, 0x2b91ce27, 0x3feec491, 0x82a3f090, // 88
  0x3c6dd235, 0xe10a73bb, 0x3feec863, 0x19e32323, // 89
  0xbc87c504, 0x22622263, 0x3feecc66, 0x7b5de565, // 90
  0x3c8b1c86, 0xe3e231d5, 0x3feed09b, 0xec4a2d33, // 91
  0xbc91bbd1, 0xd3bcbb15, 0x3feed503, 0xb23e255d, // 92
  0x3c90cc31, 0x9cee31d2, 0x3feed99e, 0x1330b358, // 93
  0x3c846984, 0x6e735ab3, 0x3feede6b, 0x5579fdbf, // 94
  0xbc82dfcd, 0x978e9db4, 0x3feee36b, 0xbfd3f37a, // 95
  0x3c8c1a77, 0x92cb3387, 0x3feee89f, 0x995ad3ad, // 96
  0xbc907b8f, 0x4ad1d9fa, 0x3feeee07, 0x298db666, // 97
  0xbc55c3d9, 0x56dcaeba, 0x3feef3a2, 0xb84f15fb, // 98
  0xbc90a40e, 0x3da6f640, 0x3feef972, 0x8de5593a, // 99
  0xbc68d6f4, 0x38ad9334, 0x3feeff76, 0xf2fb5e47, // 100
  0xbc91eee2, 0x6b588a35, 0x3fef05b0, 0x30a1064a, // 101
  0x3c74ffd7, 0x0a5fddcd, 0x3fef0c1e, 0x904bc1d2, // 102
  0xbc91bdfb, 0xfa9298ac, 0x3fef12c2, 0x5bd71e09, // 103
  0x3c736eae, 0x30af0cb3, 0x3fef199b, 0xdd85529c, // 104
  0x3c8ee332, 0x5c9ffd94, 0x3fef20ab, 0x5fffd07a, // 105
  0x3c84e08f, 0xd10959ac, 0x3fef27f1, 0x2e57d14b, // 106
  0x3c63cdaf, 0x384e1a67, 0x3fef2f6d, 0x9406e7b5, // 107
  0x3c676b2c, 0x6c921968, 0x3fef3720, 0xdcef9069, // 108
  0xbc808a18, 0x83ccb5d2, 0x3fef3f0b, 0x555dc3fa, // 109
  0xbc8fad5d, 0x3ffffa6f, 0x3fef472d, 0x4a07897c, // 110
  0xbc900dae, 0x3875a949, 0x3fef4f87, 0x080d89f2, // 111
  0x3c74a385, 0xa63d07a7, 0x3fef5818, 0xdcfba487, // 112
  0xbc82919e, 0x2040220f, 0x3fef60e3, 0x16c98398, // 113
  0x3c8e5a50, 0xd5c192ac, 0x3fef69e6, 0x03db3285, // 114
  0x3c843a59, 0xac016b4b, 0x3fef7321, 0xf301b460, // 115
  0xbc82d521, 0x07b43e1f, 0x3fef7c97, 0x337b9b5f, // 116
  0xbc892ab9, 0x3b470dc9, 0x3fef8646, 0x14f5a129, // 117
  0x3c74b604, 0x603a88d3, 0x3fef902e, 0xe78b3ff6, // 118
  0x3c83c5ec, 0x519d7271, 0x3fef9a51, 0xfbc74c83, // 119
  0xbc8ff712, 0x8fd391f0, 0x3fefa4af, 0xa2a490da, // 120
  0xbc8dae98, 0xe223747d, 0x3fefaf48, 0x2d8e67f1, // 121
  0x3c8ec3bc, 0x41aa2008, 0x3fefba1b, 0xee615a27, // 122
  0x3c842b94, 0xc3a9eb32, 0x3fefc52b, 0x376bba97, // 123
  0x3c8a64a9, 0x31d185ee, 0x3fefd076, 0x5b6e4540, // 124
  0xbc8e37ba, 0xe43be3ed, 0x3fefdbfd, 0xad9cbe14, // 125
  0x3c77893b, 0x4d91cd9d, 0x3fefe7c1, 0x819e90d8, // 126
  0x3c5305c1, 0x4160cc89, 0x3feff3c2, 0x2b8f71f1, // 127
];

const EXP_TAIL = new Float64Array(128);
const EXP_H = new Float64Array(128); // H[k] = RN(2^(k/128)) = asdouble(sbits + (k << 45))
for (let k = 0; k < 128; k++) {
  EXP_TAIL[k] = fromBits(EXP_TAB[4 * k], EXP_TAB[4 * k + 1]);
  EXP_H[k] = fromBits((EXP_TAB[4 * k + 2] + (k << 13)) >>> 0, EXP_TAB[4 * k + 3]);
}

const TWOM54 = 5.551115123125783e-17; // 2^-54
const TWO1009 = POW2[POW2_OFF + 1009];
const TWOM1022 = POW2[POW2_OFF - 1022];
const D_EXP = 12 * 1.1102230246251565e-16; // 12 * 2^-53
const D_EXP_FLOOR = 9.313225746154785e-10; // 2^-30

/**
 * e^x, bit-identical to glibc 2.36's `exp` (x86-64, FMA variant).
 * exp(-Infinity) = 0, exp(Infinity) = Infinity, exp(NaN) = NaN; overflows to
 * Infinity for x > 709.782712893384, underflows through the subnormals to 0.
 */
export function exp(x: number): number {
  const ax = Math.abs(x);
  // Fast path for results in the normal range (|kd| < 2^17 below).
  if (!(ax >= TWOM54 && x < 709.7 && x > -708.39)) return expSpecial(x);
  // exp(x) = 2^(k/128) exp(r), x = k ln2/128 + r, |r| <= ln2/256.
  const z = INVLN2N * x;
  const kd = z + SHIFT - SHIFT; // round to nearest integer
  // glibc rounds the exact product (fma(x, invln2N, shift)); the rounded z
  // picks the same integer unless z is within ~1e-11 of a half-integer.
  const dz = z - kd;
  if (dz > 0.4999 || dz < -0.4999) return expSlow(x);
  const r1 = x + kd * NEGLN2HIN; // exact (the product too, as |kd| < 2^17)
  const pl = kd * NEGLN2LON; // glibc: r = fma(kd, negln2loN, r1)
  const r = r1 + pl;
  const idx = kd & 127;
  const r2 = r * r;
  // glibc: tmp = fma(r2*r2, fma(r, C5, C4), fma(fma(r, C3, C2), r2, tail + r))
  const tmp = EXP_TAIL[idx] + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5);
  // |tmp - glibc's tmp| plus the rounding of tmp -+ d and of scale * (tmp -+ d),
  // relative to scale: r differs from glibc's by <= 2^-53 (2|r| + |kd negln2loN|),
  // glibc's and our roundings of tail + r, of the r^2 term sum and of tmp are
  // each <= 2^-53 1.003 |r| (+ 2^-106), the higher terms' are O(2^-53 r^2).
  // Total <= 2^-53 (10.2 |r| + |kd negln2loN| + 2^-49) <= d, so
  // RN(scale + scale * (tmp - d)) <= glibc's result <= RN(scale + scale * (tmp + d)).
  const d = (Math.abs(r) + D_EXP_FLOOR) * D_EXP;
  if (x > -512) {
    // glibc: fma(scale, tmp, scale) (for x >= 512 scaled by 2^-1009 and back).
    const scale = EXP_H[idx] * POW2[POW2_OFF + (kd >> 7)]; // = asdouble(sbits), exact
    const a = scale + scale * (tmp - d);
    if (a === scale + scale * (tmp + d)) return a;
  } else {
    // glibc's specialcase for k < 0: y = scale' + scale' * tmp (not fused),
    // scale' = scale * 2^1022, and y * 2^-1022 when y >= 1 (normal result).
    const scale = EXP_H[idx] * POW2[POW2_OFF + (kd >> 7) + 1022];
    const a = scale + scale * (tmp - d);
    if (a === scale + scale * (tmp + d) && a >= 1) return a * TWOM1022;
  }
  return expSlow(x);
}

function expSpecial(x: number): number {
  const ax = Math.abs(x);
  if (ax !== ax) return x + 1; // NaN
  if (ax < TWOM54) return 1 + x; // tiny (and +-0): 1
  if (ax >= 1024) {
    if (x === -Infinity) return 0;
    if (x === Infinity) return x;
    return x < 0 ? 0 : Infinity; // __math_uflow(0) / __math_oflow(0)
  }
  return expSlow(x); // 709.7 <= x < 1024 or -1024 < x <= -708.39
}

/** glibc's exp for 2^-54 <= |x| < 1024 with every fused operation emulated. */
function expSlow(x: number): number {
  const kd = fma(x, INVLN2N, SHIFT) - SHIFT;
  const r1 = fma(kd, NEGLN2HIN, x);
  const r = fma(kd, NEGLN2LON, r1);
  const idx = kd & 127;
  const e = kd >> 7; // floor(k / 128)
  const t1 = fma(r, C3, C2);
  const tt = EXP_TAIL[idx] + r;
  const r2 = r * r;
  const t2 = fma(r, C5, C4);
  const a = fma(t1, r2, tt);
  const tmp = fma(r2 * r2, t2, a);
  const h = EXP_H[idx];
  if (Math.abs(x) < 512) {
    const scale = h * POW2[POW2_OFF + e];
    return fma(scale, tmp, scale);
  }
  // glibc's specialcase(): 512 <= |x| < 1024.
  if (kd >= 0) {
    // The exponent of scale may overflow: compute with scale / 2^1009.
    const scale = h * POW2[POW2_OFF + e - 1009];
    return TWO1009 * fma(scale, tmp, scale); // may overflow to Infinity
  }
  // k < 0: the result may be subnormal; round once at the right precision.
  const scale = h * POW2[POW2_OFF + e + 1022];
  const p = scale * tmp; // not fused in glibc's code here
  let y = scale + p;
  if (y < 1) {
    const hi1 = 1 + y;
    let lo1 = scale - y + p;
    lo1 = 1 - hi1 + y + lo1;
    y = hi1 + lo1 - 1;
    if (y === 0) y = 0;
  }
  return TWOM1022 * y;
}
