/**
 * The one error type of the catalog: it names the file, the line and the
 * field, then says what was expected, as `path:line: field: reason`.
 *
 * @module
 */

/** Where a problem was found. */
export interface ProblemLocation {
  /** File path as the user would type it (relative to the workspace when possible). */
  file: string;
  /** 1-based line number, when the problem is on one line. */
  line?: number;
  /** 1-based row number, for columnar files (which have no lines). */
  row?: number;
  /** Resource name, named in messages about columnar files. */
  resource?: string;
  /** Field (column or descriptor property) concerned. */
  field?: string;
}

/** One problem in a data file or descriptor. */
export interface Problem extends ProblemLocation {
  /** What is wrong and what was expected. */
  reason: string;
}

/**
 * Formats a problem as `file:line: field: reason`, or for a columnar file
 * `file (resource "name"), row N: field: reason`.
 *
 * @example
 * ```ts
 * formatProblem({ file: "data/x.csv", line: 4, field: "value", reason: "expected a number, got \"n/a\"" });
 * // "data/x.csv:4: value: expected a number, got \"n/a\""
 * formatProblem({ file: "data/t.arrow", resource: "t", row: 7, field: "value", reason: "value required but missing" });
 * // "data/t.arrow (resource \"t\"), row 7: value: value required but missing"
 * ```
 */
export function formatProblem(problem: Problem): string {
  const file = problem.resource === undefined ? problem.file : `${problem.file} (resource "${problem.resource}")`;
  const where = problem.line !== undefined
    ? `${file}:${problem.line}`
    : problem.row !== undefined
    ? `${file}, row ${problem.row}`
    : file;
  return problem.field === undefined ? `${where}: ${problem.reason}` : `${where}: ${problem.field}: ${problem.reason}`;
}

/** How many problems an error lists before summarising the rest. */
const SHOWN_PROBLEMS = 10;

/**
 * Raised when a resource or descriptor is invalid. `problems` holds every
 * problem found; the message lists the first ten.
 *
 * @example
 * ```ts
 * try {
 *   throw new CatalogError([{ file: "data/x.csv", line: 2, field: "year", reason: "required" }]);
 * } catch (error) {
 *   (error as CatalogError).problems.length; // 1
 * }
 * ```
 */
export class CatalogError extends Error {
  /** Every problem found, in file order. */
  readonly problems: readonly Problem[];

  constructor(problems: Problem[]) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map(formatProblem);
    const more = problems.length > SHOWN_PROBLEMS ? [`… and ${problems.length - SHOWN_PROBLEMS} more problem(s)`] : [];
    super([...shown, ...more].join("\n"));
    this.name = "CatalogError";
    this.problems = problems;
  }
}
