/**
 * The Census Bureau's workbook "U.S. Trade in Goods by Country"
 * (`country.xlsx`): sheet `country`, one row per year and country code,
 * columns `year, CTY_CODE, CTYNAME, IJAN … IDEC, IYR, EJAN … EDEC, EYR`
 * (general imports and total exports, millions of dollars). The latest
 * year holds zeros for the months not released yet; the world total
 * (code 0015) tells which months those are.
 *
 * @module
 */

import { FormatError } from "../errors.ts";
import { cellAddress, cellText, loadWorkbook, worksheet } from "./xlsx.ts";

/** One code and year: twelve months and the year of each flow (US$ millions). */
export interface CensusCountryYear {
  year: number;
  ctyCode: string;
  ctyName: string;
  /** Imports by month, January first; null for a month not yet released. */
  imports: (number | null)[];
  exports: (number | null)[];
  /** The workbook's annual columns IYR and EYR. */
  importsYear: number;
  exportsYear: number;
  /** How many months of the year are released (12 for a complete year). */
  months: number;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const COLUMNS = [
  "year",
  "CTY_CODE",
  "CTYNAME",
  ...MONTHS.map((m) => `I${m}`),
  "IYR",
  ...MONTHS.map((m) => `E${m}`),
  "EYR",
];

/** The world total, not seasonally adjusted: its zeros mark the months not yet released. */
export const CENSUS_WORLD_CODE = "0015";

/**
 * Reads the workbook. Fails, naming the cell, on a missing or renamed
 * column, a year or code that is not one, a text or negative number, a
 * code listed twice for a year, or a value in a month the world total has
 * not reached.
 *
 * @example
 * ```ts
 * const years = await parseCensusCountryWorkbook(await Deno.readFile("country.xlsx"), "country.xlsx");
 * years.find((y) => y.ctyCode === "5800" && y.year === 2011)?.importsYear; // 56661.359461
 * ```
 */
export async function parseCensusCountryWorkbook(bytes: Uint8Array, source: string): Promise<CensusCountryYear[]> {
  const workbook = await loadWorkbook(bytes, source);
  const sheet = worksheet(workbook, "country", source);
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map((v) => cellText(v as never)?.trim() ?? "");
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new FormatError(
      `${source} [${cellAddress("country", 1, 1)}]`,
      `missing column(s) ${missing.join(", ")} (columns: ${header.join(", ")}); the Census layout changed: ` +
        "check the file against its PROVENANCE.md, then lib/workspace/data/importers/census-country.ts",
    );
  }
  const col = (name: string) => header.indexOf(name) + 1;
  const years: CensusCountryYear[] = [];
  const seen = new Map<string, number>();
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.hasValues) continue;
    const at = (name: string) => `${source} [${cellAddress("country", r, col(name))}]`;
    const yearText = cellText(row.getCell(col("year")).value)?.trim() ?? "";
    if (!/^(19|20)\d\d$/.test(yearText)) {
      throw new FormatError(
        at("year"),
        `expected a year like 2011, got ${JSON.stringify(yearText)}; fix the cell or restore the Census file`,
      );
    }
    const code = cellText(row.getCell(col("CTY_CODE")).value)?.trim() ?? "";
    if (!/^\d{4}$/.test(code)) {
      throw new FormatError(
        at("CTY_CODE"),
        `expected a four-digit country code, got ${JSON.stringify(code)}; fix the cell or restore the Census file`,
      );
    }
    const key = `${yearText}|${code}`;
    if (seen.has(key)) {
      throw new FormatError(
        at("CTY_CODE"),
        `code ${code} listed twice for ${yearText} (first in row ${seen.get(key)})`,
      );
    }
    seen.set(key, r);
    const value = (name: string) => millions(row.getCell(col(name)).value, at(name));
    years.push({
      year: Number(yearText),
      ctyCode: code,
      ctyName: cellText(row.getCell(col("CTYNAME")).value)?.trim() ?? "",
      imports: MONTHS.map((m) => value(`I${m}`)),
      exports: MONTHS.map((m) => value(`E${m}`)),
      importsYear: value("IYR"),
      exportsYear: value("EYR"),
      months: 12,
    });
  }
  return markUnreleasedMonths(years, source);
}

/** Months after the world total's last non-zero month of the latest year are not released yet: null, not 0. */
function markUnreleasedMonths(years: CensusCountryYear[], source: string): CensusCountryYear[] {
  const latest = Math.max(...years.map((y) => y.year));
  const world = years.find((y) => y.year === latest && y.ctyCode === CENSUS_WORLD_CODE);
  if (!world) throw new FormatError(source, `no world total (code ${CENSUS_WORLD_CODE}) for ${latest}`);
  let released = 12;
  while (released > 0 && world.imports[released - 1] === 0 && world.exports[released - 1] === 0) released--;
  for (const y of years) {
    if (y.year !== latest) continue;
    for (let m = released; m < 12; m++) {
      if (y.imports[m] !== 0 || y.exports[m] !== 0) {
        throw new FormatError(
          source,
          `code ${y.ctyCode} has a value for ${MONTHS[m]} ${latest}, a month the world total has not reached`,
        );
      }
      y.imports[m] = null;
      y.exports[m] = null;
    }
    y.months = released;
  }
  return years;
}

function millions(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isFinite(value)) {
    if (value < 0) throw new FormatError(where, `negative trade value ${value}`);
    return value;
  }
  throw new FormatError(
    where,
    `expected millions of dollars, got ${JSON.stringify(cellText(value as never) ?? "")}; ` +
      "restore the Census file (sha256 in PROVENANCE.md) or fix the cell",
  );
}
