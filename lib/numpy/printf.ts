/**
 * Python's `format % args` operator ({@link sprintf}): `%d %i %f %e %g %s %r
 * %%` with flags, width and precision, rounding as Python does (on the exact
 * value of the double, half to even).
 */
import { expSuffix, fixedDigits, intString, sigDigits } from "./floats";
import { str } from "./format";

/** An argument of {@link sprintf}. */
export type SprintfArg = number | string | boolean;

// Python's % operator
// ---------------------------------------------------------------------------

/** Python's `repr()` of a str. */
function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's `'%f'`-family body of |x| (x finite): digits only, no sign. */
function pyFixed(a: number, prec: number, alt: boolean): string {
  const [i, f] = fixedDigits(a, prec);
  return prec > 0 ? `${i}.${f}` : alt ? `${i}.` : i;
}

function pyExp(a: number, prec: number, alt: boolean, upper: boolean): string {
  let d: string;
  let e: number;
  if (a === 0) {
    d = "0".repeat(prec + 1);
    e = 0;
  } else {
    [d, e] = sigDigits(a, prec + 1);
  }
  const mant = prec > 0 ? `${d[0]}.${d.slice(1)}` : alt ? `${d[0]}.` : d[0];
  const s = mant + expSuffix(e, 2);
  return upper ? s.toUpperCase() : s;
}

function pyGeneral(a: number, precIn: number, alt: boolean, upper: boolean): string {
  const p = precIn === 0 ? 1 : precIn;
  const x = a === 0 ? 0 : sigDigits(a, p)[1];
  let s: string;
  if (x >= -4 && x < p) {
    s = pyFixed(a, p - 1 - x, alt);
    if (!alt && s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  } else {
    s = pyExp(a, p - 1, alt, upper);
    if (!alt) s = s.replace(/\.?0+(?=[eE])/, "");
  }
  return s;
}

const FORMAT_RE = /%(\([^)]*\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([\s\S])?/g;

/**
 * Python's `format % args` (printf-style string formatting).
 *
 * @param format - a Python format string using `%d` `%i` `%u`, `%f` `%F`,
 *   `%e` `%E`, `%g` `%G`, `%x` `%X` `%o`, `%s`, `%r` and `%%`, with flags
 *   `-` `+` space `#` `0`, a width and a `.precision` (either may be `*`).
 * @param args - one argument per conversion: numbers, strings or booleans.
 *   `%s` prints a number with {@link str}; `%d` truncates toward zero; `%f`,
 *   `%e`, `%g` round half-to-even on the exact binary value, like Python.
 * @returns the formatted string.
 * @throws Error naming the format on a wrong argument count, an unsupported
 *   or incomplete conversion, or an argument of the wrong type for it.
 */
export function sprintf(format: string, ...args: SprintfArg[]): string {
  let argIndex = 0;
  const fail = (msg: string): never => {
    throw new Error(`sprintf(${JSON.stringify(format)}): ${msg}`);
  };
  const nextArg = (): SprintfArg => {
    if (argIndex >= args.length) fail("not enough arguments for format string");
    return args[argIndex++];
  };
  const starArg = (): number => {
    const v = nextArg();
    if (typeof v !== "number" || !Number.isInteger(v)) fail("* wants int");
    return v as number;
  };
  const typeName = (v: SprintfArg): string => (typeof v === "string" ? "str" : typeof v === "boolean" ? "bool" : "float");
  const realArg = (conv: string): number => {
    const v = nextArg();
    if (typeof v === "string") fail(`%${conv} format: a real number is required, not str`);
    return typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
  };

  let out = "";
  let last = 0;
  FORMAT_RE.lastIndex = 0;
  for (let m = FORMAT_RE.exec(format); m !== null; m = FORMAT_RE.exec(format)) {
    out += format.slice(last, m.index);
    last = FORMAT_RE.lastIndex;
    const [whole, mapping, flags, widthSpec, precSpec, conv] = m;
    if (conv === undefined) fail("incomplete format");
    if (mapping !== undefined) fail("mapping keys like %(name)s are not supported");
    if (conv === "%") {
      if (whole !== "%%") fail(`unsupported format ${whole}`);
      out += "%";
      continue;
    }
    let left = flags.includes("-");
    const plus = flags.includes("+");
    const space = flags.includes(" ");
    const alt = flags.includes("#");
    const zero = flags.includes("0");
    let width = 0;
    if (widthSpec === "*") {
      width = starArg();
      if (width < 0) {
        left = true;
        width = -width;
      }
    } else if (widthSpec !== undefined) width = Number(widthSpec);
    let prec: number | undefined;
    if (precSpec === "*") prec = Math.max(0, starArg());
    else if (precSpec !== undefined) prec = precSpec === "" ? 0 : Number(precSpec);

    let sign = "";
    let body: string;
    let numeric = true;
    switch (conv) {
      case "d":
      case "i":
      case "u": {
        const v = realArg(conv);
        if (Number.isNaN(v)) fail("cannot convert float NaN to integer");
        if (!Number.isFinite(v)) fail("cannot convert float infinity to integer");
        const t = Math.trunc(v);
        body = intString(Math.abs(t));
        if (t < 0) sign = "-";
        if (prec !== undefined) body = body.padStart(prec, "0");
        break;
      }
      case "x":
      case "X":
      case "o": {
        const v = nextArg();
        if (typeof v === "string" || (typeof v === "number" && !Number.isInteger(v))) {
          fail(`%${conv} format: an integer is required, not ${typeName(v)}`);
        }
        const n = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
        const big = BigInt(n);
        const abs = big < 0n ? -big : big;
        body = abs.toString(conv === "o" ? 8 : 16);
        if (conv === "X") body = body.toUpperCase();
        if (prec !== undefined) body = body.padStart(prec, "0");
        if (big < 0n) sign = "-";
        else if (plus) sign = "+";
        else if (space) sign = " ";
        if (alt) sign += conv === "o" ? "0o" : conv === "x" ? "0x" : "0X";
        break;
      }
      case "f":
      case "F":
      case "e":
      case "E":
      case "g":
      case "G": {
        const v = realArg(conv);
        const upper = conv === "F" || conv === "E" || conv === "G";
        if (v < 0 || Object.is(v, -0) || v === -Infinity) sign = "-";
        const a = Math.abs(v);
        const p = prec ?? 6;
        if (!Number.isFinite(a)) body = Number.isNaN(a) ? "nan" : "inf";
        else if (conv === "f" || conv === "F") body = pyFixed(a, p, alt);
        else if (conv === "e" || conv === "E") body = pyExp(a, p, alt, upper);
        else body = pyGeneral(a, p, alt, upper);
        if (upper) body = body.toUpperCase();
        break;
      }
      case "s":
      case "r": {
        const v = nextArg();
        if (typeof v === "string") body = conv === "r" ? reprString(v) : v;
        else body = str(v);
        if (prec !== undefined) body = body.slice(0, prec);
        numeric = false;
        break;
      }
      default:
        return fail(`unsupported format character '${conv}' (0x${conv.charCodeAt(0).toString(16)}) at index ${m.index + whole.length - 1}`);
    }
    if (numeric && sign === "") sign = plus ? "+" : space ? " " : "";
    const len = sign.length + body.length;
    if (len >= width) out += sign + body;
    else if (left) out += sign + body + " ".repeat(width - len);
    else if (zero && numeric) out += sign + "0".repeat(width - len) + body;
    else out += " ".repeat(width - len) + sign + body;
  }
  out += format.slice(last);
  if (argIndex < args.length) fail("not all arguments converted during string formatting");
  return out;
}
