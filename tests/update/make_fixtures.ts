/**
 * Regenerates the static fixtures of `tests/fixtures/update/` that are cut
 * from the curated data (Census answers for 2017–2018 and a handful of
 * partners; Comtrade records whose values are Korea's DOTS figures). Run:
 * `deno run -A tests/update/make_fixtures.ts`. BEA and error-page fixtures
 * are written by hand (see the folder's README).
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { censusBody, FIXTURES, readCurated } from "./publishers.ts";

/** Partners in the Census fixtures: total, EU, Canada, Mexico, Europe, China, Korea. */
export const FIXTURE_PARTNERS = ["-", "0003", "1220", "2010", "4XXX", "5700", "5800"];

if (import.meta.main) {
  const data = await readCurated(fileURLToPath(new URL("../../data", import.meta.url)));
  const rows = data.census.filter((r) => FIXTURE_PARTNERS.includes(r.cty_code as string));
  for (const year of [2017, 2018]) {
    for (const flow of ["exports", "imports"] as const) {
      await Deno.writeTextFile(new URL(`census-${flow}-${year}.json`, FIXTURES), censusBody(rows, flow, year) + "\n");
    }
  }
  // Comtrade: Korea's own figures as DOTS has them (US$ millions → US$), in the preview endpoint's record shape.
  const partners: Record<string, { code: number; iso: string; desc: string }> = {
    RUS: { code: 643, iso: "RUS", desc: "Russian Federation" },
    USA: { code: 840, iso: "USA", desc: "USA" },
    SUN: { code: 810, iso: "SUN", desc: "USSR (...1990)" },
  };
  const keep = new Set(["RUS 2018", "RUS 2019", "RUS 2020", "USA 2019", "SUN 1991"]);
  const records = data.dots
    .filter((r) => r.reporter === "KOR" && keep.has(`${r.partner} ${r.year}`))
    .map((r) => {
      const p = partners[r.partner as string];
      const exports = r.flow === "exports";
      const value = Math.round((r.value as number) * 1e6);
      return {
        typeCode: "C",
        freqCode: "A",
        refPeriodId: Number(`${r.year}0101`),
        refYear: r.year,
        refMonth: 52,
        period: String(r.year),
        reporterCode: 410,
        reporterISO: "KOR",
        reporterDesc: "Rep. of Korea",
        flowCode: exports ? "X" : "M",
        flowDesc: exports ? "Export" : "Import",
        partnerCode: p.code,
        partnerISO: p.iso,
        partnerDesc: p.desc,
        partner2Code: 0,
        partner2ISO: "W00",
        partner2Desc: "World",
        classificationCode: "H5",
        cmdCode: "TOTAL",
        cmdDesc: "All Commodities",
        aggrLevel: 0,
        isLeaf: false,
        customsCode: "C00",
        customsDesc: "TOTAL CPC",
        mosCode: "0",
        motCode: 0,
        motDesc: "TOTAL MOT",
        netWgt: null,
        grossWgt: null,
        cifvalue: exports ? null : value,
        fobvalue: exports ? value : null,
        primaryValue: value,
        legacyEstimationFlag: 0,
        isReported: true,
        isAggregate: false,
      };
    });
  const body = { elapsedTime: "0.35 secs", count: records.length, data: records, error: "" };
  await Deno.writeTextFile(new URL("comtrade-korea.json", FIXTURES), JSON.stringify(body, null, 1) + "\n");
  console.log(`wrote census (${rows.length} rows) and comtrade (${records.length} records) fixtures`);
}
