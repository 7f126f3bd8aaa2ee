// Capturing what a checker prints: console.log collected as lines, and the
// error the call threw (the checkers print their verdict, then throw).

/** What a captured call printed, and what it threw (undefined when it returned). */
export interface Captured {
  lines: string[];
  error: unknown;
}

/** Runs `f` with console.log captured. */
export function captureLog(f: () => void): Captured {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.map(String).join(" "));
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  } finally {
    console.log = log;
  }
  return { lines, error };
}

/** {@link captureLog} for an async `f`. */
export async function captureLogAsync(f: () => Promise<void>): Promise<Captured> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.map(String).join(" "));
  let error: unknown;
  try {
    await f();
  } catch (e) {
    error = e;
  } finally {
    console.log = log;
  }
  return { lines, error };
}
