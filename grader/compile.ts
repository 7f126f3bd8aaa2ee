// Type-checking and compiling assembled modules with the project's
// TypeScript, in memory (nothing is written to disk).
//
// The options mirror the ones tslab compiles notebook cells with (ES2022, no
// `strict`, esModuleInterop, Node10 resolution, all @types), so code that
// runs in the notebook compiles here; the output is CommonJS for Node.
import { dirname, join } from "node:path";
import ts from "typescript";
import { projectRoot } from "./paths";
import { originOf, type Segment } from "./assemble";

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  experimentalDecorators: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmitOnError: false,
  declaration: false,
  sourceMap: false,
  newLine: ts.NewLineKind.LineFeed,
};

/** Where the in-memory modules pretend to live (so `import ... from "dnnlab"` resolves). */
export const VIRTUAL_DIR: string = join(projectRoot, ".dnnlab-grading");

/** What compileModules() returns. */
export interface CompiledModules {
  /** File -> its errors (syntactic and semantic). */
  diagnostics: Map<string, ts.Diagnostic[]>;
  /** File -> its JavaScript, or null when nothing was emitted for it. */
  js: Map<string, string | null>;
  program: ts.Program;
  checker: ts.TypeChecker;
}

/** A diagnostic located in its file. */
export interface DiagnosticDescription {
  /** 0-based line in its file, -1 when it has no position. */
  line: number;
  message: string;
  code: number;
}

// Library files (lib.*.d.ts, @types, dnnlab's .d.ts) parsed once per process.
const sourceCache = new Map<string, ts.SourceFile>();
let baseHost: ts.CompilerHost | null = null;

/**
 * Compiles in-memory modules together. Compile errors do not throw: they are
 * returned per file.
 * @param files Map of file name (under VIRTUAL_DIR, ending in .ts) -> text
 * @param overrides compiler options replacing COMPILER_OPTIONS' ones
 */
export function compileModules(files: Map<string, string>, overrides: ts.CompilerOptions = {}): CompiledModules {
  const options: ts.CompilerOptions = { ...COMPILER_OPTIONS, ...overrides };
  baseHost ??= ts.createCompilerHost(COMPILER_OPTIONS, true);
  const base = baseHost;
  const js = new Map<string, string>();
  const host: ts.CompilerHost = {
    ...base,
    getSourceFile(fileName, languageVersion, onError) {
      const text = files.get(fileName);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true, ts.ScriptKind.TS);
      let sf = sourceCache.get(fileName);
      if (!sf) {
        sf = base.getSourceFile(fileName, languageVersion, onError);
        if (sf) sourceCache.set(fileName, sf);
      }
      return sf;
    },
    fileExists: (f) => files.has(f) || base.fileExists(f),
    directoryExists: (d) => d === VIRTUAL_DIR || d.startsWith(`${VIRTUAL_DIR}/`) || (base.directoryExists?.(d) ?? true),
    readFile: (f) => (files.has(f) ? files.get(f) : base.readFile(f)),
    writeFile: (name, text) => js.set(name, text),
    getCurrentDirectory: () => projectRoot,
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const diagnostics = new Map<string, ts.Diagnostic[]>();
  for (const f of files.keys()) {
    const sf = program.getSourceFile(f);
    const list = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].filter((d) => d.category === ts.DiagnosticCategory.Error);
    diagnostics.set(f, list);
  }
  program.emit();
  const byTs = new Map<string, string | null>();
  for (const f of files.keys()) {
    const out = join(dirname(f), f.slice(dirname(f).length + 1).replace(/\.ts$/, ".js"));
    byTs.set(f, js.get(out) ?? null);
  }
  return { diagnostics, js: byTs, program, checker: program.getTypeChecker() };
}

/** A diagnostic as its 0-based line in its file (-1 without a position), message and code. */
export function describeDiagnostic(d: ts.Diagnostic): DiagnosticDescription {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return { line: -1, message, code: d.code };
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  return { line, message, code: d.code };
}

/** The first line of a message. */
export const firstLine = (s: string): string => String(s).split("\n")[0];

/**
 * The one-line message of a submitted function whose module does not
 * compile: the first error in the submitted cell (with its cell and line),
 * else a signature that does not fit the solution's, else the first error.
 */
export function compileProblem(diags: readonly ts.Diagnostic[], segments: readonly Segment[], cellIndex: number): string {
  const located = diags.map((d) => {
    const desc = describeDiagnostic(d);
    return { ...desc, ...originOf(segments, desc.line) };
  });
  const inCell = located.find((d) => d.origin === "cell");
  if (inCell) {
    const hint = inCell.code === 2304 || inCell.code === 2552 ? " (only the graded cell is graded: define helpers inside it)" : "";
    return `does not compile: cell ${cellIndex}, line ${inCell.line}: ${firstLine(inCell.message)}${hint}`;
  }
  const sig = located.find((d) => d.origin === "signature");
  if (sig)
    return `wrong signature: ${sig.message
      .split("\n")
      .map((l) => l.trim())
      .slice(0, 3)
      .join(" ")}`;
  return `does not compile with the rest of the notebook: ${firstLine(located[0].message)}`;
}
