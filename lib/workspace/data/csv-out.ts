/**
 * Deterministic CSV output: same rows, same bytes. Numbers are written with
 * up to six decimals so that binary floating-point noise from spreadsheets
 * (20422.80000000001) does not reach the curated files; quoting follows
 * RFC 4180 with Papa Parse's rules (its `unparse` wrote these files first; a
 * test holds the two to the same bytes).
 *
 * @module
 */

/** A curated row: column name → value. */
export type Row = Record<string, string | number | boolean | null>;

/**
 * Formats a number for a curated file: no exponent, at most six decimals,
 * no trailing zeros.
 *
 * @example
 * ```ts
 * formatCsvNumber(20422.80000000001); // "20422.8"
 * ```
 */
export function formatCsvNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to a CSV`);
  const rounded = Number(value.toFixed(6));
  if (Object.is(rounded, -0)) return "0";
  // Fast path (same digits): both print the shortest decimal that reads back as `rounded`, which has at most six
  // decimals; Intl formatting costs ~25–50 µs a call, which dominated writing the 108k-row Census monthly file.
  const plain = String(rounded);
  if (!plain.includes("e")) return plain;
  return rounded.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 6 });
}

/**
 * Serialises rows to CSV with the given column order and `\n` line ends.
 *
 * @example
 * ```ts
 * toCsv([{ year: 2019, value: 1.5 }], ["year", "value"]); // "year,value\n2019,1.5\n"
 * ```
 */
export function toCsv(rows: Row[], columns: string[]): string {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) {
    lines.push(
      columns.map((c) => {
        const v = row[c];
        if (v === null || v === undefined) return "";
        if (typeof v === "number") return formatCsvNumber(v);
        return csvField(String(v));
      }).join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** A field Papa Parse would quote: a line end, quote, comma or byte-order mark in it, or a space at either end. */
const NEEDS_QUOTES = /[\r\n",\ufeff]|^ | $/;

/**
 * A field as written in a CSV line: quoted, its quotes doubled, when it needs quotes.
 *
 * @example
 * ```ts
 * csvField('Korea, "South"'); // '"Korea, ""South"""'
 * ```
 */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
