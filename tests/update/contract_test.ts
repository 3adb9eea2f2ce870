/**
 * Contract tests: every parser of the updater against the bodies the
 * publishers' real services sent (recorded by other public projects, copied
 * byte for byte into `tests/fixtures/update/recorded/`, provenance and
 * SHA-256 in its README). The figures asserted are those the bodies hold.
 */

import assert from "node:assert/strict";
import { sha256 } from "../../lib/analysis/catalog/reads.ts";
import { parseCensusHsJson } from "../../lib/workspace/data/importers/census.ts";
import { parseComtradeJson } from "../../lib/workspace/data/importers/comtrade.ts";
import { parseImtsData } from "../../lib/workspace/data/importers/imf-sdmx.ts";
import { parseSdmxJsonData } from "../../lib/workspace/data/importers/imf-sdmx-json.ts";
import { FormatError } from "../../lib/workspace/data/errors.ts";
import { imfImtsUpdatable, IMTS_ANNUAL_URL } from "../../lib/workspace/update/sources/imf-imts.ts";
import { RECORDED } from "./publishers.ts";

const recorded = (path: string) => Deno.readTextFile(new URL(path, RECORDED));

const IMTS_XML = "imf_sdmx3/data_IMTS_USA.XG_FOB_USD.G001+G998.A_2023-2024.body.xml";
const IMTS_URL =
  "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD.G001+G998.A?c[TIME_PERIOD]=ge:2023-01-01+le:2024-12-31";

Deno.test("contract: the recorded bodies are the ones the README names (SHA-256)", async () => {
  const readme = await recorded("README.md");
  const listed = [...readme.matchAll(/`([\w./+-]+\.(?:json|xml|txt))` \| `([0-9a-f]{64})`/g)];
  assert.ok(listed.length >= 7, `the README lists the bodies with their SHA-256 (found ${listed.length})`);
  for (const [, path, hash] of listed) {
    assert.equal(sha256(await Deno.readFile(new URL(path, RECORDED))), hash, path);
  }
});

Deno.test("contract: IMF IMTS (SDMX-ML 3.0) — USA's exports to the world in plain US dollars, SCALE=6 not applied", async () => {
  const rows = parseImtsData(await recorded(IMTS_XML), IMTS_URL);
  assert.deepEqual(
    rows.map((r) => [r.country, r.counterpart, r.flow, r.valuation, r.frequency, r.year, r.usd, r.estimate]),
    [
      ["USA", "G001", "exports", "FOB", "A", 2023, 2019551635133, false],
      ["USA", "G001", "exports", "FOB", "A", 2024, 2065411250609, false],
      ["USA", "G998", "exports", "FOB", "A", 2023, 369756760426, false],
      ["USA", "G998", "exports", "FOB", "A", 2024, 371064529410, false],
    ],
  );
});

Deno.test("contract: the IMTS body becomes imf-dots-annual rows in US$ millions; unlisted partners are left out", async () => {
  const request = { url: IMTS_ANNUAL_URL, tag: "imts annual" };
  const rows = imfImtsUpdatable.rows([{ request, url: IMTS_URL, status: 200, body: await recorded(IMTS_XML) }]);
  assert.deepEqual(rows, [
    {
      reporter: "USA",
      reporter_name: "United States",
      partner: "WLD",
      partner_name: "World",
      flow: "exports",
      valuation: "FOB",
      year: 2023,
      value: 2019551.635133,
      estimate: false,
    },
    {
      reporter: "USA",
      reporter_name: "United States",
      partner: "WLD",
      partner_name: "World",
      flow: "exports",
      valuation: "FOB",
      year: 2024,
      value: 2065411.250609,
      estimate: false,
    },
  ]);
});

Deno.test("contract: IMF SDMX-JSON 2.0 — index keys decoded, values kept as the strings sent", async () => {
  const whd = parseSdmxJsonData(await recorded("imf_sdmx3/data_WHDREO_GX1213.BCA_GDP_BP6.A.body.json"), "whdreo");
  assert.equal(whd.length, 55);
  assert.deepEqual(whd[0], {
    series: { COUNTRY: "GX1213", INDICATOR: "BCA_GDP_BP6", FREQUENCY: "A", SCALE: "0", OVERLAP: "OL" },
    period: "1976",
    value: "-7.436",
    attributes: { DERIVATION_TYPE: "M" },
  });
  assert.deepEqual(whd.slice(-1).map((o) => [o.period, o.value]), [["2030", "-1.802"]]);

  const gfs = parseSdmxJsonData(await recorded("imf_sdmx3/data_GFS_SOO_ABW_timefilter.body.json"), "gfs");
  assert.deepEqual(gfs.map((o) => [o.period, o.value]), [
    ["1972", null],
    ["1973", null],
    ["1974", null],
    ["1975", null],
    ["1976", null],
  ]);
  assert.equal(gfs[0].series.INDICATOR, "G23_T");
  assert.equal(gfs[0].attributes.BASES_OF_RECORDING_GROSS_NET, "NP", "an uncoded attribute keeps its text");
});

Deno.test("contract: IMF empty match (200, no series) and unknown dataflow (204, empty body)", async () => {
  const empty = await recorded("imf_sdmx3/data_WHDREO_wildcard_M.body.json");
  assert.deepEqual(parseSdmxJsonData(empty, "whdreo"), []);
  assert.throws(() => parseImtsData(empty, IMTS_URL), /holds no series: the key matched nothing/);
  const gone = await recorded("imf_sdmx3/structure_dataflow_not_a_real_database.204.body.txt");
  assert.equal(gone, "");
  const request = { url: IMTS_ANNUAL_URL, tag: "imts annual" };
  assert.throws(
    () => imfImtsUpdatable.rows([{ request, url: IMTS_URL, status: 204, body: gone }]),
    (error: unknown) =>
      error instanceof FormatError && error.message.startsWith(IMTS_URL) &&
      /204 No Content: the IMF does not know this dataflow/.test(error.message),
  );
});

Deno.test("contract: Census HS level — strings throughout, predicate columns appended, one row per month", async () => {
  const url =
    "https://api.census.gov/data/timeseries/intltrade/exports/hs?get=ALL_VAL_MO&COMM_LVL=HS10&E_COMMODITY=2710121510&CTY_CODE=1220&time=from+2016-01";
  const rows = parseCensusHsJson(
    await recorded("census_intltrade/exports_hs_HS10_2710121510_CTY1220_from2016-01.body.json"),
    "exports",
    url,
  );
  assert.deepEqual(rows[0], {
    flow: "exports",
    level: "HS10",
    commodity: "2710121510",
    ctyCode: "1220",
    ctyName: "",
    year: 2016,
    month: 1,
    value: 155905,
  });
  assert.deepEqual(rows.slice(1, 3).map((r) => [r.year, r.month, r.value]), [[2016, 2, 260801], [2016, 3, 241362]]);
  assert.ok(rows.every((r) => r.commodity === "2710121510" && r.ctyCode === "1220" && r.level === "HS10"));
  const months = rows.map((r) => r.year * 12 + r.month - 1);
  assert.deepEqual(months, months.map((_, i) => months[0] + i), "consecutive months from January 2016");
  assert.equal(rows.filter((r) => r.year === 2017).reduce((sum, r) => sum + r.value, 0), 2699477);
  assert.throws(
    () => parseCensusHsJson('[["GEN_VAL_MO","COMM_LVL","I_COMMODITY","CTY_CODE","time"]]', "exports", url),
    /missing column\(s\) ALL_VAL_MO, E_COMMODITY/,
  );
});

Deno.test("contract: UN Comtrade v1 preview — numbers as numbers, null FOB/CIF, H6 for HS", async () => {
  const url =
    "https://comtradeapi.un.org/public/v1/preview/C/A/HS?cmdCode=TOTAL&flowCode=M,X&reporterCode=842&period=2023&partnerCode=392&includeDesc=true";
  const body = await recorded("un_comtrade/macroforge_preview_C_A_HS_USA842_JPN392_TOTAL_2023_MX.body.json");
  const rows = parseComtradeJson(body, url);
  assert.deepEqual(rows, [
    {
      reporterCode: 842,
      partnerCode: 392,
      partnerDesc: "Japan",
      flow: "imports",
      valuation: "CIF",
      frequency: "A",
      year: 2023,
      month: null,
      value: 151580564290,
    },
    {
      reporterCode: 842,
      partnerCode: 392,
      partnerDesc: "Japan",
      flow: "exports",
      valuation: "FOB",
      frequency: "A",
      year: 2023,
      month: null,
      value: 76154045176,
    },
  ]);
  const json = JSON.parse(body);
  assert.equal(json.data[1].cifvalue, null);
  assert.equal(json.data[0].classificationCode, "H6");
});
