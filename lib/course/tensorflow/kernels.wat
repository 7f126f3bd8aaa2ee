;; float32 kernels for TensorFlow.js's WebAssembly backend (lib/course/tensorflow/fastKernels.ts).
;;
;; The module imports the backend's own memory, so it reads and writes tensors
;; where they are: every pointer is a byte offset into that memory, as the
;; backend's `memoryOffset` gives it.
;;
;; gemm: one k-range of C = A·B for row-major C (m×n, contiguous), with A and B
;; given by byte strides (row, column), so that transposed operands are read
;; in place. Each element of C is summed over k in order, one product after
;; the other, with separate f32 multiplies and adds (WebAssembly has no f32
;; fma): the order of tfjs's own kernels, so the results are the same bits.
;;   mode 0: the sum continues from C (XNNPACK's order: one running sum);
;;   mode 1: the sum starts from 0 and is then added to C (tfjs's blocked
;;           kernel adds one such sum per block of 48 values of k);
;;   mode 2: the sum starts from 0 and is stored in C (the first block of
;;           either: the same bits as adding it to a zeroed C, since a sum
;;           that starts from +0 is never -0).
;; Columns go by panels of 8 (then 4, then one at a time), rows by 4 (then
;; one at a time). A panel of B whose columns are not contiguous (B is read
;; transposed) is first copied to `scratch` (kc×8 floats, 8 contiguous per k).
;;
;; transpose: dst (cols×rows) = srcᵀ (rows×cols), 32-bit elements, by blocks
;; of 4×4 transposed in registers (as transposed panels are packed).
;;
;; adam: tfjs's Adam update of one variable in one pass (the same float32
;; operations, in the same order, as tf.train.adam's applyGradients).
(module
  (import "env" "memory" (memory 1))

;; 4 rows × 8 columns. a: A[i, k0]; b: the panel at k0, bs bytes per k;
  ;; mode 0: C holds the running sum; 1: add this block's sum to C; 2: store it.
  (func $mk4x8 (param $kc i32) (param $a i32) (param $rsa i32) (param $csa i32)
        (param $b i32) (param $bs i32) (param $c i32) (param $rsc i32) (param $mode i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local.set $a1 (i32.add (local.get $a) (local.get $rsa)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $rsa)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $rsa)))
    (local.set $r1 (i32.add (local.get $c) (local.get $rsc)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $rsc)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $rsc)))
    (if (i32.eqz (local.get $mode)) (then
      (local.set $c00 (v128.load (local.get $c)))
      (local.set $c01 (v128.load offset=16 (local.get $c)))
      (local.set $c10 (v128.load (local.get $r1)))
      (local.set $c11 (v128.load offset=16 (local.get $r1)))
      (local.set $c20 (v128.load (local.get $r2)))
      (local.set $c21 (v128.load offset=16 (local.get $r2)))
      (local.set $c30 (v128.load (local.get $r3)))
      (local.set $c31 (v128.load offset=16 (local.get $r3)))))
    (block $done (loop $k
      (br_if $done (i32.eqz (local.get $kc)))
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $s (v128.load32_splat (local.get $a)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load32_splat (local.get $a1)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load32_splat (local.get $a2)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
      (local.set $s (v128.load32_splat (local.get $a3)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
      (local.set $a (i32.add (local.get $a) (local.get $csa)))
      (local.set $a1 (i32.add (local.get $a1) (local.get $csa)))
      (local.set $a2 (i32.add (local.get $a2) (local.get $csa)))
      (local.set $a3 (i32.add (local.get $a3) (local.get $csa)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $kc (i32.sub (local.get $kc) (i32.const 1)))
      (br $k)))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then
      (local.set $c00 (f32x4.add (v128.load (local.get $c)) (local.get $c00)))
      (local.set $c01 (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c01)))
      (local.set $c10 (f32x4.add (v128.load (local.get $r1)) (local.get $c10)))
      (local.set $c11 (f32x4.add (v128.load offset=16 (local.get $r1)) (local.get $c11)))
      (local.set $c20 (f32x4.add (v128.load (local.get $r2)) (local.get $c20)))
      (local.set $c21 (f32x4.add (v128.load offset=16 (local.get $r2)) (local.get $c21)))
      (local.set $c30 (f32x4.add (v128.load (local.get $r3)) (local.get $c30)))
      (local.set $c31 (f32x4.add (v128.load offset=16 (local.get $r3)) (local.get $c31)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store (local.get $r1) (local.get $c10))
    (v128.store offset=16 (local.get $r1) (local.get $c11))
    (v128.store (local.get $r2) (local.get $c20))
    (v128.store offset=16 (local.get $r2) (local.get $c21))
    (v128.store (local.get $r3) (local.get $c30))
    (v128.store offset=16 (local.get $r3) (local.get $c31)))

  ;; 1 row × 8 columns.
  (func $mk1x8 (param $kc i32) (param $a i32) (param $csa i32)
        (param $b i32) (param $bs i32) (param $c i32) (param $mode i32)
    (local $s v128) (local $c0 v128) (local $c1 v128)
    (if (i32.eqz (local.get $mode)) (then
      (local.set $c0 (v128.load (local.get $c)))
      (local.set $c1 (v128.load offset=16 (local.get $c)))))
    (block $done (loop $k
      (br_if $done (i32.eqz (local.get $kc)))
      (local.set $s (v128.load32_splat (local.get $a)))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load (local.get $b)))))
      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $b)))))
      (local.set $a (i32.add (local.get $a) (local.get $csa)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $kc (i32.sub (local.get $kc) (i32.const 1)))
      (br $k)))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then
      (local.set $c0 (f32x4.add (v128.load (local.get $c)) (local.get $c0)))
      (local.set $c1 (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c1)))))
    (v128.store (local.get $c) (local.get $c0))
    (v128.store offset=16 (local.get $c) (local.get $c1)))

  ;; 4 rows × 4 columns.
  (func $mk4x4 (param $kc i32) (param $a i32) (param $rsa i32) (param $csa i32)
        (param $b i32) (param $bs i32) (param $c i32) (param $rsc i32) (param $mode i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $b0 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local.set $a1 (i32.add (local.get $a) (local.get $rsa)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $rsa)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $rsa)))
    (local.set $r1 (i32.add (local.get $c) (local.get $rsc)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $rsc)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $rsc)))
    (if (i32.eqz (local.get $mode)) (then
      (local.set $c0 (v128.load (local.get $c)))
      (local.set $c1 (v128.load (local.get $r1)))
      (local.set $c2 (v128.load (local.get $r2)))
      (local.set $c3 (v128.load (local.get $r3)))))
    (block $done (loop $k
      (br_if $done (i32.eqz (local.get $kc)))
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $a)) (local.get $b0))))
      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (v128.load32_splat (local.get $a1)) (local.get $b0))))
      (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (v128.load32_splat (local.get $a2)) (local.get $b0))))
      (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (v128.load32_splat (local.get $a3)) (local.get $b0))))
      (local.set $a (i32.add (local.get $a) (local.get $csa)))
      (local.set $a1 (i32.add (local.get $a1) (local.get $csa)))
      (local.set $a2 (i32.add (local.get $a2) (local.get $csa)))
      (local.set $a3 (i32.add (local.get $a3) (local.get $csa)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $kc (i32.sub (local.get $kc) (i32.const 1)))
      (br $k)))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then
      (local.set $c0 (f32x4.add (v128.load (local.get $c)) (local.get $c0)))
      (local.set $c1 (f32x4.add (v128.load (local.get $r1)) (local.get $c1)))
      (local.set $c2 (f32x4.add (v128.load (local.get $r2)) (local.get $c2)))
      (local.set $c3 (f32x4.add (v128.load (local.get $r3)) (local.get $c3)))))
    (v128.store (local.get $c) (local.get $c0))
    (v128.store (local.get $r1) (local.get $c1))
    (v128.store (local.get $r2) (local.get $c2))
    (v128.store (local.get $r3) (local.get $c3)))

  ;; 1 row × 4 columns.
  (func $mk1x4 (param $kc i32) (param $a i32) (param $csa i32)
        (param $b i32) (param $bs i32) (param $c i32) (param $mode i32)
    (local $c0 v128)
    (if (i32.eqz (local.get $mode)) (then (local.set $c0 (v128.load (local.get $c)))))
    (block $done (loop $k
      (br_if $done (i32.eqz (local.get $kc)))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $a)) (v128.load (local.get $b)))))
      (local.set $a (i32.add (local.get $a) (local.get $csa)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $kc (i32.sub (local.get $kc) (i32.const 1)))
      (br $k)))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $c0 (f32x4.add (v128.load (local.get $c)) (local.get $c0)))))
    (v128.store (local.get $c) (local.get $c0)))

  ;; One element, B read with its own strides (the last n mod 4 columns).
  (func $mk1x1 (param $kc i32) (param $a i32) (param $csa i32)
        (param $b i32) (param $rsb i32) (param $c i32) (param $mode i32)
    (local $s f32)
    (if (i32.eqz (local.get $mode)) (then (local.set $s (f32.load (local.get $c)))))
    (block $done (loop $k
      (br_if $done (i32.eqz (local.get $kc)))
      (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
      (local.set $a (i32.add (local.get $a) (local.get $csa)))
      (local.set $b (i32.add (local.get $b) (local.get $rsb)))
      (local.set $kc (i32.sub (local.get $kc) (i32.const 1)))
      (br $k)))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then (local.set $s (f32.add (f32.load (local.get $c)) (local.get $s)))))
    (f32.store (local.get $c) (local.get $s)))

;; Blocks of 4×4 are transposed in registers (in $pack and transpose, written
  ;; out in each: V8 does not inline wasm calls): rows v0..v3 give
  ;; t0 = (v0[0] v1[0] v0[1] v1[1]), t1 = (v0[2] v1[2] v0[3] v1[3]), t2 and t3
  ;; the same of v2, v3; then column q is the halves of (t0, t2) or (t1, t3).

  ;; dst[kk*w + t] = B[kk, t] for kk < kc, t < w (w = 4 or 8): a panel of w
  ;; columns of B (whose element (kk, t) is at src + kk*rsb + t*csb) made
  ;; contiguous. When B's k runs along memory (rsb = 4, B read transposed),
  ;; blocks of 4×4 are transposed in registers; the rest goes one by one.
  (func $pack (param $kc i32) (param $src i32) (param $rsb i32) (param $csb i32) (param $w i32) (param $dst i32)
    (local $t i32) (local $s i32) (local $d i32) (local $ws i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ws (i32.shl (local.get $w) (i32.const 2)))
    (if (i32.eq (local.get $rsb) (i32.const 4)) (then
      (block $done4 (loop $by4
        (br_if $done4 (i32.lt_u (local.get $kc) (i32.const 4)))
        (local.set $t (i32.const 0))
        (block $doneT (loop $cols4
          (br_if $doneT (i32.ge_u (local.get $t) (local.get $w)))
          ;; B[kk..kk+3, t..t+3] is memory rows t..t+3 (csb apart), 4 values each
          (local.set $s (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $csb))))
          (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $t) (i32.const 2))))
          ;; the 4×4 block at s transposed to d (see above)
          (local.set $v0 (v128.load (local.get $s)))
          (local.set $v1 (v128.load (i32.add (local.get $s) (local.get $csb))))
          (local.set $v2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $csb) (i32.const 1)))))
          (local.set $v3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $csb) (i32.const 3)))))
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
          (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (local.get $ws)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (i32.shl (local.get $ws) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store (i32.add (local.get $d) (i32.mul (local.get $ws) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $t (i32.add (local.get $t) (i32.const 4)))
          (br $cols4)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $ws) (i32.const 2))))
        (local.set $kc (i32.sub (local.get $kc) (i32.const 4)))
        (br $by4)))))
    (block $done (loop $k
      (br_if $done (i32.eqz (local.get $kc)))
      (local.set $s (local.get $src))
      (local.set $t (local.get $w))
      (block $doneT (loop $col
        (br_if $doneT (i32.eqz (local.get $t)))
        (f32.store (local.get $dst) (f32.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (local.get $csb)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (br $col)))
      (local.set $src (i32.add (local.get $src) (local.get $rsb)))
      (local.set $kc (i32.sub (local.get $kc) (i32.const 1)))
      (br $k))))

;; All rows of C against one or two panels of 8 columns: the panel at bp
  ;; for C's columns at cp, and, when bp2 is not 0, the panel at bp2 for the 8
  ;; columns after. Two panels per row block write whole 64-byte lines of C:
  ;; rows of C whose length is a multiple of 4 KiB share cache sets, so a line
  ;; written in two halves would be read back in between.
  (func $rows8 (param $m i32) (param $kc i32) (param $a i32) (param $rsa i32) (param $csa i32)
        (param $bp i32) (param $bp2 i32) (param $bs i32) (param $cp i32) (param $rsc i32) (param $mode i32)
    (local $i i32)
    (block $doneR4 (loop $rows4
      (br_if $doneR4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
      (call $mk4x8 (local.get $kc) (local.get $a) (local.get $rsa) (local.get $csa)
                   (local.get $bp) (local.get $bs) (local.get $cp) (local.get $rsc) (local.get $mode))
      (if (local.get $bp2) (then
        (call $mk4x8 (local.get $kc) (local.get $a) (local.get $rsa) (local.get $csa)
                     (local.get $bp2) (local.get $bs) (i32.add (local.get $cp) (i32.const 32)) (local.get $rsc) (local.get $mode))))
      (local.set $a (i32.add (local.get $a) (i32.shl (local.get $rsa) (i32.const 2))))
      (local.set $cp (i32.add (local.get $cp) (i32.shl (local.get $rsc) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $rows4)))
    (block $doneR1 (loop $rows1
      (br_if $doneR1 (i32.ge_u (local.get $i) (local.get $m)))
      (call $mk1x8 (local.get $kc) (local.get $a) (local.get $csa)
                   (local.get $bp) (local.get $bs) (local.get $cp) (local.get $mode))
      (if (local.get $bp2) (then
        (call $mk1x8 (local.get $kc) (local.get $a) (local.get $csa)
                     (local.get $bp2) (local.get $bs) (i32.add (local.get $cp) (i32.const 32)) (local.get $mode))))
      (local.set $a (i32.add (local.get $a) (local.get $rsa)))
      (local.set $cp (i32.add (local.get $cp) (local.get $rsc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows1))))

  ;; C[i, j] (+)= Σ_{kk < kc} A[i, kk]·B[kk, j] for i < m, j < n (see the top).
  ;; A[i, kk] is at a + i*rsa + kk*csa, B[kk, j] at b + kk*rsb + j*csb, C[i, j]
  ;; at c + (i*n + j)*4 (byte offsets and strides). scratch: 2·kc·8 floats.
  (func (export "gemm") (param $m i32) (param $n i32) (param $kc i32)
        (param $a i32) (param $rsa i32) (param $csa i32)
        (param $b i32) (param $rsb i32) (param $csb i32)
        (param $c i32) (param $mode i32) (param $scratch i32)
    (local $rsc i32) (local $j i32) (local $i i32) (local $bp i32) (local $bp2 i32) (local $bs i32)
    (local $ap i32) (local $cp i32) (local $packed i32) (local $w i32)
    (local.set $rsc (i32.shl (local.get $n) (i32.const 2)))
    (local.set $packed (i32.ne (local.get $csb) (i32.const 4)))
    (local.set $j (i32.const 0))
    ;; 16 columns at a time (two panels of 8), then 8
    (block $done8 (loop $panel8
      (local.set $w (select (i32.const 16) (i32.const 8)
        (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $n))))
      (br_if $done8 (i32.gt_u (i32.add (local.get $j) (local.get $w)) (local.get $n)))
      (if (local.get $packed)
        (then
          (call $pack (local.get $kc) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $csb)))
                      (local.get $rsb) (local.get $csb) (i32.const 8) (local.get $scratch))
          (local.set $bp (local.get $scratch))
          (local.set $bp2 (i32.const 0))
          (if (i32.eq (local.get $w) (i32.const 16)) (then
            (local.set $bp2 (i32.add (local.get $scratch) (i32.shl (local.get $kc) (i32.const 5))))
            (call $pack (local.get $kc) (i32.add (local.get $b) (i32.mul (i32.add (local.get $j) (i32.const 8)) (local.get $csb)))
                        (local.get $rsb) (local.get $csb) (i32.const 8) (local.get $bp2))))
          (local.set $bs (i32.const 32)))
        (else
          (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $bp2 (select (i32.add (local.get $bp) (i32.const 32)) (i32.const 0) (i32.eq (local.get $w) (i32.const 16))))
          (local.set $bs (local.get $rsb))))
      (call $rows8 (local.get $m) (local.get $kc) (local.get $a) (local.get $rsa) (local.get $csa)
                   (local.get $bp) (local.get $bp2) (local.get $bs)
                   (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $rsc) (local.get $mode))
      (local.set $j (i32.add (local.get $j) (local.get $w)))
      (br $panel8)))
    ;; one panel of 4 columns
    (if (i32.le_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)) (then
      (if (local.get $packed)
        (then
          (call $pack (local.get $kc) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $csb)))
                      (local.get $rsb) (local.get $csb) (i32.const 4) (local.get $scratch))
          (local.set $bp (local.get $scratch))
          (local.set $bs (i32.const 16)))
        (else
          (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $bs (local.get $rsb))))
      (local.set $ap (local.get $a))
      (local.set $cp (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $i (i32.const 0))
      (block $doneQ4 (loop $quad4
        (br_if $doneQ4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (call $mk4x4 (local.get $kc) (local.get $ap) (local.get $rsa) (local.get $csa)
                     (local.get $bp) (local.get $bs) (local.get $cp) (local.get $rsc) (local.get $mode))
        (local.set $ap (i32.add (local.get $ap) (i32.shl (local.get $rsa) (i32.const 2))))
        (local.set $cp (i32.add (local.get $cp) (i32.shl (local.get $rsc) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quad4)))
      (block $doneQ1 (loop $quad1
        (br_if $doneQ1 (i32.ge_u (local.get $i) (local.get $m)))
        (call $mk1x4 (local.get $kc) (local.get $ap) (local.get $csa)
                     (local.get $bp) (local.get $bs) (local.get $cp) (local.get $mode))
        (local.set $ap (i32.add (local.get $ap) (local.get $rsa)))
        (local.set $cp (i32.add (local.get $cp) (local.get $rsc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $quad1)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))))
    ;; the last columns, one element at a time
    (block $doneJ (loop $col
      (br_if $doneJ (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $ap (local.get $a))
      (local.set $cp (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $i (i32.const 0))
      (block $doneI (loop $row
        (br_if $doneI (i32.ge_u (local.get $i) (local.get $m)))
        (call $mk1x1 (local.get $kc) (local.get $ap) (local.get $csa)
                     (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $csb))) (local.get $rsb)
                     (local.get $cp) (local.get $mode))
        (local.set $ap (i32.add (local.get $ap) (local.get $rsa)))
        (local.set $cp (i32.add (local.get $cp) (local.get $rsc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $col))))

;; dst (cols×rows, row-major) = transpose of src (rows×cols, row-major), 32-bit
  ;; elements. Tiles of 4 rows × 16 columns (one cache line of each source
  ;; row: rows whose length is a multiple of 4 KiB share cache sets, so a
  ;; line must be used up at once), column tiles in order so dst is written
  ;; in order; then 4 columns at a time, then one.
  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $w i32) (local $jj i32) (local $rs i32) (local $ds i32) (local $s i32) (local $d i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rs (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $ds (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $doneJ (loop $colTile
      ;; the tile's width: 16, else 4, else done with blocks
      (local.set $w (select (i32.const 16) (i32.const 4)
        (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $cols))))
      (br_if $doneJ (i32.gt_u (i32.add (local.get $j) (local.get $w)) (local.get $cols)))
      (local.set $i (i32.const 0))
      (block $doneI (loop $rowBand
        (br_if $doneI (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $rows)))
        (local.set $s (i32.add (local.get $src)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
        (local.set $d (i32.add (local.get $dst)
          (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2))))
        (local.set $jj (i32.const 0))
        (block $doneB (loop $blocks
          (br_if $doneB (i32.ge_u (local.get $jj) (local.get $w)))
          ;; the 4×4 block at s transposed to d (see above)
          (local.set $v0 (v128.load (local.get $s)))
          (local.set $v1 (v128.load (i32.add (local.get $s) (local.get $rs))))
          (local.set $v2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $rs) (i32.const 1)))))
          (local.set $v3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $rs) (i32.const 3)))))
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
          (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (local.get $ds)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (i32.shl (local.get $ds) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store (i32.add (local.get $d) (i32.mul (local.get $ds) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $s (i32.add (local.get $s) (i32.const 16)))
          (local.set $d (i32.add (local.get $d) (i32.shl (local.get $ds) (i32.const 2))))
          (local.set $jj (i32.add (local.get $jj) (i32.const 4)))
          (br $blocks)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rowBand)))
      ;; the last rows mod 4 of these columns, one value at a time
      (block $doneT (loop $tailRow
        (br_if $doneT (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $s (i32.add (local.get $src)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
        (local.set $d (i32.add (local.get $dst)
          (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2))))
        (local.set $jj (local.get $w))
        (block $doneV (loop $values
          (br_if $doneV (i32.eqz (local.get $jj)))
          (i32.store (local.get $d) (i32.load (local.get $s)))
          (local.set $s (i32.add (local.get $s) (i32.const 4)))
          (local.set $d (i32.add (local.get $d) (local.get $ds)))
          (local.set $jj (i32.sub (local.get $jj) (i32.const 1)))
          (br $values)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tailRow)))
      (local.set $j (i32.add (local.get $j) (local.get $w)))
      (br $colTile)))
    ;; the last cols mod 4 columns
    (block $doneC (loop $lastCols
      (br_if $doneC (i32.ge_u (local.get $j) (local.get $cols)))
      (local.set $s (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $j) (local.get $ds))))
      (local.set $i (local.get $rows))
      (block $doneR (loop $row
        (br_if $doneR (i32.eqz (local.get $i)))
        (i32.store (local.get $d) (i32.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (local.get $rs)))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $row)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $lastCols))))

  ;; Adam for n float32 values, as tf.train.adam computes it:
  ;;   m' = m·β1 + g·(1−β1)           v' = v·β2 + g²·(1−β2)
  ;;   w' = (m'/c1) / (√(v'/c2) + ε) · (−lr) + w
  ;; with c1 = 1 − β1^t, c2 = 1 − β2^t; every step rounded to float32.
  (func (export "adam") (param $n i32) (param $w i32) (param $g i32) (param $m i32) (param $v i32)
        (param $wOut i32) (param $mOut i32) (param $vOut i32)
        (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
        (param $c1 f32) (param $c2 f32) (param $epsilon f32) (param $negLr f32)
    (local $i i32) (local $off i32) (local $n4 i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $b1 v128) (local $ob1 v128) (local $b2 v128) (local $ob2 v128)
    (local $k1 v128) (local $k2 v128) (local $eps v128) (local $nlr v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $ob1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $ob2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $k1 (f32x4.splat (local.get $c1)))
    (local.set $k2 (f32x4.splat (local.get $c2)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (local.set $nlr (f32x4.splat (local.get $negLr)))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $done4 (loop $by4
      (br_if $done4 (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))
      (local.set $mv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $off))) (local.get $b1))
        (f32x4.mul (local.get $gv) (local.get $ob1))))
      (local.set $vv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $off))) (local.get $b2))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $ob2))))
      (v128.store (i32.add (local.get $mOut) (local.get $off)) (local.get $mv))
      (v128.store (i32.add (local.get $vOut) (local.get $off)) (local.get $vv))
      (v128.store (i32.add (local.get $wOut) (local.get $off))
        (f32x4.add
          (f32x4.mul
            (f32x4.div (f32x4.div (local.get $mv) (local.get $k1))
                       (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $k2))) (local.get $eps)))
            (local.get $nlr))
          (v128.load (i32.add (local.get $w) (local.get $off)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $by4)))
    (block $done1 (loop $by1
      (br_if $done1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $off))))
      (local.set $ms (f32.add
        (f32.mul (f32.load (i32.add (local.get $m) (local.get $off))) (local.get $beta1))
        (f32.mul (local.get $gs) (local.get $oneMinusBeta1))))
      (local.set $vs (f32.add
        (f32.mul (f32.load (i32.add (local.get $v) (local.get $off))) (local.get $beta2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $oneMinusBeta2))))
      (f32.store (i32.add (local.get $mOut) (local.get $off)) (local.get $ms))
      (f32.store (i32.add (local.get $vOut) (local.get $off)) (local.get $vs))
      (f32.store (i32.add (local.get $wOut) (local.get $off))
        (f32.add
          (f32.mul
            (f32.div (f32.div (local.get $ms) (local.get $c1))
                     (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $epsilon)))
            (local.get $negLr))
          (f32.load (i32.add (local.get $w) (local.get $off)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $by1))))
)
