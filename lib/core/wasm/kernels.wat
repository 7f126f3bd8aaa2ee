;; dnnlab's matrix-product kernel (WebAssembly with relaxed SIMD).
;;
;; gemm computes C = A·B for row-major C (n×m) and B (k×m), with A given by
;; strides so that both A (n×k, sai = k, sap = 1) and Aᵀ (A stored k×n,
;; sai = 1, sap = n) can be used without copying. Every element of C is
;; accumulated over p = 0, 1, ..., k-1 in order with fused multiply-adds
;; (f64x2.relaxed_madd, which is a true fma on CPUs that have one; the
;; library checks this at load time), starting from +0: exactly what
;; OpenBLAS's x86-64 kernels do for the short inner dimensions of forward
;; passes, so the products have numpy's digits. Narrow products (fewer
;; than 16 columns) go by blocks of 4 rows x 2 columns; otherwise each row
;; goes by 8 columns at a time (four independent accumulators), then pairs;
;; an odd last column uses lane 0 only.
;; All pointers are byte offsets into the exported memory. The memory is
;; shared (up to 1 GiB): growing a shared memory never detaches the buffers
;; already handed out, so matrices can live in it (lib/wasmKernels.ts).
(module
  (memory (export "memory") 1 16384 shared)
  (func (export "gemm")
        (param $n i32) (param $k i32) (param $m i32)
        (param $a i32) (param $sai i32) (param $sap i32)
        (param $b i32) (param $c i32)
    (local $i i32) (local $j i32) (local $p i32)
    (local $acc v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $av v128) (local $aRow i32) (local $aPtr i32) (local $bPtr i32) (local $cPtr i32)
    (local $m2 i32) (local $rowBytes i32) (local $aStep i32) (local $aRowStep i32) (local $q i32)
    (local.set $m2 (i32.and (local.get $m) (i32.const -2)))
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (local.set $aStep (i32.shl (local.get $sap) (i32.const 3)))
    (local.set $i (i32.const 0))
    ;; blocks of 4 rows x 2 columns: four independent accumulators share each
    ;; load of B (the weight-gradient products have few columns and long sums)
    (block $doneR4 (loop $loopR4
      (br_if $doneR4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
      (br_if $doneR4 (i32.ge_u (local.get $m2) (i32.const 16)))
      (local.set $aRow (i32.add (local.get $a)
        (i32.shl (i32.mul (local.get $i) (local.get $sai)) (i32.const 3))))
      (local.set $aRowStep (i32.shl (local.get $sai) (i32.const 3)))
      (local.set $j (i32.const 0))
      (block $doneJR (loop $loopJR
        (br_if $doneJR (i32.ge_u (local.get $j) (local.get $m2)))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $acc1 (v128.const f64x2 0 0))
        (local.set $acc2 (v128.const f64x2 0 0))
        (local.set $acc3 (v128.const f64x2 0 0))
        (local.set $aPtr (local.get $aRow))
        (local.set $bPtr (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $donePR (loop $loopPR
          (br_if $donePR (i32.eqz (local.get $p)))
          (local.set $av (v128.load (local.get $bPtr)))
          (local.set $acc (f64x2.relaxed_madd (f64x2.splat (f64.load (local.get $aPtr))) (local.get $av) (local.get $acc)))
          (local.set $acc1 (f64x2.relaxed_madd (f64x2.splat (f64.load (i32.add (local.get $aPtr) (local.get $aRowStep)))) (local.get $av) (local.get $acc1)))
          (local.set $acc2 (f64x2.relaxed_madd (f64x2.splat (f64.load (i32.add (local.get $aPtr) (i32.shl (local.get $aRowStep) (i32.const 1))))) (local.get $av) (local.get $acc2)))
          (local.set $acc3 (f64x2.relaxed_madd (f64x2.splat (f64.load (i32.add (local.get $aPtr) (i32.mul (local.get $aRowStep) (i32.const 3))))) (local.get $av) (local.get $acc3)))
          (local.set $aPtr (i32.add (local.get $aPtr) (local.get $aStep)))
          (local.set $bPtr (i32.add (local.get $bPtr) (local.get $rowBytes)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $loopPR)))
        (local.set $cPtr (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 3))))
        (v128.store (local.get $cPtr) (local.get $acc))
        (v128.store (i32.add (local.get $cPtr) (local.get $rowBytes)) (local.get $acc1))
        (v128.store (i32.add (local.get $cPtr) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $acc2))
        (v128.store (i32.add (local.get $cPtr) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $acc3))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $loopJR)))
      ;; an odd last column of these 4 rows: one row at a time, lane 0
      (if (i32.ne (local.get $m2) (local.get $m))
        (then
          (local.set $q (i32.const 0))
          (block $doneQR (loop $loopQR
            (br_if $doneQR (i32.ge_u (local.get $q) (i32.const 4)))
            (local.set $acc (v128.const f64x2 0 0))
            (local.set $aPtr (i32.add (local.get $aRow) (i32.mul (local.get $q) (local.get $aRowStep))))
            (local.set $bPtr (i32.add (local.get $b) (i32.shl (local.get $m2) (i32.const 3))))
            (local.set $p (local.get $k))
            (block $doneQ4 (loop $loopQ4
              (br_if $doneQ4 (i32.eqz (local.get $p)))
              (local.set $acc (f64x2.relaxed_madd
                (f64x2.splat (f64.load (local.get $aPtr)))
                (f64x2.splat (f64.load (local.get $bPtr)))
                (local.get $acc)))
              (local.set $aPtr (i32.add (local.get $aPtr) (local.get $aStep)))
              (local.set $bPtr (i32.add (local.get $bPtr) (local.get $rowBytes)))
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (br $loopQ4)))
            (f64.store (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (local.get $q)) (local.get $m)) (local.get $m2)) (i32.const 3)))
              (f64x2.extract_lane 0 (local.get $acc)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $loopQR)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loopR4)))
    ;; the remaining rows one at a time
    (local.set $cPtr (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $m)) (i32.const 3))))
    (block $doneI (loop $loopI
      (br_if $doneI (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $aRow (i32.add (local.get $a)
        (i32.shl (i32.mul (local.get $i) (local.get $sai)) (i32.const 3))))
      ;; blocks of 8 columns: four independent accumulators hide the fma latency
      (local.set $j (i32.const 0))
      (block $doneJ8 (loop $loopJ8
        (br_if $doneJ8 (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $m)))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $acc1 (v128.const f64x2 0 0))
        (local.set $acc2 (v128.const f64x2 0 0))
        (local.set $acc3 (v128.const f64x2 0 0))
        (local.set $aPtr (local.get $aRow))
        (local.set $bPtr (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $doneP8 (loop $loopP8
          (br_if $doneP8 (i32.eqz (local.get $p)))
          (local.set $av (f64x2.splat (f64.load (local.get $aPtr))))
          (local.set $acc (f64x2.relaxed_madd (local.get $av) (v128.load (local.get $bPtr)) (local.get $acc)))
          (local.set $acc1 (f64x2.relaxed_madd (local.get $av) (v128.load offset=16 (local.get $bPtr)) (local.get $acc1)))
          (local.set $acc2 (f64x2.relaxed_madd (local.get $av) (v128.load offset=32 (local.get $bPtr)) (local.get $acc2)))
          (local.set $acc3 (f64x2.relaxed_madd (local.get $av) (v128.load offset=48 (local.get $bPtr)) (local.get $acc3)))
          (local.set $aPtr (i32.add (local.get $aPtr) (local.get $aStep)))
          (local.set $bPtr (i32.add (local.get $bPtr) (local.get $rowBytes)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $loopP8)))
        (v128.store (local.get $cPtr) (local.get $acc))
        (v128.store offset=16 (local.get $cPtr) (local.get $acc1))
        (v128.store offset=32 (local.get $cPtr) (local.get $acc2))
        (v128.store offset=48 (local.get $cPtr) (local.get $acc3))
        (local.set $cPtr (i32.add (local.get $cPtr) (i32.const 64)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $loopJ8)))
      ;; remaining pairs of columns
      (block $doneJ (loop $loopJ
        (br_if $doneJ (i32.ge_u (local.get $j) (local.get $m2)))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $aPtr (local.get $aRow))
        (local.set $bPtr (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $doneP (loop $loopP
          (br_if $doneP (i32.eqz (local.get $p)))
          (local.set $acc (f64x2.relaxed_madd
            (f64x2.splat (f64.load (local.get $aPtr)))
            (v128.load (local.get $bPtr))
            (local.get $acc)))
          (local.set $aPtr (i32.add (local.get $aPtr) (local.get $aStep)))
          (local.set $bPtr (i32.add (local.get $bPtr) (local.get $rowBytes)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $loopP)))
        (v128.store (local.get $cPtr) (local.get $acc))
        (local.set $cPtr (i32.add (local.get $cPtr) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $loopJ)))
      ;; odd last column
      (if (i32.ne (local.get $m2) (local.get $m))
        (then
          (local.set $acc (v128.const f64x2 0 0))
          (local.set $aPtr (local.get $aRow))
          (local.set $bPtr (i32.add (local.get $b) (i32.shl (local.get $m2) (i32.const 3))))
          (local.set $p (local.get $k))
          (block $doneQ (loop $loopQ
            (br_if $doneQ (i32.eqz (local.get $p)))
            (local.set $acc (f64x2.relaxed_madd
              (f64x2.splat (f64.load (local.get $aPtr)))
              (f64x2.splat (f64.load (local.get $bPtr)))
              (local.get $acc)))
            (local.set $aPtr (i32.add (local.get $aPtr) (local.get $aStep)))
            (local.set $bPtr (i32.add (local.get $bPtr) (local.get $rowBytes)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $loopQ)))
          (f64.store (local.get $cPtr) (f64x2.extract_lane 0 (local.get $acc)))
          (local.set $cPtr (i32.add (local.get $cPtr) (i32.const 8)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loopI)))
  )
;; dst (cols×rows, row-major) = transpose of src (rows×cols, row-major).
  ;; Two source rows at a time: each pair of columns is a 2×2 block, swapped
  ;; with two shuffles; an odd last column, and an odd last row, one by one.
  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $s i32) (local $d i32) (local $dstRow i32) (local $srcRow i32)
    (local $r0 v128) (local $r1 v128)
    (local.set $dstRow (i32.shl (local.get $rows) (i32.const 3)))
    (local.set $srcRow (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $doneI2 (loop $loopI2
      (br_if $doneI2 (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $rows)))
      (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $srcRow))))
      (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $j (local.get $cols))
      (block $doneJ2 (loop $loopJ2
        (br_if $doneJ2 (i32.lt_u (local.get $j) (i32.const 2)))
        (local.set $r0 (v128.load (local.get $s)))
        (local.set $r1 (v128.load (i32.add (local.get $s) (local.get $srcRow))))
        (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $r0) (local.get $r1)))
        (v128.store (i32.add (local.get $d) (local.get $dstRow))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $r0) (local.get $r1)))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.shl (local.get $dstRow) (i32.const 1))))
        (local.set $j (i32.sub (local.get $j) (i32.const 2)))
        (br $loopJ2)))
      (if (local.get $j)
        (then
          (f64.store (local.get $d) (f64.load (local.get $s)))
          (f64.store offset=8 (local.get $d) (f64.load (i32.add (local.get $s) (local.get $srcRow))))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $loopI2)))
    (if (i32.lt_u (local.get $i) (local.get $rows))
      (then
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $srcRow))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $j (local.get $cols))
        (block $doneJ (loop $loopJ
          (br_if $doneJ (i32.eqz (local.get $j)))
          (f64.store (local.get $d) (f64.load (local.get $s)))
          (local.set $s (i32.add (local.get $s) (i32.const 8)))
          (local.set $d (i32.add (local.get $d) (local.get $dstRow)))
          (local.set $j (i32.sub (local.get $j) (i32.const 1)))
          (br $loopJ)))))
  )

;; z[i, :] += bias[i] for an n×m row-major z, then r = max(z, 0) (nan stays nan),
  ;; as numpy's `np.dot(W, A) + b` followed by `np.maximum(0, z)`. Requires m even
  ;; or handles the odd last column with scalar operations.
  (func (export "bias_relu") (param $n i32) (param $m i32) (param $z i32) (param $bias i32) (param $r i32)
    (local $i i32) (local $j i32) (local $bv v128) (local $v v128) (local $m2 i32) (local $b f64) (local $x f64)
    (local.set $m2 (i32.and (local.get $m) (i32.const -2)))
    (local.set $i (i32.const 0))
    (block $doneI (loop $loopI
      (br_if $doneI (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $b (f64.load (i32.add (local.get $bias) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $bv (f64x2.splat (local.get $b)))
      (local.set $j (i32.const 0))
      (block $doneJ (loop $loopJ
        (br_if $doneJ (i32.ge_u (local.get $j) (local.get $m2)))
        (local.set $v (f64x2.add (v128.load (local.get $z)) (local.get $bv)))
        (v128.store (local.get $z) (local.get $v))
        ;; max(v, 0) with numpy's maximum semantics (nan stays, -0 gives +0) as a mask:
        ;; keep v where v > 0 or v is nan, else all bits 0 (+0); cheaper than f64x2.max
        (v128.store (local.get $r) (v128.and (local.get $v)
          (v128.or (f64x2.gt (local.get $v) (v128.const f64x2 0 0)) (f64x2.ne (local.get $v) (local.get $v)))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $loopJ)))
      (if (i32.ne (local.get $m2) (local.get $m))
        (then
          (local.set $x (f64.add (f64.load (local.get $z)) (local.get $b)))
          (f64.store (local.get $z) (local.get $x))
          (f64.store (local.get $r) (f64.max (local.get $x) (f64.const 0)))
          (local.set $z (i32.add (local.get $z) (i32.const 8)))
          (local.set $r (i32.add (local.get $r) (i32.const 8)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loopI)))
  )
  ;; out = d where a > 0, else 0 (numpy's `np.multiply(d, np.int64(a > 0))` up to the
  ;; sign of zeros), over `count` values.
  (func (export "relu_mask") (param $count i32) (param $d i32) (param $a i32) (param $out i32)
    (local $c2 i32) (local $x f64)
    (local.set $c2 (i32.and (local.get $count) (i32.const -2)))
    (block $done (loop $loop
      (br_if $done (i32.eqz (local.get $c2)))
      (v128.store (local.get $out)
        (v128.and (v128.load (local.get $d)) (f64x2.gt (v128.load (local.get $a)) (v128.const f64x2 0 0))))
      (local.set $d (i32.add (local.get $d) (i32.const 16)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (local.set $c2 (i32.sub (local.get $c2) (i32.const 2)))
      (br $loop)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (f64.store (local.get $out)
          (select (f64.load (local.get $d)) (f64.const 0) (f64.gt (f64.load (local.get $a)) (f64.const 0))))))
  )
  ;; ---------------------------------------------------------------------------
  ;; Element-wise operations on n consecutive doubles, two at a time (the odd
  ;; last one alone), with exactly the results of the JavaScript kernels in
  ;; lib/matrix.ts: $op selects add, subtract, multiply, divide, maximum, minimum
  ;; (nan wins; otherwise x >= y ? x : y, so signed zeros come out as in numpy),
  ;; greater, less, equal (1 or 0). ew_rr: c = a op b; ew_rs: c = a op y;
  ;; ew_sr: c = x op b; ew_unary: c = negative, square or sqrt of a.
  ;; Generated from a table (one loop per operation, four doubles per step, then
  ;; two, then one: the loop's own instructions cost as much as the arithmetic);
  ;; edit with care. c may be a or b (each step reads before it writes).
  (func $ew_rr (export "ew_rr") (param $op i32) (param $n i32) (param $a i32) (param $b i32) (param $c i32)
    (local $end i32) (local $end2 i32) (local $end4 i32) (local $vx v128) (local $vy v128) (local $vx1 v128) (local $vy1 v128) (local $x f64) (local $y f64)
    (local.set $end (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $c) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (local.set $end4 (i32.add (local.get $c) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $op8
      (block $op7
        (block $op6
          (block $op5
            (block $op4
              (block $op3
                (block $op2
                  (block $op1
                    (block $op0 (br_table $op0 $op1 $op2 $op3 $op4 $op5 $op6 $op7 $op8 $op8 (local.get $op)))
                    ;; add
                    (block $done4 (loop $next4
                      (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                      (local.set $vx (v128.load (local.get $a)))
                      (local.set $vy (v128.load (local.get $b)))
                      (v128.store (local.get $c) (f64x2.add (local.get $vx) (local.get $vy)))
                      (local.set $vx1 (v128.load offset=16 (local.get $a)))
                      (local.set $vy1 (v128.load offset=16 (local.get $b)))
                      (v128.store offset=16 (local.get $c) (f64x2.add (local.get $vx1) (local.get $vy1)))
                      (local.set $a (i32.add (local.get $a) (i32.const 32)))
                      (local.set $b (i32.add (local.get $b) (i32.const 32)))
                      (local.set $c (i32.add (local.get $c) (i32.const 32)))
                      (br $next4)))
                    (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                      (local.set $vx (v128.load (local.get $a)))
                      (local.set $vy (v128.load (local.get $b)))
                      (v128.store (local.get $c) (f64x2.add (local.get $vx) (local.get $vy)))
                      (local.set $a (i32.add (local.get $a) (i32.const 16)))
                      (local.set $b (i32.add (local.get $b) (i32.const 16)))
                      (local.set $c (i32.add (local.get $c) (i32.const 16)))
                    ))
                    (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
                      (f64.store (local.get $c) (f64.add (local.get $x) (local.get $y)))))
                    (return))
                  ;; subtract
                  (block $done4 (loop $next4
                    (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                    (local.set $vx (v128.load (local.get $a)))
                    (local.set $vy (v128.load (local.get $b)))
                    (v128.store (local.get $c) (f64x2.sub (local.get $vx) (local.get $vy)))
                    (local.set $vx1 (v128.load offset=16 (local.get $a)))
                    (local.set $vy1 (v128.load offset=16 (local.get $b)))
                    (v128.store offset=16 (local.get $c) (f64x2.sub (local.get $vx1) (local.get $vy1)))
                    (local.set $a (i32.add (local.get $a) (i32.const 32)))
                    (local.set $b (i32.add (local.get $b) (i32.const 32)))
                    (local.set $c (i32.add (local.get $c) (i32.const 32)))
                    (br $next4)))
                  (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                    (local.set $vx (v128.load (local.get $a)))
                    (local.set $vy (v128.load (local.get $b)))
                    (v128.store (local.get $c) (f64x2.sub (local.get $vx) (local.get $vy)))
                    (local.set $a (i32.add (local.get $a) (i32.const 16)))
                    (local.set $b (i32.add (local.get $b) (i32.const 16)))
                    (local.set $c (i32.add (local.get $c) (i32.const 16)))
                  ))
                  (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
                    (f64.store (local.get $c) (f64.sub (local.get $x) (local.get $y)))))
                  (return))
                ;; multiply
                (block $done4 (loop $next4
                  (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                  (local.set $vx (v128.load (local.get $a)))
                  (local.set $vy (v128.load (local.get $b)))
                  (v128.store (local.get $c) (f64x2.mul (local.get $vx) (local.get $vy)))
                  (local.set $vx1 (v128.load offset=16 (local.get $a)))
                  (local.set $vy1 (v128.load offset=16 (local.get $b)))
                  (v128.store offset=16 (local.get $c) (f64x2.mul (local.get $vx1) (local.get $vy1)))
                  (local.set $a (i32.add (local.get $a) (i32.const 32)))
                  (local.set $b (i32.add (local.get $b) (i32.const 32)))
                  (local.set $c (i32.add (local.get $c) (i32.const 32)))
                  (br $next4)))
                (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                  (local.set $vx (v128.load (local.get $a)))
                  (local.set $vy (v128.load (local.get $b)))
                  (v128.store (local.get $c) (f64x2.mul (local.get $vx) (local.get $vy)))
                  (local.set $a (i32.add (local.get $a) (i32.const 16)))
                  (local.set $b (i32.add (local.get $b) (i32.const 16)))
                  (local.set $c (i32.add (local.get $c) (i32.const 16)))
                ))
                (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
                  (f64.store (local.get $c) (f64.mul (local.get $x) (local.get $y)))))
                (return))
              ;; divide
              (block $done4 (loop $next4
                (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                (local.set $vx (v128.load (local.get $a)))
                (local.set $vy (v128.load (local.get $b)))
                (v128.store (local.get $c) (f64x2.div (local.get $vx) (local.get $vy)))
                (local.set $vx1 (v128.load offset=16 (local.get $a)))
                (local.set $vy1 (v128.load offset=16 (local.get $b)))
                (v128.store offset=16 (local.get $c) (f64x2.div (local.get $vx1) (local.get $vy1)))
                (local.set $a (i32.add (local.get $a) (i32.const 32)))
                (local.set $b (i32.add (local.get $b) (i32.const 32)))
                (local.set $c (i32.add (local.get $c) (i32.const 32)))
                (br $next4)))
              (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                (local.set $vx (v128.load (local.get $a)))
                (local.set $vy (v128.load (local.get $b)))
                (v128.store (local.get $c) (f64x2.div (local.get $vx) (local.get $vy)))
                (local.set $a (i32.add (local.get $a) (i32.const 16)))
                (local.set $b (i32.add (local.get $b) (i32.const 16)))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
              ))
              (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
                (f64.store (local.get $c) (f64.div (local.get $x) (local.get $y)))))
              (return))
            ;; maximum
            (block $done4 (loop $next4
              (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
              (local.set $vx (v128.load (local.get $a)))
              (local.set $vy (v128.load (local.get $b)))
              (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.ge (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
              (local.set $vx1 (v128.load offset=16 (local.get $a)))
              (local.set $vy1 (v128.load offset=16 (local.get $b)))
              (v128.store offset=16 (local.get $c) (v128.bitselect (local.get $vx1) (v128.bitselect (local.get $vx1) (local.get $vy1) (f64x2.ge (local.get $vx1) (local.get $vy1))) (f64x2.ne (local.get $vx1) (local.get $vx1))))
              (local.set $a (i32.add (local.get $a) (i32.const 32)))
              (local.set $b (i32.add (local.get $b) (i32.const 32)))
              (local.set $c (i32.add (local.get $c) (i32.const 32)))
              (br $next4)))
            (if (i32.lt_u (local.get $c) (local.get $end2)) (then
              (local.set $vx (v128.load (local.get $a)))
              (local.set $vy (v128.load (local.get $b)))
              (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.ge (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
              (local.set $a (i32.add (local.get $a) (i32.const 16)))
              (local.set $b (i32.add (local.get $b) (i32.const 16)))
              (local.set $c (i32.add (local.get $c) (i32.const 16)))
            ))
            (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
              (f64.store (local.get $c) (select (local.get $x) (select (local.get $x) (local.get $y) (f64.ge (local.get $x) (local.get $y))) (f64.ne (local.get $x) (local.get $x))))))
            (return))
          ;; minimum
          (block $done4 (loop $next4
            (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
            (local.set $vx (v128.load (local.get $a)))
            (local.set $vy (v128.load (local.get $b)))
            (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.le (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
            (local.set $vx1 (v128.load offset=16 (local.get $a)))
            (local.set $vy1 (v128.load offset=16 (local.get $b)))
            (v128.store offset=16 (local.get $c) (v128.bitselect (local.get $vx1) (v128.bitselect (local.get $vx1) (local.get $vy1) (f64x2.le (local.get $vx1) (local.get $vy1))) (f64x2.ne (local.get $vx1) (local.get $vx1))))
            (local.set $a (i32.add (local.get $a) (i32.const 32)))
            (local.set $b (i32.add (local.get $b) (i32.const 32)))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br $next4)))
          (if (i32.lt_u (local.get $c) (local.get $end2)) (then
            (local.set $vx (v128.load (local.get $a)))
            (local.set $vy (v128.load (local.get $b)))
            (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.le (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
          ))
          (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
            (f64.store (local.get $c) (select (local.get $x) (select (local.get $x) (local.get $y) (f64.le (local.get $x) (local.get $y))) (f64.ne (local.get $x) (local.get $x))))))
          (return))
        ;; greater
        (block $done4 (loop $next4
          (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
          (local.set $vx (v128.load (local.get $a)))
          (local.set $vy (v128.load (local.get $b)))
          (v128.store (local.get $c) (v128.and (f64x2.gt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
          (local.set $vx1 (v128.load offset=16 (local.get $a)))
          (local.set $vy1 (v128.load offset=16 (local.get $b)))
          (v128.store offset=16 (local.get $c) (v128.and (f64x2.gt (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
          (local.set $a (i32.add (local.get $a) (i32.const 32)))
          (local.set $b (i32.add (local.get $b) (i32.const 32)))
          (local.set $c (i32.add (local.get $c) (i32.const 32)))
          (br $next4)))
        (if (i32.lt_u (local.get $c) (local.get $end2)) (then
          (local.set $vx (v128.load (local.get $a)))
          (local.set $vy (v128.load (local.get $b)))
          (v128.store (local.get $c) (v128.and (f64x2.gt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
        ))
        (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
          (f64.store (local.get $c) (f64.convert_i32_u (f64.gt (local.get $x) (local.get $y))))))
        (return))
      ;; less
      (block $done4 (loop $next4
        (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
        (local.set $vx (v128.load (local.get $a)))
        (local.set $vy (v128.load (local.get $b)))
        (v128.store (local.get $c) (v128.and (f64x2.lt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
        (local.set $vx1 (v128.load offset=16 (local.get $a)))
        (local.set $vy1 (v128.load offset=16 (local.get $b)))
        (v128.store offset=16 (local.get $c) (v128.and (f64x2.lt (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $next4)))
      (if (i32.lt_u (local.get $c) (local.get $end2)) (then
        (local.set $vx (v128.load (local.get $a)))
        (local.set $vy (v128.load (local.get $b)))
        (v128.store (local.get $c) (v128.and (f64x2.lt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
      ))
      (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
        (f64.store (local.get $c) (f64.convert_i32_u (f64.lt (local.get $x) (local.get $y))))))
      (return))
    ;; equal
    (block $done4 (loop $next4
      (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
      (local.set $vx (v128.load (local.get $a)))
      (local.set $vy (v128.load (local.get $b)))
      (v128.store (local.get $c) (v128.and (f64x2.eq (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
      (local.set $vx1 (v128.load offset=16 (local.get $a)))
      (local.set $vy1 (v128.load offset=16 (local.get $b)))
      (v128.store offset=16 (local.get $c) (v128.and (f64x2.eq (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
      (local.set $a (i32.add (local.get $a) (i32.const 32)))
      (local.set $b (i32.add (local.get $b) (i32.const 32)))
      (local.set $c (i32.add (local.get $c) (i32.const 32)))
      (br $next4)))
    (if (i32.lt_u (local.get $c) (local.get $end2)) (then
      (local.set $vx (v128.load (local.get $a)))
      (local.set $vy (v128.load (local.get $b)))
      (v128.store (local.get $c) (v128.and (f64x2.eq (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
    ))
    (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a))) (local.set $y (f64.load (local.get $b)))
      (f64.store (local.get $c) (f64.convert_i32_u (f64.eq (local.get $x) (local.get $y))))))
  )
  (func $ew_rs (export "ew_rs") (param $op i32) (param $n i32) (param $a i32) (param $y f64) (param $c i32)
    (local $end i32) (local $end2 i32) (local $end4 i32) (local $vx v128) (local $vy v128) (local $vx1 v128) (local $vy1 v128) (local $x f64)
    (local.set $end (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $c) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (local.set $end4 (i32.add (local.get $c) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (local.set $vy (f64x2.splat (local.get $y)))
    (local.set $vy1 (local.get $vy))
    (block $op8
      (block $op7
        (block $op6
          (block $op5
            (block $op4
              (block $op3
                (block $op2
                  (block $op1
                    (block $op0 (br_table $op0 $op1 $op2 $op3 $op4 $op5 $op6 $op7 $op8 $op8 (local.get $op)))
                    ;; add
                    (block $done4 (loop $next4
                      (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                      (local.set $vx (v128.load (local.get $a)))
                      (v128.store (local.get $c) (f64x2.add (local.get $vx) (local.get $vy)))
                      (local.set $vx1 (v128.load offset=16 (local.get $a)))
                      (v128.store offset=16 (local.get $c) (f64x2.add (local.get $vx1) (local.get $vy1)))
                      (local.set $a (i32.add (local.get $a) (i32.const 32)))
                      (local.set $c (i32.add (local.get $c) (i32.const 32)))
                      (br $next4)))
                    (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                      (local.set $vx (v128.load (local.get $a)))
                      (v128.store (local.get $c) (f64x2.add (local.get $vx) (local.get $vy)))
                      (local.set $a (i32.add (local.get $a) (i32.const 16)))
                      (local.set $c (i32.add (local.get $c) (i32.const 16)))
                    ))
                    (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
                      (f64.store (local.get $c) (f64.add (local.get $x) (local.get $y)))))
                    (return))
                  ;; subtract
                  (block $done4 (loop $next4
                    (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                    (local.set $vx (v128.load (local.get $a)))
                    (v128.store (local.get $c) (f64x2.sub (local.get $vx) (local.get $vy)))
                    (local.set $vx1 (v128.load offset=16 (local.get $a)))
                    (v128.store offset=16 (local.get $c) (f64x2.sub (local.get $vx1) (local.get $vy1)))
                    (local.set $a (i32.add (local.get $a) (i32.const 32)))
                    (local.set $c (i32.add (local.get $c) (i32.const 32)))
                    (br $next4)))
                  (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                    (local.set $vx (v128.load (local.get $a)))
                    (v128.store (local.get $c) (f64x2.sub (local.get $vx) (local.get $vy)))
                    (local.set $a (i32.add (local.get $a) (i32.const 16)))
                    (local.set $c (i32.add (local.get $c) (i32.const 16)))
                  ))
                  (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
                    (f64.store (local.get $c) (f64.sub (local.get $x) (local.get $y)))))
                  (return))
                ;; multiply
                (block $done4 (loop $next4
                  (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                  (local.set $vx (v128.load (local.get $a)))
                  (v128.store (local.get $c) (f64x2.mul (local.get $vx) (local.get $vy)))
                  (local.set $vx1 (v128.load offset=16 (local.get $a)))
                  (v128.store offset=16 (local.get $c) (f64x2.mul (local.get $vx1) (local.get $vy1)))
                  (local.set $a (i32.add (local.get $a) (i32.const 32)))
                  (local.set $c (i32.add (local.get $c) (i32.const 32)))
                  (br $next4)))
                (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                  (local.set $vx (v128.load (local.get $a)))
                  (v128.store (local.get $c) (f64x2.mul (local.get $vx) (local.get $vy)))
                  (local.set $a (i32.add (local.get $a) (i32.const 16)))
                  (local.set $c (i32.add (local.get $c) (i32.const 16)))
                ))
                (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
                  (f64.store (local.get $c) (f64.mul (local.get $x) (local.get $y)))))
                (return))
              ;; divide
              (block $done4 (loop $next4
                (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                (local.set $vx (v128.load (local.get $a)))
                (v128.store (local.get $c) (f64x2.div (local.get $vx) (local.get $vy)))
                (local.set $vx1 (v128.load offset=16 (local.get $a)))
                (v128.store offset=16 (local.get $c) (f64x2.div (local.get $vx1) (local.get $vy1)))
                (local.set $a (i32.add (local.get $a) (i32.const 32)))
                (local.set $c (i32.add (local.get $c) (i32.const 32)))
                (br $next4)))
              (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                (local.set $vx (v128.load (local.get $a)))
                (v128.store (local.get $c) (f64x2.div (local.get $vx) (local.get $vy)))
                (local.set $a (i32.add (local.get $a) (i32.const 16)))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
              ))
              (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
                (f64.store (local.get $c) (f64.div (local.get $x) (local.get $y)))))
              (return))
            ;; maximum
            (block $done4 (loop $next4
              (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
              (local.set $vx (v128.load (local.get $a)))
              (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.ge (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
              (local.set $vx1 (v128.load offset=16 (local.get $a)))
              (v128.store offset=16 (local.get $c) (v128.bitselect (local.get $vx1) (v128.bitselect (local.get $vx1) (local.get $vy1) (f64x2.ge (local.get $vx1) (local.get $vy1))) (f64x2.ne (local.get $vx1) (local.get $vx1))))
              (local.set $a (i32.add (local.get $a) (i32.const 32)))
              (local.set $c (i32.add (local.get $c) (i32.const 32)))
              (br $next4)))
            (if (i32.lt_u (local.get $c) (local.get $end2)) (then
              (local.set $vx (v128.load (local.get $a)))
              (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.ge (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
              (local.set $a (i32.add (local.get $a) (i32.const 16)))
              (local.set $c (i32.add (local.get $c) (i32.const 16)))
            ))
            (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
              (f64.store (local.get $c) (select (local.get $x) (select (local.get $x) (local.get $y) (f64.ge (local.get $x) (local.get $y))) (f64.ne (local.get $x) (local.get $x))))))
            (return))
          ;; minimum
          (block $done4 (loop $next4
            (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
            (local.set $vx (v128.load (local.get $a)))
            (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.le (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
            (local.set $vx1 (v128.load offset=16 (local.get $a)))
            (v128.store offset=16 (local.get $c) (v128.bitselect (local.get $vx1) (v128.bitselect (local.get $vx1) (local.get $vy1) (f64x2.le (local.get $vx1) (local.get $vy1))) (f64x2.ne (local.get $vx1) (local.get $vx1))))
            (local.set $a (i32.add (local.get $a) (i32.const 32)))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br $next4)))
          (if (i32.lt_u (local.get $c) (local.get $end2)) (then
            (local.set $vx (v128.load (local.get $a)))
            (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.le (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
          ))
          (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
            (f64.store (local.get $c) (select (local.get $x) (select (local.get $x) (local.get $y) (f64.le (local.get $x) (local.get $y))) (f64.ne (local.get $x) (local.get $x))))))
          (return))
        ;; greater
        (block $done4 (loop $next4
          (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
          (local.set $vx (v128.load (local.get $a)))
          (v128.store (local.get $c) (v128.and (f64x2.gt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
          (local.set $vx1 (v128.load offset=16 (local.get $a)))
          (v128.store offset=16 (local.get $c) (v128.and (f64x2.gt (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
          (local.set $a (i32.add (local.get $a) (i32.const 32)))
          (local.set $c (i32.add (local.get $c) (i32.const 32)))
          (br $next4)))
        (if (i32.lt_u (local.get $c) (local.get $end2)) (then
          (local.set $vx (v128.load (local.get $a)))
          (v128.store (local.get $c) (v128.and (f64x2.gt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
        ))
        (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
          (f64.store (local.get $c) (f64.convert_i32_u (f64.gt (local.get $x) (local.get $y))))))
        (return))
      ;; less
      (block $done4 (loop $next4
        (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
        (local.set $vx (v128.load (local.get $a)))
        (v128.store (local.get $c) (v128.and (f64x2.lt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
        (local.set $vx1 (v128.load offset=16 (local.get $a)))
        (v128.store offset=16 (local.get $c) (v128.and (f64x2.lt (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $next4)))
      (if (i32.lt_u (local.get $c) (local.get $end2)) (then
        (local.set $vx (v128.load (local.get $a)))
        (v128.store (local.get $c) (v128.and (f64x2.lt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
      ))
      (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
        (f64.store (local.get $c) (f64.convert_i32_u (f64.lt (local.get $x) (local.get $y))))))
      (return))
    ;; equal
    (block $done4 (loop $next4
      (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
      (local.set $vx (v128.load (local.get $a)))
      (v128.store (local.get $c) (v128.and (f64x2.eq (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
      (local.set $vx1 (v128.load offset=16 (local.get $a)))
      (v128.store offset=16 (local.get $c) (v128.and (f64x2.eq (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
      (local.set $a (i32.add (local.get $a) (i32.const 32)))
      (local.set $c (i32.add (local.get $c) (i32.const 32)))
      (br $next4)))
    (if (i32.lt_u (local.get $c) (local.get $end2)) (then
      (local.set $vx (v128.load (local.get $a)))
      (v128.store (local.get $c) (v128.and (f64x2.eq (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
    ))
    (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
      (f64.store (local.get $c) (f64.convert_i32_u (f64.eq (local.get $x) (local.get $y))))))
  )
  (func $ew_sr (export "ew_sr") (param $op i32) (param $n i32) (param $x f64) (param $b i32) (param $c i32)
    (local $end i32) (local $end2 i32) (local $end4 i32) (local $vx v128) (local $vy v128) (local $vx1 v128) (local $vy1 v128) (local $y f64)
    (local.set $end (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $c) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (local.set $end4 (i32.add (local.get $c) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (local.set $vx (f64x2.splat (local.get $x)))
    (local.set $vx1 (local.get $vx))
    (block $op8
      (block $op7
        (block $op6
          (block $op5
            (block $op4
              (block $op3
                (block $op2
                  (block $op1
                    (block $op0 (br_table $op0 $op1 $op2 $op3 $op4 $op5 $op6 $op7 $op8 $op8 (local.get $op)))
                    ;; add
                    (block $done4 (loop $next4
                      (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                      (local.set $vy (v128.load (local.get $b)))
                      (v128.store (local.get $c) (f64x2.add (local.get $vx) (local.get $vy)))
                      (local.set $vy1 (v128.load offset=16 (local.get $b)))
                      (v128.store offset=16 (local.get $c) (f64x2.add (local.get $vx1) (local.get $vy1)))
                      (local.set $b (i32.add (local.get $b) (i32.const 32)))
                      (local.set $c (i32.add (local.get $c) (i32.const 32)))
                      (br $next4)))
                    (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                      (local.set $vy (v128.load (local.get $b)))
                      (v128.store (local.get $c) (f64x2.add (local.get $vx) (local.get $vy)))
                      (local.set $b (i32.add (local.get $b) (i32.const 16)))
                      (local.set $c (i32.add (local.get $c) (i32.const 16)))
                    ))
                    (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
                      (f64.store (local.get $c) (f64.add (local.get $x) (local.get $y)))))
                    (return))
                  ;; subtract
                  (block $done4 (loop $next4
                    (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                    (local.set $vy (v128.load (local.get $b)))
                    (v128.store (local.get $c) (f64x2.sub (local.get $vx) (local.get $vy)))
                    (local.set $vy1 (v128.load offset=16 (local.get $b)))
                    (v128.store offset=16 (local.get $c) (f64x2.sub (local.get $vx1) (local.get $vy1)))
                    (local.set $b (i32.add (local.get $b) (i32.const 32)))
                    (local.set $c (i32.add (local.get $c) (i32.const 32)))
                    (br $next4)))
                  (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                    (local.set $vy (v128.load (local.get $b)))
                    (v128.store (local.get $c) (f64x2.sub (local.get $vx) (local.get $vy)))
                    (local.set $b (i32.add (local.get $b) (i32.const 16)))
                    (local.set $c (i32.add (local.get $c) (i32.const 16)))
                  ))
                  (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
                    (f64.store (local.get $c) (f64.sub (local.get $x) (local.get $y)))))
                  (return))
                ;; multiply
                (block $done4 (loop $next4
                  (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                  (local.set $vy (v128.load (local.get $b)))
                  (v128.store (local.get $c) (f64x2.mul (local.get $vx) (local.get $vy)))
                  (local.set $vy1 (v128.load offset=16 (local.get $b)))
                  (v128.store offset=16 (local.get $c) (f64x2.mul (local.get $vx1) (local.get $vy1)))
                  (local.set $b (i32.add (local.get $b) (i32.const 32)))
                  (local.set $c (i32.add (local.get $c) (i32.const 32)))
                  (br $next4)))
                (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                  (local.set $vy (v128.load (local.get $b)))
                  (v128.store (local.get $c) (f64x2.mul (local.get $vx) (local.get $vy)))
                  (local.set $b (i32.add (local.get $b) (i32.const 16)))
                  (local.set $c (i32.add (local.get $c) (i32.const 16)))
                ))
                (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
                  (f64.store (local.get $c) (f64.mul (local.get $x) (local.get $y)))))
                (return))
              ;; divide
              (block $done4 (loop $next4
                (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
                (local.set $vy (v128.load (local.get $b)))
                (v128.store (local.get $c) (f64x2.div (local.get $vx) (local.get $vy)))
                (local.set $vy1 (v128.load offset=16 (local.get $b)))
                (v128.store offset=16 (local.get $c) (f64x2.div (local.get $vx1) (local.get $vy1)))
                (local.set $b (i32.add (local.get $b) (i32.const 32)))
                (local.set $c (i32.add (local.get $c) (i32.const 32)))
                (br $next4)))
              (if (i32.lt_u (local.get $c) (local.get $end2)) (then
                (local.set $vy (v128.load (local.get $b)))
                (v128.store (local.get $c) (f64x2.div (local.get $vx) (local.get $vy)))
                (local.set $b (i32.add (local.get $b) (i32.const 16)))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
              ))
              (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
                (f64.store (local.get $c) (f64.div (local.get $x) (local.get $y)))))
              (return))
            ;; maximum
            (block $done4 (loop $next4
              (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
              (local.set $vy (v128.load (local.get $b)))
              (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.ge (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
              (local.set $vy1 (v128.load offset=16 (local.get $b)))
              (v128.store offset=16 (local.get $c) (v128.bitselect (local.get $vx1) (v128.bitselect (local.get $vx1) (local.get $vy1) (f64x2.ge (local.get $vx1) (local.get $vy1))) (f64x2.ne (local.get $vx1) (local.get $vx1))))
              (local.set $b (i32.add (local.get $b) (i32.const 32)))
              (local.set $c (i32.add (local.get $c) (i32.const 32)))
              (br $next4)))
            (if (i32.lt_u (local.get $c) (local.get $end2)) (then
              (local.set $vy (v128.load (local.get $b)))
              (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.ge (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
              (local.set $b (i32.add (local.get $b) (i32.const 16)))
              (local.set $c (i32.add (local.get $c) (i32.const 16)))
            ))
            (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
              (f64.store (local.get $c) (select (local.get $x) (select (local.get $x) (local.get $y) (f64.ge (local.get $x) (local.get $y))) (f64.ne (local.get $x) (local.get $x))))))
            (return))
          ;; minimum
          (block $done4 (loop $next4
            (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
            (local.set $vy (v128.load (local.get $b)))
            (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.le (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
            (local.set $vy1 (v128.load offset=16 (local.get $b)))
            (v128.store offset=16 (local.get $c) (v128.bitselect (local.get $vx1) (v128.bitselect (local.get $vx1) (local.get $vy1) (f64x2.le (local.get $vx1) (local.get $vy1))) (f64x2.ne (local.get $vx1) (local.get $vx1))))
            (local.set $b (i32.add (local.get $b) (i32.const 32)))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br $next4)))
          (if (i32.lt_u (local.get $c) (local.get $end2)) (then
            (local.set $vy (v128.load (local.get $b)))
            (v128.store (local.get $c) (v128.bitselect (local.get $vx) (v128.bitselect (local.get $vx) (local.get $vy) (f64x2.le (local.get $vx) (local.get $vy))) (f64x2.ne (local.get $vx) (local.get $vx))))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
          ))
          (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
            (f64.store (local.get $c) (select (local.get $x) (select (local.get $x) (local.get $y) (f64.le (local.get $x) (local.get $y))) (f64.ne (local.get $x) (local.get $x))))))
          (return))
        ;; greater
        (block $done4 (loop $next4
          (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
          (local.set $vy (v128.load (local.get $b)))
          (v128.store (local.get $c) (v128.and (f64x2.gt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
          (local.set $vy1 (v128.load offset=16 (local.get $b)))
          (v128.store offset=16 (local.get $c) (v128.and (f64x2.gt (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
          (local.set $b (i32.add (local.get $b) (i32.const 32)))
          (local.set $c (i32.add (local.get $c) (i32.const 32)))
          (br $next4)))
        (if (i32.lt_u (local.get $c) (local.get $end2)) (then
          (local.set $vy (v128.load (local.get $b)))
          (v128.store (local.get $c) (v128.and (f64x2.gt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
        ))
        (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
          (f64.store (local.get $c) (f64.convert_i32_u (f64.gt (local.get $x) (local.get $y))))))
        (return))
      ;; less
      (block $done4 (loop $next4
        (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
        (local.set $vy (v128.load (local.get $b)))
        (v128.store (local.get $c) (v128.and (f64x2.lt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
        (local.set $vy1 (v128.load offset=16 (local.get $b)))
        (v128.store offset=16 (local.get $c) (v128.and (f64x2.lt (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $next4)))
      (if (i32.lt_u (local.get $c) (local.get $end2)) (then
        (local.set $vy (v128.load (local.get $b)))
        (v128.store (local.get $c) (v128.and (f64x2.lt (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
      ))
      (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
        (f64.store (local.get $c) (f64.convert_i32_u (f64.lt (local.get $x) (local.get $y))))))
      (return))
    ;; equal
    (block $done4 (loop $next4
      (br_if $done4 (i32.ge_u (local.get $c) (local.get $end4)))
      (local.set $vy (v128.load (local.get $b)))
      (v128.store (local.get $c) (v128.and (f64x2.eq (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
      (local.set $vy1 (v128.load offset=16 (local.get $b)))
      (v128.store offset=16 (local.get $c) (v128.and (f64x2.eq (local.get $vx1) (local.get $vy1)) (v128.const f64x2 1 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 32)))
      (local.set $c (i32.add (local.get $c) (i32.const 32)))
      (br $next4)))
    (if (i32.lt_u (local.get $c) (local.get $end2)) (then
      (local.set $vy (v128.load (local.get $b)))
      (v128.store (local.get $c) (v128.and (f64x2.eq (local.get $vx) (local.get $vy)) (v128.const f64x2 1 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
    ))
    (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $y (f64.load (local.get $b)))
      (f64.store (local.get $c) (f64.convert_i32_u (f64.eq (local.get $x) (local.get $y))))))
  )

  ;; Column broadcasting, numpy's `a op col` and `col op b` for an n×m matrix and
  ;; an (n, 1) column: each row i against the scalar col[i], by the kernels above.
  (func (export "ew_rc") (param $op i32) (param $n i32) (param $m i32) (param $a i32) (param $col i32) (param $c i32)
    (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (call $ew_rs (local.get $op) (local.get $m) (local.get $a) (f64.load (local.get $col)) (local.get $c))
      (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
      (local.set $c (i32.add (local.get $c) (local.get $rowBytes)))
      (local.set $col (i32.add (local.get $col) (i32.const 8)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
  )
  (func (export "ew_cr") (param $op i32) (param $n i32) (param $m i32) (param $col i32) (param $b i32) (param $c i32)
    (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (call $ew_sr (local.get $op) (local.get $m) (f64.load (local.get $col)) (local.get $b) (local.get $c))
      (local.set $b (i32.add (local.get $b) (local.get $rowBytes)))
      (local.set $c (i32.add (local.get $c) (local.get $rowBytes)))
      (local.set $col (i32.add (local.get $col) (i32.const 8)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
  )
  ;; Clears `bytes` bytes from `p` on (the storage of a new zeros() matrix):
  ;; TypedArray.prototype.fill on shared memory is several times slower.
  (func (export "zero") (param $p i32) (param $bytes i32)
    (memory.fill (local.get $p) (i32.const 0) (local.get $bytes)))
;; numpy's pairwise summation of n doubles from p (pairwise_sum in numpy's
  ;; loops_utils): fewer than 8 added in order from 0; up to 128 in 8
  ;; interleaved accumulators r0..r7 (here four f64x2 registers holding the
  ;; pairs r0 r1, r2 r3, r4 r5, r6 r7: the same additions), combined as
  ;; ((r0+r1)+(r2+r3)) + ((r4+r5)+(r6+r7)), then the rest in order; longer runs
  ;; split in two halves, the first a multiple of 8 long.
  (func $pairwise (export "pairwise") (param $p i32) (param $n i32) (result f64)
    (local $res f64) (local $end i32) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $n2 i32)
    (if (i32.lt_u (local.get $n) (i32.const 8))
      (then
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $res (f64.add (local.get $res) (f64.load (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br $next)))
        (return (local.get $res))))
    (if (i32.gt_u (local.get $n) (i32.const 128))
      (then
        (local.set $n2 (i32.shr_u (local.get $n) (i32.const 1)))
        (local.set $n2 (i32.and (local.get $n2) (i32.const -8)))
        (return (f64.add
          (call $pairwise (local.get $p) (local.get $n2))
          (call $pairwise (i32.add (local.get $p) (i32.shl (local.get $n2) (i32.const 3))) (i32.sub (local.get $n) (local.get $n2)))))))
    (local.set $a0 (v128.load (local.get $p)))
    (local.set $a1 (v128.load offset=16 (local.get $p)))
    (local.set $a2 (v128.load offset=32 (local.get $p)))
    (local.set $a3 (v128.load offset=48 (local.get $p)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (local.set $p (i32.add (local.get $p) (i32.const 64)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $a0 (f64x2.add (local.get $a0) (v128.load (local.get $p))))
      (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $p))))
      (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $p))))
      (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br $next)))
    (local.set $res (f64.add
      (f64.add
        (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0)))
        (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))
      (f64.add
        (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2)))
        (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3))))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $res (f64.add (local.get $res) (f64.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $next)))
    (local.get $res)
  )
  ;; dst[i] = pairwise sum of row i of an n×m row-major matrix (np.sum(a, axis=1))
  (func (export "row_sums") (param $n i32) (param $m i32) (param $src i32) (param $dst i32)
    (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (f64.store (local.get $dst) (call $pairwise (local.get $src) (local.get $m)))
      (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
  )
  (func (export "ew_unary") (param $op i32) (param $n i32) (param $a i32) (param $c i32)
    (local $end i32) (local $end2 i32) (local $x f64) (local $y f64) (local $vx v128) (local $vy v128)
    (local.set $end (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $c) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $op2
      (block $op1
        (block $op0 (br_table $op0 $op1 $op2 $op2 (local.get $op)))
        ;; negative
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $c) (local.get $end2)))
          (local.set $vx (v128.load (local.get $a)))
          (v128.store (local.get $c) (f64x2.neg (local.get $vx)))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br $next)))
        (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
          (f64.store (local.get $c) (f64.neg (local.get $x)))))
        (return))
      ;; square
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $end2)))
        (local.set $vx (v128.load (local.get $a)))
        (v128.store (local.get $c) (f64x2.mul (local.get $vx) (local.get $vx)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $next)))
      (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
        (f64.store (local.get $c) (f64.mul (local.get $x) (local.get $x)))))
      (return))
    ;; sqrt
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $c) (local.get $end2)))
      (local.set $vx (v128.load (local.get $a)))
      (v128.store (local.get $c) (f64x2.sqrt (local.get $vx)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $next)))
    (if (i32.lt_u (local.get $c) (local.get $end)) (then (local.set $x (f64.load (local.get $a)))
      (f64.store (local.get $c) (f64.sqrt (local.get $x)))))
  )

  ;; ---------------------------------------------------------------------------
  ;; MT19937, numpy's legacy generator, for np.random.rand: the 624-word state
  ;; at $s (as int32), `pos` the next word to use. mt_twist regenerates the
  ;; block; mt_uniform writes n doubles ((a >> 5) * 2^26 + (b >> 6)) / 2^53
  ;; from consecutive tempered words a, b (numpy's random_sample) to $out and
  ;; returns the new position. Same words, same doubles as lib/random.ts.
  (func $mt_twist (param $s i32)
    (local $p i32) (local $end i32) (local $y i32) (local $v v128)
    ;; words 0..223 four at a time, 224..226 one by one: new[i] = old[i+397] ^ f(old[i], old[i+1])
    (local.set $p (local.get $s))
    (local.set $end (i32.add (local.get $s) (i32.const 896)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $v (v128.or
        (v128.and (v128.load (local.get $p)) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (v128.and (v128.load offset=4 (local.get $p)) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))))
      (v128.store (local.get $p) (v128.xor (v128.xor (v128.load offset=1588 (local.get $p)) (i32x4.shr_u (local.get $v) (i32.const 1)))
        (v128.and (i32x4.sub (v128.const i32x4 0 0 0 0) (v128.and (local.get $v) (v128.const i32x4 1 1 1 1)))
                  (v128.const i32x4 0x9908b0df 0x9908b0df 0x9908b0df 0x9908b0df))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l1)))
    (local.set $end (i32.add (local.get $s) (i32.const 908)))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $y (i32.or (i32.and (i32.load (local.get $p)) (i32.const 0x80000000)) (i32.and (i32.load offset=4 (local.get $p)) (i32.const 0x7fffffff))))
      (i32.store (local.get $p) (i32.xor (i32.xor (i32.load offset=1588 (local.get $p)) (i32.shr_u (local.get $y) (i32.const 1)))
        (i32.and (i32.sub (i32.const 0) (i32.and (local.get $y) (i32.const 1))) (i32.const 0x9908b0df))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $l2)))
    ;; words 227..622 four at a time: new[i] = new[i-227] ^ f(old[i], old[i+1])
    (local.set $end (i32.add (local.get $s) (i32.const 2492)))
    (block $d3 (loop $l3
      (br_if $d3 (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $v (v128.or
        (v128.and (v128.load (local.get $p)) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (v128.and (v128.load offset=4 (local.get $p)) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))))
      (v128.store (local.get $p) (v128.xor (v128.xor (v128.load (i32.sub (local.get $p) (i32.const 908))) (i32x4.shr_u (local.get $v) (i32.const 1)))
        (v128.and (i32x4.sub (v128.const i32x4 0 0 0 0) (v128.and (local.get $v) (v128.const i32x4 1 1 1 1)))
                  (v128.const i32x4 0x9908b0df 0x9908b0df 0x9908b0df 0x9908b0df))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l3)))
    ;; word 623: new[623] = new[396] ^ f(old[623], new[0])
    (local.set $y (i32.or (i32.and (i32.load offset=2492 (local.get $s)) (i32.const 0x80000000)) (i32.and (i32.load (local.get $s)) (i32.const 0x7fffffff))))
    (i32.store offset=2492 (local.get $s) (i32.xor (i32.xor (i32.load offset=1584 (local.get $s)) (i32.shr_u (local.get $y) (i32.const 1)))
      (i32.and (i32.sub (i32.const 0) (i32.and (local.get $y) (i32.const 1))) (i32.const 0x9908b0df))))
  )
  (func $temper (param $y i32) (result i32)
    (local.set $y (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 11))))
    (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 7)) (i32.const 0x9d2c5680))))
    (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 15)) (i32.const 0xefc60000))))
    (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 18)))
  )
  (func (export "mt_twist") (param $s i32) (call $mt_twist (local.get $s)))
  (func (export "mt_uniform") (param $s i32) (param $pos i32) (param $out i32) (param $n i32) (result i32)
    (local $end i32) (local $v v128) (local $lo v128) (local $a i32) (local $b i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (if (i32.ge_u (local.get $pos) (i32.const 624))
        (then (call $mt_twist (local.get $s)) (local.set $pos (i32.const 0))))
      ;; four words (two doubles) at once while the block and the output allow
      (if (i32.and (i32.le_u (local.get $pos) (i32.const 620))
                   (i32.le_u (i32.add (local.get $out) (i32.const 16)) (local.get $end)))
        (then
          (local.set $v (v128.load (i32.add (local.get $s) (i32.shl (local.get $pos) (i32.const 2)))))
          (local.set $v (v128.xor (local.get $v) (i32x4.shr_u (local.get $v) (i32.const 11))))
          (local.set $v (v128.xor (local.get $v) (v128.and (i32x4.shl (local.get $v) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
          (local.set $v (v128.xor (local.get $v) (v128.and (i32x4.shl (local.get $v) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
          (local.set $v (v128.xor (local.get $v) (i32x4.shr_u (local.get $v) (i32.const 18))))
          ;; lanes [a0, b0, a1, b1] -> [a0 >> 5, a1 >> 5, b0 >> 6, b1 >> 6]
          (local.set $lo (i8x16.shuffle 0 1 2 3 8 9 10 11 20 21 22 23 28 29 30 31
            (i32x4.shr_u (local.get $v) (i32.const 5)) (i32x4.shr_u (local.get $v) (i32.const 6))))
          (v128.store (local.get $out)
            (f64x2.mul
              (f64x2.add
                (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $lo)) (v128.const f64x2 0x1p26 0x1p26))
                (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $lo) (local.get $lo))))
              (v128.const f64x2 0x1p-53 0x1p-53)))
          (local.set $pos (i32.add (local.get $pos) (i32.const 4)))
          (local.set $out (i32.add (local.get $out) (i32.const 16)))
          (br $next)))
      ;; one double from the next two words (possibly across a twist)
      (local.set $a (call $temper (i32.load (i32.add (local.get $s) (i32.shl (local.get $pos) (i32.const 2))))))
      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
      (if (i32.ge_u (local.get $pos) (i32.const 624))
        (then (call $mt_twist (local.get $s)) (local.set $pos (i32.const 0))))
      (local.set $b (call $temper (i32.load (i32.add (local.get $s) (i32.shl (local.get $pos) (i32.const 2))))))
      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
      (f64.store (local.get $out)
        (f64.mul
          (f64.add (f64.mul (f64.convert_i32_u (i32.shr_u (local.get $a) (i32.const 5))) (f64.const 0x1p26))
                   (f64.convert_i32_u (i32.shr_u (local.get $b) (i32.const 6))))
          (f64.const 0x1p-53)))
      (local.set $out (i32.add (local.get $out) (i32.const 8)))
      (br $next)))
    (local.get $pos)
  )
)
