/**
 * Placeholders for the exercise notebooks (`npm run exercises`).
 *
 * In tslab, the variables of a cell that fails are not declared for the
 * cells after it, so a learner who runs a cell that needs an unfinished
 * exercise would then see "Cannot find name ..." in every cell using its
 * results. The exercise version declares such variables ahead with
 * `pendingValue`: a stand-in that throws, on any use, an error saying which
 * cell has to run successfully first. Once that cell has run, the variable
 * holds its real value.
 */

/**
 * A stand-in value whose every use (property access, `in`, `instanceof`,
 * conversion to a number or string, iteration, call) throws
 * `Error("<name> is not available yet: <reason>")`.
 */
export function pendingValue<T>(name: string, reason: string): T {
  const fail = (): never => {
    throw new Error(`${name} is not available yet: ${reason}`);
  };
  const handler: ProxyHandler<object> = {
    get: fail,
    set: fail,
    has: fail,
    ownKeys: fail,
    getPrototypeOf: fail,
    getOwnPropertyDescriptor: fail,
    defineProperty: fail,
    deleteProperty: fail,
    apply: fail,
    construct: fail,
  };
  return new Proxy({}, handler) as T;
}
