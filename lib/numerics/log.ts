/**
 * glibc's `log` for doubles, bit for bit (see libm.ts for how and why): a
 * fast path with an error bound, and a slow path that replays glibc's fused
 * operations with an emulated fma.
 */
import { f64, fromBits, HI, POW2, POW2_OFF, SPLIT, u32 } from "./bits";
import { fmaInRange as fma } from "./fma";

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
export const LOG_TAB: readonly number[] = [
  0x3ff734f0,
  0xc3e0de9f,
  0xbfd7cc7f,
  0x79e69000, // 0
  0x3ff71378,
  0x6a2ce91f,
  0xbfd76fee,
  0xc20d0000, // 1
  0x3ff6f260,
  0x08fab5a0,
  0xbfd713e3,
  0x1351e000, // 2
  0x3ff6d1a6,
  0x1f138c7d,
  0xbfd6b85b,
  0x38287800, // 3
  0x3ff6b149,
  0x0bc5b4d1,
  0xbfd65d55,
  0x90807800, // 4
  0x3ff69147,
  0x332f0cba,
  0xbfd602d0,
  0x76180000, // 5
  0x3ff6719f,
  0x18224223,
  0xbfd5a8ca,
  0x86909000, // 6
  0x3ff6524f,
  0x99a51ed9,
  0xbfd54f43,
  0x56035000, // 7
  0x3ff63356,
  0xaa8f24c4,
  0xbfd4f637,
  0xc36b4000, // 8
  0x3ff614b3,
  0x6b9ddc14,
  0xbfd49da7,
  0xfda85000, // 9
  0x3ff5f664,
  0x52c65c4c,
  0xbfd44592,
  0x3989a800, // 10
  0x3ff5d867,
  0xb5912c4f,
  0xbfd3edf4,
  0x39b0b800, // 11
  0x3ff5babc,
  0xcb5b90de,
  0xbfd396ce,
  0x448f7000, // 12
  0x3ff59d61,
  0xf2d91a78,
  0xbfd3401e,
  0x17bda000, // 13
  0x3ff58056,
  0x12465687,
  0xbfd2e9e2,
  0xef468000, // 14
  0x3ff56397,
  0xcee76bd3,
  0xbfd2941b,
  0x3830e000, // 15
  0x3ff54725,
  0xe2a77f93,
  0xbfd23ec5,
  0x8cda8800, // 16
  0x3ff52aff,
  0x42064583,
  0xbfd1e9e1,
  0x29279000, // 17
  0x3ff50f22,
  0xdbb2bddf,
  0xbfd1956d,
  0x2b48f800, // 18
  0x3ff4f38f,
  0x4734ded7,
  0xbfd14167,
  0x9ab9f800, // 19
  0x3ff4d843,
  0xcfde2840,
  0xbfd0edd0,
  0x94ef9800, // 20
  0x3ff4bd3e,
  0xc078a3c8,
  0xbfd09aa5,
  0x18db1000, // 21
  0x3ff4a27f,
  0xc3e0258a,
  0xbfd047e6,
  0x5263b800, // 22
  0x3ff48805,
  0x24d48434,
  0xbfcfeb22,
  0x4586f000, // 23
  0x3ff46dce,
  0x1b192d0b,
  0xbfcf474a,
  0x7517b000, // 24
  0x3ff453d9,
  0xd3391854,
  0xbfcea444,
  0x3d103000, // 25
  0x3ff43a27,
  0x44b4845a,
  0xbfce020d,
  0x44e9b000, // 26
  0x3ff420b5,
  0x4115f8fb,
  0xbfcd60a2,
  0x2977f000, // 27
  0x3ff40782,
  0xda3ef4b1,
  0xbfccc001,
  0x04959000, // 28
  0x3ff3ee8f,
  0x5d57fe8f,
  0xbfcc2029,
  0x56891000, // 29
  0x3ff3d5d9,
  0xa00b4ce9,
  0xbfcb8117,
  0x8d811000, // 30
  0x3ff3bd60,
  0xc010c12b,
  0xbfcae2c9,
  0xccd3d000, // 31
  0x3ff3a524,
  0x2b75dab8,
  0xbfca4540,
  0x2e129000, // 32
  0x3ff38d22,
  0xcd9fd002,
  0xbfc9a877,
  0x681df000, // 33
  0x3ff3755b,
  0xc5847a1c,
  0xbfc90c6d,
  0x69483000, // 34
  0x3ff35dce,
  0x49ad36e2,
  0xbfc87120,
  0xa645c000, // 35
  0x3ff34679,
  0x984dd440,
  0xbfc7d68f,
  0xb4143000, // 36
  0x3ff32f5c,
  0xceffcb24,
  0xbfc73cb8,
  0x3c627000, // 37
  0x3ff31877,
  0x75a10d49,
  0xbfc6a39a,
  0x9b376000, // 38
  0x3ff301c8,
  0x373e3990,
  0xbfc60b31,
  0x54b7a000, // 39
  0x3ff2eb4e,
  0xbb95f841,
  0xbfc5737d,
  0x76243000, // 40
  0x3ff2d50a,
  0x0219a9d1,
  0xbfc4dc7b,
  0x8fc23000, // 41
  0x3ff2bef9,
  0xa8b7fd2a,
  0xbfc4462c,
  0x51d20000, // 42
  0x3ff2a91c,
  0x7a0c1bab,
  0xbfc3b08a,
  0xbc830000, // 43
  0x3ff29372,
  0x6014b530,
  0xbfc31b99,
  0x6b490000, // 44
  0x3ff27dfa,
  0x5757a1f5,
  0xbfc28754,
  0x90a44000, // 45
  0x3ff268b3,
  0x9b1d3bbf,
  0xbfc1f3b9,
  0xf879a000, // 46
  0x3ff2539d,
  0x838ff5bd,
  0xbfc160c8,
  0x252ca000, // 47
  0x3ff23eb7,
  0xaac9083b,
  0xbfc0ce7f,
  0x57f72000, // 48
  0x3ff22a01,
  0x2ba940b6,
  0xbfc03cdc,
  0x49fea000, // 49
  0x3ff21579,
  0x96cc4132,
  0xbfbf57bd,
  0xbc4b8000, // 50
  0x3ff20120,
  0x1dd2fc9b,
  0xbfbe3708,
  0x96404000, // 51
  0x3ff1ecf4,
  0x494d480b,
  0xbfbd1798,
  0x3ef94000, // 52
  0x3ff1d8f5,
  0x528f6569,
  0xbfbbf967,
  0x4ed8a000, // 53
  0x3ff1c523,
  0x11577e7c,
  0xbfbadc79,
  0x202f6000, // 54
  0x3ff1b17c,
  0x74cb26e9,
  0xbfb9c0c3,
  0xe7288000, // 55
  0x3ff19e01,
  0x0c2c1ab6,
  0xbfb8a646,
  0xb372c000, // 56
  0x3ff18ab0,
  0x7bb670bd,
  0xbfb78d01,
  0xb3ac0000, // 57
  0x3ff1778a,
  0x25efbcb6,
  0xbfb674f1,
  0x45380000, // 58
  0x3ff1648d,
  0x354c31da,
  0xbfb55e0e,
  0x6d878000, // 59
  0x3ff151b9,
  0x90275fdd,
  0xbfb4485c,
  0xdea1e000, // 60
  0x3ff13f0e,
  0xa432d24c,
  0xbfb333d9,
  0x4d6aa000, // 61
  0x3ff12c8b,
  0x7210f9da,
  0xbfb22079,
  0xf8c56000, // 62
  0x3ff11a30,
  0x28ecb531,
  0xbfb10e46,
  0x98622000, // 63
  0x3ff107fb,
  0xda8434af,
  0xbfaffa6c,
  0x6ad20000, // 64
  0x3ff0f5ee,
  0x0f4e6bb3,
  0xbfadda8d,
  0x4a774000, // 65
  0x3ff0e406,
  0x5d2a9fce,
  0xbfabbcec,
  0xe4850000, // 66
  0x3ff0d244,
  0x632ca521,
  0xbfa9a189,
  0x4012c000, // 67
  0x3ff0c0a7,
  0x7ce2981a,
  0xbfa78858,
  0x3302c000, // 68
  0x3ff0af2f,
  0x83c636d1,
  0xbfa5715e,
  0x67d68000, // 69
  0x3ff09ddb,
  0x98a01339,
  0xbfa35c8a,
  0x49658000, // 70
  0x3ff08cab,
  0xaf52e7df,
  0xbfa149e3,
  0x64154000, // 71
  0x3ff07b9f,
  0x2f4e28fb,
  0xbf9e72c0,
  0x82eb8000, // 72
  0x3ff06ab5,
  0x8c358f19,
  0xbf9a55f1,
  0x52528000, // 73
  0x3ff059ee,
  0xa5ecf92c,
  0xbf963d62,
  0xcf818000, // 74
  0x3ff04949,
  0xcdd12c90,
  0xbf9228fb,
  0x8caa0000, // 75
  0x3ff038c6,
  0xc6f0ada9,
  0xbf8c317b,
  0x20f90000, // 76
  0x3ff02865,
  0x137932a9,
  0xbf841935,
  0x5daa0000, // 77
  0x3ff01824,
  0x27ea7348,
  0xbf781203,
  0xc2ec0000, // 78
  0x3ff00804,
  0x0614b195,
  0xbf600409,
  0x79240000, // 79
  0x3fefe01f,
  0xf726fa1a,
  0x3f6feff3,
  0x84900000, // 80
  0x3fefa11c,
  0xc261ea74,
  0x3f87dc41,
  0x353d0000, // 81
  0x3fef6310,
  0xb081992e,
  0x3f93cea3,
  0xc4c28000, // 82
  0x3fef25f6,
  0x3ceeadcd,
  0x3f9b9fc1,
  0x14890000, // 83
  0x3feee9c8,
  0x039113e7,
  0x3fa1b0d8,
  0xce110000, // 84
  0x3feeae80,
  0x78cbb1ab,
  0x3fa58a5b,
  0xd001c000, // 85
  0x3fee741a,
  0xa29d0c9b,
  0x3fa95c83,
  0x40d88000, // 86
  0x3fee3a91,
  0x830a99b5,
  0x3fad276a,
  0xef578000, // 87
  0x3fee01e0,
  0x09609a56,
  0x3fb07598,
  0xe598c000, // 88
  0x3fedca01,
  0xe577bb98,
  0x3fb253f5,
  0xe30d2000, // 89
  0x3fed92f2,
  0x0b7c9103,
  0x3fb42edd,
  0x8b380000, // 90
  0x3fed5cac,
  0x66fb5cce,
  0x3fb60659,
  0x8757c000, // 91
  0x3fed272c,
  0xaa5ede9d,
  0x3fb7da76,
  0x356a0000, // 92
  0x3fecf26e,
  0x3e6b2ccd,
  0x3fb9ab43,
  0x4e1c6000, // 93
  0x3fecbe6d,
  0xa2a77902,
  0x3fbb78c7,
  0xbb0d6000, // 94
  0x3fec8b26,
  0x6d37086d,
  0x3fbd4313,
  0x32e72000, // 95
  0x3fec5894,
  0xbd5d5804,
  0x3fbf0a31,
  0x71de6000, // 96
  0x3fec26b5,
  0x33bb9f8c,
  0x3fc06715,
  0x2b914000, // 97
  0x3febf583,
  0xeeece73f,
  0x3fc14785,
  0x8292b000, // 98
  0x3febc4fd,
  0x75db96c1,
  0x3fc2266e,
  0xcdca3000, // 99
  0x3feb951e,
  0x0c864a28,
  0x3fc303d7,
  0xa6c55000, // 100
  0x3feb65e2,
  0xc5ef3e2c,
  0x3fc3dfc3,
  0x3c331000, // 101
  0x3feb3748,
  0x67c9888b,
  0x3fc4ba36,
  0x6b7a8000, // 102
  0x3feb094b,
  0x211d304a,
  0x3fc59339,
  0x28d1f000, // 103
  0x3feadbe8,
  0x85f2ef7e,
  0x3fc66acd,
  0x2418f000, // 104
  0x3feaaf1d,
  0x31603da2,
  0x3fc740f8,
  0xec669000, // 105
  0x3fea82e6,
  0x3fd358a7,
  0x3fc815c0,
  0xf51af000, // 106
  0x3fea5740,
  0xef09738b,
  0x3fc8e929,
  0x54f68000, // 107
  0x3fea2c2a,
  0x90ab4b27,
  0x3fc9bb36,
  0x02f84000, // 108
  0x3fea01a0,
  0x1393f2d1,
  0x3fca8bed,
  0x1c2c0000, // 109
  0x3fe9d79f,
  0x24db3c1b,
  0x3fcb5b51,
  0x5c01d000, // 110
  0x3fe9ae25,
  0x05c7b190,
  0x3fcc2967,
  0xccbcc000, // 111
  0x3fe9852e,
  0xf297ce2f,
  0x3fccf635,
  0xd5486000, // 112
  0x3fe95cba,
  0xeea44b75,
  0x3fcdc1bd,
  0x3446c000, // 113
  0x3fe934c6,
  0x9de74838,
  0x3fce8c01,
  0xb8cfe000, // 114
  0x3fe90d4f,
  0x2f6752e6,
  0x3fcf5509,
  0xc0179000, // 115
  0x3fe8e652,
  0x8effd79d,
  0x3fd00e6c,
  0x121fb800, // 116
  0x3fe8bfce,
  0x9fcc007c,
  0x3fd071b8,
  0x0e93d000, // 117
  0x3fe899c0,
  0xdabec30e,
  0x3fd0d46b,
  0x9e867000, // 118
  0x3fe87427,
  0xaa2317fb,
  0x3fd13687,
  0x334bd000, // 119
  0x3fe84f00,
  0xacb39a08,
  0x3fd1980d,
  0x67234800, // 120
  0x3fe82a49,
  0xe8653e55,
  0x3fd1f8ff,
  0xe0cc8000, // 121
  0x3fe80601,
  0x95f40260,
  0x3fd2595f,
  0xd7636800, // 122
  0x3fe7e225,
  0x63e0a329,
  0x3fd2b930,
  0x0914a800, // 123
  0x3fe7beb3,
  0x77dcb5ad,
  0x3fd31872,
  0x10436000, // 124
  0x3fe79baa,
  0x679725c2,
  0x3fd37726,
  0x6dec1800, // 125
  0x3fe77907,
  0xf2170657,
  0x3fd3d54f,
  0xfbaf3000, // 126
  0x3fe756ca,
  0xdbd6130c,
  0x3fd432ee,
  0xe32fe000, // 127
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
  if ((hx - 0x3fee0000) >>> 0 < 0x30900) return logNear1(x);
  // x <= 0, subnormal, Infinity or NaN.
  if (((hx >>> 16) - 0x0010) >>> 0 >= 0x7fe0) return logSpecial(x);
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
  const e = B1 + r * B2 + r2 * B3 + r3 * (B4 + r * B5 + r2 * B6 + r3 * (B7 + r * B8 + r2 * B9 + r3 * B10));
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

function logNear1Slow(r: number, r2: number, r3: number, rhi: number, rlo: number, hi: number, lo: number): number {
  const a = fma(r2, B3, fma(r, B2, B1));
  const b = fma(r2, B6, fma(r, B5, B4));
  const c = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
  const e = fma(fma(c, r3, b), r3, a);
  const lo2 = fma(B0 * rlo, rhi + r, lo);
  return hi + fma(r3, e, lo2);
}
