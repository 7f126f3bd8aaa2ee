// Type-checking and compiling assembled modules with the project's
// TypeScript, in memory (nothing is written to disk).
//
// The options mirror the ones tslab compiles notebook cells with (ES2022, no
// `strict`, esModuleInterop, Node10 resolution, all @types), so code that
// runs in the notebook compiles here; the output is CommonJS for Node.
import { dirname, join } from "node:path";
import { ts } from "./assemble.mjs";
import { projectRoot } from "../kernel.mjs";

export const COMPILER_OPTIONS = {
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
export const VIRTUAL_DIR = join(projectRoot, ".dnnlab-grading");

// Library files (lib.*.d.ts, @types, dnnlab's .d.ts) parsed once per process.
const sourceCache = new Map();
let baseHost = null;

/**
 * Compiles in-memory modules together.
 * @param files Map of file name (under VIRTUAL_DIR, ending in .ts) -> text
 * @returns `{ diagnostics: Map<file, Diagnostic[]>, js: Map<file, string>, program, checker }`
 */
export function compileModules(files, overrides = {}) {
  const options = { ...COMPILER_OPTIONS, ...overrides };
  baseHost ??= ts.createCompilerHost(COMPILER_OPTIONS, true);
  const js = new Map();
  const host = {
    ...baseHost,
    getSourceFile(fileName, languageVersion, onError) {
      if (files.has(fileName)) return ts.createSourceFile(fileName, files.get(fileName), languageVersion, true, ts.ScriptKind.TS);
      let sf = sourceCache.get(fileName);
      if (!sf) {
        sf = baseHost.getSourceFile(fileName, languageVersion, onError);
        if (sf) sourceCache.set(fileName, sf);
      }
      return sf;
    },
    fileExists: (f) => files.has(f) || baseHost.fileExists(f),
    directoryExists: (d) => d === VIRTUAL_DIR || d.startsWith(VIRTUAL_DIR + "/") || baseHost.directoryExists(d),
    readFile: (f) => (files.has(f) ? files.get(f) : baseHost.readFile(f)),
    writeFile: (name, text) => js.set(name, text),
    getCurrentDirectory: () => projectRoot,
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const diagnostics = new Map();
  for (const f of files.keys()) {
    const sf = program.getSourceFile(f);
    const list = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].filter(
      (d) => d.category === ts.DiagnosticCategory.Error,
    );
    diagnostics.set(f, list);
  }
  program.emit();
  const byTs = new Map();
  for (const f of files.keys()) {
    const out = join(dirname(f), f.slice(dirname(f).length + 1).replace(/\.ts$/, ".js"));
    byTs.set(f, js.get(out) ?? null);
  }
  return { diagnostics, js: byTs, program, checker: program.getTypeChecker() };
}

/** A diagnostic as `{ line (0-based in its file), message }`. */
export function describeDiagnostic(d) {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return { line: -1, message, code: d.code };
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  return { line, message, code: d.code };
}
