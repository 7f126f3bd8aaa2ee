// Expected strings were produced by Python 3 / numpy (str(), repr(), the % operator)
// and pasted in as literals: these tests do not need Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { reprFloat, sprintf, str } from "dnnlab";

interface Case {
  name: string;
  actual: () => string;
  expected: string;
}

function run(group: string, cases: Case[]): void {
  for (const c of cases) {
    test(`${group}: ${c.name}`, () => {
      assert.equal(c.actual(), c.expected);
    });
  }
}

run("reprFloat", [
  { name: "1.1890913024229996e-07", actual: () => reprFloat(1.1890913024229996e-7), expected: "1.1890913024229996e-07" },
  { name: "2.919335883291695e-10", actual: () => reprFloat(2.919335883291695e-10), expected: "2.919335883291695e-10" },
  { name: "0.2850931567761623", actual: () => reprFloat(0.2850931567761623), expected: "0.2850931567761623" },
  { name: "2e-05", actual: () => reprFloat(2e-5), expected: "2e-05" },
  { name: "0.16666666666666666", actual: () => reprFloat(0.16666666666666666), expected: "0.16666666666666666" },
  { name: "0.020000000000000004", actual: () => reprFloat(0.020000000000000004), expected: "0.020000000000000004" },
  { name: "8.0", actual: () => reprFloat(8.0), expected: "8.0" },
  { name: "1.0", actual: () => reprFloat(1.0), expected: "1.0" },
  { name: "-0.0", actual: () => reprFloat(-0.0), expected: "-0.0" },
  { name: "100.0", actual: () => reprFloat(100.0), expected: "100.0" },
  { name: "1e16", actual: () => reprFloat(1e16), expected: "1e+16" },
  { name: "1e15", actual: () => reprFloat(1e15), expected: "1000000000000000.0" },
  { name: "1.5e300", actual: () => reprFloat(1.5e300), expected: "1.5e+300" },
  { name: "0.0001", actual: () => reprFloat(0.0001), expected: "0.0001" },
  { name: "0.00001", actual: () => reprFloat(0.00001), expected: "1e-05" },
  { name: "5e-324", actual: () => reprFloat(5e-324), expected: "5e-324" },
  { name: "1e22", actual: () => reprFloat(1e22), expected: "1e+22" },
  { name: "-123.456", actual: () => reprFloat(-123.456), expected: "-123.456" },
  { name: "0.1 + 0.2", actual: () => reprFloat(0.1 + 0.2), expected: "0.30000000000000004" },
  { name: "Infinity", actual: () => reprFloat(Infinity), expected: "inf" },
  { name: "-Infinity", actual: () => reprFloat(-Infinity), expected: "-inf" },
  { name: "NaN", actual: () => reprFloat(NaN), expected: "nan" },
]);

run("str scalars", [
  { name: "integer-valued number prints as a Python int", actual: () => str(8), expected: "8" },
  { name: "negative int", actual: () => str(-3), expected: "-3" },
  { name: "dtype float64 forces the float form", actual: () => str(8, { dtype: "float64" }), expected: "8.0" },
  { name: "2**53 is printed as a float", actual: () => str(2 ** 53), expected: "9007199254740992.0" },
  { name: "non-integer number", actual: () => str(0.5), expected: "0.5" },
  { name: "course cost value", actual: () => str(1.1890913024229996e-7), expected: "1.1890913024229996e-07" },
  { name: "inf", actual: () => str(Infinity), expected: "inf" },
  { name: "boolean", actual: () => str(true) + str(false), expected: "TrueFalse" },
  { name: "string as is", actual: () => str("J = "), expected: "J = " },
  { name: "bigint", actual: () => str(12345678901234567890n), expected: "12345678901234567890" },
  { name: "null is None", actual: () => str(null), expected: "None" },
  { name: "float32 scalar", actual: () => str(0.1, { dtype: "float32" }), expected: "0.1" },
]);

run("str arrays", [
  { name: "course 1-D float array", actual: () => str([0.90085595, -0.7612069, 0.2344157]), expected: "[ 0.90085595 -0.7612069   0.2344157 ]" },
  {
    name: "course 2x3 matrix",
    actual: () =>
      str(
        new Matrix([
          [17.88628473, 4.36509851, 0.96497468],
          [-18.63492703, -2.77388203, -3.54758979],
        ]),
      ),
    expected: "[[ 17.88628473   4.36509851   0.96497468]\n [-18.63492703  -2.77388203  -3.54758979]]",
  },
  {
    name: "course 1x4 matrix",
    actual: () => str(new Matrix([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]])),
    expected: "[[-0.03098412 -0.33744411 -0.92904268  0.62552248]]",
  },
  { name: "zeros 2x1", actual: () => str(Matrix.zeros(2, 1)), expected: "[[0.]\n [0.]]" },
  { name: "1x1 integral float", actual: () => str(new Matrix([[3]])), expected: "[[3.]]" },
  { name: "fractions padded with spaces, not zeros", actual: () => str([0.5, 0.25, 1.0]), expected: "[0.5  0.25 1.  ]" },
  {
    name: "fraction padding in a 2-D array",
    actual: () =>
      str([
        [0.5, 0.25],
        [1.0, 2],
      ]),
    expected: "[[0.5  0.25]\n [1.   2.  ]]",
  },
  { name: "negative zero keeps its sign", actual: () => str([-0.0, 1.0]), expected: "[-0.  1.]" },
  { name: "capped at 8 decimals, ties to even on the exact value", actual: () => str([0.001953125]), expected: "[0.00195312]" },
  { name: "capped rounding", actual: () => str([0.123456785, 1 / 3, 2 / 3]), expected: "[0.12345678 0.33333333 0.66666667]" },
  { name: "ratio exactly 1000 stays positional", actual: () => str([1, 1000]), expected: "[   1. 1000.]" },
  { name: "max just below 1e8 stays positional", actual: () => str([99999999]), expected: "[99999999.]" },
  { name: "max 1e8 switches to scientific", actual: () => str([1e8]), expected: "[1.e+08]" },
  { name: "scientific: min < 1e-4", actual: () => str([1e-5, 1.0]), expected: "[1.e-05 1.e+00]" },
  {
    name: "scientific: mantissas padded with zeros, sign column",
    actual: () => str([1e-5, -1.5, 123456.0]),
    expected: "[ 1.00000e-05 -1.50000e+00  1.23456e+05]",
  },
  {
    name: "scientific: course gradient-check values",
    actual: () => str([0.0080375706, 0.031503015, 0.053580195]),
    expected: "[0.00803757 0.03150302 0.05358019]",
  },
  { name: "scientific: zero among them", actual: () => str([0, 1e-5, -2.5e10]), expected: "[ 0.0e+00  1.0e-05 -2.5e+10]" },
  { name: "scientific: 3-digit exponents widen all exponents", actual: () => str([1e23, 1e300, 1.0]), expected: "[1.e+023 1.e+300 1.e+000]" },
  { name: "inf and nan in scientific mode", actual: () => str([1e-5, Infinity, NaN]), expected: "[1.e-05    inf    nan]" },
  { name: "inf and -inf in positional mode", actual: () => str([1.0, Infinity, -Infinity]), expected: "[  1.  inf -inf]" },
  { name: "only nan", actual: () => str([NaN]), expected: "[nan]" },
  { name: "only non-finite", actual: () => str([-Infinity, NaN]), expected: "[-inf  nan]" },
  { name: "Float64Array", actual: () => str(Float64Array.from([1.5, 2, -3.25])), expected: "[ 1.5   2.   -3.25]" },
  { name: "Float32Array uses float32 digits", actual: () => str(Float32Array.from([0.1, 0.2, 0.3])), expected: "[0.1 0.2 0.3]" },
  {
    name: "Float32Array, integer digits above 2**24 printed exactly",
    actual: () => str(Float32Array.from([94355872, 1.5])),
    expected: "[9.435587e+07 1.500000e+00]",
  },
  {
    name: "3-D nested array",
    actual: () =>
      str([
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ]),
    expected: "[[[1. 2.]\n  [3. 4.]]\n\n [[5. 6.]\n  [7. 8.]]]",
  },
  { name: "empty 1-D", actual: () => str([]), expected: "[]" },
  { name: "empty 0x3", actual: () => str(new Matrix(0, 3)), expected: "[]" },
  { name: "empty 1x0", actual: () => str([[]]), expected: "[]" },
  { name: "int64 matrix", actual: () => str(new Matrix([[1, 0, -12]]), { dtype: "int64" }), expected: "[[  1   0 -12]]" },
  { name: "Int32Array prints as ints", actual: () => str(Int32Array.from([5, -100, 7])), expected: "[   5 -100    7]" },
  { name: "int64 truncates like astype", actual: () => str([2.7, -2.7], { dtype: "int64" }), expected: "[ 2 -2]" },
  { name: "bool nested array", actual: () => str([[true, false, true]]), expected: "[[ True False  True]]" },
  {
    name: "bool dtype of a matrix",
    actual: () =>
      str(
        new Matrix([
          [0.5, 0],
          [0, -1],
        ]),
        { dtype: "bool" },
      ),
    expected: "[[ True False]\n [False  True]]",
  },
  { name: "all True", actual: () => str([true, true]), expected: "[ True  True]" },
  {
    name: "1x300 int64 predictions wrap at 75 columns",
    actual: () =>
      str(
        Matrix.from1DArray(
          1,
          300,
          Array.from({ length: 300 }, (_, i) => ((i * 7919) % 3) % 2),
        ),
        { dtype: "int64" },
      ),
    expected:
      "[[0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1\n  0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1\n  0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1\n  0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1\n  0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1\n  0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1\n  0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1\n  0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1 0 0 1\n  0 0 1 0 0 1 0 0 1 0 0 1]]",
  },
  {
    name: "2x300 float matrix wraps (600 elements: no summary)",
    actual: () =>
      str(
        Matrix.from1DArray(
          2,
          300,
          Array.from({ length: 600 }, (_, i) => (((i * 7919) % 1000) - 500) / 37),
        ),
      ),
    expected:
      "[[-13.51351351  11.32432432   9.13513514   6.94594595   4.75675676\n    2.56756757   0.37837838  -1.81081081  -4.          -6.18918919\n   -8.37837838 -10.56756757 -12.75675676  12.08108108   9.89189189\n    7.7027027    5.51351351   3.32432432   1.13513514  -1.05405405\n   -3.24324324  -5.43243243  -7.62162162  -9.81081081 -12.\n   12.83783784  10.64864865   8.45945946   6.27027027   4.08108108\n    1.89189189  -0.2972973   -2.48648649  -4.67567568  -6.86486486\n   -9.05405405 -11.24324324 -13.43243243  11.40540541   9.21621622\n    7.02702703   4.83783784   2.64864865   0.45945946  -1.72972973\n   -3.91891892  -6.10810811  -8.2972973  -10.48648649 -12.67567568\n   12.16216216   9.97297297   7.78378378   5.59459459   3.40540541\n    1.21621622  -0.97297297  -3.16216216  -5.35135135  -7.54054054\n   -9.72972973 -11.91891892  12.91891892  10.72972973   8.54054054\n    6.35135135   4.16216216   1.97297297  -0.21621622  -2.40540541\n   -4.59459459  -6.78378378  -8.97297297 -11.16216216 -13.35135135\n   11.48648649   9.2972973    7.10810811   4.91891892   2.72972973\n    0.54054054  -1.64864865  -3.83783784  -6.02702703  -8.21621622\n  -10.40540541 -12.59459459  12.24324324  10.05405405   7.86486486\n    5.67567568   3.48648649   1.2972973   -0.89189189  -3.08108108\n   -5.27027027  -7.45945946  -9.64864865 -11.83783784  13.\n   10.81081081   8.62162162   6.43243243   4.24324324   2.05405405\n   -0.13513514  -2.32432432  -4.51351351  -6.7027027   -8.89189189\n  -11.08108108 -13.27027027  11.56756757   9.37837838   7.18918919\n    5.           2.81081081   0.62162162  -1.56756757  -3.75675676\n   -5.94594595  -8.13513514 -10.32432432 -12.51351351  12.32432432\n   10.13513514   7.94594595   5.75675676   3.56756757   1.37837838\n   -0.81081081  -3.          -5.18918919  -7.37837838  -9.56756757\n  -11.75675676  13.08108108  10.89189189   8.7027027    6.51351351\n    4.32432432   2.13513514  -0.05405405  -2.24324324  -4.43243243\n   -6.62162162  -8.81081081 -11.         -13.18918919  11.64864865\n    9.45945946   7.27027027   5.08108108   2.89189189   0.7027027\n   -1.48648649  -3.67567568  -5.86486486  -8.05405405 -10.24324324\n  -12.43243243  12.40540541  10.21621622   8.02702703   5.83783784\n    3.64864865   1.45945946  -0.72972973  -2.91891892  -5.10810811\n   -7.2972973   -9.48648649 -11.67567568  13.16216216  10.97297297\n    8.78378378   6.59459459   4.40540541   2.21621622   0.02702703\n   -2.16216216  -4.35135135  -6.54054054  -8.72972973 -10.91891892\n  -13.10810811  11.72972973   9.54054054   7.35135135   5.16216216\n    2.97297297   0.78378378  -1.40540541  -3.59459459  -5.78378378\n   -7.97297297 -10.16216216 -12.35135135  12.48648649  10.2972973\n    8.10810811   5.91891892   3.72972973   1.54054054  -0.64864865\n   -2.83783784  -5.02702703  -7.21621622  -9.40540541 -11.59459459\n   13.24324324  11.05405405   8.86486486   6.67567568   4.48648649\n    2.2972973    0.10810811  -2.08108108  -4.27027027  -6.45945946\n   -8.64864865 -10.83783784 -13.02702703  11.81081081   9.62162162\n    7.43243243   5.24324324   3.05405405   0.86486486  -1.32432432\n   -3.51351351  -5.7027027   -7.89189189 -10.08108108 -12.27027027\n   12.56756757  10.37837838   8.18918919   6.           3.81081081\n    1.62162162  -0.56756757  -2.75675676  -4.94594595  -7.13513514\n   -9.32432432 -11.51351351  13.32432432  11.13513514   8.94594595\n    6.75675676   4.56756757   2.37837838   0.18918919  -2.\n   -4.18918919  -6.37837838  -8.56756757 -10.75675676 -12.94594595\n   11.89189189   9.7027027    7.51351351   5.32432432   3.13513514\n    0.94594595  -1.24324324  -3.43243243  -5.62162162  -7.81081081\n  -10.         -12.18918919  12.64864865  10.45945946   8.27027027\n    6.08108108   3.89189189   1.7027027   -0.48648649  -2.67567568\n   -4.86486486  -7.05405405  -9.24324324 -11.43243243  13.40540541\n   11.21621622   9.02702703   6.83783784   4.64864865   2.45945946\n    0.27027027  -1.91891892  -4.10810811  -6.2972973   -8.48648649\n  -10.67567568 -12.86486486  11.97297297   9.78378378   7.59459459]\n [  5.40540541   3.21621622   1.02702703  -1.16216216  -3.35135135\n   -5.54054054  -7.72972973  -9.91891892 -12.10810811  12.72972973\n   10.54054054   8.35135135   6.16216216   3.97297297   1.78378378\n   -0.40540541  -2.59459459  -4.78378378  -6.97297297  -9.16216216\n  -11.35135135  13.48648649  11.2972973    9.10810811   6.91891892\n    4.72972973   2.54054054   0.35135135  -1.83783784  -4.02702703\n   -6.21621622  -8.40540541 -10.59459459 -12.78378378  12.05405405\n    9.86486486   7.67567568   5.48648649   3.2972973    1.10810811\n   -1.08108108  -3.27027027  -5.45945946  -7.64864865  -9.83783784\n  -12.02702703  12.81081081  10.62162162   8.43243243   6.24324324\n    4.05405405   1.86486486  -0.32432432  -2.51351351  -4.7027027\n   -6.89189189  -9.08108108 -11.27027027 -13.45945946  11.37837838\n    9.18918919   7.           4.81081081   2.62162162   0.43243243\n   -1.75675676  -3.94594595  -6.13513514  -8.32432432 -10.51351351\n  -12.7027027   12.13513514   9.94594595   7.75675676   5.56756757\n    3.37837838   1.18918919  -1.          -3.18918919  -5.37837838\n   -7.56756757  -9.75675676 -11.94594595  12.89189189  10.7027027\n    8.51351351   6.32432432   4.13513514   1.94594595  -0.24324324\n   -2.43243243  -4.62162162  -6.81081081  -9.         -11.18918919\n  -13.37837838  11.45945946   9.27027027   7.08108108   4.89189189\n    2.7027027    0.51351351  -1.67567568  -3.86486486  -6.05405405\n   -8.24324324 -10.43243243 -12.62162162  12.21621622  10.02702703\n    7.83783784   5.64864865   3.45945946   1.27027027  -0.91891892\n   -3.10810811  -5.2972973   -7.48648649  -9.67567568 -11.86486486\n   12.97297297  10.78378378   8.59459459   6.40540541   4.21621622\n    2.02702703  -0.16216216  -2.35135135  -4.54054054  -6.72972973\n   -8.91891892 -11.10810811 -13.2972973   11.54054054   9.35135135\n    7.16216216   4.97297297   2.78378378   0.59459459  -1.59459459\n   -3.78378378  -5.97297297  -8.16216216 -10.35135135 -12.54054054\n   12.2972973   10.10810811   7.91891892   5.72972973   3.54054054\n    1.35135135  -0.83783784  -3.02702703  -5.21621622  -7.40540541\n   -9.59459459 -11.78378378  13.05405405  10.86486486   8.67567568\n    6.48648649   4.2972973    2.10810811  -0.08108108  -2.27027027\n   -4.45945946  -6.64864865  -8.83783784 -11.02702703 -13.21621622\n   11.62162162   9.43243243   7.24324324   5.05405405   2.86486486\n    0.67567568  -1.51351351  -3.7027027   -5.89189189  -8.08108108\n  -10.27027027 -12.45945946  12.37837838  10.18918919   8.\n    5.81081081   3.62162162   1.43243243  -0.75675676  -2.94594595\n   -5.13513514  -7.32432432  -9.51351351 -11.7027027   13.13513514\n   10.94594595   8.75675676   6.56756757   4.37837838   2.18918919\n    0.          -2.18918919  -4.37837838  -6.56756757  -8.75675676\n  -10.94594595 -13.13513514  11.7027027    9.51351351   7.32432432\n    5.13513514   2.94594595   0.75675676  -1.43243243  -3.62162162\n   -5.81081081  -8.         -10.18918919 -12.37837838  12.45945946\n   10.27027027   8.08108108   5.89189189   3.7027027    1.51351351\n   -0.67567568  -2.86486486  -5.05405405  -7.24324324  -9.43243243\n  -11.62162162  13.21621622  11.02702703   8.83783784   6.64864865\n    4.45945946   2.27027027   0.08108108  -2.10810811  -4.2972973\n   -6.48648649  -8.67567568 -10.86486486 -13.05405405  11.78378378\n    9.59459459   7.40540541   5.21621622   3.02702703   0.83783784\n   -1.35135135  -3.54054054  -5.72972973  -7.91891892 -10.10810811\n  -12.2972973   12.54054054  10.35135135   8.16216216   5.97297297\n    3.78378378   1.59459459  -0.59459459  -2.78378378  -4.97297297\n   -7.16216216  -9.35135135 -11.54054054  13.2972973   11.10810811\n    8.91891892   6.72972973   4.54054054   2.35135135   0.16216216\n   -2.02702703  -4.21621622  -6.40540541  -8.59459459 -10.78378378\n  -12.97297297  11.86486486   9.67567568   7.48648649   5.2972973\n    3.10810811   0.91891892  -1.27027027  -3.45945946  -5.64864865\n   -7.83783784 -10.02702703 -12.21621622  12.62162162  10.43243243\n    8.24324324   6.05405405   3.86486486   1.67567568  -0.51351351]]",
  },
  {
    name: "1x1200 float matrix is summarised",
    actual: () =>
      str(
        Matrix.from1DArray(
          1,
          1200,
          Array.from({ length: 1200 }, (_, i) => i / 7),
        ),
      ),
    expected: "[[0.00000000e+00 1.42857143e-01 2.85714286e-01 ... 1.71000000e+02\n  1.71142857e+02 1.71285714e+02]]",
  },
  {
    name: "1001-element 1-D array is summarised",
    actual: () => str(Array.from({ length: 1001 }, (_, i) => (i % 13) - 6.5)),
    expected: "[-6.5 -5.5 -4.5 ...  3.5  4.5  5.5]",
  },
  {
    name: "40x40 int matrix summarised on both axes",
    actual: () =>
      str(
        Matrix.from1DArray(
          40,
          40,
          Array.from({ length: 1600 }, (_, i) => (i * 37) % 1001),
        ),
        { dtype: "int64" },
      ),
    expected:
      "[[  0  37  74 ... 368 405 442]\n [479 516 553 ... 847 884 921]\n [958 995  31 ... 325 362 399]\n ...\n [706 743 780 ...  73 110 147]\n [184 221 258 ... 552 589 626]\n [663 700 737 ...  30  67 104]]",
  },
  {
    name: "bool 1x1200 summarised",
    actual: () => str([Array.from({ length: 1200 }, (_, i) => i % 3 === 0)]),
    expected: "[[ True False False ...  True False False]]",
  },
]);

run("sprintf", [
  { name: "course progress line", actual: () => sprintf("Cost after epoch %i: %f", 1000, 0.6684237), expected: "Cost after epoch 1000: 0.668424" },
  { name: "%f ties go to even on the exact value", actual: () => sprintf("%f", 0.0078125), expected: "0.007812" },
  { name: "%.0f of 2.5", actual: () => sprintf("%.0f", 2.5), expected: "2" },
  { name: "%.0f of 3.5", actual: () => sprintf("%.0f", 3.5), expected: "4" },
  { name: "%.2f of -0.0", actual: () => sprintf("%.2f", -0), expected: "-0.00" },
  { name: "%5d", actual: () => sprintf("[%5d]", 42), expected: "[   42]" },
  { name: "%-8s", actual: () => sprintf("[%-8s]", "ab"), expected: "[ab      ]" },
  { name: "%+.3f", actual: () => sprintf("%+.3f", 3.14159), expected: "+3.142" },
  { name: "%08.3f", actual: () => sprintf("%08.3f", -3.14159), expected: "-003.142" },
  { name: "%d truncates toward zero", actual: () => sprintf("%d %d", -3.9, 3.9), expected: "-3 3" },
  { name: "%.3d pads digits", actual: () => sprintf("%.3d", 5), expected: "005" },
  { name: "%e", actual: () => sprintf("%e", 12345.678), expected: "1.234568e+04" },
  { name: "%.2e", actual: () => sprintf("%.2e", 0.000123456), expected: "1.23e-04" },
  { name: "%g small", actual: () => sprintf("%g", 1e-5), expected: "1e-05" },
  { name: "%g large", actual: () => sprintf("%g", 123456789), expected: "1.23457e+08" },
  { name: "%g 0.0001", actual: () => sprintf("%g", 0.0001), expected: "0.0001" },
  { name: "%s of numbers uses str", actual: () => sprintf("%s %s %s", 8, 0.5, 2e-5), expected: "8 0.5 2e-05" },
  { name: "%s of a boolean", actual: () => sprintf("%s", true), expected: "True" },
  { name: "%r of a string", actual: () => sprintf("%r %r", "it's", "abc"), expected: "\"it's\" 'abc'" },
  { name: "%% is a literal percent", actual: () => sprintf("100%% done, %d left", 3), expected: "100% done, 3 left" },
  { name: "%f of inf and nan", actual: () => sprintf("%f %f %f", Infinity, -Infinity, NaN), expected: "inf -inf nan" },
  { name: "zero padding applies to inf too", actual: () => sprintf("%05f", Infinity), expected: "00inf" },
  { name: "%f of a large number prints every digit", actual: () => sprintf("%f", 1e22), expected: "10000000000000000000000.000000" },
  { name: "%x and %#o", actual: () => sprintf("%x %#o", 255, 8), expected: "ff 0o10" },
  { name: "* width", actual: () => sprintf("[%*d]", -5, 3), expected: "[3    ]" },
]);
test("sprintf: wrong argument counts and unsupported conversions throw, naming the format", () => {
  assert.throws(() => sprintf("%d %d", 1), /sprintf\("%d %d"\): not enough arguments/);
  assert.throws(() => sprintf("%d", 1, 2), /sprintf\("%d"\): not all arguments converted/);
  assert.throws(() => sprintf("%y", 1), /sprintf\("%y"\): unsupported format character 'y'/);
  assert.throws(() => sprintf("50%"), /incomplete format/);
  assert.throws(() => sprintf("%f", "x"), /%f format: a real number is required, not str/);
  assert.throws(() => sprintf("%d", NaN), /cannot convert float NaN to integer/);
});

test("str: ragged or mixed arrays and non-finite int64 throw", () => {
  assert.throws(() => str([[1, 2], [3]]), TypeError);
  assert.throws(() => str([1, true] as unknown as number[]), TypeError);
  assert.throws(() => str([Infinity], { dtype: "int64" }), RangeError);
});
