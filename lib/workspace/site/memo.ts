/**
 * A bounded memo for the site's pure, costly text functions (highlighting,
 * sanitizing): the same input gives the same output, so an output worked out
 * while notebooks still run (see `warmNotebookCells`) is not worked out
 * again when the page is built.
 *
 * @module
 */

/**
 * Wraps `compute` so that each key is computed once; beyond `maxKeyChars`
 * characters of keys in all, the oldest are forgotten (the outputs of these
 * functions are about as long as their inputs).
 *
 * @example
 * ```ts
 * const upper = memoByKey((text: string) => text.toUpperCase());
 * upper("a"); // "A", computed
 * upper("a"); // "A", remembered
 * ```
 */
export function memoByKey<T>(compute: (key: string) => T, maxKeyChars = 8_000_000): (key: string) => T {
  const remembered = new Map<string, T>();
  let chars = 0;
  return (key) => {
    if (remembered.has(key)) return remembered.get(key)!;
    const value = compute(key);
    if (key.length > maxKeyChars) return value;
    remembered.set(key, value);
    chars += key.length;
    for (const oldest of remembered.keys()) {
      if (chars <= maxKeyChars) break;
      remembered.delete(oldest);
      chars -= oldest.length;
    }
    return value;
  };
}
