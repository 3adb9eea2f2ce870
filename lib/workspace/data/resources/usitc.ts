/**
 * USITC "Shifts in U.S. Merchandise Trade 2017", South Korea: US exports to
 * Korea by sector (Table KR.1) and the report's headline totals.
 *
 * @module
 */

import { parseUsitcSectorTable } from "../importers/press.ts";
import { readProse } from "../importers/prose.ts";
import { CSV_FILE, type CuratedResource, number, text, yearField } from "./types.ts";

const INPUT = "usitc_trade_shifts_korea/trade_shifts_2017_southkorea_tableKR1_exports.md";
const URL = "https://usitc.gov/research_and_analysis/trade_shifts_2017/southkorea.htm";
const SOURCE = {
  title:
    "U.S. International Trade Commission, Shifts in U.S. Merchandise Trade 2017: South Korea (Census data via USITC DataWeb)",
  path: URL,
  publisher: "U.S. International Trade Commission",
  vintage: "report of October 2018; archived excerpt (imports half of Table KR.1 cut off)",
};
const LICENSE = [{ name: "public-domain", title: "U.S. Government work (public domain)" }];

/** US total exports to Korea by USITC sector, 2013–2017. */
export const usitcKoreaExportsBySector: CuratedResource = {
  inputs: [INPUT],
  importer: "lib/workspace/data/importers/press.ts",
  descriptor: {
    name: "usitc-korea-exports-by-sector",
    path: "usitc-korea-exports-by-sector.csv",
    title: "US total exports to Korea by sector, 2013–2017 (USITC Table KR.1)",
    description:
      "US total exports (domestic + foreign) to South Korea by USITC industry/commodity sector, US$ millions. USITC's own sector groupings, not HS chapters: 'Energy-related products' includes coal and petroleum products as well as crude oil and gas; 'Transportation equipment' includes aircraft as well as motor vehicles. The archived page cut off the totals after 2014 and the imports half of the table.",
    ...CSV_FILE,
    grade: "official",
    vintage: { date: "2018-10", basis: "release", label: "USITC's report Shifts in U.S. Merchandise Trade 2017" },
    schema: {
      fields: [
        text("sector", "USITC sector"),
        yearField(),
        number("value", "USD millions", "US total exports to Korea", { required: true, minimum: 0 }),
      ],
      primaryKey: ["sector", "year"],
    },
    sources: [SOURCE],
    licenses: LICENSE,
  },
  async build(raw) {
    return parseUsitcSectorTable(await raw.text(INPUT), INPUT);
  },
};

/** The report's 2017 headline totals and their change from 2016. */
export const usitcKoreaTotals: CuratedResource = {
  inputs: [INPUT],
  importer: "lib/workspace/data/importers/prose.ts",
  descriptor: {
    name: "usitc-korea-totals",
    path: "usitc-korea-totals.csv",
    title: "US goods trade with Korea in 2017 and the change from 2016 (USITC headline figures)",
    description:
      "The USITC report's headline figures for 2017: US total exports to, general imports from, and trade deficit with South Korea, with the change from 2016, as printed (US$ millions, rounded to $0.1 billion; change in percent rounded to whole percent).",
    ...CSV_FILE,
    grade: "official",
    vintage: { date: "2018-10", basis: "release", label: "USITC's report Shifts in U.S. Merchandise Trade 2017" },
    schema: {
      fields: [
        yearField(),
        text("flow", "exports, imports or deficit (US side)", {
          constraints: { enum: ["exports", "imports", "deficit"] },
        }),
        number("value", "USD millions", "Value in 2017", { required: true, minimum: 0 }),
        number("change", "USD millions", "Size of the change from 2016, as printed (direction in `direction`)", {
          required: true,
          minimum: 0,
        }),
        number("change_percent", "percent", "Size of the change from 2016 in percent, as printed", {
          required: true,
          minimum: 0,
        }),
        text("direction", "increased or decreased", { constraints: { enum: ["increased", "decreased"] } }),
        text("quote", "Excerpt the figures were read from"),
      ],
      primaryKey: ["year", "flow"],
    },
    sources: [SOURCE],
    licenses: LICENSE,
  },
  async build(raw) {
    const parts = [
      { column: "change", kind: "money-millions" as const, find: /by (\$[\d.]+ billion)/ },
      { column: "change_percent", kind: "percent" as const, find: /\((\d+ percent)\)/ },
      { column: "value", kind: "money-millions" as const, find: /to (\$[\d.]+ billion)/ },
    ];
    return readProse(await raw.text(INPUT), [
      {
        quote: "U.S. total exports to South Korea: increased by $6 billion (14 percent) to $48.3 billion",
        fields: { year: 2017, flow: "exports", direction: "increased" },
        parts,
      },
      {
        quote: "U.S. general imports from South Korea: increased by $1.3 billion (2 percent) to $71.2 billion",
        fields: { year: 2017, flow: "imports", direction: "increased" },
        parts,
      },
      {
        quote: "U.S. trade deficit with South Korea: decreased by $4.7 billion (17 percent) to $22.9 billion",
        fields: { year: 2017, flow: "deficit", direction: "decreased" },
        parts,
      },
    ], INPUT).map(({ approximate: _approximate, ...row }) => row);
  },
};
