/**
 * Some rows of a CSV file, as a CSV file of their own: the header and the
 * text of those rows exactly as it reads in the file (line ends, quoting and
 * all), in file order. Rows are numbered as `load()` numbers them: 0-based
 * after the header, blank lines skipped, a quoted cell spanning lines kept
 * whole.
 *
 * @module
 */

import { recordLines } from "../../analysis/catalog/csv.ts";

/** A CSV text read once, to take excerpts of: the header and the rows (see the module doc). */
export interface CsvRowIndex {
  /** The header and the given rows, or `undefined` when a row is not in the file. */
  excerpt(rows: readonly number[]): string | undefined;
}

/**
 * Reads a CSV text for excerpts, or `undefined` when its records cannot be told apart (empty, mixed line
 * ends, a quote left open). Cells are not checked: the texts excerpted are files the catalog has read.
 *
 * @example
 * ```ts
 * indexCsvRows("year,value\n2018,1\n2019,2\n", "x.csv")?.excerpt([1]); // "year,value\n2019,2\n"
 * ```
 */
export function indexCsvRows(text: string, file: string): CsvRowIndex | undefined {
  const records = recordLines(text, file);
  if (records.problems.length > 0) return undefined;
  // Where each line starts (lines end after their "\n"; a last line may have none).
  const lineStarts: number[] = text.length > 0 ? [0] : [];
  for (let at = text.indexOf("\n"); at !== -1 && at + 1 < text.length; at = text.indexOf("\n", at + 1)) {
    lineStarts.push(at + 1);
  }
  const lineCount = lineStarts.length;
  const lineEnd = (index: number) => lineStarts[index + 1] ?? text.length; // 0-based
  // The text of lines `from` up to (not including) `to` (1-based), without trailing blank lines.
  const span = (from: number, to: number) => {
    let end = to - 1;
    while (end > from && text.slice(lineStarts[end - 1], lineEnd(end - 1)).trim() === "") end--;
    return text.slice(lineStarts[from - 1], lineEnd(end - 1));
  };
  const starts = records.lines.slice(1); // where each row starts, after the header
  const header = span(1, starts[0] ?? lineCount + 1);
  return {
    excerpt(rows) {
      const wanted = [...new Set(rows)].sort((a, b) => a - b);
      if (wanted.some((row) => !Number.isInteger(row) || row < 0 || row >= starts.length)) return undefined;
      return header + wanted.map((row) => span(starts[row], starts[row + 1] ?? lineCount + 1)).join("");
    },
  };
}

/**
 * The header and the given rows of a CSV text, or `undefined` when a row is
 * not in the file (or the text is not CSV the catalog reads).
 *
 * @example
 * ```ts
 * csvRowsExcerpt("year,value\n2018,1\n2019,2\n2020,3\n", [2, 0], "x.csv"); // "year,value\n2018,1\n2020,3\n"
 * ```
 */
export function csvRowsExcerpt(text: string, rows: readonly number[], file: string): string | undefined {
  return indexCsvRows(text, file)?.excerpt(rows);
}
