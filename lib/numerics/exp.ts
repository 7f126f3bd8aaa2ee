/**
 * glibc's `exp` for doubles, bit for bit (see libm.ts for how and why): a
 * fast path with an error bound, and a slow path that replays glibc's fused
 * operations with an emulated fma.
 */
import { fromBits, POW2, POW2_OFF } from "./bits";
import { fmaInRange as fma } from "./fma";

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
export const EXP_TAB: readonly number[] = [
  0x00000000,
  0x00000000,
  0x3ff00000,
  0x00000000, // 0
  0x3c9b3b4f,
  0x1a88bf6e,
  0x3feff63d,
  0xa9fb3335, // 1
  0xbc716013,
  0x9cd8dc5d,
  0x3fefec9a,
  0x3e778061, // 2
  0xbc905e7a,
  0x108766d1,
  0x3fefe315,
  0xe86e7f85, // 3
  0x3c8cd252,
  0x3567f613,
  0x3fefd9b0,
  0xd3158574, // 4
  0xbc8bce80,
  0x23f98efa,
  0x3fefd06b,
  0x29ddf6de, // 5
  0x3c60f74e,
  0x61e6c861,
  0x3fefc745,
  0x18759bc8, // 6
  0x3c90a3e4,
  0x5b33d399,
  0x3fefbe3e,
  0xcac6f383, // 7
  0x3c979aa6,
  0x5d837b6d,
  0x3fefb558,
  0x6cf9890f, // 8
  0x3c8eb51a,
  0x92fdeffc,
  0x3fefac92,
  0x2b7247f7, // 9
  0x3c3ebe3d,
  0x702f9cd1,
  0x3fefa3ec,
  0x32d3d1a2, // 10
  0xbc6a0334,
  0x89906e0b,
  0x3fef9b66,
  0xaffed31b, // 11
  0xbc955652,
  0x2a2fbd0e,
  0x3fef9301,
  0xd0125b51, // 12
  0xbc5080ef,
  0x8c4eea55,
  0x3fef8abd,
  0xc06c31cc, // 13
  0xbc91c923,
  0xb9d5f416,
  0x3fef829a,
  0xaea92de0, // 14
  0x3c80d3e3,
  0xe95c55af,
  0x3fef7a98,
  0xc8a58e51, // 15
  0xbc801b15,
  0xeaa59348,
  0x3fef72b8,
  0x3c7d517b, // 16
  0xbc8f1ff0,
  0x55de323d,
  0x3fef6af9,
  0x388c8dea, // 17
  0x3c8b898c,
  0x3f1353bf,
  0x3fef635b,
  0xeb6fcb75, // 18
  0xbc96d99c,
  0x7611eb26,
  0x3fef5be0,
  0x84045cd4, // 19
  0x3c9aecf7,
  0x3e3a2f60,
  0x3fef5487,
  0x3168b9aa, // 20
  0xbc8fe782,
  0xcb86389d,
  0x3fef4d50,
  0x22fcd91d, // 21
  0x3c8a6f41,
  0x44a6c38d,
  0x3fef463b,
  0x88628cd6, // 22
  0x3c807a05,
  0xb0e4047d,
  0x3fef3f49,
  0x917ddc96, // 23
  0x3c968efd,
  0xe3a8a894,
  0x3fef387a,
  0x6e756238, // 24
  0x3c875e18,
  0xf274487d,
  0x3fef31ce,
  0x4fb2a63f, // 25
  0x3c80472b,
  0x981fe7f2,
  0x3fef2b45,
  0x65e27cdd, // 26
  0xbc96b87b,
  0x3f71085e,
  0x3fef24df,
  0xe1f56381, // 27
  0x3c82f7e1,
  0x6d09ab31,
  0x3fef1e9d,
  0xf51fdee1, // 28
  0xbc3d219b,
  0x1a6fbffa,
  0x3fef187f,
  0xd0dad990, // 29
  0x3c8b3782,
  0x720c0ab4,
  0x3fef1285,
  0xa6e4030b, // 30
  0x3c6e1492,
  0x89cecb8f,
  0x3fef0caf,
  0xa93e2f56, // 31
  0x3c834d75,
  0x4db0abb6,
  0x3fef06fe,
  0x0a31b715, // 32
  0x3c864201,
  0xe2ac744c,
  0x3fef0170,
  0xfc4cd831, // 33
  0x3c8fdd39,
  0x5dd3f84a,
  0x3feefc08,
  0xb26416ff, // 34
  0xbc86a380,
  0x3b8e5b04,
  0x3feef6c5,
  0x5f929ff1, // 35
  0xbc924aed,
  0xcc4b5068,
  0x3feef1a7,
  0x373aa9cb, // 36
  0xbc9907f8,
  0x1b512d8e,
  0x3feeecae,
  0x6d05d866, // 37
  0xbc71d1e8,
  0x3e9436d2,
  0x3feee7db,
  0x34e59ff7, // 38
  0xbc991919,
  0xb3ce1b15,
  0x3feee32d,
  0xc313a8e5, // 39
  0x3c859f48,
  0xa72a4c6d,
  0x3feedea6,
  0x4c123422, // 40
  0xbc931260,
  0x7a28698a,
  0x3feeda45,
  0x04ac801c, // 41
  0xbc58a78f,
  0x4817895b,
  0x3feed60a,
  0x21f72e2a, // 42
  0xbc7c2c9b,
  0x67499a1b,
  0x3feed1f5,
  0xd950a897, // 43
  0x3c4363ed,
  0x60c2ac11,
  0x3feece08,
  0x6061892d, // 44
  0x3c966609,
  0x3b0664ef,
  0x3feeca41,
  0xed1d0057, // 45
  0x3c6ecce1,
  0xdaa10379,
  0x3feec6a2,
  0xb5c13cd0, // 46
  0x3c93ff8e,
  0x3f0f1230,
  0x3feec32a,
  0xf0d7d3de, // 47
  0x3c7690ce,
  0xbb7aafb0,
  0x3feebfda,
  0xd5362a27, // 48
  0x3c931dbd,
  0xeb54e077,
  0x3feebcb2,
  0x99fddd0d, // 49
  0xbc8f9434,
  0x0071a38e,
  0x3feeb9b2,
  0x769d2ca7, // 50
  0xbc87decc,
  0xdc93a349,
  0x3feeb6da,
  0xa2cf6642, // 51
  0xbc78dec6,
  0xbd0f385f,
  0x3feeb42b,
  0x569d4f82, // 52
  0xbc861246,
  0xec7b5cf6,
  0x3feeb1a4,
  0xca5d920f, // 53
  0x3c933505,
  0x18fdd78e,
  0x3feeaf47,
  0x36b527da, // 54
  0x3c7b98b7,
  0x2f8a9b05,
  0x3feead12,
  0xd497c7fd, // 55
  0x3c9063e1,
  0xe21c5409,
  0x3feeab07,
  0xdd485429, // 56
  0x3c34c785,
  0x5019c6ea,
  0x3feea926,
  0x8a5946b7, // 57
  0x3c9432e6,
  0x2b64c035,
  0x3feea76f,
  0x15ad2148, // 58
  0xbc8ce44a,
  0x6199769f,
  0x3feea5e1,
  0xb976dc09, // 59
  0xbc8c33c5,
  0x3bef4da8,
  0x3feea47e,
  0xb03a5585, // 60
  0xbc845378,
  0x892be9ae,
  0x3feea346,
  0x34ccc320, // 61
  0xbc93cedd,
  0x78565858,
  0x3feea238,
  0x82552225, // 62
  0x3c5710aa,
  0x807e1964,
  0x3feea155,
  0xd44ca973, // 63
  0xbc93b3ef,
  0xbf5e2228,
  0x3feea09e,
  0x667f3bcd, // 64
  0xbc6a12ad,
  0x8734b982,
  0x3feea012,
  0x750bdabf, // 65
  0xbc6367ef,
  0xb86da9ee,
  0x3fee9fb2,
  0x3c651a2f, // 66
  0xbc80dc3d,
  0x54e08851,
  0x3fee9f7d,
  0xf9519484, // 67
  0xbc781f64,
  0x7e5a3ecf,
  0x3fee9f75,
  0xe8ec5f74, // 68
  0xbc86ee4a,
  0xc08b7db0,
  0x3fee9f9a,
  0x48a58174, // 69
  0xbc861932,
  0x1e55e68a,
  0x3fee9feb,
  0x564267c9, // 70
  0x3c909ccb,
  0x5e09d4d3,
  0x3feea069,
  0x4fde5d3f, // 71
  0xbc7b32dc,
  0xb94da51d,
  0x3feea114,
  0x73eb0187, // 72
  0x3c94ecfd,
  0x5467c06b,
  0x3feea1ed,
  0x0130c132, // 73
  0x3c65ebe1,
  0xabd66c55,
  0x3feea2f3,
  0x36cf4e62, // 74
  0xbc88a1c5,
  0x2fb3cf42,
  0x3feea427,
  0x543e1a12, // 75
  0xbc9369b6,
  0xf13b3734,
  0x3feea589,
  0x994cce13, // 76
  0xbc805e84,
  0x3a19ff1e,
  0x3feea71a,
  0x4623c7ad, // 77
  0xbc94d450,
  0xd872576e,
  0x3feea8d9,
  0x9b4492ed, // 78
  0x3c90ad67,
  0x5b0e8a00,
  0x3feeaac7,
  0xd98a6699, // 79
  0x3c8db72f,
  0xc1f0eab4,
  0x3feeace5,
  0x422aa0db, // 80
  0xbc65b660,
  0x9cc5e7ff,
  0x3feeaf32,
  0x16b5448c, // 81
  0x3c7bf683,
  0x59f35f44,
  0x3feeb1ae,
  0x99157736, // 82
  0xbc93091f,
  0xa71e3d83,
  0x3feeb45b,
  0x0b91ffc6, // 83
  0xbc5da9b8,
  0x8b6c1e29,
  0x3feeb737,
  0xb0cdc5e5, // 84
  0xbc6c23f9,
  0x7c90b959,
  0x3feeba44,
  0xcbc8520f, // 85
  0xbc924343,
  0x22f4f9aa,
  0x3feebd82,
  0x9fde4e50, // 86
  0xbc85ca6c,
  0xd7668e4b,
  0x3feec0f1,
  0x70ca07ba, // 87
  0x3c71affc,
  0x2b91ce27,
  0x3feec491,
  0x82a3f090, // 88
  0x3c6dd235,
  0xe10a73bb,
  0x3feec863,
  0x19e32323, // 89
  0xbc87c504,
  0x22622263,
  0x3feecc66,
  0x7b5de565, // 90
  0x3c8b1c86,
  0xe3e231d5,
  0x3feed09b,
  0xec4a2d33, // 91
  0xbc91bbd1,
  0xd3bcbb15,
  0x3feed503,
  0xb23e255d, // 92
  0x3c90cc31,
  0x9cee31d2,
  0x3feed99e,
  0x1330b358, // 93
  0x3c846984,
  0x6e735ab3,
  0x3feede6b,
  0x5579fdbf, // 94
  0xbc82dfcd,
  0x978e9db4,
  0x3feee36b,
  0xbfd3f37a, // 95
  0x3c8c1a77,
  0x92cb3387,
  0x3feee89f,
  0x995ad3ad, // 96
  0xbc907b8f,
  0x4ad1d9fa,
  0x3feeee07,
  0x298db666, // 97
  0xbc55c3d9,
  0x56dcaeba,
  0x3feef3a2,
  0xb84f15fb, // 98
  0xbc90a40e,
  0x3da6f640,
  0x3feef972,
  0x8de5593a, // 99
  0xbc68d6f4,
  0x38ad9334,
  0x3feeff76,
  0xf2fb5e47, // 100
  0xbc91eee2,
  0x6b588a35,
  0x3fef05b0,
  0x30a1064a, // 101
  0x3c74ffd7,
  0x0a5fddcd,
  0x3fef0c1e,
  0x904bc1d2, // 102
  0xbc91bdfb,
  0xfa9298ac,
  0x3fef12c2,
  0x5bd71e09, // 103
  0x3c736eae,
  0x30af0cb3,
  0x3fef199b,
  0xdd85529c, // 104
  0x3c8ee332,
  0x5c9ffd94,
  0x3fef20ab,
  0x5fffd07a, // 105
  0x3c84e08f,
  0xd10959ac,
  0x3fef27f1,
  0x2e57d14b, // 106
  0x3c63cdaf,
  0x384e1a67,
  0x3fef2f6d,
  0x9406e7b5, // 107
  0x3c676b2c,
  0x6c921968,
  0x3fef3720,
  0xdcef9069, // 108
  0xbc808a18,
  0x83ccb5d2,
  0x3fef3f0b,
  0x555dc3fa, // 109
  0xbc8fad5d,
  0x3ffffa6f,
  0x3fef472d,
  0x4a07897c, // 110
  0xbc900dae,
  0x3875a949,
  0x3fef4f87,
  0x080d89f2, // 111
  0x3c74a385,
  0xa63d07a7,
  0x3fef5818,
  0xdcfba487, // 112
  0xbc82919e,
  0x2040220f,
  0x3fef60e3,
  0x16c98398, // 113
  0x3c8e5a50,
  0xd5c192ac,
  0x3fef69e6,
  0x03db3285, // 114
  0x3c843a59,
  0xac016b4b,
  0x3fef7321,
  0xf301b460, // 115
  0xbc82d521,
  0x07b43e1f,
  0x3fef7c97,
  0x337b9b5f, // 116
  0xbc892ab9,
  0x3b470dc9,
  0x3fef8646,
  0x14f5a129, // 117
  0x3c74b604,
  0x603a88d3,
  0x3fef902e,
  0xe78b3ff6, // 118
  0x3c83c5ec,
  0x519d7271,
  0x3fef9a51,
  0xfbc74c83, // 119
  0xbc8ff712,
  0x8fd391f0,
  0x3fefa4af,
  0xa2a490da, // 120
  0xbc8dae98,
  0xe223747d,
  0x3fefaf48,
  0x2d8e67f1, // 121
  0x3c8ec3bc,
  0x41aa2008,
  0x3fefba1b,
  0xee615a27, // 122
  0x3c842b94,
  0xc3a9eb32,
  0x3fefc52b,
  0x376bba97, // 123
  0x3c8a64a9,
  0x31d185ee,
  0x3fefd076,
  0x5b6e4540, // 124
  0xbc8e37ba,
  0xe43be3ed,
  0x3fefdbfd,
  0xad9cbe14, // 125
  0x3c77893b,
  0x4d91cd9d,
  0x3fefe7c1,
  0x819e90d8, // 126
  0x3c5305c1,
  0x4160cc89,
  0x3feff3c2,
  0x2b8f71f1, // 127
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
