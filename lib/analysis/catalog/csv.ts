/**
 * CSV reading with line numbers, on top of Papa Parse. Accepts a UTF-8 byte
 * order mark and CRLF line ends; reports rows with too many or too few cells
 * by their line in the file. Bytes that are not UTF-8 and a mix of CRLF and
 * LF line ends are refused with the line where they start (they used to be
 * read as U+FFFD, or as rows of dozens of cells).
 *
 * @module
 */

// @ts-types="@types/papaparse"
import type Papa from "papaparse";
import { createRequire } from "node:module";
import { CatalogError, type Problem } from "./errors.ts";

let papa: typeof Papa | undefined;

/** Papa Parse, loaded at the first parse: a `load()` served from the table cache never parses CSV. */
function papaParse(): typeof Papa {
  return papa ??= createRequire(import.meta.url)("papaparse");
}

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
  const mixed = mixedLineEnds(body, file);
  if (mixed) return { header: [], rows: [], lines: [], problems: [mixed] };
  // Fast path: one parse of the whole text. Line numbers follow from record
  // numbers unless a quoted cell spans lines; then re-parse row by row.
  if (!hasQuotedNewline(body)) {
    const result = papaParse().parse<string[]>(body, { header: false, delimiter: ",", skipEmptyLines: false });
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
  const byRow = parseByRow(body, file);
  return { ...split(byRow.records, byRow.lines, []), problems: byRow.problems };
}

/**
 * The line on which each record starts (the header's first), numbered as
 * {@link parseCsvRows} numbers them — 1-based, blank lines skipped, a quoted
 * cell spanning lines kept whole — without splitting cells: a text with no
 * quoted cell spanning lines is read line by line. Problems are those of the
 * text as a whole (empty, mixed line ends, a quote left open), not of its
 * cells: use it on files the catalog has read.
 *
 * @example
 * ```ts
 * recordLines("year,value\n\n2019,1\n", "x.csv").lines; // [1, 3]
 * ```
 */
export function recordLines(text: string, file: string): { lines: number[]; problems: Problem[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") return { lines: [], problems: [{ file, reason: "file is empty; expected a header line" }] };
  const mixed = mixedLineEnds(body, file);
  if (mixed) return { lines: [], problems: [mixed] };
  if (hasQuotedNewline(body)) {
    const { lines, problems } = parseByRow(body, file);
    return { lines, problems };
  }
  const lines: number[] = [];
  let line = 1;
  for (let start = 0; start < body.length; line++) {
    const newline = body.indexOf("\n", start);
    const end = newline === -1 ? body.length : newline;
    const first = body.charCodeAt(start);
    // A visible ASCII character first: not blank (the common case, without copying the line).
    if ((first > 32 && first < 127) || body.slice(start, end).trim() !== "") lines.push(line);
    start = end + 1;
  }
  return { lines, problems: [] };
}

function split(records: string[][], lines: number[], problems: Problem[]): CsvRows {
  const [header = [], ...rows] = records;
  return { header: header.map((name) => name.trim()), rows, lines: lines.slice(1), problems };
}

/** Records one at a time, with the line each starts on (the header's included). */
function parseByRow(body: string, file: string): { records: string[][]; lines: number[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let consumed = 0;
  papaParse().parse<string[]>(body, {
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
  return { records, lines, problems };
}

/** Whether a newline occurs inside a quoted cell (quotes pair up: an escaped "" is a pair of its own). */
function hasQuotedNewline(text: string): boolean {
  let open = text.indexOf('"');
  // The first "\n" and "\r" after the quote being looked at, searched again only once passed. (Plain variables:
  // the same search through a closure over them ran 1,000 times slower once V8 had optimised it.)
  let newline = text.indexOf("\n");
  let ret = text.indexOf("\r");
  while (open !== -1) {
    const close = text.indexOf('"', open + 1);
    const end = close === -1 ? text.length : close;
    if (newline !== -1 && newline <= open) newline = text.indexOf("\n", open + 1);
    if (ret !== -1 && ret <= open) ret = text.indexOf("\r", open + 1);
    if ((newline !== -1 && newline < end) || (ret !== -1 && ret < end)) return true;
    if (close === -1) return false;
    open = text.indexOf('"', close + 1);
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

/**
 * Decodes a file's bytes as UTF-8, refusing (with the line) any byte
 * sequence that is not UTF-8 instead of reading it as U+FFFD.
 *
 * @example
 * ```ts
 * decodeUtf8(new TextEncoder().encode("a,b\n"), "x.csv"); // "a,b\n"
 * decodeUtf8(new Uint8Array([0x61, 0x0a, 0xe9, 0x0a]), "x.csv"); // throws: x.csv:2: byte 0xE9 is not UTF-8 …
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const byte = bytes[at].toString(16).toUpperCase().padStart(2, "0");
    throw new CatalogError([{
      file,
      line,
      reason: `byte 0x${byte} is not UTF-8 (a file saved as Latin-1 or Windows-1252?); save it as UTF-8, ` +
        "or rebuild it with `deno task data:import`",
    }]);
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80
      ? 0
      : b >= 0xc2 && b <= 0xdf
      ? 1
      : b >= 0xe0 && b <= 0xef
      ? 2
      : b >= 0xf0 && b <= 0xf4
      ? 3
      : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms, surrogates and code points above U+10FFFF.
    const second = bytes[i + 1];
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f)) return i;
    if ((b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += need + 1;
  }
  return bytes.length - 1;
}

/** A problem when some lines end in CRLF and others in LF alone (Papa Parse would read them as one line). */
function mixedLineEnds(text: string, file: string): Problem | undefined {
  const crlf = text.indexOf("\r\n");
  if (crlf === -1) return undefined;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (text.charCodeAt(i - 1) === 13) continue;
    const line = countNewlines(text, 0, i) + 1;
    const first = countNewlines(text, 0, crlf) + 1;
    return {
      file,
      line,
      reason: `mixed line ends: line ${first} ends in CRLF (Windows) but line ${line} ends in LF alone; ` +
        "save the file with one kind of line end, or rebuild it with `deno task data:import`",
    };
  }
  return undefined;
}
