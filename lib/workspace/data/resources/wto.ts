/**
 * `wto-korea-imports-by-chapter`: Korea's imports from Russia, the US and
 * the world by HS chapter, 1996–2019 (no 2009), from the WTO (Korea Customs
 * Service figures).
 *
 * @module
 */

import { parseWtoImportsCsv } from "../importers/wto.ts";
import { CSV_FILE, type CuratedResource, number, text, yearField } from "./types.ts";

const INPUT = "wto_kor_imports_hs/wto_HS_M_0010_reporter410_partners_RUS_USA_World_1996_2019.csv";
const PARTNERS: Record<string, string> = { "643": "RUS", "840": "USA", "000": "WLD" };

/** The resource. */
export const wtoKoreaImportsByChapter: CuratedResource = {
  inputs: [INPUT],
  importer: "lib/workspace/data/importers/wto.ts",
  descriptor: {
    name: "wto-korea-imports-by-chapter",
    path: "wto-korea-imports-by-chapter.csv",
    title: "Korea's imports from Russia, the US and the world by HS chapter, 1996–2019 (WTO)",
    description:
      "Korea's imports (CIF, as Korea Customs Service reports them to the WTO) from Russia, the United States and the world, by Harmonized System chapter (01–97), in US dollars. 2009 is missing. The sum over chapters can fall short of Korea's headline totals, because chapters 98–99 and confidential trade are not broken down.",
    ...CSV_FILE,
    grade: "official",
    vintage: { date: "2022-04", basis: "retrieved", label: "WTO timeseries of Korea Customs figures, as downloaded" },
    schema: {
      fields: [
        text("partner", "Partner (ISO alpha-3; WLD = world)", { constraints: { enum: ["RUS", "USA", "WLD"] } }),
        text("partner_name", "Partner as the WTO names it"),
        yearField(),
        text("hs_chapter", "HS chapter, two digits", { constraints: { pattern: "\\d{2}" } }),
        number("value", "USD", "Imports, US dollars (CIF)", { required: true, minimum: 0, maximum: 1e12 }),
      ],
      primaryKey: ["partner", "year", "hs_chapter"],
    },
    sources: [
      {
        title: "WTO Timeseries API, indicator HS_M_0010 (bilateral imports by HS code), reporter 410 (Korea)",
        path: "https://api.wto.org/timeseries/v1/",
        publisher: "World Trade Organization (from Korea Customs Service data)",
      },
      {
        title: "Archived copy: GitHub rcyost/Trade-Dashboard, 00-data/wto/raw/hsm/410-<YEAR>.csv",
        path: "https://github.com/rcyost/Trade-Dashboard",
        vintage: "commit ce06c5107109ba207fec3cf5e5abaf0c306a4b68",
      },
    ],
    licenses: [{
      name: "WTO-terms",
      title: "WTO terms of use",
      path: "https://www.wto.org/english/tratop_e/statis_e/statis_e.htm",
    }],
  },
  async build(raw) {
    return parseWtoImportsCsv(await raw.text(INPUT), INPUT).map((r) => {
      const partner = PARTNERS[r.partnerCode];
      if (!partner) throw new Error(`${INPUT}: unexpected partner code ${r.partnerCode}`);
      return { partner, partner_name: r.partnerName, year: r.year, hs_chapter: r.hsChapter, value: r.value };
    });
  },
};
