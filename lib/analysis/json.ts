/**
 * Looking into parsed JSON of unknown shape (descriptors, notebooks, API
 * answers) without `any`: one definition for every reader that checks a
 * format before trusting it.
 *
 * @module
 */

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
