/**
 * Fast export objects for the modules that re-export.
 *
 * Why: TypeScript compiles `export { add } from "./numpy/elementwise"` (and
 * `export *`) to a getter on the CommonJS `exports` object, and V8 keeps an
 * object that received such getters in dictionary mode. A notebook's
 * `add(a, b)` is compiled by tslab to `dnnlab_1.add(a, b)`: on a dictionary-mode
 * object that read is a generic lookup (a hash probe and a call of the
 * getter) even in optimized code, about 3% of a Regularization run and 5% of
 * gradient checking. The same properties defined at once on a fresh object
 * give V8 an ordinary, fast object whose getters it can inline.
 */

/** The part of a CommonJS module this needs. */
interface CommonJsModule {
  exports: object;
}

/**
 * Replaces `mod.exports` with a fresh object carrying the same properties
 * (getters stay getters, so re-exported bindings stay live; `__esModule`
 * is kept). Call it last in a module, once every export is defined: modules
 * that require this one afterwards get the new object. Does nothing outside
 * CommonJS (`mod` undefined).
 */
export function useFastExports(mod: CommonJsModule | undefined): void {
  if (mod === undefined || mod === null || typeof mod.exports !== "object") return;
  // A constructor of its own gives the object a map of its own: objects made
  // from `{}` share V8's map transitions, and two modules that add the same
  // name (`forwardPropagation`) with different getters would send the second
  // one back to dictionary mode. Its prototype is still Object.prototype.
  const Exports = function Exports() {} as unknown as new () => object;
  Exports.prototype = Object.prototype;
  mod.exports = Object.defineProperties(new Exports(), Object.getOwnPropertyDescriptors(mod.exports));
}
