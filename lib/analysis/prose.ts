/**
 * `prose`: a sentence for a verdict's note or explanation, written across
 * several source lines. Runs of whitespace (the line breaks and indentation
 * of the notebook's code) become single spaces, so the card reads as one
 * paragraph however the code is formatted.
 *
 * @module
 */

/**
 * Joins a template into one line of text, collapsing whitespace.
 *
 * @example
 * ```ts
 * prose`The deficit fell
 *   by ${formatNumber(65.5, 1)}%.`; // "The deficit fell by 65.5%."
 * ```
 */
export function prose(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), "");
  return text.replace(/\s+/g, " ").trim();
}
