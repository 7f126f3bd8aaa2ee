/**
 * From what happened to a function to its points and its one-line message.
 * A function scores its points when the notebook's check and all its hidden
 * cases pass; otherwise 0, and the message names the first failure.
 */
import { describeStop, type RunOutcome } from "./run";

export interface Verdict {
  readonly passed: boolean;
  readonly message: string;
  readonly hidden?: { passed: number; total: number };
  /** The grader's own failure, not the submission's. */
  readonly internal?: boolean;
}

/** The message of an unfinished exercise, when `message` is its stub's error. */
export function notImplemented(message: string | undefined): string | null {
  const m = /Exercise not implemented: [^\n]*/.exec(message ?? "");
  return m ? `not implemented yet: the exercise stub still throws "${m[0]}"` : null;
}

/** The verdict of a run. */
export function verdictOf(outcome: RunOutcome): Verdict {
  switch (outcome.status) {
    case "stopped":
      return { passed: false, message: describeStop(outcome.stop) };
    case "load-error":
      return { passed: false, message: notImplemented(outcome.message) ?? `running the cell failed: ${outcome.message}` };
    case "not-a-function":
      return { passed: false, message: `wrong signature: ${outcome.message}` };
    case "ran":
      break;
  }
  if (outcome.stop) return { passed: false, message: describeStop(outcome.stop) };
  const hidden = outcome.hidden;
  const failed = hidden.filter((h) => !h.ok);
  const count = { passed: hidden.length - failed.length, total: hidden.length };
  const internal = failed.find((h) => h.internal);
  if (internal)
    return {
      passed: false,
      message: `grading error (not the submission's fault): hidden case "${internal.label}": ${internal.message}`,
      hidden: count,
      internal: true,
    };
  if (!outcome.public.ok) {
    const h = failed[0];
    const more = h ? `; hidden case "${h.label}" failed too: ${h.message} (${failed.length} of ${hidden.length} hidden cases failed)` : "";
    return { passed: false, message: notImplemented(outcome.public.message) ?? `public check failed: ${outcome.public.message}${more}`, hidden: count };
  }
  if (failed.length) {
    const h = failed[0];
    return {
      passed: false,
      message: `public check passed, but hidden case "${h.label}" failed: ${h.message} (${failed.length} of ${hidden.length} hidden cases failed)`,
      hidden: count,
    };
  }
  const message = hidden.length
    ? `public check and ${hidden.length} hidden case${hidden.length === 1 ? "" : "s"} passed`
    : "public check passed (no hidden cases)";
  return { passed: true, message, hidden: count };
}
