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
;; than 16 columns) go by blocks of 4 rows x 4 columns (eight independent
;; accumulators), then 4 rows x 2; other rows one at a time, 8 columns at a
;; time (four accumulators), then 4, then pairs; an odd last column uses
;; lane 0 only. Also here: the transpose, the dense layer's bias + ReLU and
;; backward ReLU mask, and MT19937; element-wise kernels are in
;; elementwise.wat, glibc's exp and log in libm.wat (same memory).
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
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $b0 v128) (local $b1 v128)
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
      ;; 4 rows x 4 columns: eight chains in flight keep both fma units busy
      (block $doneJR4 (loop $loopJR4
        (br_if $doneJR4 (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $m2)))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $acc1 (v128.const f64x2 0 0))
        (local.set $acc2 (v128.const f64x2 0 0))
        (local.set $acc3 (v128.const f64x2 0 0))
        (local.set $acc4 (v128.const f64x2 0 0))
        (local.set $acc5 (v128.const f64x2 0 0))
        (local.set $acc6 (v128.const f64x2 0 0))
        (local.set $acc7 (v128.const f64x2 0 0))
        (local.set $aPtr (local.get $aRow))
        (local.set $bPtr (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $donePR4 (loop $loopPR4
          (br_if $donePR4 (i32.eqz (local.get $p)))
          (local.set $b0 (v128.load (local.get $bPtr)))
          (local.set $b1 (v128.load offset=16 (local.get $bPtr)))
          (local.set $av (f64x2.splat (f64.load (local.get $aPtr))))
          (local.set $acc (f64x2.relaxed_madd (local.get $av) (local.get $b0) (local.get $acc)))
          (local.set $acc1 (f64x2.relaxed_madd (local.get $av) (local.get $b1) (local.get $acc1)))
          (local.set $av (f64x2.splat (f64.load (i32.add (local.get $aPtr) (local.get $aRowStep)))))
          (local.set $acc2 (f64x2.relaxed_madd (local.get $av) (local.get $b0) (local.get $acc2)))
          (local.set $acc3 (f64x2.relaxed_madd (local.get $av) (local.get $b1) (local.get $acc3)))
          (local.set $av (f64x2.splat (f64.load (i32.add (local.get $aPtr) (i32.shl (local.get $aRowStep) (i32.const 1))))))
          (local.set $acc4 (f64x2.relaxed_madd (local.get $av) (local.get $b0) (local.get $acc4)))
          (local.set $acc5 (f64x2.relaxed_madd (local.get $av) (local.get $b1) (local.get $acc5)))
          (local.set $av (f64x2.splat (f64.load (i32.add (local.get $aPtr) (i32.mul (local.get $aRowStep) (i32.const 3))))))
          (local.set $acc6 (f64x2.relaxed_madd (local.get $av) (local.get $b0) (local.get $acc6)))
          (local.set $acc7 (f64x2.relaxed_madd (local.get $av) (local.get $b1) (local.get $acc7)))
          (local.set $aPtr (i32.add (local.get $aPtr) (local.get $aStep)))
          (local.set $bPtr (i32.add (local.get $bPtr) (local.get $rowBytes)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $loopPR4)))
        (local.set $cPtr (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 3))))
        (v128.store (local.get $cPtr) (local.get $acc))
        (v128.store offset=16 (local.get $cPtr) (local.get $acc1))
        (local.set $cPtr (i32.add (local.get $cPtr) (local.get $rowBytes)))
        (v128.store (local.get $cPtr) (local.get $acc2))
        (v128.store offset=16 (local.get $cPtr) (local.get $acc3))
        (local.set $cPtr (i32.add (local.get $cPtr) (local.get $rowBytes)))
        (v128.store (local.get $cPtr) (local.get $acc4))
        (v128.store offset=16 (local.get $cPtr) (local.get $acc5))
        (local.set $cPtr (i32.add (local.get $cPtr) (local.get $rowBytes)))
        (v128.store (local.get $cPtr) (local.get $acc6))
        (v128.store offset=16 (local.get $cPtr) (local.get $acc7))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $loopJR4)))
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
      (local.set $j (i32.const 0))
      ;; blocks of 8 columns: four independent accumulators hide the fma latency
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
      ;; four remaining columns: two chains at once
      (if (i32.le_u (i32.add (local.get $j) (i32.const 4)) (local.get $m))
        (then
          (local.set $acc (v128.const f64x2 0 0))
          (local.set $acc1 (v128.const f64x2 0 0))
          (local.set $aPtr (local.get $aRow))
          (local.set $bPtr (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
          (local.set $p (local.get $k))
          (block $doneP4 (loop $loopP4
            (br_if $doneP4 (i32.eqz (local.get $p)))
            (local.set $av (f64x2.splat (f64.load (local.get $aPtr))))
            (local.set $acc (f64x2.relaxed_madd (local.get $av) (v128.load (local.get $bPtr)) (local.get $acc)))
            (local.set $acc1 (f64x2.relaxed_madd (local.get $av) (v128.load offset=16 (local.get $bPtr)) (local.get $acc1)))
            (local.set $aPtr (i32.add (local.get $aPtr) (local.get $aStep)))
            (local.set $bPtr (i32.add (local.get $bPtr) (local.get $rowBytes)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $loopP4)))
          (v128.store (local.get $cPtr) (local.get $acc))
          (v128.store offset=16 (local.get $cPtr) (local.get $acc1))
          (local.set $cPtr (i32.add (local.get $cPtr) (i32.const 32)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))))
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
      ;; max(v, 0) with numpy's maximum semantics (nan stays, -0 gives +0) as a mask:
      ;; keep v where v > 0 or v is nan, else all bits 0 (+0); cheaper than f64x2.max.
      ;; Four doubles per step, then two.
      (block $doneJ4 (loop $loopJ4
        (br_if $doneJ4 (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $m)))
        (local.set $v (f64x2.add (v128.load (local.get $z)) (local.get $bv)))
        (v128.store (local.get $z) (local.get $v))
        (v128.store (local.get $r) (v128.and (local.get $v)
          (v128.or (f64x2.gt (local.get $v) (v128.const f64x2 0 0)) (f64x2.ne (local.get $v) (local.get $v)))))
        (local.set $v (f64x2.add (v128.load offset=16 (local.get $z)) (local.get $bv)))
        (v128.store offset=16 (local.get $z) (local.get $v))
        (v128.store offset=16 (local.get $r) (v128.and (local.get $v)
          (v128.or (f64x2.gt (local.get $v) (v128.const f64x2 0 0)) (f64x2.ne (local.get $v) (local.get $v)))))
        (local.set $z (i32.add (local.get $z) (i32.const 32)))
        (local.set $r (i32.add (local.get $r) (i32.const 32)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $loopJ4)))
      (block $doneJ (loop $loopJ
        (br_if $doneJ (i32.ge_u (local.get $j) (local.get $m2)))
        (local.set $v (f64x2.add (v128.load (local.get $z)) (local.get $bv)))
        (v128.store (local.get $z) (local.get $v))
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
    (local $c4 i32)
    ;; four doubles per step (the loop's own instructions cost as much as the masking)
    (local.set $c4 (i32.shr_u (local.get $count) (i32.const 2)))
    (block $done (loop $loop
      (br_if $done (i32.eqz (local.get $c4)))
      (v128.store (local.get $out)
        (v128.and (v128.load (local.get $d)) (f64x2.gt (v128.load (local.get $a)) (v128.const f64x2 0 0))))
      (v128.store offset=16 (local.get $out)
        (v128.and (v128.load offset=16 (local.get $d)) (f64x2.gt (v128.load offset=16 (local.get $a)) (v128.const f64x2 0 0))))
      (local.set $d (i32.add (local.get $d) (i32.const 32)))
      (local.set $a (i32.add (local.get $a) (i32.const 32)))
      (local.set $out (i32.add (local.get $out) (i32.const 32)))
      (local.set $c4 (i32.sub (local.get $c4) (i32.const 1)))
      (br $loop)))
    (if (i32.and (local.get $count) (i32.const 2))
      (then
        (v128.store (local.get $out)
          (v128.and (v128.load (local.get $d)) (f64x2.gt (v128.load (local.get $a)) (v128.const f64x2 0 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (f64.store (local.get $out)
          (select (f64.load (local.get $d)) (f64.const 0) (f64.gt (f64.load (local.get $a)) (f64.const 0))))))
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
  ;; Two doubles per four tempered words [a0, b0, a1, b1], one i64 lane per
  ;; pair (a in the low half, b in the high half), without shuffles or integer
  ;; conversions: a' = a >> 5 as the mantissa of 2^25 gives 2^25 + a'·2^-27,
  ;; b' = b >> 6 as the mantissa of 2^-1 gives 0.5 + b'·2^-53, and
  ;; (2^25 + a'·2^-27 − (2^25 + 0.5)) + (0.5 + b'·2^-53) = (a'·2^26 + b')·2^-53,
  ;; every step exact (each result is a multiple of 2^-53 below 1, or of 2^-27
  ;; below 0.5 in size), so the same double as random.ts's formula. The
  ;; constants live in locals: V8 rebuilds a v128.const at each use.
  (func (export "mt_uniform") (param $s i32) (param $pos i32) (param $out i32) (param $n i32) (result i32)
    (local $end i32) (local $q i32) (local $q2 i32) (local $p i32) (local $a i32) (local $b i32)
    (local $v v128) (local $m1 v128) (local $m2 v128) (local $low v128) (local $expA v128) (local $expB v128) (local $c v128)
    (local.set $m1 (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))
    (local.set $m2 (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))
    (local.set $low (v128.const i64x2 0xffffffff 0xffffffff))
    (local.set $expA (v128.const i64x2 0x4180000000000000 0x4180000000000000))
    (local.set $expB (v128.const i64x2 0x3fe0000000000000 0x3fe0000000000000))
    (local.set $c (v128.const f64x2 33554432.5 33554432.5))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (if (i32.ge_u (local.get $pos) (i32.const 624))
        (then (call $mt_twist (local.get $s)) (local.set $pos (i32.const 0))))
      ;; q groups of four words (two doubles): as many as the block and the output both allow
      (local.set $q (i32.shr_u (i32.sub (i32.const 624) (local.get $pos)) (i32.const 2)))
      (local.set $q2 (i32.shr_u (i32.sub (local.get $end) (local.get $out)) (i32.const 4)))
      (if (i32.lt_u (local.get $q2) (local.get $q)) (then (local.set $q (local.get $q2))))
      (local.set $p (i32.add (local.get $s) (i32.shl (local.get $pos) (i32.const 2))))
      (local.set $pos (i32.add (local.get $pos) (i32.shl (local.get $q) (i32.const 2))))
      (local.set $q2 (i32.add (local.get $p) (i32.shl (local.get $q) (i32.const 4))))
      (block $doneQ (loop $nextQ
        (br_if $doneQ (i32.ge_u (local.get $p) (local.get $q2)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $v (v128.xor (local.get $v) (i32x4.shr_u (local.get $v) (i32.const 11))))
        (local.set $v (v128.xor (local.get $v) (v128.and (i32x4.shl (local.get $v) (i32.const 7)) (local.get $m1))))
        (local.set $v (v128.xor (local.get $v) (v128.and (i32x4.shl (local.get $v) (i32.const 15)) (local.get $m2))))
        (local.set $v (v128.xor (local.get $v) (i32x4.shr_u (local.get $v) (i32.const 18))))
        (v128.store (local.get $out)
          (f64x2.add
            (f64x2.sub (v128.or (i64x2.shr_u (v128.and (local.get $v) (local.get $low)) (i32.const 5)) (local.get $expA)) (local.get $c))
            (v128.or (i64x2.shr_u (local.get $v) (i32.const 38)) (local.get $expB))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $nextQ)))
      ;; then at most one double from the next two words (the output's odd last
      ;; one, or a pair at the end of the block, possibly across a twist)
      (if (i32.lt_u (local.get $out) (local.get $end))
        (then
          (if (i32.ge_u (local.get $pos) (i32.const 624))
            (then (call $mt_twist (local.get $s)) (local.set $pos (i32.const 0))))
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
          (local.set $out (i32.add (local.get $out) (i32.const 8)))))
      (br $next)))
    (local.get $pos)
  )
)
