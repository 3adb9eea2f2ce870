/**
 * IMF Direction of Trade Statistics (DOTS), the data portal's "country
 * report" workbook: one workbook per reporter, sheets "Exports, FOB" and
 * "Imports, CIF", partners in rows, years in columns, US$ millions.
 *
 * @module
 */

import { FormatError } from "../errors.ts";
import { cellAddress, type CellValue, loadWorkbook, type Workbook, type Worksheet } from "./xlsx.ts";

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
  const workbook = await loadWorkbook(bytes, source);
  const rows: DotsRow[] = [];
  for (const sheet of dotsSheets(workbook, source)) {
    const wanted = new Set(partners);
    const seen = new Set<string>();
    for (const line of sheet.lines) {
      if (!wanted.has(line.partner)) continue;
      if (seen.has(line.partner)) {
        throw new FormatError(sheet.where, `partner "${line.partner}" appears twice (row ${line.row})`);
      }
      seen.add(line.partner);
      for (const v of line.values) {
        rows.push({ ...sheet.meaning, reporter: sheet.reporter, partner: line.partner, ...v });
      }
    }
    const absent = partners.filter((p) => !seen.has(p));
    if (absent.length > 0) throw new FormatError(sheet.where, `partner row(s) not found: ${absent.join(", ")}`);
  }
  return rows;
}

/** What a partner row of a DOTS report stands for. */
export type DotsPartnerKind = "world" | "group" | "economy" | "unspecified";

/** A value of any partner, with where the partner sits in the IMF's list. */
export interface DotsPartnerRow extends DotsRow {
  kind: DotsPartnerKind;
  /** The group the IMF lists the partner under (nearest less-indented row), or "" at the top. */
  group: string;
}

/**
 * Reads every partner row of a DOTS country report: economies, the IMF's
 * groups (Advanced Economies, Euro Area, …, and the memorandum items such as
 * the European Union), World, and the "not specified" residuals. A partner
 * listed twice with the same values (every report lists Australia above
 * World as well) is kept once, in its place in the list; listed twice with
 * different values, it fails, as does a partner of `required` that is absent.
 *
 * @example
 * ```ts
 * const rows = await parseDotsWorkbookAllPartners(await Deno.readFile("DOTS_162_russian_federation.xlsx"), "DOTS_162.xlsx");
 * rows.find((r) => r.partner === "China, P.R.: Mainland" && r.flow === "imports" && r.year === 2019)?.value; // 54066.4 (rounded)
 * ```
 */
export async function parseDotsWorkbookAllPartners(
  bytes: Uint8Array,
  source: string,
  required: readonly string[] = [],
): Promise<DotsPartnerRow[]> {
  const workbook = await loadWorkbook(bytes, source);
  const rows: DotsPartnerRow[] = [];
  for (const sheet of dotsSheets(workbook, source)) {
    const lines = withoutRepeats(sheet.lines, sheet.where);
    const absent = required.filter((p) => !lines.some((l) => l.partner === p));
    if (absent.length > 0) {
      throw new FormatError(
        sheet.where,
        `partner row(s) not found: ${absent.join(", ")}; the IMF renamed or dropped them: check the workbook, ` +
          "then the partner lists in lib/workspace/data/resources/imf-dots.ts",
      );
    }
    const memorandum = lines.findIndex((l) => l.partner === "Memorandum Items" && l.indent === 0);
    lines.forEach((line, i) => {
      const deeper = (lines[i + 1]?.indent ?? -1) > line.indent;
      const kind: DotsPartnerKind = line.partner === "World"
        ? "world"
        : deeper || (memorandum !== -1 && i > memorandum)
        ? "group"
        : /not specified|^Special Categories$/.test(line.partner)
        ? "unspecified"
        : "economy";
      const parent = lines.slice(0, i).reverse().find((l) => l.indent < line.indent);
      for (const v of line.values) {
        rows.push({
          ...sheet.meaning,
          reporter: sheet.reporter,
          partner: line.partner,
          ...v,
          kind,
          group: parent?.partner ?? "",
        });
      }
    });
  }
  return rows;
}

interface DotsLine {
  partner: string;
  row: number;
  indent: number;
  values: { year: number; value: number; estimate: boolean }[];
}

interface DotsSheet {
  where: string;
  reporter: string;
  meaning: (typeof SHEETS)[keyof typeof SHEETS];
  lines: DotsLine[];
}

function dotsSheets(workbook: Workbook, source: string): DotsSheet[] {
  return Object.entries(SHEETS).map(([sheetName, meaning]) => {
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
    const { headerRow, columns: yearColumns } = findYearHeader(sheet, where);
    const lines: DotsLine[] = [];
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber <= headerRow) return;
      const partner = text(row.getCell(2).value)?.trim();
      if (!partner) return;
      const values = [];
      for (const { column, year } of yearColumns) {
        const parsed = cellNumber(
          row.getCell(column).value,
          `${where} ${cellAddress(sheetName, rowNumber, column)} (${partner}, ${year})`,
        );
        if (parsed !== null) values.push({ year, ...parsed });
      }
      lines.push({ partner, row: rowNumber, indent: row.getCell(2).alignment?.indent ?? 0, values });
    });
    return { where, reporter, meaning, lines };
  });
}

function withoutRepeats(lines: DotsLine[], where: string): DotsLine[] {
  const kept: DotsLine[] = [];
  for (const line of lines) {
    const later = lines.find((l) => l !== line && l.partner === line.partner && l.row > line.row);
    const earlier = lines.find((l) => l !== line && l.partner === line.partner && l.row < line.row);
    if (!later && !earlier) {
      kept.push(line);
      continue;
    }
    const other = later ?? earlier!;
    if (JSON.stringify(other.values) !== JSON.stringify(line.values)) {
      throw new FormatError(
        where,
        `partner "${line.partner}" is listed in rows ${line.row} and ${other.row} with different values; ` +
          "the IMF export changed: check which row is the partner",
      );
    }
    // Keep the repeat that sits in the IMF's list (the indented one), drop the stray copy.
    if (later ? line.indent > later.indent : line.indent >= earlier!.indent) kept.push(line);
  }
  return kept;
}

function findYearHeader(
  sheet: Worksheet,
  where: string,
): { headerRow: number; columns: { column: number; year: number }[] } {
  for (let r = 1; r <= 12; r++) {
    const columns: { column: number; year: number }[] = [];
    const others: { column: number; label: string }[] = [];
    sheet.getRow(r).eachCell((cell, column) => {
      const t = text(cell.value)?.trim();
      if (t && /^\d{4}$/.test(t)) columns.push({ column, year: Number(t) });
      else if (t && column > 2) others.push({ column, label: t });
    });
    if (columns.length < 2) continue;
    if (others.length > 0) {
      throw new FormatError(
        `${where} ${cellAddress(sheet.name, r, others[0].column)}`,
        `unexpected period label ${JSON.stringify(others[0].label)} among the years; expected a four-digit year: ` +
          "fix the cell or restore the IMF workbook (sha256 in PROVENANCE.md)",
      );
    }
    return { headerRow: r, columns };
  }
  throw new FormatError(where, "no header row of years in the first 12 rows");
}

function cellNumber(value: CellValue, where: string): { value: number; estimate: boolean } | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return { value, estimate: false };
  const t = text(value)?.trim() ?? "";
  const flagged = /^(-?\d+(?:\.\d+)?)\s*e$/.exec(t);
  if (flagged) return { value: Number(flagged[1]), estimate: true };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { value: Number(t), estimate: false };
  throw new FormatError(
    where,
    `expected a number, got ${JSON.stringify(t)}; fix the cell or restore the IMF workbook (sha256 in PROVENANCE.md)`,
  );
}

function text(value: CellValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "object" && "richText" in value) return value.richText.map((r) => r.text).join("");
  return String(value);
}
