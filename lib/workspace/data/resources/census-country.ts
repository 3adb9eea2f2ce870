/**
 * `census-goods-by-country-annual` and `census-goods-by-country-monthly`: US
 * goods exports and imports with every country and grouping, 1985 to
 * January 2026, from the Census Bureau's workbook `country.xlsx`.
 *
 * @module
 */

import { type CensusCountryYear, parseCensusCountryWorkbook } from "../importers/census-country.ts";
import { classifyCensusCode } from "../importers/census.ts";
import type { Row } from "../csv-out.ts";
import { CSV_FILE, type CuratedResource, number, text, yearField } from "./types.ts";

const INPUT = "census_country_totals_1985_2025/country.xlsx";
/** World totals: not seasonally adjusted (0015) and seasonally adjusted (0004). */
const WORLD_CODES = new Set(["0015", "0004"]);

const VINTAGE = {
  date: "2026-03",
  basis: "release" as const,
  label: "Census workbook of US trade in goods by country, with months through January 2026",
};
const SOURCES = [{
  title: "U.S. Census Bureau, U.S. Trade in Goods by Country (country.xlsx)",
  path: "https://www.census.gov/foreign-trade/balance/country.xlsx",
  publisher: "U.S. Census Bureau",
  vintage: "months through January 2026 (file written 4 March 2026)",
}, {
  title: "Copy: GitHub iriswang-creator/US_Trade_Analytics_, country.xlsx (byte for byte)",
  path: "https://github.com/iriswang-creator/US_Trade_Analytics_",
  vintage: "commit 224dd77dd58dba8900036a17e5439ff88903a5c6",
}];
const LICENSES = [{ name: "public-domain", title: "U.S. Government work (public domain)" }];

const codeFields = [
  text("cty_code", "Census country code (Korea, South = 5800; 0015 = World; 00xx = groupings)", {
    constraints: { pattern: "\\d{4}" },
  }),
  text("cty_name", "Name as Census prints it"),
  text("kind", "total (world), group (EU, NAFTA/USMCA, Pacific Rim …), or country", {
    constraints: { enum: ["total", "group", "country"] },
  }),
];

function kindOf(code: string): string {
  return WORLD_CODES.has(code) ? "total" : classifyCensusCode(code);
}

let parsed: Promise<CensusCountryYear[]> | undefined;
let parsedFrom: Uint8Array | undefined;

/** Both resources read the same workbook: parse it once per import. */
function workbookYears(bytes: Uint8Array): Promise<CensusCountryYear[]> {
  if (!parsed || parsedFrom === undefined || !sameBytes(parsedFrom, bytes)) {
    parsedFrom = bytes;
    parsed = parseCensusCountryWorkbook(bytes, INPUT);
    parsed.catch(() => (parsed = undefined));
  }
  return parsed;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Annual totals of every code, complete years only. */
export const censusGoodsByCountryAnnual: CuratedResource = {
  inputs: [INPUT],
  importer: "lib/workspace/data/importers/census-country.ts",
  descriptor: {
    name: "census-goods-by-country-annual",
    path: "census-goods-by-country-annual.csv",
    title: "US goods trade by country, annual 1985–2025 (Census basis, country.xlsx)",
    description:
      "U.S. total exports (f.a.s.) and general imports (customs value) of goods with every country and Census grouping, by calendar year, in US$ millions (six decimals: whole dollars), as the Census Bureau's workbook gives them (its annual columns EYR and IYR). Korea, South is 5800; the world total is 0015. Complete years only (1985–2025); the months of 2026 released so far are in census-goods-by-country-monthly. 1985–1991 list about 84 countries, later years about 250. This is the Census basis (not BEA's balance-of-payments basis), on a later vintage than census-goods-by-partner-monthly (API, about October 2025) and than the figures first published, which documents of 2016–2018 quoted (2011, the year KORUS was signed, is here as revised since).",
    ...CSV_FILE,
    grade: "official",
    vintage: VINTAGE,
    schema: {
      fields: [
        ...codeFields,
        yearField(),
        number("exports", "USD millions", "Total exports (domestic + foreign), f.a.s.", { required: true, minimum: 0 }),
        number("imports", "USD millions", "General imports, customs value", { required: true, minimum: 0 }),
      ],
      primaryKey: ["cty_code", "year"],
    },
    sources: SOURCES,
    licenses: LICENSES,
  },
  async build(raw) {
    const rows: Row[] = [];
    for (const y of await workbookYears(await raw.bytes(INPUT))) {
      if (y.months < 12 || y.ctyCode === "0004") continue; // 0004's year equals 0015's; its months are adjusted
      rows.push({
        cty_code: y.ctyCode,
        cty_name: y.ctyName,
        kind: kindOf(y.ctyCode),
        year: y.year,
        exports: y.exportsYear,
        imports: y.importsYear,
      });
    }
    return rows;
  },
};

/** Months of every code, 1985-01 to the latest released month. */
export const censusGoodsByCountryMonthly: CuratedResource = {
  inputs: [INPUT],
  importer: "lib/workspace/data/importers/census-country.ts",
  descriptor: {
    name: "census-goods-by-country-monthly",
    path: "census-goods-by-country-monthly.csv",
    title: "US goods trade by country and month, January 1985 – January 2026 (Census basis, country.xlsx)",
    description:
      "U.S. total exports (f.a.s.) and general imports (customs value) of goods with every country and Census grouping, by month, in US$ millions (six decimals: whole dollars), not seasonally adjusted except code 0004 (World, seasonally adjusted). Korea, South is 5800; the world total is 0015. Months not yet released when the file was written (February–December 2026) are left out, not zero. The same table as census-goods-by-partner-monthly for 2013–2024 on a later vintage (March 2026 against about October 2025): the two differ where Census revised a month.",
    ...CSV_FILE,
    grade: "official",
    vintage: VINTAGE,
    schema: {
      fields: [
        ...codeFields,
        yearField(),
        {
          name: "month",
          type: "integer",
          description: "Calendar month",
          constraints: { required: true, minimum: 1, maximum: 12 },
        },
        number("exports", "USD millions", "Total exports (domestic + foreign), f.a.s.", { required: true, minimum: 0 }),
        number("imports", "USD millions", "General imports, customs value", { required: true, minimum: 0 }),
      ],
      primaryKey: ["cty_code", "year", "month"],
    },
    sources: SOURCES,
    licenses: LICENSES,
  },
  async build(raw) {
    const rows: Row[] = [];
    for (const y of await workbookYears(await raw.bytes(INPUT))) {
      for (let m = 0; m < y.months; m++) {
        rows.push({
          cty_code: y.ctyCode,
          cty_name: y.ctyName,
          kind: kindOf(y.ctyCode),
          year: y.year,
          month: m + 1,
          exports: y.exports[m],
          imports: y.imports[m],
        });
      }
    }
    return rows;
  },
};
