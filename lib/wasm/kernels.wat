;; dnnlab's matrix-product kernel (WebAssembly with relaxed SIMD).
;;
;; gemm computes C = A·B for row-major C (n×m) and B (k×m), with A given by
;; strides so that both A (n×k, sai = k, sap = 1) and Aᵀ (A stored k×n,
;; sai = 1, sap = n) can be used without copying. Every element of C is
;; accumulated over p = 0, 1, ..., k-1 in order with fused multiply-adds
;; (f64x2.relaxed_madd, which is a true fma on CPUs that have one; the
;; library checks this at load time), starting from +0: exactly what
;; OpenBLAS's x86-64 kernels do for the short inner dimensions of forward
;; passes, so the products have numpy's digits. Two columns of C are
;; computed at a time; an odd last column uses lane 0 only.
;; All pointers are byte offsets into the exported memory.
(module
  (memory (export "memory") 1)
  (func (export "gemm")
        (param $n i32) (param $k i32) (param $m i32)
        (param $a i32) (param $sai i32) (param $sap i32)
        (param $b i32) (param $c i32)
    (local $i i32) (local $j i32) (local $p i32)
    (local $acc v128) (local $aRow i32) (local $aPtr i32) (local $bPtr i32) (local $cPtr i32)
    (local $m2 i32) (local $rowBytes i32) (local $aStep i32)
    (local.set $m2 (i32.and (local.get $m) (i32.const -2)))
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (local.set $aStep (i32.shl (local.get $sap) (i32.const 3)))
    (local.set $cPtr (local.get $c))
    (local.set $i (i32.const 0))
    (block $doneI (loop $loopI
      (br_if $doneI (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $aRow (i32.add (local.get $a)
        (i32.shl (i32.mul (local.get $i) (local.get $sai)) (i32.const 3))))
      ;; pairs of columns
      (local.set $j (i32.const 0))
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
)
