/**
 * Reading publishers' Excel workbooks (exceljs): loading with a clear error
 * for a file that is not a workbook, cell text, and A1 cell addresses for
 * error messages ("Table 7!P120").
 *
 * @module
 */

// Type-only at load time: exceljs is imported when a workbook is read, so modules that only need the
// resource descriptors (e.g. the restricted updater process) do not load it and its environment probes.
import type ExcelJS from "exceljs";
import { FormatError } from "../errors.ts";

/** A worksheet, as exceljs gives it. */
export type Worksheet = ExcelJS.Worksheet;
/** A workbook, as exceljs gives it. */
export type Workbook = ExcelJS.Workbook;
/** A cell value, as exceljs gives it. */
export type CellValue = ExcelJS.CellValue;

/**
 * Loads a workbook, failing with a FormatError that names the file when the
 * bytes are not a readable .xlsx (an HTML error page, a CSV, a truncated download).
 *
 * @example
 * ```ts
 * const workbook = await loadWorkbook(await Deno.readFile("country.xlsx"), "country.xlsx");
 * workbook.worksheets.map((w) => w.name); // ["country"]
 * ```
 */
export async function loadWorkbook(bytes: Uint8Array, source: string): Promise<Workbook> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    // deno-lint-ignore no-explicit-any
    await workbook.xlsx.load(bytes as any);
  } catch (error) {
    throw new FormatError(
      source,
      `not a readable .xlsx workbook (${(error as Error).message}); ` +
        "restore the publisher's file (its sha256 is in the folder's PROVENANCE.md)",
    );
  }
  return workbook;
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
