/**
 * The error raised when the site cannot be built: it names the notebook,
 * cell or file at fault and what to do, and promises that the previous
 * `_site/` was left as it was.
 *
 * @module
 */

/**
 * Raised by the site renderer. `where` names the notebook, cell or folder at
 * fault (e.g. `notebooks/korus-kei-2018.ipynb, cell 7 (id 3f2a)`).
 *
 * @example
 * ```ts
 * new SiteError("notebooks/x.ipynb", "not valid JSON").message;
 * // "site: notebooks/x.ipynb: not valid JSON"
 * ```
 */
export class SiteError extends Error {
  /** The notebook, cell or path at fault. */
  readonly where: string;

  constructor(where: string, reason: string, options?: { cause?: unknown }) {
    super(`site: ${where}: ${reason}`, options);
    this.name = "SiteError";
    this.where = where;
  }
}

/**
 * The message of any thrown value, for wrapping it with context.
 *
 * @example
 * ```ts
 * messageOf(new Error("boom")); // "boom"
 * messageOf("plain"); // "plain"
 * ```
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
