;; glibc's exp and log over arrays of doubles (WebAssembly with relaxed SIMD),
;; bit for bit: the same operations as glibc 2.36's x86-64 FMA variants
;; (lib/numerics/libm.ts tells how those sequences were read off the machine
;; code). Every `fma(a, b, c)` of that code is f64x2.relaxed_madd on splatted
;; operands, lane 0: a true fused multiply-add (the library checks at load time
;; that the products' kernel, compiled from the same instruction, fuses).
;;
;; Only glibc's main paths run here: exp for 2^-54 <= |x| < 512, log for
;; positive normal finite x. Every other input (zero, subnormal, negative,
;; infinite, nan, exp near overflow or underflow) goes to the JavaScript
;; implementations (lib/numerics/exp.ts, log.ts), imported as js.exp / js.log:
;; those are glibc's too, and such inputs are rare.
;;
;; The tables (glibc's __exp_data.tab and __log_data.tab, 128 pairs of doubles
;; each) are written into the shared memory by lib/core/wasmLibm.ts; `tables`
;; records where. All pointers are byte offsets into the memory of the
;; products' module (lib/core/wasm/kernels.wat), imported as js.memory.
(module
  (import "js" "memory" (memory 1 16384 shared))
  (import "js" "exp" (func $js_exp (param f64) (result f64)))
  (import "js" "log" (func $js_log (param f64) (result f64)))
  (global $expTab (mut i32) (i32.const 0))
  (global $logTab (mut i32) (i32.const 0))

  (func (export "tables") (param $exp i32) (param $log i32)
    (global.set $expTab (local.get $exp))
    (global.set $logTab (local.get $log)))

  ;; e^x. Main path (glibc's exp with N = 128): x = k ln2/128 + r,
  ;; e^x = 2^(k/128) e^r ~= scale + scale * tmp.
  (func $exp (param $x f64) (result f64)
    (local $kd f64) (local $ki i64) (local $r f64) (local $r2 f64) (local $tmp f64)
    (local $t i32) (local $scale f64)
    (if (i32.ge_u
          (i32.sub (i32.and (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 52))) (i32.const 0x7ff)) (i32.const 0x3c9))
          (i32.const 0x3f)) ;; top12(512) - top12(2^-54)
      (then (return (call $js_exp (local.get $x)))))
    ;; kd = fma(x, 128/ln2, 0x1.8p52): its low bits are k
    (local.set $kd (f64x2.extract_lane 0 (f64x2.relaxed_madd
      (f64x2.splat (local.get $x)) (f64x2.splat (f64.const 0x1.71547652b82fep+7)) (f64x2.splat (f64.const 0x1.8p52)))))
    (local.set $ki (i64.reinterpret_f64 (local.get $kd)))
    (local.set $kd (f64.sub (local.get $kd) (f64.const 0x1.8p52)))
    ;; r = fma(kd, -ln2lo/128, fma(kd, -ln2hi/128, x))
    (local.set $r (f64x2.extract_lane 0 (f64x2.relaxed_madd
      (f64x2.splat (local.get $kd)) (f64x2.splat (f64.const -0x1.cf79abc9e3b3ap-47))
      (f64x2.relaxed_madd (f64x2.splat (local.get $kd)) (f64x2.splat (f64.const -0x1.62e42fefa0000p-8)) (f64x2.splat (local.get $x))))))
    (local.set $t (i32.add (global.get $expTab) (i32.shl (i32.and (i32.wrap_i64 (local.get $ki)) (i32.const 127)) (i32.const 4))))
    (local.set $r2 (f64.mul (local.get $r) (local.get $r)))
    ;; tmp = fma(r2*r2, fma(r, C5, C4), fma(fma(r, C3, C2), r2, tail + r))
    (local.set $tmp (f64x2.extract_lane 0 (f64x2.relaxed_madd
      (f64x2.splat (f64.mul (local.get $r2) (local.get $r2)))
      (f64x2.relaxed_madd (f64x2.splat (local.get $r)) (f64x2.splat (f64.const 0x1.1111167a4d017p-7)) (f64x2.splat (f64.const 0x1.55555cf172b91p-5)))
      (f64x2.relaxed_madd
        (f64x2.relaxed_madd (f64x2.splat (local.get $r)) (f64x2.splat (f64.const 0x1.555555555543cp-3)) (f64x2.splat (f64.const 0x1.ffffffffffdbdp-2)))
        (f64x2.splat (local.get $r2))
        (f64x2.splat (f64.add (f64.load (local.get $t)) (local.get $r)))))))
    ;; scale = 2^(k/128) = asdouble(T[idx+1] + (ki << 45)); result fma(scale, tmp, scale)
    (local.set $scale (f64.reinterpret_i64 (i64.add (i64.load offset=8 (local.get $t)) (i64.shl (local.get $ki) (i64.const 45)))))
    (f64x2.extract_lane 0 (f64x2.relaxed_madd (f64x2.splat (local.get $scale)) (f64x2.splat (local.get $tmp)) (f64x2.splat (local.get $scale))))
  )

  ;; log(x). Near 1 (1 - 2^-4 <= x < 1 + 0x1.09p-4) a dedicated polynomial;
  ;; otherwise x = 2^k z, log(x) = k ln2 + log(c) + log1p(z/c - 1).
  (func $log (param $x f64) (result f64)
    (local $ix i64) (local $tmp i64) (local $t i32) (local $z f64) (local $r f64) (local $kd f64)
    (local $w f64) (local $hi f64) (local $lo f64) (local $r2 f64) (local $r3 f64)
    (local $e f64) (local $rhi f64) (local $rlo f64)
    (local.set $ix (i64.reinterpret_f64 (local.get $x)))
    (if (i64.lt_u (i64.sub (local.get $ix) (i64.const 0x3fee000000000000)) (i64.const 0x0003090000000000))
      (then
        (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 0))))
        (local.set $r (f64.sub (local.get $x) (f64.const 1)))
        (local.set $r2 (f64.mul (local.get $r) (local.get $r)))
        (local.set $r3 (f64.mul (local.get $r) (local.get $r2)))
        ;; e = fma(fma(c, r3, b), r3, a) with a = fma(r2, B3, fma(r, B2, B1)),
        ;; b = fma(r2, B6, fma(r, B5, B4)), c = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)))
        (local.set $e (f64x2.extract_lane 0 (f64x2.relaxed_madd
          (f64x2.relaxed_madd
            (f64x2.relaxed_madd (f64x2.splat (local.get $r3)) (f64x2.splat (f64.const -0x1.5521375d145cdp-4))
              (f64x2.relaxed_madd (f64x2.splat (local.get $r2)) (f64x2.splat (f64.const 0x1.78182f7afd085p-4))
                (f64x2.relaxed_madd (f64x2.splat (local.get $r)) (f64x2.splat (f64.const -0x1.999eb43b068ffp-4)) (f64x2.splat (f64.const 0x1.c7184282ad6cap-4)))))
            (f64x2.splat (local.get $r3))
            (f64x2.relaxed_madd (f64x2.splat (local.get $r2)) (f64x2.splat (f64.const -0x1.fffffa4423d65p-4))
              (f64x2.relaxed_madd (f64x2.splat (local.get $r)) (f64x2.splat (f64.const 0x1.24924a344de30p-3)) (f64x2.splat (f64.const -0x1.55555556745a7p-3)))))
          (f64x2.splat (local.get $r3))
          (f64x2.relaxed_madd (f64x2.splat (local.get $r2)) (f64x2.splat (f64.const 0x1.999999995dd0cp-3))
            (f64x2.relaxed_madd (f64x2.splat (local.get $r)) (f64x2.splat (f64.const -0x1.ffffffffffdcbp-3)) (f64x2.splat (f64.const 0x1.5555555555577p-2)))))))
        ;; r = rhi + rlo, rhi with about 26 bits; hi + lo = r - rhi^2/2 (B0 = -1/2, exact products)
        (local.set $w (f64.mul (local.get $r) (f64.const 0x1p27)))
        (local.set $rhi (f64.sub (f64.add (local.get $r) (local.get $w)) (local.get $w)))
        (local.set $rlo (f64.sub (local.get $r) (local.get $rhi)))
        (local.set $w (f64.mul (f64.mul (local.get $rhi) (local.get $rhi)) (f64.const -0.5)))
        (local.set $hi (f64.add (local.get $r) (local.get $w)))
        (local.set $lo (f64.add (f64.sub (local.get $r) (local.get $hi)) (local.get $w)))
        ;; lo2 = fma(B0*rlo, rhi + r, lo); result hi + fma(r3, e, lo2)
        (local.set $lo (f64x2.extract_lane 0 (f64x2.relaxed_madd
          (f64x2.splat (f64.mul (f64.const -0.5) (local.get $rlo))) (f64x2.splat (f64.add (local.get $rhi) (local.get $r))) (f64x2.splat (local.get $lo)))))
        (return (f64.add (local.get $hi) (f64x2.extract_lane 0 (f64x2.relaxed_madd
          (f64x2.splat (local.get $r3)) (f64x2.splat (local.get $e)) (f64x2.splat (local.get $lo))))))))
    ;; x <= 0, subnormal, infinite or nan
    (if (i64.ge_u (i64.sub (i64.shr_u (local.get $ix) (i64.const 48)) (i64.const 0x0010)) (i64.const 0x7fe0))
      (then (return (call $js_log (local.get $x)))))
    (local.set $tmp (i64.sub (local.get $ix) (i64.const 0x3fe6000000000000)))
    (local.set $t (i32.add (global.get $logTab)
      (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (local.get $tmp) (i64.const 45))) (i32.const 127)) (i32.const 4))))
    (local.set $kd (f64.convert_i64_s (i64.shr_s (local.get $tmp) (i64.const 52))))
    (local.set $z (f64.reinterpret_i64 (i64.sub (local.get $ix) (i64.and (local.get $tmp) (i64.const 0xfff0000000000000)))))
    ;; r = fma(z, invc, -1)
    (local.set $r (f64x2.extract_lane 0 (f64x2.relaxed_madd
      (f64x2.splat (local.get $z)) (f64x2.splat (f64.load (local.get $t))) (f64x2.splat (f64.const -1)))))
    ;; w = fma(kd, ln2hi, logc); hi = w + r; lo = fma(kd, ln2lo, w - hi + r)
    (local.set $w (f64x2.extract_lane 0 (f64x2.relaxed_madd
      (f64x2.splat (local.get $kd)) (f64x2.splat (f64.const 0x1.62e42fefa3800p-1)) (f64x2.splat (f64.load offset=8 (local.get $t))))))
    (local.set $hi (f64.add (local.get $w) (local.get $r)))
    (local.set $lo (f64x2.extract_lane 0 (f64x2.relaxed_madd
      (f64x2.splat (local.get $kd)) (f64x2.splat (f64.const 0x1.ef35793c76730p-45))
      (f64x2.splat (f64.add (f64.sub (local.get $w) (local.get $hi)) (local.get $r))))))
    (local.set $r2 (f64.mul (local.get $r) (local.get $r)))
    ;; y = fma(r*r2, fma(fma(r, A4, A3), r2, fma(r, A2, A1)), fma(r2, A0, lo)); result y + hi
    (f64.add
      (f64x2.extract_lane 0 (f64x2.relaxed_madd
        (f64x2.splat (f64.mul (local.get $r) (local.get $r2)))
        (f64x2.relaxed_madd
          (f64x2.relaxed_madd (f64x2.splat (local.get $r)) (f64x2.splat (f64.const -0x1.55575e506c89fp-3)) (f64x2.splat (f64.const 0x1.999b324f10111p-3)))
          (f64x2.splat (local.get $r2))
          (f64x2.relaxed_madd (f64x2.splat (local.get $r)) (f64x2.splat (f64.const -0x1.fffffffeb4590p-3)) (f64x2.splat (f64.const 0x1.555555551305bp-2))))
        (f64x2.relaxed_madd (f64x2.splat (local.get $r2)) (f64x2.splat (f64.const -0x1.0000000000001p-1)) (f64x2.splat (local.get $lo)))))
      (local.get $hi))
  )

;; ---------------------------------------------------------------------------
  ;; Two at a time: the same operations on both lanes of a v128 (table entries
  ;; gathered lane by lane). A pair whose lanes are not both on the vector
  ;; path goes through $exp / $log one lane at a time; the results are the same.

  ;; exp of both lanes, both in the main range (2^-54 <= |x| < 512)
  (func $exp2 (param $x v128) (result v128)
    (local $kd v128) (local $ki v128) (local $r v128) (local $r2 v128) (local $t0 i32) (local $t1 i32)
    (local $tail v128) (local $sbits v128) (local $tmp v128) (local $scale v128)
    (local.set $kd (f64x2.relaxed_madd (local.get $x) (v128.const f64x2 0x1.71547652b82fep+7 0x1.71547652b82fep+7)
      (v128.const f64x2 0x1.8p52 0x1.8p52)))
    (local.set $ki (local.get $kd))
    (local.set $kd (f64x2.sub (local.get $kd) (v128.const f64x2 0x1.8p52 0x1.8p52)))
    (local.set $r (f64x2.relaxed_madd (local.get $kd) (v128.const f64x2 -0x1.cf79abc9e3b3ap-47 -0x1.cf79abc9e3b3ap-47)
      (f64x2.relaxed_madd (local.get $kd) (v128.const f64x2 -0x1.62e42fefa0000p-8 -0x1.62e42fefa0000p-8) (local.get $x))))
    (local.set $t0 (i32.add (global.get $expTab) (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $ki))) (i32.const 127)) (i32.const 4))))
    (local.set $t1 (i32.add (global.get $expTab) (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $ki))) (i32.const 127)) (i32.const 4))))
    (local.set $tail (v128.load64_lane 1 (local.get $t1) (v128.load64_splat (local.get $t0))))
    (local.set $sbits (v128.load64_lane offset=8 1 (local.get $t1) (v128.load64_splat offset=8 (local.get $t0))))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $tmp (f64x2.relaxed_madd
      (f64x2.mul (local.get $r2) (local.get $r2))
      (f64x2.relaxed_madd (local.get $r) (v128.const f64x2 0x1.1111167a4d017p-7 0x1.1111167a4d017p-7) (v128.const f64x2 0x1.55555cf172b91p-5 0x1.55555cf172b91p-5))
      (f64x2.relaxed_madd
        (f64x2.relaxed_madd (local.get $r) (v128.const f64x2 0x1.555555555543cp-3 0x1.555555555543cp-3) (v128.const f64x2 0x1.ffffffffffdbdp-2 0x1.ffffffffffdbdp-2))
        (local.get $r2)
        (f64x2.add (local.get $tail) (local.get $r)))))
    (local.set $scale (i64x2.add (local.get $sbits) (i64x2.shl (local.get $ki) (i32.const 45))))
    (f64x2.relaxed_madd (local.get $scale) (local.get $tmp) (local.get $scale))
  )

  (func $exp_pair (param $x v128) (result v128)
    (local $ax v128)
    (local.set $ax (f64x2.abs (local.get $x)))
    (if (result v128) (i64x2.all_true (v128.and
          (f64x2.ge (local.get $ax) (v128.const f64x2 0x1p-54 0x1p-54))
          (f64x2.lt (local.get $ax) (v128.const f64x2 512 512))))
      (then (call $exp2 (local.get $x)))
      (else (f64x2.replace_lane 1
        (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x))))
        (call $exp (f64x2.extract_lane 1 (local.get $x)))))))

  ;; log of both lanes, both positive normal finite and outside [1 - 2^-4, 1 + 0x1.09p-4)
  (func $log2_main (param $x v128) (result v128)
    (local $tmp v128) (local $t0 i32) (local $t1 i32) (local $kd v128) (local $z v128) (local $invc v128) (local $logc v128)
    (local $r v128) (local $w v128) (local $hi v128) (local $lo v128) (local $r2 v128)
    (local.set $tmp (i64x2.sub (local.get $x) (v128.const i64x2 0x3fe6000000000000 0x3fe6000000000000)))
    (local.set $t0 (i32.add (global.get $logTab)
      (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (i64x2.extract_lane 0 (local.get $tmp)) (i64.const 45))) (i32.const 127)) (i32.const 4))))
    (local.set $t1 (i32.add (global.get $logTab)
      (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (i64x2.extract_lane 1 (local.get $tmp)) (i64.const 45))) (i32.const 127)) (i32.const 4))))
    ;; k = tmp >> 52 (arithmetic): the high words shifted by 20 (x86 has no 64-bit arithmetic vector shift)
    (local.set $kd (f64x2.convert_low_i32x4_s (i32x4.shr_s
      (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $tmp) (local.get $tmp)) (i32.const 20))))
    (local.set $z (i64x2.sub (local.get $x) (v128.and (local.get $tmp) (v128.const i64x2 0xfff0000000000000 0xfff0000000000000))))
    (local.set $invc (v128.load64_lane 1 (local.get $t1) (v128.load64_splat (local.get $t0))))
    (local.set $logc (v128.load64_lane offset=8 1 (local.get $t1) (v128.load64_splat offset=8 (local.get $t0))))
    (local.set $r (f64x2.relaxed_madd (local.get $z) (local.get $invc) (v128.const f64x2 -1 -1)))
    (local.set $w (f64x2.relaxed_madd (local.get $kd) (v128.const f64x2 0x1.62e42fefa3800p-1 0x1.62e42fefa3800p-1) (local.get $logc)))
    (local.set $hi (f64x2.add (local.get $w) (local.get $r)))
    (local.set $lo (f64x2.relaxed_madd (local.get $kd) (v128.const f64x2 0x1.ef35793c76730p-45 0x1.ef35793c76730p-45)
      (f64x2.add (f64x2.sub (local.get $w) (local.get $hi)) (local.get $r))))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (f64x2.add
      (f64x2.relaxed_madd
        (f64x2.mul (local.get $r) (local.get $r2))
        (f64x2.relaxed_madd
          (f64x2.relaxed_madd (local.get $r) (v128.const f64x2 -0x1.55575e506c89fp-3 -0x1.55575e506c89fp-3) (v128.const f64x2 0x1.999b324f10111p-3 0x1.999b324f10111p-3))
          (local.get $r2)
          (f64x2.relaxed_madd (local.get $r) (v128.const f64x2 -0x1.fffffffeb4590p-3 -0x1.fffffffeb4590p-3) (v128.const f64x2 0x1.555555551305bp-2 0x1.555555551305bp-2)))
        (f64x2.relaxed_madd (local.get $r2) (v128.const f64x2 -0x1.0000000000001p-1 -0x1.0000000000001p-1) (local.get $lo)))
      (local.get $hi))
  )

  ;; log of both lanes, both in [1 - 2^-4, 1 + 0x1.09p-4) (x = 1 gives +0 here too)
  (func $log2_near1 (param $x v128) (result v128)
    (local $r v128) (local $r2 v128) (local $r3 v128) (local $e v128) (local $w v128) (local $rhi v128) (local $rlo v128)
    (local $hi v128) (local $lo v128)
    (local.set $r (f64x2.sub (local.get $x) (v128.const f64x2 1 1)))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $r3 (f64x2.mul (local.get $r) (local.get $r2)))
    (local.set $e (f64x2.relaxed_madd
      (f64x2.relaxed_madd
        (f64x2.relaxed_madd (local.get $r3) (v128.const f64x2 -0x1.5521375d145cdp-4 -0x1.5521375d145cdp-4)
          (f64x2.relaxed_madd (local.get $r2) (v128.const f64x2 0x1.78182f7afd085p-4 0x1.78182f7afd085p-4)
            (f64x2.relaxed_madd (local.get $r) (v128.const f64x2 -0x1.999eb43b068ffp-4 -0x1.999eb43b068ffp-4) (v128.const f64x2 0x1.c7184282ad6cap-4 0x1.c7184282ad6cap-4))))
        (local.get $r3)
        (f64x2.relaxed_madd (local.get $r2) (v128.const f64x2 -0x1.fffffa4423d65p-4 -0x1.fffffa4423d65p-4)
          (f64x2.relaxed_madd (local.get $r) (v128.const f64x2 0x1.24924a344de30p-3 0x1.24924a344de30p-3) (v128.const f64x2 -0x1.55555556745a7p-3 -0x1.55555556745a7p-3))))
      (local.get $r3)
      (f64x2.relaxed_madd (local.get $r2) (v128.const f64x2 0x1.999999995dd0cp-3 0x1.999999995dd0cp-3)
        (f64x2.relaxed_madd (local.get $r) (v128.const f64x2 -0x1.ffffffffffdcbp-3 -0x1.ffffffffffdcbp-3) (v128.const f64x2 0x1.5555555555577p-2 0x1.5555555555577p-2)))))
    (local.set $w (f64x2.mul (local.get $r) (v128.const f64x2 0x1p27 0x1p27)))
    (local.set $rhi (f64x2.sub (f64x2.add (local.get $r) (local.get $w)) (local.get $w)))
    (local.set $rlo (f64x2.sub (local.get $r) (local.get $rhi)))
    (local.set $w (f64x2.mul (f64x2.mul (local.get $rhi) (local.get $rhi)) (v128.const f64x2 -0.5 -0.5)))
    (local.set $hi (f64x2.add (local.get $r) (local.get $w)))
    (local.set $lo (f64x2.add (f64x2.sub (local.get $r) (local.get $hi)) (local.get $w)))
    (local.set $lo (f64x2.relaxed_madd (f64x2.mul (v128.const f64x2 -0.5 -0.5) (local.get $rlo)) (f64x2.add (local.get $rhi) (local.get $r)) (local.get $lo)))
    (f64x2.add (local.get $hi) (f64x2.relaxed_madd (local.get $r3) (local.get $e) (local.get $lo)))
  )

  (func $log_pair (param $x v128) (result v128)
    (local $near1 v128) (local $normal v128)
    ;; near 1: 0x1.ep-1 <= x < 0x1.109p0; positive normal finite: 0x1p-1022 <= x < inf
    (local.set $near1 (v128.and
      (f64x2.ge (local.get $x) (v128.const f64x2 0x1.ep-1 0x1.ep-1))
      (f64x2.lt (local.get $x) (v128.const f64x2 0x1.109p0 0x1.109p0))))
    (local.set $normal (v128.and
      (f64x2.ge (local.get $x) (v128.const f64x2 0x1p-1022 0x1p-1022))
      (f64x2.lt (local.get $x) (v128.const f64x2 inf inf))))
    (if (i64x2.all_true (local.get $near1)) (then (return (call $log2_near1 (local.get $x)))))
    (if (i32.eqz (v128.any_true (v128.or (local.get $near1) (v128.not (local.get $normal)))))
      (then (return (call $log2_main (local.get $x)))))
    (f64x2.replace_lane 1
      (f64x2.splat (call $log (f64x2.extract_lane 0 (local.get $x))))
      (call $log (f64x2.extract_lane 1 (local.get $x)))))

  ;; dst[i] = exp(src[i]) for n doubles (dst may be src)
  (func (export "exp_n") (param $n i32) (param $src i32) (param $dst i32)
    (block $done (loop $next
      (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
      (v128.store (local.get $dst) (call $exp_pair (v128.load (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $n (i32.sub (local.get $n) (i32.const 2)))
      (br $next)))
    (if (local.get $n) (then (f64.store (local.get $dst) (call $exp (f64.load (local.get $src)))))))

  ;; dst[i] = log(src[i]) for n doubles (dst may be src)
  (func (export "log_n") (param $n i32) (param $src i32) (param $dst i32)
    (block $done (loop $next
      (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
      (v128.store (local.get $dst) (call $log_pair (v128.load (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $n (i32.sub (local.get $n) (i32.const 2)))
      (br $next)))
    (if (local.get $n) (then (f64.store (local.get $dst) (call $log (f64.load (local.get $src)))))))

  ;; dst[i] = 1 / (1 + exp(-src[i])), the course's sigmoid, for n doubles
  (func (export "sigmoid_n") (param $n i32) (param $src i32) (param $dst i32)
    (block $done (loop $next
      (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
      (v128.store (local.get $dst) (f64x2.div (v128.const f64x2 1 1)
        (f64x2.add (v128.const f64x2 1 1) (call $exp_pair (f64x2.neg (v128.load (local.get $src)))))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $n (i32.sub (local.get $n) (i32.const 2)))
      (br $next)))
    (if (local.get $n) (then (f64.store (local.get $dst)
      (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (f64.load (local.get $src))))))))))

;; The cross-entropy terms -log(a)*y - log(1-a)*(1-y) as numpy computes them,
  ;; for n predictions a and labels y: for a 0/1 label one product is an exact
  ;; +-0 (nan where numpy's 0*inf is nan), so one log suffices.
  (func $xent1 (param $av f64) (param $yv f64) (result f64)
    (if (f64.eq (local.get $yv) (f64.const 1))
      (then (return (if (result f64) (i32.or (f64.eq (f64.sub (f64.const 1) (local.get $av)) (f64.const 0)) (f64.ne (local.get $av) (local.get $av)))
        (then (f64.const nan)) (else (f64.neg (call $log (local.get $av))))))))
    (if (f64.eq (local.get $yv) (f64.const 0))
      (then (return (if (result f64) (i32.or (f64.eq (local.get $av) (f64.const 0)) (f64.ne (local.get $av) (local.get $av)))
        (then (f64.const nan)) (else (f64.neg (call $log (f64.sub (f64.const 1) (local.get $av)))))))))
    (f64.add
      (f64.mul (f64.neg (call $log (local.get $av))) (local.get $yv))
      (f64.mul (f64.neg (call $log (f64.sub (f64.const 1) (local.get $av)))) (f64.sub (f64.const 1) (local.get $yv)))))

  (func (export "xent_n") (param $n i32) (param $a i32) (param $y i32) (param $dst i32)
    (local $av v128) (local $yv v128) (local $y1 v128) (local $oneMinus v128)
    (block $done (loop $next
      (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
      (local.set $av (v128.load (local.get $a)))
      (local.set $yv (v128.load (local.get $y)))
      (local.set $y1 (f64x2.eq (local.get $yv) (v128.const f64x2 1 1)))
      (local.set $oneMinus (f64x2.sub (v128.const f64x2 1 1) (local.get $av)))
      (block $advance
        (block $scalar
          ;; both labels 0 or 1 and neither term nan: one log per pair
          (br_if $scalar (i32.eqz (i64x2.all_true (v128.or (local.get $y1) (f64x2.eq (local.get $yv) (v128.const f64x2 0 0))))))
          (br_if $scalar (v128.any_true (v128.or (f64x2.ne (local.get $av) (local.get $av))
            (v128.bitselect (f64x2.eq (local.get $oneMinus) (v128.const f64x2 0 0)) (f64x2.eq (local.get $av) (v128.const f64x2 0 0)) (local.get $y1)))))
          (v128.store (local.get $dst) (f64x2.neg (call $log_pair (v128.bitselect (local.get $av) (local.get $oneMinus) (local.get $y1)))))
          (br $advance))
        (f64.store (local.get $dst) (call $xent1 (f64x2.extract_lane 0 (local.get $av)) (f64x2.extract_lane 0 (local.get $yv))))
        (f64.store offset=8 (local.get $dst) (call $xent1 (f64x2.extract_lane 1 (local.get $av)) (f64x2.extract_lane 1 (local.get $yv)))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $n (i32.sub (local.get $n) (i32.const 2)))
      (br $next)))
    (if (local.get $n) (then (f64.store (local.get $dst) (call $xent1 (f64.load (local.get $a)) (f64.load (local.get $y)))))))

  ;; Sets the nan among n doubles to +0 (np.nansum's view of them), in place.
  (func (export "nan_to_zero") (param $p i32) (param $n i32)
    (local $v v128)
    (block $done (loop $next
      (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
      (local.set $v (v128.load (local.get $p)))
      (v128.store (local.get $p) (v128.and (local.get $v) (f64x2.eq (local.get $v) (local.get $v))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $n (i32.sub (local.get $n) (i32.const 2)))
      (br $next)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (if (f64.ne (f64.load (local.get $p)) (f64.load (local.get $p)))
        (then (f64.store (local.get $p) (f64.const 0)))))))
)
