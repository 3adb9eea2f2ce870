/**
 * BEA's workbook "U.S. International Trade by Selected Countries and Areas"
 * (`trad-geo-time-series-MMYY.xlsx`, a companion of the monthly FT-900
 * release). Nine sheets, `Table 1` … `Table 9`: exports, imports and balance
 * of goods and services, of goods (balance-of-payments basis) and of
 * services. In each sheet row 6 names the partners (23 countries, "All other
 * countries", then areas), column A the periods: an "Annual" block of years,
 * then a "Quarterly" block of seasonally adjusted quarters labelled
 * `2018 1` (before 2013 with a trailing space; `(R)` marks revised ones).
 * Cells are millions of dollars, `n.a.` where BEA has no figure, `(*)` for
 * less than $500,000 either way. Notes follow the data after an empty row.
 *
 * @module
 */

import { MONTH_NAMES } from "../../../analysis/claims/vintage.ts";
import { FormatError } from "../errors.ts";
import { cellAddress, cellText, loadWorkbook, type Worksheet, worksheet } from "./xlsx.ts";

/** What a table measures. */
export interface BeaTable {
  account: "goods and services" | "goods" | "services";
  flow: "exports" | "imports" | "balance";
  /** The measure as row 3 of the sheet prints it. */
  title: string;
}

/**
 * The nine tables, by sheet name.
 *
 * @example
 * ```ts
 * BEA_COUNTRY_TABLES["Table 7"]; // { account: "services", flow: "exports", title: "Exports of Services" }
 * ```
 */
export const BEA_COUNTRY_TABLES: Record<string, BeaTable> = {
  "Table 1": { account: "goods and services", flow: "exports", title: "Exports of Goods and Services" },
  "Table 2": { account: "goods and services", flow: "imports", title: "Imports of Goods and Services" },
  "Table 3": { account: "goods and services", flow: "balance", title: "Balance on Goods and Services" },
  "Table 4": { account: "goods", flow: "exports", title: "Exports of Goods" },
  "Table 5": { account: "goods", flow: "imports", title: "Imports of Goods" },
  "Table 6": { account: "goods", flow: "balance", title: "Balance on Goods" },
  "Table 7": { account: "services", flow: "exports", title: "Exports of Services" },
  "Table 8": { account: "services", flow: "imports", title: "Imports of Services" },
  "Table 9": { account: "services", flow: "balance", title: "Balance on Services" },
};

/** A partner column: one of the listed countries, the rest of the world, or an area (which overlaps countries). */
export type BeaPartnerKind = "country" | "other countries" | "area";

/** One cell of one table. */
export interface BeaCountryValue extends BeaTable {
  partner: string;
  partnerKind: BeaPartnerKind;
  /** `A` for a calendar year, `QSA` for a seasonally adjusted quarter. */
  frequency: "A" | "QSA";
  /** `2018` or `2018Q2`. */
  period: string;
  year: number;
  /** Millions of US dollars; null where BEA prints `n.a.`. */
  value: number | null;
  /** BEA marks the period `(R)`, revised in this release. */
  revised: boolean;
}

/** The workbook's values and its release date. */
export interface BeaCountryWorkbook {
  /** ISO date of "Last updated …" in the sheets, e.g. `2025-03-06`. */
  lastUpdated: string;
  values: BeaCountryValue[];
}

const UNIT = "[Millions of dollars, quarters seasonally adjusted]";

/**
 * Reads the nine tables. Fails, naming the sheet and cell, when a table's
 * measure or unit is not the expected one, a partner of `required` (or of
 * Table 1) is missing, a period label is neither a year nor a quarter, or a
 * cell is neither a number, `n.a.` nor `(*)`.
 *
 * @example
 * ```ts
 * const { lastUpdated, values } = await parseBeaCountryWorkbook(bytes, "trad-geo-time-series-0125.xlsx", ["Korea, South"]);
 * values.find((v) => v.partner === "Korea, South" && v.account === "services" && v.flow === "exports" && v.period === "2018Q1")?.value; // 6261
 * ```
 */
export async function parseBeaCountryWorkbook(
  bytes: Uint8Array,
  source: string,
  required: readonly string[],
): Promise<BeaCountryWorkbook> {
  const workbook = await loadWorkbook(bytes, source);
  const values: BeaCountryValue[] = [];
  let lastUpdated: string | undefined;
  let partnersOfFirst: string[] | undefined;
  for (const [sheetName, table] of Object.entries(BEA_COUNTRY_TABLES)) {
    const sheet = worksheet(workbook, sheetName, source);
    const where = (row: number, column: number) => `${source} [${cellAddress(sheetName, row, column)}]`;
    const updated = releaseDate(sheet, where(1, 1));
    if (lastUpdated !== undefined && updated !== lastUpdated) {
      throw new FormatError(where(1, 1), `says last updated ${updated}, Table 1 says ${lastUpdated}; mixed releases`);
    }
    lastUpdated = updated;
    expectText(sheet, 3, table.title, where(3, 1));
    expectText(sheet, 4, UNIT, where(4, 1));
    const { headerRow, partners } = partnerColumns(sheet, sheetName, source);
    const names = partners.map((p) => p.name);
    const missing = [...required, ...(partnersOfFirst ?? [])].filter((p) => !names.includes(p));
    if (missing.length > 0) {
      throw new FormatError(
        where(headerRow, 1),
        `no column for ${[...new Set(missing)].join(", ")} (partners present: ${names.join(", ")}); ` +
          "BEA renamed or dropped a partner: check the workbook, then the partner list of the resource",
      );
    }
    partnersOfFirst ??= names;
    for (const period of periodRows(sheet, headerRow, sheetName, source)) {
      for (const partner of partners) {
        const value = cellValue(
          sheet.getRow(period.row).getCell(partner.column).value,
          where(period.row, partner.column),
        );
        values.push({
          ...table,
          partner: partner.name,
          partnerKind: partner.kind,
          frequency: period.frequency,
          period: period.period,
          year: period.year,
          value,
          revised: period.revised,
        });
      }
    }
  }
  return { lastUpdated: lastUpdated!, values };
}

function releaseDate(sheet: Worksheet, where: string): string {
  const text = cellText(sheet.getRow(1).getCell(1).value)?.trim() ?? "";
  const m = /^Last updated (\w+) (\d{1,2}), (\d{4})$/.exec(text);
  const month = m ? MONTH_NAMES.indexOf(m[1]) + 1 : 0;
  if (!m || month === 0) {
    throw new FormatError(where, `expected "Last updated <Month> <day>, <year>", got ${JSON.stringify(text)}`);
  }
  return `${m[3]}-${String(month).padStart(2, "0")}-${m[2].padStart(2, "0")}`;
}

function expectText(sheet: Worksheet, row: number, expected: string, where: string): void {
  const text = cellText(sheet.getRow(row).getCell(1).value)?.trim();
  if (text !== expected) {
    throw new FormatError(where, `expected ${JSON.stringify(expected)}, got ${JSON.stringify(text ?? "")}`);
  }
}

function partnerColumns(
  sheet: Worksheet,
  sheetName: string,
  source: string,
): { headerRow: number; partners: { name: string; column: number; kind: BeaPartnerKind }[] } {
  for (let r = 1; r <= 12; r++) {
    const row = sheet.getRow(r);
    if (cellText(row.getCell(1).value)?.trim() !== "Period") continue;
    const partners: { name: string; column: number; kind: BeaPartnerKind }[] = [];
    let kind: BeaPartnerKind = "country";
    row.eachCell((cell, column) => {
      if (column === 1) return;
      const name = cellText(cell.value)?.replace(/\s+/g, " ").replace(/\/ /g, "/").trim();
      if (!name) return;
      if (name === "All other countries") kind = "other countries";
      else if (kind === "other countries") kind = "area";
      partners.push({ name, column, kind: name === "All other countries" ? "other countries" : kind });
    });
    return { headerRow: r, partners };
  }
  throw new FormatError(`${source} [${sheetName}]`, 'no header row with "Period" in A1:A12');
}

interface PeriodRow {
  row: number;
  frequency: "A" | "QSA";
  period: string;
  year: number;
  revised: boolean;
}

function periodRows(sheet: Worksheet, headerRow: number, sheetName: string, source: string): PeriodRow[] {
  const periods: PeriodRow[] = [];
  const seen = new Set<string>();
  let block: "A" | "QSA" | undefined;
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const where = `${source} [${cellAddress(sheetName, r, 1)}]`;
    const label = cellText(sheet.getRow(r).getCell(1).value)?.trim() ?? "";
    if (label === "") {
      if (block === "QSA") {
        assertNoPeriodsBelow(sheet, r, sheetName, source); // the notes follow the quarters after an empty row
        break;
      }
      continue;
    }
    if (label === "Annual" || label === "Quarterly") {
      block = label === "Annual" ? "A" : "QSA";
      continue;
    }
    const m = block === "A" ? /^(\d{4})( \(R\))?$/.exec(label) : /^(\d{4}) ([1-4])( \(R\))?$/.exec(label);
    if (!block || !m) {
      throw new FormatError(
        where,
        `unexpected period label ${JSON.stringify(label)}${
          block ? ` in the ${block === "A" ? "Annual" : "Quarterly"} block` : ""
        }: ` +
          'expected a year ("2018") under "Annual" or a year and quarter 1–4 ("2018 1", "2024 1 (R)") under "Quarterly"; ' +
          "fix the label or restore BEA's file (sha256 in PROVENANCE.md)",
      );
    }
    const period = block === "A" ? m[1] : `${m[1]}Q${m[2]}`;
    if (seen.has(period)) throw new FormatError(where, `period ${period} appears twice`);
    seen.add(period);
    periods.push({
      row: r,
      frequency: block,
      period,
      year: Number(m[1]),
      revised: Boolean(block === "A" ? m[2] : m[3]),
    });
  }
  if (!periods.some((p) => p.frequency === "A") || !periods.some((p) => p.frequency === "QSA")) {
    throw new FormatError(`${source} [${sheetName}]`, 'expected an "Annual" and a "Quarterly" block of periods');
  }
  return periods;
}

function assertNoPeriodsBelow(sheet: Worksheet, emptyRow: number, sheetName: string, source: string): void {
  for (let r = emptyRow + 1; r <= sheet.rowCount; r++) {
    const label = cellText(sheet.getRow(r).getCell(1).value)?.trim() ?? "";
    if (/^\d{4}( [1-4])?( \(R\))?$/.test(label)) {
      throw new FormatError(
        `${source} [${cellAddress(sheetName, r, 1)}]`,
        `period ${JSON.stringify(label)} below the empty row ${emptyRow} that ends the table; remove the empty row`,
      );
    }
  }
}

function cellValue(value: unknown, where: string): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const text = cellText(value as never)?.trim() ?? "";
  if (text === "n.a.") return null;
  if (text === "(*)") return 0;
  throw new FormatError(
    where,
    `expected a number of millions of dollars, "n.a." or "(*)", got ${JSON.stringify(text)}; ` +
      "restore BEA's file (sha256 in PROVENANCE.md) or fix the cell",
  );
}
