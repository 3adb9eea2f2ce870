/**
 * WTO Timeseries API CSV, indicator HS_M_0010 (bilateral imports by HS
 * chapter). For reporter 410 these are Korea's own customs import figures.
 *
 * @module
 */

import { parseCsvRows } from "../../../analysis/catalog/csv.ts";
import { FormatError } from "../errors.ts";
import { columnIndexes } from "./census.ts";

/** One reporter–partner–chapter–year import value. */
export interface WtoImportRow {
  reporterCode: string;
  partnerCode: string;
  partnerName: string;
  year: number;
  hsChapter: string;
  /** US dollars. */
  value: number;
}

/**
 * Parses a WTO HS_M_0010 CSV; rows of other indicators or units fail.
 *
 * @example
 * ```ts
 * const rows = parseWtoImportsCsv(await Deno.readTextFile("wto.csv"), "wto.csv");
 * ```
 */
export function parseWtoImportsCsv(text: string, source: string): WtoImportRow[] {
  const csv = parseCsvRows(text, source);
  if (csv.problems.length > 0) {
    throw new FormatError(
      source,
      csv.problems.map((p) => `line ${p.line}: ${p.reason}`).join("; "),
    );
  }
  const required = [
    "IndicatorCode",
    "ReportingEconomyCode",
    "PartnerEconomyCode",
    "PartnerEconomy",
    "ProductOrSectorClassificationCode",
    "ProductOrSectorCode",
    "UnitCode",
    "Value",
    "Year",
  ];
  const i = columnIndexes(csv.header, required, source);
  return csv.rows.map((row, n) => {
    const where = `${source}:${csv.lines[n]}`;
    if (row[i.IndicatorCode] !== "HS_M_0010") {
      throw new FormatError(where, `indicator ${row[i.IndicatorCode]}, expected HS_M_0010`);
    }
    if (row[i.UnitCode] !== "USD") throw new FormatError(where, `unit ${row[i.UnitCode]}, expected USD`);
    if (row[i.ProductOrSectorClassificationCode] !== "HS") throw new FormatError(where, "classification is not HS");
    const value = Number(row[i.Value]);
    if (!/^\d+(\.\d+)?$/.test(row[i.Value]) || value < 0) {
      throw new FormatError(where, `Value: expected a non-negative number, got ${JSON.stringify(row[i.Value])}`);
    }
    if (!/^\d{4}$/.test(row[i.Year])) {
      throw new FormatError(where, `Year: expected a year, got ${JSON.stringify(row[i.Year])}`);
    }
    if (!/^\d{2}$/.test(row[i.ProductOrSectorCode])) {
      throw new FormatError(where, `ProductOrSectorCode: expected an HS chapter, got ${row[i.ProductOrSectorCode]}`);
    }
    return {
      reporterCode: row[i.ReportingEconomyCode],
      partnerCode: row[i.PartnerEconomyCode],
      partnerName: row[i.PartnerEconomy],
      year: Number(row[i.Year]),
      hsChapter: row[i.ProductOrSectorCode],
      value,
    };
  });
}
