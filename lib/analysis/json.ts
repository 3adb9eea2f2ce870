/**
 * Looking into parsed JSON of unknown shape (descriptors, notebooks, API
 * answers) without `any`: one definition for every reader that checks a
 * format before trusting it.
 *
 * @module
 */

import type * as Jsonc from "jsonc-parser";
import { createRequire } from "node:module";

/**
 * Whether a value is a plain JSON object (not null, not an array).
 *
 * @example
 * ```ts
 * isObject({ a: 1 }); // true
 * isObject([1]); // false
 * ```
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A property of a value that may not be an object (undefined otherwise).
 *
 * @example
 * ```ts
 * pick({ BEAAPI: { Results: 1 } }, "BEAAPI"); // { Results: 1 }
 * pick("text", "BEAAPI"); // undefined
 * ```
 */
export function pick(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/**
 * The keys of a value, for an error message that says what was there instead.
 *
 * @example
 * ```ts
 * keysOf({ error: "x", status: 400 }); // "error, status"
 * keysOf(null); // "(not an object: object)"
 * ```
 */
export function keysOf(value: unknown): string {
  return isObject(value) ? Object.keys(value).join(", ") || "(none)" : `(not an object: ${typeof value})`;
}

/** Where JSON text stops being JSON, and why. */
export interface JsonSyntaxLocation {
  /** 1-based line. */
  line: number;
  /** 1-based column (in UTF-16 code units, as editors count). */
  column: number;
  /** What the parser expected, in words. */
  reason: string;
}

const JSON_ERROR_WORDS: Record<string, string> = {
  InvalidSymbol: "a character that cannot start a value",
  InvalidNumberFormat: "a malformed number",
  PropertyNameExpected: "a property name in double quotes was expected",
  ValueExpected: "a value was expected",
  ColonExpected: "':' was expected",
  CommaExpected: "',' was expected",
  CloseBraceExpected: "'}' was expected",
  CloseBracketExpected: "']' was expected",
  EndOfFileExpected: "the text should end here",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "an unfinished comment",
  UnexpectedEndOfString: "an unfinished string",
  UnexpectedEndOfNumber: "an unfinished number",
  InvalidUnicode: "a malformed \\u escape",
  InvalidEscapeCharacter: "an invalid escape in a string",
  InvalidCharacter: "a control character inside a string (write it as an escape)",
};

/**
 * The line, column and reason of the first syntax error in text that
 * `JSON.parse` refused (V8's own message gives no position for some errors,
 * e.g. a trailing comma). Call it only after `JSON.parse` failed.
 *
 * @example
 * ```ts
 * jsonSyntaxLocation('{\n  "a": 1,\n}'); // { line: 3, column: 1, reason: "a property name in double quotes was expected" }
 * ```
 */
export function jsonSyntaxLocation(text: string): JsonSyntaxLocation {
  // Loaded here, on the error path only: every notebook imports this module, few ever need it.
  const { parseTree, printParseErrorCode } = createRequire(import.meta.url)("jsonc-parser") as typeof Jsonc;
  const errors: Jsonc.ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const offset = first ? first.offset : text.length;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  const code = first ? printParseErrorCode(first.error) : "";
  const reason = text.trim() === "" ? "the file is empty" : JSON_ERROR_WORDS[code] ?? (code || "not valid JSON");
  return { line, column, reason };
}
