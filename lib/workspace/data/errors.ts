/**
 * Errors of the data layer. A publisher's file or response that no longer
 * has the shape an importer expects fails loudly with a `FormatError` naming
 * the source and what changed, instead of producing wrong numbers.
 *
 * @module
 */

/**
 * A publisher's file or response is not in the expected format.
 *
 * @example
 * ```ts
 * throw new FormatError("census-api", "missing column GEN_VAL_MO (columns: CTY_CODE, CTY_NAME)");
 * ```
 */
export class FormatError extends Error {
  /** Which source (file path, URL or importer name). */
  readonly source: string;

  constructor(source: string, reason: string) {
    super(`${source}: ${reason}`);
    this.name = "FormatError";
    this.source = source;
  }
}

/**
 * Rejects bodies that are obviously not data: empty, or an HTML page (an
 * error or login page served with status 200).
 *
 * @example
 * ```ts
 * assertDataBody("<!DOCTYPE html><title>Error</title>", "https://api.census.gov/...");
 * // throws FormatError: ...: got an HTML page where data was expected ...
 * ```
 */
export function assertDataBody(body: string, source: string): void {
  const start = body.trimStart().slice(0, 200).toLowerCase();
  if (start === "") throw new FormatError(source, "empty body; expected data");
  if (start.startsWith("<!doctype html") || start.startsWith("<html") || /<(head|body|title)[\s>]/.test(start)) {
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    throw new FormatError(source, `got an HTML page where data was expected${title ? ` ("${title}")` : ""}`);
  }
}

/**
 * Parses JSON, turning a syntax error (e.g. a truncated body) into a FormatError.
 *
 * @example
 * ```ts
 * parseJsonBody('[["a"],["1"]]', "census"); // [["a"],["1"]]
 * ```
 */
export function parseJsonBody(body: string, source: string): unknown {
  assertDataBody(body, source);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new FormatError(source, `not valid JSON, possibly truncated (${(error as Error).message})`);
  }
}
