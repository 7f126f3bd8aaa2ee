;; dnnlab's element-wise kernels (WebAssembly with SIMD), in the memory of the
;; products' module (kernels.wat, imported as js.memory): numpy's binary
;; operations with broadcasting of a number or a column, the unary ones,
;; zeroing, and numpy's pairwise sums. All pointers are byte offsets.
(module
  (import "js" "memory" (memory 1 16384 shared))
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
)
