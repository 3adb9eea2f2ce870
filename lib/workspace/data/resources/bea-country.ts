/**
 * `bea-trade-by-country`: US exports, imports and balance of goods and
 * services, goods (balance-of-payments basis) and services with 23 countries
 * and four aggregates, annual 1999–2024 and seasonally adjusted quarters,
 * from BEA's workbook of the March 2025 release.
 *
 * @module
 */

import { type BeaCountryValue, parseBeaCountryWorkbook } from "../importers/bea-country.ts";
import type { Row } from "../csv-out.ts";
import { FormatError } from "../errors.ts";
import { CSV_FILE, type CuratedResource, flag, number, text, yearField } from "./types.ts";

const INPUT = "bea_trade_by_country_vintage_2025_03/trad-geo-time-series-0125.xlsx";
const RELEASE = "2025-03-06";

/** Partners a claim names: the import fails if BEA drops one of these columns. */
const REQUIRED_PARTNERS = ["Korea, South", "France", "Italy", "Japan", "Mexico", "India", "China", "Germany"];

/** The resource. */
export const beaTradeByCountry: CuratedResource = {
  inputs: [INPUT],
  importer: "lib/workspace/data/importers/bea-country.ts",
  descriptor: {
    name: "bea-trade-by-country",
    path: "bea-trade-by-country.csv",
    title:
      "US trade in goods and services with 23 countries and 4 areas, annual 1999–2024 and quarterly (BEA, March 2025)",
    description:
      "U.S. exports, imports and balance with selected countries and areas, in US$ millions, for three accounts: goods and services, goods (balance-of-payments basis, not the Census basis) and services; BEA's FT-900 companion tables (Tables 1–9). Frequency A is the calendar year; QSA a quarter, seasonally adjusted, at quarterly rates (first-half figures are sums of two quarters). The balance is BEA's own column, not exports minus imports recomputed (they can differ by 1 from rounding). An empty value is BEA's n.a.: services (and so goods and services) by quarter start in 2013 Q1 for Ireland, Israel, Malaysia, Switzerland and Vietnam, by year in 2006 for Ireland and Vietnam; CAFTA-DR has goods only; BEA's (*) (less than $500,000 either way) is 0. partner_kind: `country` for the 23 listed countries, `other countries` for the rest of the world, `area` for CAFTA-DR, the European Union and South/Central America (areas overlap countries). It is not every partner: a rank computed from it is a rank among the 23 listed countries. These are the figures as revised up to March 2025, not those first published: a revision can change the size and even the direction of a change a document reported from the first release.",
    ...CSV_FILE,
    grade: "official",
    vintage: {
      date: RELEASE,
      basis: "release",
      label: "BEA's tables of US trade by country and area, revised through 2024",
    },
    schema: {
      fields: [
        text("account", "goods and services, goods (BOP basis) or services", {
          constraints: { enum: ["goods and services", "goods", "services"] },
        }),
        text("partner", "Partner as BEA names it (Korea is `Korea, South`)"),
        text("partner_kind", "country, other countries (rest of the world) or area (overlaps countries)", {
          constraints: { enum: ["country", "other countries", "area"] },
        }),
        text("frequency", "A = annual; QSA = quarterly, seasonally adjusted", {
          constraints: { enum: ["A", "QSA"] },
        }),
        text("period", "Year (2018) or quarter (2018Q2)", { constraints: { pattern: "\\d{4}(Q[1-4])?" } }),
        yearField(),
        number("exports", "USD millions", "US exports to the partner", { minimum: 0 }),
        number("imports", "USD millions", "US imports from the partner", { minimum: 0 }),
        number("balance", "USD millions", "US balance with the partner as BEA prints it (negative = US deficit)"),
        flag("revised", "BEA marks the period (R), revised in this release"),
      ],
      primaryKey: ["account", "partner", "period"],
    },
    sources: [{
      title:
        "U.S. Bureau of Economic Analysis, U.S. International Trade in Goods and Services (FT-900), U.S. International Trade by Selected Countries and Areas, Tables 1–9 (trad-geo-time-series-0125.xlsx)",
      path: "https://www.bea.gov/data/intl-trade-investment/international-trade-goods-and-services",
      publisher: "U.S. Bureau of Economic Analysis",
      vintage: "last updated 6 March 2025 (the release with January 2025 data)",
    }, {
      title: "Copy: GitHub vmijat/us_world_trade, data_raw/us_trading_per_country.xlsx (byte for byte)",
      path: "https://github.com/vmijat/us_world_trade",
      vintage: "commit 95683e24b69a013d6b90074fb62878172c10acbb",
    }],
    licenses: [{ name: "public-domain", title: "U.S. Government work (public domain)" }],
  },
  async build(raw) {
    const { lastUpdated, values } = await parseBeaCountryWorkbook(await raw.bytes(INPUT), INPUT, REQUIRED_PARTNERS);
    if (lastUpdated !== RELEASE) {
      throw new FormatError(
        INPUT,
        `the workbook was last updated ${lastUpdated}, but the resource describes the release of ${RELEASE}; ` +
          "update the vintage and description in lib/workspace/data/resources/bea-country.ts",
      );
    }
    return widen(values);
  },
};

/** One row per account, partner and period, with the three flows side by side. */
function widen(values: BeaCountryValue[]): Row[] {
  const rows = new Map<string, Row>();
  for (const v of values) {
    const key = `${v.account}|${v.partner}|${v.period}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        account: v.account,
        partner: v.partner,
        partner_kind: v.partnerKind,
        frequency: v.frequency,
        period: v.period,
        year: v.year,
        exports: null,
        imports: null,
        balance: null,
        revised: false,
      };
      rows.set(key, row);
    }
    row[v.flow] = v.value;
    row.revised = (row.revised as boolean) || v.revised;
  }
  return [...rows.values()].filter((r) => r.exports !== null || r.imports !== null || r.balance !== null);
}
