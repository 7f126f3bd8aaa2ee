/**
 * The autograder's library side: the hidden cases (`hiddenCases`, the table
 * to edit) and the comparison of results (`compareValues`). Used by
 * `npm run grade` (scripts/grade.mjs), which runs them in a sandboxed worker.
 */
export * from "./compare";
export * from "./hiddenCases";
export * from "./pending";
