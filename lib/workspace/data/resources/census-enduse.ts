/**
 * `census-enduse-imports` and `census-enduse-exports`: US imports
 * (2016–2025, the agency's workbook) and exports (2013–2022, a third party's
 * CSV copy) by 5-digit end-use category, for automotive products (end-use 3)
 * and fuels (group 10 in the import workbook, 11 in the export table), with Korea, the partners the documents
 * compare it with, and the world.
 *
 * @module
 */

import { type EndUseRow, parseEndUseCsv, parseEndUseWorkbook } from "../importers/census-enduse.ts";
import type { Row } from "../csv-out.ts";
import { FormatError } from "../errors.ts";
import { decodeUtf8 } from "../importers/encoding.ts";
import { CSV_FILE, type CuratedResource, number, text, yearField } from "./types.ts";

const FOLDER = "census_enduse_by_country";
const IMPORTS = `${FOLDER}/enduse_imports.xlsx`;
const EXPORTS = `${FOLDER}/enduse_exports.csv`;

/**
 * Partners kept: the world, Korea, and the partners the documents compare Korea with.
 *
 * @example
 * ```ts
 * ENDUSE_PARTNERS["5800"]; // "Korea, South"
 * ```
 */
export const ENDUSE_PARTNERS: Record<string, string> = {
  "0000": "World Total",
  "5800": "Korea, South",
  "5700": "China",
  "4279": "France",
  "5330": "India",
  "4759": "Italy",
  "5880": "Japan",
  "2010": "Mexico",
  "4621": "Russia",
};

/**
 * How a table numbers the end-use categories kept. Census renumbered its fuels:
 * the export table copied in 2023 has them in group 11 (11010 metallurgical
 * coal … 11100 crude oil … 11400 electric energy), the import workbook of 2026
 * in group 10 (10000 crude oil … 10400 electric energy), where 11xxx is now
 * pulp and paper. Automotive products are end-use 3 (30000–30230) in both.
 */
export interface EndUseScheme {
  /** Fuels codes in this table. */
  fuels: RegExp;
  /** The code this table gives crude oil: a check that the scheme is the table's. */
  crudeOil: string;
  /** The fuels codes in words, for the resource's description. */
  fuelsText: string;
}

/** The export table's codes (fuels in group 11). */
export const EXPORT_SCHEME: EndUseScheme = {
  fuels: /^11[0-4]\d{2}$/,
  crudeOil: "11100",
  fuelsText:
    "fuels, end-use group 11 in this table (11010 metallurgical coal; 11020 other coal and fuels; 11100 crude oil; 11110 fuel oil; 11120 other petroleum products; 11130 natural gas liquids; 11200 natural gas; 11300 nuclear fuel materials; 11400 electric energy)",
};

/** The import workbook's codes (fuels in group 10). */
export const IMPORT_SCHEME: EndUseScheme = {
  fuels: /^10[0-4]\d{2}$/,
  crudeOil: "10000",
  fuelsText:
    "fuels, end-use group 10 in this workbook (10000 crude oil; 10010 fuel oil; 10020 other petroleum products; 10030 liquefied petroleum gases; 10100 coal and related fuels; 10110 natural gas; 10300 nuclear fuel materials; 10400 electric energy)",
};

/**
 * The group of a kept end-use code under a table's scheme: automotive
 * (end-use 3) or fuels; undefined for a category not kept.
 *
 * @example
 * ```ts
 * endUseGroup("11100", EXPORT_SCHEME); // "fuels"
 * endUseGroup("11100", IMPORT_SCHEME); // undefined (newsprint in the import workbook)
 * endUseGroup("30000", IMPORT_SCHEME); // "automotive"
 * ```
 */
export function endUseGroup(code: string, scheme: EndUseScheme): "automotive" | "fuels" | undefined {
  if (/^3\d{4}$/.test(code)) return "automotive";
  if (scheme.fuels.test(code)) return "fuels";
  return undefined;
}

/**
 * The kept rows of an end-use table. Fails when a kept partner has no row at
 * all, or is printed under another name (the code was reassigned).
 *
 * @example
 * ```ts
 * keepEndUseRows(rows, "enduse_imports.xlsx", IMPORT_SCHEME).every((r) => /^(3|10)/.test(String(r.end_use))); // true
 * ```
 */
export function keepEndUseRows(rows: EndUseRow[], source: string, scheme: EndUseScheme): Row[] {
  const crude = rows.find((r) => r.endUse === scheme.crudeOil);
  if (!crude || !/crude oil/i.test(crude.commDesc)) {
    throw new FormatError(
      source,
      `end-use ${scheme.crudeOil} is ${
        crude ? `"${crude.commDesc}"` : "absent"
      }, not crude oil: Census has renumbered its categories; update the scheme in lib/workspace/data/resources/census-enduse.ts`,
    );
  }
  const kept: Row[] = [];
  const found = new Set<string>();
  for (const r of rows) {
    const expected = ENDUSE_PARTNERS[r.ctyCode];
    if (expected === undefined) continue;
    if (r.ctyDesc !== expected) {
      throw new FormatError(source, `country code ${r.ctyCode} is "${r.ctyDesc}", expected "${expected}"`);
    }
    found.add(r.ctyCode);
    const group = endUseGroup(r.endUse, scheme);
    if (!group) continue;
    kept.push({
      cty_code: r.ctyCode,
      cty_name: r.ctyDesc,
      end_use: r.endUse,
      category: r.commDesc,
      end_use_group: group,
      year: r.year,
      value: r.value,
    });
  }
  const absent = Object.keys(ENDUSE_PARTNERS).filter((c) => !found.has(c));
  if (absent.length > 0) {
    throw new FormatError(
      source,
      `no rows for partner(s) ${absent.map((c) => `${c} ${ENDUSE_PARTNERS[c]}`).join(", ")}; ` +
        "check the file, then ENDUSE_PARTNERS in lib/workspace/data/resources/census-enduse.ts",
    );
  }
  return kept;
}

function filterText(scheme: EndUseScheme): string {
  return `Kept: end-use 3, automotive vehicles, parts and engines (30000 passenger cars, new and used; 30100 trucks, buses and special purpose vehicles; 30110 bodies and chassis for trucks and buses; 30200 engines and engine parts; 30210 bodies and chassis for passenger cars; 30220 tires and tubes; 30230 other parts and accessories) and ${scheme.fuelsText}, for the World Total (0000), Korea, South (5800), China (5700), France (4279), India (5330), Italy (4759), Japan (5880), Mexico (2010) and Russia (4621). Census numbers fuels differently in its import workbook (group 10) and in the older export table (group 11). What a document's "autos sector" or "oil and gas" covers is a question of definition: end-use 3 or passenger cars only; crude oil, natural gas liquids and natural gas, with or without petroleum products. Codes are text (leading zeros kept).`;
}

function fields(flow: string) {
  return [
    text("cty_code", "Census country code (0000 = World Total, 5800 = Korea, South)", {
      constraints: { pattern: "\\d{4}" },
    }),
    text("cty_name", "Partner as Census prints it"),
    text("end_use", "Five-digit end-use category", { constraints: { pattern: "\\d{5}" } }),
    text("category", "End-use category as Census words it"),
    text("end_use_group", "automotive (end-use 3) or fuels (group 10 in the import workbook, 11 in the export table)", {
      constraints: { enum: ["automotive", "fuels"] },
    }),
    yearField(),
    number("value", "USD", flow, { required: true, minimum: 0 }),
  ];
}

const LICENSES = [{ name: "public-domain", title: "U.S. Government work (public domain)" }];

/** US general imports by end-use category (the agency's workbook). */
export const censusEnduseImports: CuratedResource = {
  inputs: [IMPORTS],
  importer: "lib/workspace/data/importers/census-enduse.ts",
  descriptor: {
    name: "census-enduse-imports",
    path: "census-enduse-imports.csv",
    title: "US imports of automotive products and fuels by country, 2016–2025 (Census, 5-digit end-use)",
    description:
      `U.S. general imports (customs value, Census basis) by 5-digit end-use category and partner, annual, in US dollars, from the Census Bureau's workbook "U.S. Imports by 5-digit End-Use Category and Country". ${
        filterText(IMPORT_SCHEME)
      } Annual only: no months, and no year before 2016 (so nothing for 2011).`,
    ...CSV_FILE,
    grade: "official",
    vintage: {
      date: "2026-02",
      basis: "release",
      label: "Census workbook of US imports by end-use category and country, with 2025 annual figures",
    },
    schema: { fields: fields("General imports, US dollars"), primaryKey: ["cty_code", "end_use", "year"] },
    sources: [{
      title: "U.S. Census Bureau, U.S. Imports by 5-digit End-Use Category and Country (enduse_imports.xlsx)",
      path: "https://www.census.gov/foreign-trade/statistics/product/enduse/imports/enduse_imports.xlsx",
      publisher: "U.S. Census Bureau",
      vintage: "workbook modified 17 February 2026, annual 2016–2025",
    }, {
      title: "Copy: GitHub iriswang-creator/US_Trade_Analytics_, enduse_imports.xlsx (byte for byte)",
      path: "https://github.com/iriswang-creator/US_Trade_Analytics_",
      vintage: "commit 224dd77dd58dba8900036a17e5439ff88903a5c6",
    }],
    licenses: LICENSES,
  },
  async build(raw) {
    const rows = await parseEndUseWorkbook(await raw.bytes(IMPORTS), IMPORTS, "EnduseImp");
    return keepEndUseRows(rows, IMPORTS, IMPORT_SCHEME);
  },
};

/** US total exports by end-use category (a third party's CSV copy of the agency's table). */
export const censusEnduseExports: CuratedResource = {
  inputs: [EXPORTS],
  importer: "lib/workspace/data/importers/census-enduse.ts",
  descriptor: {
    name: "census-enduse-exports",
    path: "census-enduse-exports.csv",
    title:
      "US exports of automotive products and fuels by country, 2013–2022 (Census 5-digit end-use, third-party copy)",
    description:
      `U.S. total exports (f.a.s., Census basis) by 5-digit end-use category and partner, annual, in US dollars: the Census Bureau's table "U.S. Exports by 5-digit End-Use Category and Country" as a third party's CSV copy, not the agency's own file (which could not be retrieved). Graded secondary for that reason, below the agency's import workbook, although its figures check out: Korea's categories add up, to the dollar, to the Census country totals of 2013–2020; 2021 and 2022 are the figures before Census's later annual revisions (Korea's totals for those years now differ by tens of millions of dollars). ${
        filterText(EXPORT_SCHEME)
      } Annual only: no months (so no January–July comparison), and no year before 2013.`,
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2023-07",
      basis: "retrieved",
      label:
        "Census end-use export table with figures to 2022 (before the revisions of 2021–2022), as copied by a third party",
    },
    schema: { fields: fields("Total exports, US dollars"), primaryKey: ["cty_code", "end_use", "year"] },
    sources: [{
      title: "U.S. Census Bureau, U.S. Exports by 5-digit End-Use Category and Country (enduse_exports.xlsx)",
      path: "https://www.census.gov/foreign-trade/statistics/product/enduse/exports/enduse_exports.xlsx",
      publisher: "U.S. Census Bureau",
      vintage: "figures to 2022",
    }, {
      title: "Third-party CSV copy: GitHub philrenaud/viz-perf-compare, public/enduse_exports.csv (byte for byte)",
      path: "https://github.com/philrenaud/viz-perf-compare",
      vintage: "commit da75b5308f2f6b8a7116d2d6b7e3ca850a9ec942 (26 July 2023)",
      retrieved: "2023-07-26",
    }],
    licenses: LICENSES,
  },
  async build(raw) {
    return keepEndUseRows(
      parseEndUseCsv(decodeUtf8(await raw.bytes(EXPORTS), EXPORTS), EXPORTS),
      EXPORTS,
      EXPORT_SCHEME,
    );
  },
};
