import assert from "node:assert/strict";
import { FormatError } from "../../lib/workspace/data/errors.ts";
import { parseBeaItaJson } from "../../lib/workspace/data/importers/bea-ita.ts";
import { parseComtradeJson } from "../../lib/workspace/data/importers/comtrade.ts";
import { parseDotsCompactData } from "../../lib/workspace/data/importers/imf-sdmx.ts";
import { toCsv } from "../../lib/workspace/data/csv-out.ts";
import { sortRows } from "../../lib/workspace/data/curate.ts";
import { censusUpdatable } from "../../lib/workspace/update/sources/census.ts";
import type { EndpointResponse } from "../../lib/workspace/update/types.ts";
import { FIXTURE_PARTNERS } from "./make_fixtures.ts";
import { FIXTURES } from "./publishers.ts";
import { ROOT } from "./workspace.ts";

const IMF = "http://dataservices.imf.org/REST/SDMX_JSON.svc/CompactData/DOT/A.KR.TXG_FOB_USD.RU";
const BEA = "https://apps.bea.gov/api/data?UserID=***&method=GetData&datasetname=ITA";
const COMTRADE = "https://comtradeapi.un.org/public/v1/preview/C/A/HS?reporterCode=410";

const fixture = (name: string) => Deno.readTextFile(new URL(name, FIXTURES));

function series(attributes: Record<string, unknown>, obs: unknown): string {
  return JSON.stringify({
    CompactData: {
      DataSet: {
        Series: {
          "@FREQ": "A",
          "@REF_AREA": "KR",
          "@INDICATOR": "TXG_FOB_USD",
          "@COUNTERPART_AREA": "RU",
          "@UNIT_MULT": "6",
          ...attributes,
          Obs: obs,
        },
      },
    },
  });
}

Deno.test("imf-sdmx: a single Series and a single Obs read as lists; values in US$ millions", () => {
  const rows = parseDotsCompactData(series({}, { "@TIME_PERIOD": "2019", "@OBS_VALUE": "7789.791" }), IMF);
  assert.deepEqual(rows, [{
    reporter: "KR",
    partner: "RU",
    flow: "exports",
    valuation: "FOB",
    year: 2019,
    value: 7789.791,
    estimate: false,
  }]);
});

Deno.test("imf-sdmx: UNIT_MULT scales to millions; an observation without a value is skipped", () => {
  const rows = parseDotsCompactData(
    series({ "@UNIT_MULT": "3" }, [
      { "@TIME_PERIOD": "2019", "@OBS_VALUE": "7789791" },
      { "@TIME_PERIOD": "2020" },
      { "@TIME_PERIOD": "2021", "@OBS_VALUE": "1000", "@OBS_STATUS": "e" },
    ]),
    IMF,
  );
  assert.deepEqual(rows.map((r) => [r.year, r.value, r.estimate]), [[2019, 7789.791, false], [2021, 1, true]]);
});

Deno.test("imf-sdmx: format changes fail loudly, naming the URL", () => {
  const obs = { "@TIME_PERIOD": "2019", "@OBS_VALUE": "7789.8" };
  const cases: [string, RegExp][] = [
    [series({ "@UNIT_MULT": undefined }, obs), /missing @UNIT_MULT/],
    [series({}, { "@TIME_PERIOD": "2019", "@OBS_VALUE": "n/a" }), /@OBS_VALUE should be a number, got "n\/a"/],
    [series({}, { "@TIME_PERIOD": "2019", "@OBS_VALUE": "-5" }), /negative trade value -5 in 2019/],
    [series({}, [obs, obs]), /duplicate period 2019 for KR→RU TXG_FOB_USD/],
    [series({ "@INDICATOR": "TXG_FOB" }, obs), /unknown @INDICATOR "TXG_FOB"/],
    [series({ "@FREQ": "Q" }, obs), /@FREQ is "Q"; expected annual data/],
    [series({}, { "@TIME_PERIOD": "2019-Q1", "@OBS_VALUE": "1" }), /@TIME_PERIOD should be a year/],
    ['{"CompactData":{"DataSet":{}}}', /the DataSet has no Series/],
    ['{"Error":{"Message":"dataflow not found"}}', /expected \{"CompactData":\{"DataSet".*top-level keys: Error/],
    ['{"CompactData":{"DataSet":{"Series":[', /not valid JSON, possibly truncated/],
    [
      "<!DOCTYPE html><html><head><title>Maintenance</title>",
      /got an HTML page where data was expected \("Maintenance"\)/,
    ],
    ["", /empty body; expected data/],
  ];
  for (const [body, reason] of cases) {
    const error = (() => {
      try {
        parseDotsCompactData(body, IMF);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof FormatError, `expected a FormatError for ${body.slice(0, 60)}`);
    assert.ok(error.message.startsWith(IMF), error.message);
    assert.match(error.message, reason);
  }
});

Deno.test("bea-ita: the fixture reads as US$ millions with thousands separators removed", async () => {
  const rows = parseBeaItaJson(await fixture("bea-ita-korea.json"), BEA);
  assert.equal(rows.length, 8);
  assert.deepEqual(rows[0], {
    indicator: "ExpServ",
    areaOrCountry: "Korea",
    frequency: "A",
    year: 2016,
    period: "2016",
    value: 21550,
    timeSeriesId: "TSI_ItaExpServ_Korea_A",
  });
  assert.deepEqual(rows.filter((r) => r.frequency === "QSA").map((r) => r.period), [
    "2018Q1",
    "2018Q2",
    "2018Q1",
    "2018Q2",
  ]);
});

Deno.test("bea-ita: an error answer, suppressed values and drift", async () => {
  const error = await fixture("bea-ita-error.json");
  assert.throws(() => parseBeaItaJson(error, BEA), (e: unknown) => {
    assert.ok(e instanceof FormatError);
    assert.ok(e.message.startsWith(BEA));
    assert.match(e.message, /BEA API error 3: The UserId provided is not valid\. \(check BEA_API_KEY/);
    return true;
  });
  const base = JSON.parse(await fixture("bea-ita-korea.json"));
  const withValue = (value: unknown) => {
    const copy = structuredClone(base);
    copy.BEAAPI.Results.Data[0].DataValue = value;
    return JSON.stringify(copy);
  };
  assert.equal(parseBeaItaJson(withValue("(D)"), BEA).length, 7, "(D) is left out");
  assert.equal(parseBeaItaJson(withValue("(*)"), BEA)[0].value, 0);
  assert.throws(() => parseBeaItaJson(withValue("21.5 bn"), BEA), /DataValue should be a number like "6,123"/);
  const renamed = structuredClone(base);
  renamed.BEAAPI.Results.Data[0].Value = renamed.BEAAPI.Results.Data[0].DataValue;
  delete renamed.BEAAPI.Results.Data[0].DataValue;
  assert.throws(() => parseBeaItaJson(JSON.stringify(renamed), BEA), /Data\[0\]: missing field DataValue/);
  const billions = structuredClone(base);
  billions.BEAAPI.Results.Data[0].UNIT_MULT = "9";
  assert.equal(parseBeaItaJson(JSON.stringify(billions), BEA)[0].value, 21550000);
  const wrongPeriod = structuredClone(base);
  wrongPeriod.BEAAPI.Results.Data[0].TimePeriod = "2016Q1";
  assert.throws(() => parseBeaItaJson(JSON.stringify(wrongPeriod), BEA), /does not fit Frequency A, Year 2016/);
});

Deno.test("comtrade: the fixture reads as totals in US$; errors and drift fail loudly", async () => {
  const text = await fixture("comtrade-korea.json");
  const rows = parseComtradeJson(text, COMTRADE);
  assert.equal(rows.length, 10);
  assert.deepEqual(rows.find((r) => r.partnerCode === 643 && r.year === 2019 && r.flow === "exports"), {
    reporterCode: 410,
    partnerCode: 643,
    partnerDesc: "Russian Federation",
    flow: "exports",
    valuation: "FOB",
    year: 2019,
    value: 7789791000,
  });
  const body = JSON.parse(text);
  const variant = (change: (b: typeof body) => void) => {
    const copy = structuredClone(body);
    change(copy);
    return JSON.stringify(copy);
  };
  assert.throws(
    () => parseComtradeJson('{"data":null,"error":"Invalid reporterCode"}', COMTRADE),
    /Comtrade API error: Invalid reporterCode/,
  );
  assert.throws(
    () =>
      parseComtradeJson(
        variant((b) => {
          b.data[0].primaryValueUSD = b.data[0].primaryValue;
          delete b.data[0].primaryValue;
        }),
        COMTRADE,
      ),
    /data\[0\]: missing field primaryValue \(fields present: .*primaryValueUSD/,
  );
  assert.throws(
    () =>
      parseComtradeJson(
        variant((b) => {
          b.data.push(b.data[0]);
          b.count++;
        }),
        COMTRADE,
      ),
    /duplicate period/,
  );
  assert.throws(() => parseComtradeJson(variant((b) => b.data[0].primaryValue = -1), COMTRADE), /negative trade value/);
  assert.throws(
    () => parseComtradeJson(variant((b) => b.data[0].primaryValue = "7.7e9"), COMTRADE),
    /should be a number/,
  );
  assert.throws(() => parseComtradeJson(variant((b) => b.count = 500), COMTRADE), /count says 500 records/);
  const breakdown = variant((b) => {
    b.data.push({ ...b.data[0], motCode: 2100 });
    b.count++;
  });
  assert.equal(parseComtradeJson(breakdown, COMTRADE).length, 10, "a breakdown by mode of transport is not a total");
});

Deno.test("census source: the fixture answers give back the curated rows byte for byte", async () => {
  const responses: EndpointResponse[] = [];
  for (const year of [2017, 2018]) {
    for (const flow of ["exports", "imports"]) {
      responses.push({
        request: { url: "", tag: `${flow} ${year}` },
        url: `http://127.0.0.1/data/timeseries/intltrade/${flow}/hs?YEAR=${year}`,
        status: 200,
        body: await fixture(`census-${flow}-${year}.json`),
      });
    }
  }
  responses.push({ request: { url: "", tag: "exports 2026" }, url: "x", status: 204, body: "" });
  const descriptor = censusUpdatable.descriptor;
  const fields = descriptor.schema.fields.map((f) => f.name);
  const csv = toCsv(sortRows(censusUpdatable.rows(responses), descriptor.schema.primaryKey!), fields);
  const curated = (await Deno.readTextFile(`${ROOT}/data/census-goods-by-partner-monthly.csv`)).split("\n");
  const expected = [
    curated[0],
    ...curated.filter((line) =>
      FIXTURE_PARTNERS.some((code) => line.startsWith(`${code},`)) && /,(2017|2018),\d+,/.test(line)
    ),
  ];
  assert.equal(
    csv,
    expected.join("\n") + "\n",
    "if data/ was re-imported from a new vintage, regenerate: deno run -A tests/update/make_fixtures.ts",
  );
});

Deno.test("census source: drift, duplicates, wrong years, bad values fail with the URL", async () => {
  const body = await fixture("census-exports-2018.json");
  const url = "http://127.0.0.1:1/data/timeseries/intltrade/exports/hs?YEAR=2018";
  const run = (text: string, tag = "exports 2018") =>
    censusUpdatable.rows([{ request: { url: "", tag }, url, status: 200, body: text }]);
  const lines = body.trim().slice(1, -1).split(",\n");
  const rebuild = (rows: string[]) => `[${rows.join(",\n")}]`;
  assert.equal(
    run(rebuild([lines[0].replace("]", ',"YEAR"]'), ...lines.slice(1).map((l) => l.replace("]", ',"2018"]'))])).length,
    84,
    "a trailing predicate column is tolerated",
  );
  assert.throws(() => run(body.replace("ALL_VAL_MO", "ALL_VAL_MTH")), (e: unknown) => {
    assert.ok(e instanceof FormatError);
    assert.ok(e.message.startsWith(url));
    assert.match(e.message, /missing column\(s\) ALL_VAL_MO \(columns present: CTY_CODE, CTY_NAME, ALL_VAL_MTH/);
    return true;
  });
  assert.throws(() => run(rebuild([...lines, lines[5]])), /row 86: duplicate period 2018-05 for - TOTAL FOR ALL/);
  assert.throws(() => run(body, "exports 2017"), /YEAR 2018 in the answer to a request for YEAR=2017/);
  assert.throws(() => run(body.replace('"125038459633"', '"-125038459633"')), /negative trade value/);
  assert.throws(() => run(body.replace('"125038459633"', '"1.25e11"')), /expected whole US dollars, got "1\.25e11"/);
  assert.throws(
    () => run(body.replace('"125038459633"', '"125038459633000"')),
    /row 2: exports: 125038459633000 USD is above the maximum 1000000000000 USD; check the unit/,
  );
  assert.throws(() => run(body.slice(0, 2000)), /not valid JSON, possibly truncated/);
  assert.throws(
    () => run(body.replace('["5800","KOREA, SOUTH","3687774405"', '["KR","KOREA, SOUTH","3687774405"')),
    /hs\?YEAR=2018 row \d+: CTY_CODE "KR" is not -, 0xxx, nXXX or four digits/,
  );
});
