/**
 * IMF Direction of Trade Statistics (DOTS), the data portal's "country
 * report" workbook: one workbook per reporter, sheets "Exports, FOB" and
 * "Imports, CIF", partners in rows, years in columns, US$ millions.
 *
 * @module
 */

// Type-only at load time: exceljs is imported when a workbook is read, so modules that only need the
// resource descriptors (e.g. the restricted updater process) do not load it and its environment probes.
import type ExcelJS from "exceljs";
import { FormatError } from "../errors.ts";

/** One reporter–partner–flow–year value from a DOTS workbook. */
export interface DotsRow {
  reporter: string;
  partner: string;
  flow: "exports" | "imports";
  valuation: "FOB" | "CIF";
  year: number;
  /** US$ millions. */
  value: number;
  /** The IMF flagged the value as an estimate ("e"). */
  estimate: boolean;
}

const SHEETS = {
  "Exports, FOB": { flow: "exports", valuation: "FOB" },
  "Imports, CIF": { flow: "imports", valuation: "CIF" },
} as const;

/**
 * Reads a DOTS country-report workbook. Only the partners named (exact
 * names, e.g. "World", "USSR") are kept; empty cells are skipped.
 *
 * @example
 * ```ts
 * const bytes = await Deno.readFile("DOTS_106_korea_rep.xlsx");
 * const rows = await parseDotsWorkbook(bytes, "DOTS_106_korea_rep.xlsx", ["Russian Federation", "World"]);
 * ```
 */
export async function parseDotsWorkbook(bytes: Uint8Array, source: string, partners: string[]): Promise<DotsRow[]> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    // deno-lint-ignore no-explicit-any
    await workbook.xlsx.load(bytes as any);
  } catch (error) {
    throw new FormatError(source, `not a readable .xlsx workbook (${(error as Error).message})`);
  }
  const rows: DotsRow[] = [];
  for (const [sheetName, meaning] of Object.entries(SHEETS)) {
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet) {
      const present = workbook.worksheets.map((w) => w.name).join(", ");
      throw new FormatError(source, `no sheet "${sheetName}" (sheets: ${present}); the IMF export format changed`);
    }
    const where = `${source} [${sheetName}]`;
    const reporter = text(sheet.getRow(4).getCell(2).value);
    const unit = text(sheet.getRow(5).getCell(2).value);
    if (!reporter) throw new FormatError(where, "no reporter name in B4");
    if (unit !== "US Dollars, Millions") {
      throw new FormatError(where, `unit in B5 is ${JSON.stringify(unit)}, expected "US Dollars, Millions"`);
    }
    const yearColumns = findYearHeader(sheet, where);
    const wanted = new Set(partners);
    const seen = new Set<string>();
    sheet.eachRow((row, rowNumber) => {
      const partner = text(row.getCell(2).value)?.trim();
      if (!partner || !wanted.has(partner)) return;
      if (seen.has(partner)) throw new FormatError(where, `partner "${partner}" appears twice (row ${rowNumber})`);
      seen.add(partner);
      for (const { column, year } of yearColumns) {
        const cell = row.getCell(column).value;
        const parsed = cellNumber(cell, `${where} row ${rowNumber} ${year}`);
        if (parsed === null) continue;
        rows.push({ reporter, partner, flow: meaning.flow, valuation: meaning.valuation, year, ...parsed });
      }
    });
    const absent = partners.filter((p) => !seen.has(p));
    if (absent.length > 0) throw new FormatError(where, `partner row(s) not found: ${absent.join(", ")}`);
  }
  return rows;
}

function findYearHeader(sheet: ExcelJS.Worksheet, where: string): { column: number; year: number }[] {
  for (let r = 1; r <= 12; r++) {
    const columns: { column: number; year: number }[] = [];
    sheet.getRow(r).eachCell((cell, column) => {
      const t = text(cell.value)?.trim();
      if (t && /^\d{4}$/.test(t)) columns.push({ column, year: Number(t) });
    });
    if (columns.length >= 2) return columns;
  }
  throw new FormatError(where, "no header row of years in the first 12 rows");
}

function cellNumber(value: ExcelJS.CellValue, where: string): { value: number; estimate: boolean } | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return { value, estimate: false };
  const t = text(value)?.trim() ?? "";
  const flagged = /^(-?\d+(?:\.\d+)?)\s*e$/.exec(t);
  if (flagged) return { value: Number(flagged[1]), estimate: true };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { value: Number(t), estimate: false };
  throw new FormatError(where, `expected a number, got ${JSON.stringify(t)}`);
}

function text(value: ExcelJS.CellValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "object" && "richText" in value) return value.richText.map((r) => r.text).join("");
  return String(value);
}
