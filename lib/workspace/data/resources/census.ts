/**
 * `census-goods-by-partner-monthly`: US goods exports and imports by partner
 * and month, 2013–2024, from the Census International Trade API.
 *
 * @module
 */

import { type CensusTradeRow, parseCensusConvertedCsv } from "../importers/census.ts";
import type { Row } from "../csv-out.ts";
import { CSV_FILE, type CuratedResource, number, optionalText, text, yearField } from "./types.ts";

const INPUT = "census_api_country_2013_2024/CONVERTED_census_api_monthly_by_country_2013_2024.csv";

/**
 * A curated row from a partner-month of Census data (the raw file and the
 * API give the same rows).
 *
 * @example
 * ```ts
 * censusRow({ ctyCode: "5800", ctyName: "KOREA, SOUTH", kind: "country", year: 2016, month: 1, exports: 1, imports: 2 });
 * ```
 */
export function censusRow(r: CensusTradeRow): Row {
  return {
    cty_code: r.ctyCode,
    cty_name: r.ctyName || null,
    kind: r.kind,
    year: r.year,
    month: r.month,
    exports: r.exports,
    imports: r.imports,
  };
}

/** The resource. */
export const censusGoodsByPartnerMonthly: CuratedResource = {
  inputs: [INPUT],
  importer: "lib/workspace/data/importers/census.ts",
  descriptor: {
    name: "census-goods-by-partner-monthly",
    path: "census-goods-by-partner-monthly.csv",
    title: "US goods trade by partner and month, 2013–2024 (Census basis)",
    description:
      "U.S. total exports (domestic + foreign, f.a.s.) and general imports (customs value) of goods by partner country, grouping and continent, monthly, not seasonally adjusted, in US dollars. Korea, South is code 5800. Values are those of the API vintage named in the sources (revised figures, which can differ by tens of millions of dollars from those first published, e.g. in 2017–2018). An empty value means the API returned no row for that flow, partner and month.",
    ...CSV_FILE,
    grade: "official",
    vintage: {
      date: "2025-10",
      basis: "retrieved",
      label: "Census International Trade API figures as retrieved (revised, not as first published)",
    },
    schema: {
      fields: [
        text("cty_code", "Census country code (- = total for all countries; 0xxx groupings; nXXX continents)", {
          constraints: { pattern: "-|0\\d{3}|\\dXXX|\\d{4}" },
        }),
        optionalText(
          "cty_name",
          "Partner name as Census prints it (empty where the file names no partner for the code)",
        ),
        text("kind", "total, group, region or country", {
          constraints: { enum: ["total", "group", "region", "country"] },
        }),
        yearField(),
        {
          name: "month",
          type: "integer",
          description: "Month, 1–12",
          constraints: { required: true, minimum: 1, maximum: 12 },
        },
        number("exports", "USD", "Total exports (ALL_VAL_MO), f.a.s., US dollars", { minimum: 0, maximum: 1e12 }),
        number("imports", "USD", "General imports (GEN_VAL_MO), customs value, US dollars", {
          minimum: 0,
          maximum: 1e12,
        }),
      ],
      primaryKey: ["cty_code", "year", "month"],
    },
    sources: [
      {
        title:
          "U.S. Census Bureau, International Trade API (intltrade/exports/hs ALL_VAL_MO; intltrade/imports/hs GEN_VAL_MO)",
        path: "https://api.census.gov/data/timeseries/intltrade/exports/hs",
        publisher: "U.S. Census Bureau",
        vintage: "API data as retrieved about October 2025",
      },
      {
        title:
          "Archived copy: GitHub Leakathr1n/US-Census-Trade-Analysis, 01 RDS/US Exports 2013-2024.rds and US Imports 2013-2024.rds",
        path: "https://github.com/Leakathr1n/US-Census-Trade-Analysis",
        vintage: "commit 44078db754f5c818ea42b8afb6cb12ab5afa9a8d",
      },
    ],
    licenses: [{ name: "public-domain", title: "U.S. Government work (public domain)" }],
  },
  async build(raw) {
    return parseCensusConvertedCsv(await raw.text(INPUT), INPUT).map(censusRow);
  },
};
