/**
 * `toLocaleString("en-US", options)` without its cost: each call of that
 * builds a new `Intl.NumberFormat` (tens of microseconds), and notebooks
 * format thousands of numbers (tables, tooltips, prose). The formatters are
 * made once per set of options; what they print is the same.
 *
 * @module
 */

/** The options the analysis library formats numbers with. */
export interface NumberFormatOptions {
  maximumFractionDigits: number;
  minimumFractionDigits?: number;
  useGrouping?: boolean;
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * `value.toLocaleString("en-US", options)`, from a formatter made once per options.
 *
 * @example
 * ```ts
 * formatEnUs(22321.333, { maximumFractionDigits: 1 }); // "22,321.3"
 * formatEnUs(1234.5, { maximumFractionDigits: 3, useGrouping: false }); // "1234.5"
 * ```
 */
export function formatEnUs(value: number, options: NumberFormatOptions): string {
  const key = `${options.maximumFractionDigits}/${options.minimumFractionDigits}/${options.useGrouping}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", options);
    formatters.set(key, formatter);
  }
  return formatter.format(value);
}
