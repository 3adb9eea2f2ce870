/**
 * Reading publishers' Excel workbooks: loading with a clear error for a file
 * that is not a workbook, cell text, and A1 cell addresses for error messages
 * ("Table 7!P120").
 *
 * The reader (xlsx-read.ts) is made for reading data out of a workbook: it
 * unzips the parts with fflate, and parses a sheet's XML with saxes the first
 * time the sheet is used. Its cells hold the values
 * exceljs (npm) gives on loading the same file — strings, numbers, booleans,
 * dates of date-formatted numbers, `{ richText }`, `{ text, hyperlink }`,
 * `{ error }`, `{ formula, result }`, the first cell's value in every cell of
 * a merged range — and a cell's `alignment.indent` (tests/data/importers_test.ts
 * compares the two; on every workbook of `data/raw` they agreed cell for
 * cell). exceljs built the whole document model of every sheet, at several
 * times the CPU.
 *
 * @module
 */

// Type-only: the value shapes are those of exceljs, which is not loaded to read a workbook.
import type ExcelJS from "exceljs";
import { FormatError } from "../errors.ts";
import { readWorkbook } from "./xlsx-read.ts";

/** A cell value, as exceljs gives it. */
export type CellValue = ExcelJS.CellValue;

/** A cell: its value, and the alignment of its style. */
export interface Cell {
  readonly value: CellValue;
  readonly alignment?: { indent?: number };
}

/** A row of a worksheet (rows and columns are numbered from 1, as in exceljs). */
export interface Row {
  readonly number: number;
  /** Values by column (index 0 unused), holes for empty cells. */
  readonly values: CellValue[];
  /** Whether any cell holds a value (or belongs to a merged range). */
  readonly hasValues: boolean;
  getCell(column: number): Cell;
  /** Each cell holding a value, in column order. */
  eachCell(visit: (cell: Cell, column: number) => void): void;
}

/** A worksheet. */
export interface Worksheet {
  readonly name: string;
  /** The number of the last row (a row asked for with `getRow` counts, as in exceljs). */
  readonly rowCount: number;
  getRow(row: number): Row;
  /** Each row holding a value, in order. */
  eachRow(visit: (row: Row, rowNumber: number) => void): void;
}

/** A workbook. */
export interface Workbook {
  /** The worksheets, in the workbook's order. */
  readonly worksheets: Worksheet[];
  getWorksheet(name: string): Worksheet | undefined;
}

/**
 * Loads a workbook, failing with a FormatError that names the file when the
 * bytes are not a readable .xlsx (an HTML error page, a CSV, a truncated download);
 * a sheet whose XML is malformed fails so when it is first used.
 *
 * @example
 * ```ts
 * const workbook = await loadWorkbook(await Deno.readFile("country.xlsx"), "country.xlsx");
 * workbook.worksheets.map((w) => w.name); // ["country"]
 * ```
 */
export function loadWorkbook(bytes: Uint8Array, source: string): Promise<Workbook> {
  const unreadable = (error: Error) =>
    new FormatError(
      source,
      `not a readable .xlsx workbook (${error.message}); ` +
        "restore the publisher's file (its sha256 is in the folder's PROVENANCE.md)",
    );
  try {
    return Promise.resolve(readWorkbook(bytes, unreadable));
  } catch (error) {
    return Promise.reject(unreadable(error as Error));
  }
}

/**
 * The worksheet of that name, or a FormatError listing the sheets present.
 *
 * @example
 * ```ts
 * const sheet = worksheet(workbook, "Table 7", "trad-geo-time-series-0125.xlsx");
 * ```
 */
export function worksheet(workbook: Workbook, name: string, source: string): Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) {
    const present = workbook.worksheets.map((w) => w.name).join(", ");
    throw new FormatError(source, `no sheet "${name}" (sheets: ${present}); the publisher's layout changed`);
  }
  return sheet;
}

/**
 * A cell's text (rich text joined, hyperlinks by their text, numbers as
 * printed by JavaScript); undefined for an empty cell.
 *
 * @example
 * ```ts
 * cellText({ richText: [{ text: "Korea, " }, { text: "South" }] }); // "Korea, South"
 * ```
 */
export function cellText(value: CellValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellText(value.result as CellValue);
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}

/**
 * The A1 address of a cell with its sheet, for error messages.
 *
 * @example
 * ```ts
 * cellAddress("Table 7", 120, 16); // "Table 7!P120"
 * ```
 */
export function cellAddress(sheet: string, row: number, column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return `${sheet}!${letters}${row}`;
}
