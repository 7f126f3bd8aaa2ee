/**
 * numpy's legacy `RandomState` (what `np.random.seed`, `np.random.rand`,
 * `np.random.randn`, `np.random.normal`, `np.random.shuffle` and
 * `np.random.permutation` use), reproduced bit for bit:
 *
 *  - MT19937 seeded with Matsumoto & Nishimura's `init_genrand` (a 32-bit
 *    integer seed), standard twist and tempering;
 *  - doubles in [0, 1) from two 32-bit outputs: ((a >> 5) * 2^26 + (b >> 6)) / 2^53;
 *  - the legacy polar (Marsaglia) Gaussian, which draws pairs and caches the
 *    second value until the next Gaussian draw or reseed; its logarithm is
 *    glibc's (see ./libm), so the doubles agree with numpy's;
 *  - bounded integers by masked rejection (`random_interval`), used by the
 *    Fisher-Yates shuffle from the end.
 *
 * Matrices are filled in row-major order, one draw per element, like numpy's
 * C-ordered arrays, so `randn(a, b)` followed by `randn(c, d)` continues the
 * same stream (an odd element count leaves a cached Gaussian for the next call).
 */
import { randomFillSync } from "node:crypto";
import type { Matrix } from "ml-matrix";
import { log } from "../numerics/libm";
import { rowsOf } from "../core/matrix";
import { allocateMatrix } from "../core/memory";
import { allocateBlock, heap, kernels, scratch, wasmOffset } from "../core/wasmKernels";

const STATE_LEN = 624;
const SHIFT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO26 = 67108864;
const TWO53 = 9007199254740992;
/** Matrices of at least this many uniforms are drawn by the wasm kernel. */
const WASM_UNIFORM_MIN = 64;
/** Where the wasm kernel keeps a generator's state while it draws (allocated on first use). */
let mtStateAt = -1;
/** 2^-53: multiplying by it is exact, and the same as dividing by 2^53. */
const INV_TWO53 = 1 / TWO53;
const UINT32_MAX = 4294967295;

/**
 * The state `init_genrand` made for the last seed given to any generator: its
 * 624 sequential multiplications cost more than copying the words (-1: none yet).
 */
let lastSeed = -1;
const lastSeedKey = new Int32Array(STATE_LEN);

/** Anything indexable and writable with a length: arrays and typed arrays. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (value === null || value === undefined || typeof value === "boolean") return String(value);
  return `a value of type ${typeof value}`;
}

function checkSize(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${fn}: ${name} must be a non-negative integer, got ${describe(value)}`);
  }
  if (value < 0) {
    throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${describe(value)} (negative dimensions are not allowed)`);
  }
  return value;
}

/** The whole state of a {@link RandomState}, numpy's `get_state()` as data. */
export interface RandomStateSnapshot {
  /** The 624 words of MT19937, each in [0, 2^32 - 1]. */
  readonly key: readonly number[];
  /** How many of the words have been used since the last twist (624: a twist comes next). */
  readonly pos: number;
  /** Whether a second Gaussian of the last pair is waiting. */
  readonly hasGauss: boolean;
  readonly cachedGauss: number;
}

/** numpy's legacy random number generator: MT19937 plus the legacy distributions. */
export class RandomState {
  // Int32Array, not Uint32Array: the words stay small integers for V8 (the bits are the same).
  private readonly key = new Int32Array(STATE_LEN);
  private pos = STATE_LEN;
  private hasGauss = false;
  private cachedGauss = 0;

  /**
   * `new RandomState(s)` is `np.random.RandomState(s)`; without a seed the
   * state is drawn from the operating system's entropy (like numpy's).
   */
  constructor(seed?: number) {
    this.seed(seed);
  }

  /**
   * `np.random.seed(seed)`: re-initialises MT19937 from an integer in
   * [0, 2^32 - 1] and discards a cached Gaussian. With no argument the state is
   * drawn from the operating system's entropy, as `np.random.seed()` does.
   */
  seed(seed?: number): void {
    const key = this.key;
    if (seed === undefined) {
      // numpy: key[0] = 0x80000000 (never an all-zero state), the rest random.
      randomFillSync(key);
      key[0] = UPPER_MASK;
    } else {
      if (typeof seed !== "number" || !Number.isInteger(seed)) {
        throw new TypeError(`Seed must be an integer between 0 and 2**32 - 1, got ${describe(seed)}`);
      }
      if (seed < 0 || seed > UINT32_MAX) {
        throw new RangeError(`Seed must be between 0 and 2**32 - 1, got ${describe(seed)}`);
      }
      if (seed === lastSeed) {
        // a loop that reseeds every iteration (the dropout exercise) copies the words it made last time
        key.set(lastSeedKey);
      } else {
        // init_genrand: key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >>> 30)) + i (mod 2^32)
        let s = seed >>> 0;
        key[0] = s;
        for (let i = 1; i < STATE_LEN; i++) {
          s = (Math.imul(1812433253, s ^ (s >>> 30)) + i) >>> 0;
          key[i] = s;
        }
        lastSeedKey.set(key);
        lastSeed = seed;
      }
    }
    this.pos = STATE_LEN;
    this.hasGauss = false;
    this.cachedGauss = 0;
  }

  /**
   * `np.random.get_state()`: the generator's whole state (the 624 MT19937
   * words, the position in them, and the cached Gaussian), as a plain
   * object that survives `JSON.stringify`. {@link setState} restores it.
   */
  getState(): RandomStateSnapshot {
    return { key: Array.from(this.key, (w) => w >>> 0), pos: this.pos, hasGauss: this.hasGauss, cachedGauss: this.cachedGauss };
  }

  /**
   * `np.random.set_state(state)`: continues the stream from a state taken by
   * {@link getState} (here or in another process).
   * @throws TypeError when the snapshot is not 624 32-bit words, a position in [0, 624] and a cached Gaussian.
   */
  setState(state: RandomStateSnapshot): void {
    const ok =
      state !== null &&
      typeof state === "object" &&
      Array.isArray(state.key) &&
      state.key.length === STATE_LEN &&
      state.key.every((w) => Number.isInteger(w) && w >= 0 && w <= UINT32_MAX) &&
      Number.isInteger(state.pos) &&
      state.pos >= 0 &&
      state.pos <= STATE_LEN &&
      typeof state.hasGauss === "boolean" &&
      typeof state.cachedGauss === "number";
    if (!ok) throw new TypeError(`setState: expected a state from getState() (624 words, a position in [0, 624], a cached Gaussian), got ${describe(state)}`);
    this.key.set(state.key);
    this.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.cachedGauss = state.hasGauss ? state.cachedGauss : 0;
  }

  /** Regenerates the 624-word block (the MT19937 twist). */
  private twist(): void {
    const key = this.key;
    let i = 0;
    let y: number;
    for (; i < STATE_LEN - SHIFT_M; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + SHIFT_M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < STATE_LEN - 1; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + SHIFT_M - STATE_LEN] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (key[STATE_LEN - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[STATE_LEN - 1] = key[SHIFT_M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }

  /** The next raw (tempered) 32-bit output, as a number in [0, 2^32 - 1]. */
  nextUint32(): number {
    if (this.pos >= STATE_LEN) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One double in [0, 1) with 53 random bits: numpy's `random_sample()`. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO26 + b) / TWO53;
  }

  /**
   * Fills `out` with `randomSample()` values in order: the same stream, with
   * the generator inlined and the words of each 624-word block read in pairs.
   */
  private fillUniform(out: Float64Array): void {
    const key = this.key;
    const n = out.length;
    let pos = this.pos;
    let j = 0;
    while (j < n) {
      if (pos >= STATE_LEN) {
        this.twist();
        pos = 0;
      }
      if (pos === STATE_LEN - 1) {
        // the pair straddles two blocks
        let a = key[pos];
        a ^= a >>> 11;
        a ^= (a << 7) & 0x9d2c5680;
        a ^= (a << 15) & 0xefc60000;
        a ^= a >>> 18;
        this.twist();
        let b = key[0];
        b ^= b >>> 11;
        b ^= (b << 7) & 0x9d2c5680;
        b ^= (b << 15) & 0xefc60000;
        b ^= b >>> 18;
        pos = 1;
        out[j++] = ((a >>> 5) * TWO26 + (b >>> 6)) * INV_TWO53;
        continue;
      }
      const stop = Math.min(n, j + ((STATE_LEN - pos) >> 1));
      for (; j < stop; j++) {
        let a = key[pos];
        a ^= a >>> 11;
        a ^= (a << 7) & 0x9d2c5680;
        a ^= (a << 15) & 0xefc60000;
        a ^= a >>> 18;
        let b = key[pos + 1];
        b ^= b >>> 11;
        b ^= (b << 7) & 0x9d2c5680;
        b ^= (b << 15) & 0xefc60000;
        b ^= b >>> 18;
        pos += 2;
        out[j] = ((a >>> 5) * TWO26 + (b >>> 6)) * INV_TWO53;
      }
    }
    this.pos = pos;
  }

  /** One standard normal from numpy's legacy polar method (uses and refills the cache). */
  gauss(): number {
    if (this.hasGauss) {
      const g = this.cachedGauss;
      this.hasGauss = false;
      this.cachedGauss = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    // Same operations, in the same order, as numpy's legacy_gauss.
    const f = Math.sqrt((-2.0 * log(r2)) / r2);
    this.cachedGauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `np.random.rand(rows, cols)`: uniform [0, 1) doubles, row-major. */
  rand(rows: number, cols: number): Matrix {
    checkSize("rand", "rows", rows);
    checkSize("rand", "cols", cols);
    const m = allocateMatrix(rows, cols, false);
    const data = rowsOf(m);
    if (kernels !== null && rows * cols >= WASM_UNIFORM_MIN) this.fillUniformWasm(data, rows, cols);
    else for (let i = 0; i < rows; i++) this.fillUniform(data[i]);
    return m;
  }

  /**
   * The same stream as {@link fillUniform}, computed by the wasm kernel: the
   * state is copied into the wasm memory and back; the doubles are written in
   * place when the matrix lives there, else copied out.
   */
  private fillUniformWasm(data: Float64Array[], rows: number, cols: number): void {
    const k = kernels as NonNullable<typeof kernels>;
    if (mtStateAt < 0) mtStateAt = allocateBlock(STATE_LEN * 4);
    if (mtStateAt < 0) {
      for (let i = 0; i < rows; i++) this.fillUniform(data[i]); // the wasm memory is full
      return;
    }
    const count = rows * cols;
    let out = wasmOffset(data, rows, cols);
    const copy = out < 0;
    if (copy) out = scratch(count);
    const words = new Int32Array(heap().buffer, mtStateAt, STATE_LEN);
    words.set(this.key);
    this.pos = k.mt_uniform(mtStateAt, this.pos, out, count);
    this.key.set(words);
    if (copy) {
      const h = heap();
      const base = out / 8;
      for (let i = 0; i < rows; i++) data[i].set(h.subarray(base + i * cols, base + (i + 1) * cols));
    }
  }

  /** `np.random.randn(rows, cols)`: standard normals, row-major, cache carried across calls. */
  randn(rows: number, cols: number): Matrix {
    checkSize("randn", "rows", rows);
    checkSize("randn", "cols", cols);
    const m = allocateMatrix(rows, cols, false);
    const data = rowsOf(m);
    for (let i = 0; i < rows; i++) {
      const row = data[i];
      for (let j = 0; j < cols; j++) row[j] = this.gauss();
    }
    return m;
  }

  /**
   * `np.random.normal(loc, scale, (rows, cols))`: loc + scale * gauss(), row-major.
   * As in numpy, a negative scale (including -0) is an error ("scale < 0");
   * NaN and infinite loc/scale are accepted and propagate.
   */
  normal(loc: number, scale: number, rows: number, cols: number): Matrix {
    if (typeof loc !== "number") throw new TypeError(`normal: loc must be a number, got ${describe(loc)}`);
    if (typeof scale !== "number") throw new TypeError(`normal: scale must be a number, got ${describe(scale)}`);
    if (scale < 0 || Object.is(scale, -0)) throw new RangeError(`scale < 0 (normal: got scale = ${describe(scale)})`);
    checkSize("normal", "rows", rows);
    checkSize("normal", "cols", cols);
    const m = allocateMatrix(rows, cols, false);
    const data = rowsOf(m);
    for (let i = 0; i < rows; i++) {
      const row = data[i];
      for (let j = 0; j < cols; j++) row[j] = loc + scale * this.gauss();
    }
    return m;
  }

  /**
   * numpy's `random_interval(max)`: a uniform integer in [0, max] by masked
   * rejection (draw 32 bits, keep the bits under the smallest all-ones mask
   * >= max, retry while above max). Each attempt consumes one 32-bit output.
   */
  randomInterval(max: number): number {
    if (typeof max !== "number" || !Number.isInteger(max) || max < 0 || max > UINT32_MAX) {
      const err = typeof max === "number" && Number.isInteger(max) ? RangeError : TypeError;
      throw new err(`randomInterval: max must be an integer between 0 and 2**32 - 1, got ${describe(max)}`);
    }
    if (max === 0) return 0;
    let mask = max >>> 0;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /**
   * numpy's legacy `shuffle` of a 1-D sequence, in place: for i = n-1 down to
   * 1, j = randomInterval(i), swap a[i] and a[j].
   */
  shuffle<T>(array: T[] | MutableArrayLike<T>): void {
    if (array === null || typeof array !== "object" || typeof array.length !== "number") {
      throw new TypeError(`shuffle: expected an array or typed array, got ${describe(array)}`);
    }
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
  }

  /** `np.random.permutation(n)`: a shuffled [0, 1, ..., n-1]. */
  permutation(n: number): number[] {
    checkSize("permutation", "n", n);
    const a = new Array<number>(n);
    for (let i = 0; i < n; i++) a[i] = i;
    this.shuffle(a);
    return a;
  }
}

/**
 * The shared generator, like `np.random`: seeded from the operating system's
 * entropy until `random.seed(s)` is called.
 */
export const random: RandomState = new RandomState();
