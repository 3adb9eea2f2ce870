/**
 * `moj-foreign-entrants-monthly`: foreign nationals entering Korea by
 * nationality, sex and month, 2018 and 2019 (Korea Ministry of Justice).
 *
 * @module
 */

import { decodeCp949 } from "../importers/encoding.ts";
import { parseMojEntrantsCsv } from "../importers/moj-entrants.ts";
import type { Row } from "../csv-out.ts";
import { CSV_FILE, type CuratedResource, number, optionalText, text, yearField } from "./types.ts";

const FOLDER = "moj_korea_foreign_entrants_2018_2019";
const FILES = [
  { year: 2018, file: `${FOLDER}/moj_foreign_entrants_by_nationality_month_2018.cp949.csv` },
  { year: 2019, file: `${FOLDER}/moj_foreign_entrants_by_nationality_month_2019.cp949.csv` },
];

/** The resource. */
export const mojForeignEntrantsMonthly: CuratedResource = {
  inputs: FILES.map((f) => f.file),
  importer: "lib/workspace/data/importers/moj-entrants.ts",
  descriptor: {
    name: "moj-foreign-entrants-monthly",
    path: "moj-foreign-entrants-monthly.csv",
    title: "Foreign nationals entering Korea by nationality, sex and month, 2018–2019 (Ministry of Justice)",
    description:
      "Persons of each foreign nationality entering Korea in each month of 2018 and 2019, by sex, from the Korea Immigration Service's inspection statistics (all purposes of entry: tourism, business, study, crew …; not tourists only; Koreans not included). Nationalities are as the Ministry prints them in Korean, with the padding spaces of the 2018 file removed: the Russian Federation is `러시아(연방)`; ethnic Koreans of Russian nationality are counted apart as `한국계러시아인` (non-zero in 2018, zero in 2019). Some names differ between the years (2018 `타이완`, 2019 `타이완(대만)`); compare a nationality across years by checking both. sex `other` is the 2019 file's 제3의성 (two nationalities). continent is given in the 2019 file only. There is no total row: totals are sums. Entries into Korea only: the other direction of a two-way count (Koreans entering Russia) is not here.",
    ...CSV_FILE,
    grade: "official",
    vintage: {
      date: "2025-02",
      basis: "retrieved",
      label: "Ministry of Justice entrant files for 2018 and 2019 as the public data portal served them",
    },
    schema: {
      fields: [
        yearField(),
        {
          name: "month",
          type: "integer",
          description: "Month of entry",
          constraints: { required: true, minimum: 1, maximum: 12 },
        },
        text("nationality", "Nationality as the Ministry prints it (Korean), padding spaces removed"),
        text("sex", "male, female or other (제3의성)", { constraints: { enum: ["male", "female", "other"] } }),
        optionalText("continent", "Continent as printed (2019 file only)"),
        number("entrants", "persons", "Foreign nationals entering Korea", { required: true, minimum: 0 }),
      ],
      primaryKey: ["year", "month", "nationality", "sex"],
    },
    sources: [{
      title:
        "Korea Ministry of Justice, Korea Immigration Service: 법무부_외국인 국적 및 월별 입국자 현황 (foreign entrants by nationality and month), 2018 and 2019, data.go.kr",
      path: "https://www.data.go.kr",
      publisher: "Ministry of Justice, Republic of Korea",
    }, {
      title: "Copy: GitHub marurun66/foreigner-entry-prediction, data/ (byte for byte)",
      path: "https://github.com/marurun66/foreigner-entry-prediction",
      vintage: "commit eb1fb4ab1a81b7c400c123af30d2d38bf020e602",
    }],
    licenses: [{
      name: "data.go.kr-open-data",
      title:
        "Open data of Korea's public data portal (free use under the Public Data Act), citing the Ministry of Justice",
      path: "https://www.data.go.kr",
    }],
  },
  async build(raw) {
    const rows: Row[] = [];
    for (const { year, file } of FILES) {
      const text = decodeCp949(await raw.bytes(file), file);
      for (const r of parseMojEntrantsCsv(text, year, file)) {
        rows.push({
          year: r.year,
          month: r.month,
          nationality: r.nationality,
          sex: r.sex,
          continent: r.continent || null,
          entrants: r.entrants,
        });
      }
    }
    return rows;
  },
};
