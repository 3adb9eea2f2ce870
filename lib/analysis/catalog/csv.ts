/**
 * CSV reading with line numbers, on top of Papa Parse. Accepts a UTF-8 byte
 * order mark and CRLF line ends; reports rows with too many or too few cells
 * by their line in the file.
 *
 * @module
 */

// @ts-types="@types/papaparse"
import Papa from "papaparse";
import type { Problem } from "./errors.ts";

/** The rows of a CSV file as strings, with the line each row starts on. */
export interface CsvRows {
  header: string[];
  rows: string[][];
  /** 1-based line on which each row starts (parallel to `rows`). */
  lines: number[];
  problems: Problem[];
}

/**
 * Splits CSV text into a header and string rows.
 *
 * @example
 * ```ts
 * const { header, rows, lines } = parseCsvRows("year,value\r\n2019,1.5\r\n", "x.csv");
 * // header ["year","value"], rows [["2019","1.5"]], lines [2]
 * ```
 */
export function parseCsvRows(text: string, file: string): CsvRows {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") {
    return { header: [], rows: [], lines: [], problems: [{ file, reason: "file is empty; expected a header line" }] };
  }
  // Fast path: one parse of the whole text. Line numbers follow from record
  // numbers unless a quoted cell spans lines; then re-parse row by row.
  if (!hasQuotedNewline(body)) {
    const result = Papa.parse<string[]>(body, { header: false, delimiter: ",", skipEmptyLines: false });
    const records: string[][] = [];
    const lines: number[] = [];
    for (let i = 0; i < result.data.length; i++) {
      if (isBlank(result.data[i])) continue;
      records.push(result.data[i]);
      lines.push(i + 1);
    }
    const problems: Problem[] = result.errors
      .filter((e) => e.code !== "UndetectableDelimiter")
      .map((e) => ({ file, line: (e.row ?? 0) + 1, reason: `malformed CSV: ${e.message}` }));
    return split(records, lines, problems);
  }
  return parseByRow(body, file);
}

function split(records: string[][], lines: number[], problems: Problem[]): CsvRows {
  const [header = [], ...rows] = records;
  return { header: header.map((name) => name.trim()), rows, lines: lines.slice(1), problems };
}

function parseByRow(body: string, file: string): CsvRows {
  const problems: Problem[] = [];
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let consumed = 0;
  Papa.parse<string[]>(body, {
    header: false,
    delimiter: ",",
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      for (const error of result.errors) {
        if (error.code === "UndetectableDelimiter") continue;
        problems.push({ file, line, reason: `malformed CSV: ${error.message}` });
      }
      if (!isBlank(result.data)) {
        records.push(result.data);
        lines.push(line);
      }
      line += countNewlines(body, consumed, end);
      consumed = end;
    },
  });
  return { ...split(records, lines, []), problems };
}

/** Whether a newline occurs inside a quoted cell (cheap scan; quotes toggle). */
function hasQuotedNewline(text: string): boolean {
  if (!text.includes('"')) return false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted; // '"'; an escaped "" toggles twice
    else if (quoted && (c === 10 || c === 13)) return true;
  }
  return false;
}

function isBlank(record: string[]): boolean {
  return record.length === 0 || (record.length === 1 && record[0].trim() === "");
}

function countNewlines(text: string, start: number, end: number): number {
  let count = 0;
  let index = text.indexOf("\n", start);
  while (index !== -1 && index < end) {
    count++;
    index = text.indexOf("\n", index + 1);
  }
  return count;
}
