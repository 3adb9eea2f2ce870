/**
 * Reading figures as printed in press pages: "$55.13B (record …)",
 * "~$890M (8억9천만달러)", "about -$5.5B", "343,057 (record)", "+35.0% (fastest
 * …)". A cell that states no figure (a bound such as ">$10B", a computed
 * value marked "computed", a word) yields null rather than a guess.
 *
 * @module
 */

/** A figure read from text. */
export interface PrintedFigure {
  value: number;
  /** The text marks it as approximate ("~", "about", "approx."). */
  approximate: boolean;
}

const MONEY =
  /^(~|about\s+|approx\.?\s+|some\s+)?([+\-−])?\s*\$\s?(\d[\d,]*(?:\.\d+)?)\s*(B|M|K|billion|million|thousand)\b/i;

/**
 * A money figure in US$ millions, from text that starts with it.
 *
 * @example
 * ```ts
 * moneyMillions("$55.13B (record monthly high)"); // { value: 55130, approximate: false }
 * moneyMillions("~$890M (8억9천만달러)"); // { value: 890, approximate: true }
 * moneyMillions(">$10B"); // null (a bound, not a figure)
 * ```
 */
export function moneyMillions(text: string): PrintedFigure | null {
  const trimmed = text.trim();
  if (/\bcomputed\b/i.test(trimmed) || trimmed.startsWith("(")) return null;
  const match = MONEY.exec(trimmed);
  if (!match) return null;
  const [, approx, sign, digits, scale] = match;
  const base = Number(digits.replaceAll(",", ""));
  const factor = /^b/i.test(scale) ? 1000 : /^m/i.test(scale) ? 1 : 0.001;
  const negative = sign === "-" || sign === "−";
  return { value: round((negative ? -1 : 1) * base * factor), approximate: approx !== undefined };
}

/**
 * A count (people, items) from text that starts with it.
 *
 * @example
 * ```ts
 * count("~180,000"); // { value: 180000, approximate: true }
 * count("343,057 (record; …)"); // { value: 343057, approximate: false }
 * ```
 */
export function count(text: string): PrintedFigure | null {
  const match = /^(~|about\s+|approx\.?\s+)?(\d{1,3}(?:,\d{3})+|\d+)(?!\.\d)\b/.exec(text.trim());
  if (!match) return null;
  return { value: Number(match[2].replaceAll(",", "")), approximate: match[1] !== undefined };
}

/**
 * A percentage from text that starts with it.
 *
 * @example
 * ```ts
 * percentage("+35.0% (fastest since Jan 2011)"); // { value: 35, approximate: false }
 * percentage("-8.2%"); // { value: -8.2, approximate: false }
 * ```
 */
export function percentage(text: string): PrintedFigure | null {
  const match = /^(~|about\s+)?([+\-−])?(\d+(?:\.\d+)?)\s*(%|percent\b)/.exec(text.trim());
  if (!match) return null;
  const negative = match[2] === "-" || match[2] === "−";
  return { value: (negative ? -1 : 1) * Number(match[3]), approximate: match[1] !== undefined };
}

/**
 * The first URL in a text.
 *
 * @example
 * ```ts
 * firstUrl("see https://example.org/a ; https://b"); // "https://example.org/a"
 * ```
 */
export function firstUrl(text: string): string | null {
  return /https?:\/\/[^\s;)]+/.exec(text)?.[0] ?? null;
}

function round(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}
