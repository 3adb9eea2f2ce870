/**
 * The Census Bureau's annual tables of US trade by 5-digit end-use category
 * and country: the agency's workbook (`enduse_imports.xlsx`, sheet
 * `EnduseImp`) and a CSV copy of the export table. Both have the columns
 * `CTY_CODE, CTY_DESC, END_USE, COMM_DESC, value_YY …`, US dollars, one row
 * per partner and category.
 *
 * @module
 */

// @ts-types="@types/papaparse"
import Papa from "papaparse";
import { FormatError } from "../errors.ts";
import { cellAddress, cellText, loadWorkbook, worksheet } from "./xlsx.ts";

/** One partner, end-use category and year. */
export interface EndUseRow {
  ctyCode: string;
  ctyDesc: string;
  /** Five digits, e.g. `30000` (passenger cars). */
  endUse: string;
  commDesc: string;
  year: number;
  /** US dollars. */
  value: number;
}

/** A table read from either format: header, rows, and where a cell is (for errors). */
interface RawTable {
  header: string[];
  rows: { cells: unknown[]; at: (column: number) => string }[];
  headerAt: string;
}

const KEY_COLUMNS = ["CTY_CODE", "CTY_DESC", "END_USE", "COMM_DESC"];

/**
 * Reads the agency's end-use workbook (first sheet named as given).
 *
 * @example
 * ```ts
 * const rows = await parseEndUseWorkbook(await Deno.readFile("enduse_imports.xlsx"), "enduse_imports.xlsx", "EnduseImp");
 * rows.find((r) => r.ctyCode === "5800" && r.endUse === "30000" && r.year === 2016)?.value; // 16070135286
 * ```
 */
export async function parseEndUseWorkbook(bytes: Uint8Array, source: string, sheetName: string): Promise<EndUseRow[]> {
  const sheet = worksheet(await loadWorkbook(bytes, source), sheetName, source);
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map((v) => cellText(v as never)?.trim() ?? "");
  const rows: RawTable["rows"] = [];
  sheet.eachRow((row, r) => {
    if (r === 1) return;
    rows.push({
      cells: header.map((_, i) => row.getCell(i + 1).value),
      at: (column) => `${source} [${cellAddress(sheetName, r, column + 1)}]`,
    });
  });
  return endUseRows({ header, rows, headerAt: `${source} [${cellAddress(sheetName, 1, 1)}]` });
}

/**
 * Reads a CSV copy of an end-use table (decode it with `decodeUtf8` first).
 *
 * @example
 * ```ts
 * const rows = parseEndUseCsv(decodeUtf8(await Deno.readFile("enduse_exports.csv"), "enduse_exports.csv"), "enduse_exports.csv");
 * rows.find((r) => r.ctyCode === "5800" && r.endUse === "11100" && r.year === 2017)?.value; // 1114034946
 * ```
 */
export function parseEndUseCsv(text: string, source: string): EndUseRow[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new FormatError(`${source}:${(e.row ?? 0) + 1}`, `CSV syntax: ${e.message}`);
  }
  const [header = [], ...body] = parsed.data;
  const lines = csvLines(text);
  return endUseRows({
    header: header.map((h) => h.trim()),
    rows: body.map((cells, i) => ({ cells, at: (column) => `${source}:${lines[i + 1] ?? i + 2} (${header[column]})` })),
    headerAt: `${source}:1`,
  });
}

/** The line on which each record starts (quoted fields never span lines in these files, but count them anyway). */
function csvLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let quoted = false;
  let recordStart = true;
  for (const ch of text) {
    if (recordStart && ch !== "\n" && ch !== "\r") {
      starts.push(line);
      recordStart = false;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === "\n") {
      line++;
      if (!quoted) recordStart = true;
    }
  }
  return starts;
}

function endUseRows(table: RawTable): EndUseRow[] {
  const { header } = table;
  const missing = KEY_COLUMNS.filter((c) => !header.includes(c));
  const years: { column: number; year: number }[] = [];
  const unknown: string[] = [];
  header.forEach((name, column) => {
    if (KEY_COLUMNS.includes(name)) return;
    const m = /^value_(\d{2})$/.exec(name);
    if (m) years.push({ column, year: 2000 + Number(m[1]) });
    else unknown.push(name);
  });
  if (missing.length > 0 || unknown.length > 0 || years.length === 0) {
    const problems = [
      missing.length > 0 ? `missing column(s) ${missing.join(", ")}` : "",
      unknown.length > 0 ? `unexpected column(s) ${unknown.map((u) => JSON.stringify(u)).join(", ")}` : "",
      years.length === 0 ? "no year columns value_YY" : "",
    ].filter(Boolean);
    throw new FormatError(
      table.headerAt,
      `${problems.join("; ")} (columns: ${header.join(", ")}); expected CTY_CODE, CTY_DESC, END_USE, COMM_DESC and ` +
        "value_YY (two-digit years): check the file against its PROVENANCE.md, then " +
        "lib/workspace/data/importers/census-enduse.ts",
    );
  }
  const col = (name: string) => header.indexOf(name);
  const seen = new Set<string>();
  const rows: EndUseRow[] = [];
  for (const { cells, at } of table.rows) {
    const textOf = (name: string) => cellText(cells[col(name)] as never)?.trim() ?? "";
    const ctyCode = textOf("CTY_CODE");
    const endUse = textOf("END_USE");
    if (!/^\d{4}$/.test(ctyCode)) {
      throw new FormatError(
        at(col("CTY_CODE")),
        `expected a four-digit country code, got ${JSON.stringify(ctyCode)}; fix the cell or restore the Census file`,
      );
    }
    if (!/^\d{5}$/.test(endUse)) {
      throw new FormatError(
        at(col("END_USE")),
        `expected a five-digit end-use code, got ${JSON.stringify(endUse)}; fix the cell or restore the Census file`,
      );
    }
    const key = `${ctyCode}|${endUse}`;
    if (seen.has(key)) throw new FormatError(at(col("END_USE")), `country ${ctyCode}, end use ${endUse} listed twice`);
    seen.add(key);
    for (const { column, year } of years) {
      rows.push({
        ctyCode,
        ctyDesc: textOf("CTY_DESC"),
        endUse,
        commDesc: textOf("COMM_DESC"),
        year,
        value: dollars(cells[column], at(column)),
      });
    }
  }
  return rows;
}

function dollars(value: unknown, where: string): number {
  const number = typeof value === "number" ? value : /^\d+$/.test(String(value ?? "").trim()) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < 0) {
    throw new FormatError(
      where,
      `expected whole US dollars, got ${JSON.stringify(cellText(value as never) ?? "")}; ` +
        "restore the Census file (sha256 in PROVENANCE.md) or fix the cell",
    );
  }
  return number;
}
