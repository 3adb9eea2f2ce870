import assert from "node:assert/strict";
import { FormatError } from "../../lib/workspace/data/errors.ts";
import { parseBeaItaJson, parseBeaServicesJson } from "../../lib/workspace/data/importers/bea-ita.ts";
import { parseComtradeJson } from "../../lib/workspace/data/importers/comtrade.ts";
import { parseImtsData, parseImtsPeriod } from "../../lib/workspace/data/importers/imf-sdmx.ts";
import type { SdmxObservation } from "../../lib/workspace/data/importers/imf-sdmx-json.ts";
import { toCsv } from "../../lib/workspace/data/csv-out.ts";
import { sortRows } from "../../lib/workspace/data/sort-rows.ts";
import { censusUpdatable } from "../../lib/workspace/update/sources/census.ts";
import type { EndpointResponse } from "../../lib/workspace/update/types.ts";
import { FIXTURE_PARTNERS } from "./make_fixtures.ts";
import { FIXTURES, imtsJsonBody, imtsXmlBody } from "./publishers.ts";
import { ROOT } from "./workspace.ts";

const IMF = "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/KOR.XG_FOB_USD.RUS.A";
const BEA = "https://apps.bea.gov/api/data?UserID=***&method=GetData&datasetname=ITA";
const COMTRADE = "https://comtradeapi.un.org/public/v1/preview/C/A/HS?reporterCode=410";

const fixture = (name: string) => Deno.readTextFile(new URL(name, FIXTURES));

/** One IMTS observation, KOR → RUS exports, overridable. */
function imts(
  series: Record<string, string> = {},
  obs: Partial<Pick<SdmxObservation, "period" | "value" | "attributes">> = {},
): SdmxObservation {
  return {
    series: {
      COUNTRY: "KOR",
      INDICATOR: "XG_FOB_USD",
      COUNTERPART_COUNTRY: "RUS",
      FREQUENCY: "A",
      SCALE: "6",
      ...series,
    },
    period: "2019",
    value: "7789791000",
    attributes: { DERIVATION_TYPE: "M" },
    ...obs,
  };
}

Deno.test("imf-sdmx: IMTS in SDMX-ML and SDMX-JSON read the same; values in US dollars whatever SCALE says", () => {
  const observations = [
    imts(),
    imts({}, { period: "2020", value: "6912345678.5", attributes: { OBS_STATUS: "E" } }),
    imts({ INDICATOR: "MG_CIF_USD", COUNTERPART_COUNTRY: "G001" }, { period: "2020" }),
  ];
  const expected = [
    {
      country: "KOR",
      counterpart: "RUS",
      flow: "exports",
      valuation: "FOB",
      frequency: "A",
      year: 2019,
      month: null,
      usd: 7789791000,
      estimate: false,
    },
    {
      country: "KOR",
      counterpart: "RUS",
      flow: "exports",
      valuation: "FOB",
      frequency: "A",
      year: 2020,
      month: null,
      usd: 6912345678.5,
      estimate: true,
    },
    {
      country: "KOR",
      counterpart: "G001",
      flow: "imports",
      valuation: "CIF",
      frequency: "A",
      year: 2020,
      month: null,
      usd: 7789791000,
      estimate: false,
    },
  ];
  assert.deepEqual(parseImtsData(imtsXmlBody(observations), IMF), expected);
  assert.deepEqual(parseImtsData(imtsJsonBody(observations), IMF), expected);
});

Deno.test("imf-sdmx: monthly periods (2017-M09 or 2017-09) and the series key filter", () => {
  const rows = parseImtsData(
    imtsXmlBody([
      imts({ FREQUENCY: "M" }, { period: "2017-M09", value: "900" }),
      imts({ FREQUENCY: "M" }, { period: "2017-10", value: "1000" }),
      imts({ COUNTRY: "USA" }, { period: "2017" }),
    ], { countries: ["KOR"], indicators: [], counterparts: [], frequency: ["M"] }),
    IMF,
  );
  assert.deepEqual(rows.map((r) => [r.frequency, r.year, r.month, r.usd]).sort((a, b) => Number(a[2]) - Number(b[2])), [
    ["M", 2017, 9, 900],
    [
      "M",
      2017,
      10,
      1000,
    ],
  ]);
  assert.deepEqual(parseImtsPeriod("2017", "A", "x"), { year: 2017, month: null });
  assert.throws(() => parseImtsPeriod("2017-M13", "M", "x"), /TIME_PERIOD "2017-M13" does not fit FREQUENCY M/);
});

Deno.test("imf-sdmx: format changes fail loudly, naming the URL", () => {
  const cases: [string, RegExp][] = [
    [imtsXmlBody([imts({}, { value: "n/a" })]), /OBS_VALUE should be a number, got "n\/a"/],
    [imtsXmlBody([imts({}, { value: "-5" })]), /negative trade value -5/],
    [
      imtsXmlBody([imts()]).replace("</Series>", '<Obs OBS_VALUE="1" TIME_PERIOD="2019"/></Series>'),
      /duplicate period 2019 for KOR\.XG_FOB_USD\.RUS\.A/,
    ],
    [
      imtsXmlBody([imts({ INDICATOR: "TBG_USD" })]),
      /unexpected INDICATOR "TBG_USD"; expected XG_FOB_USD or MG_CIF_USD/,
    ],
    [imtsXmlBody([imts({ FREQUENCY: "Q" })]), /FREQUENCY "Q"; expected A \(annual\) or M \(monthly\)/],
    [imtsXmlBody([imts({}, { period: "2019-Q1" })]), /TIME_PERIOD "2019-Q1" does not fit FREQUENCY A/],
    [imtsXmlBody([imts({ COUNTERPART_COUNTRY: "" })]), /the series has no COUNTERPART_COUNTRY/],
    [imtsXmlBody([]), /the IMF's answer holds no series: the key matched nothing/],
    [imtsXmlBody([imts()]).slice(0, 400), /not well-formed XML, possibly truncated \(line 1, column \d+/],
    [imtsJsonBody([imts()]).slice(0, 200), /not valid JSON, possibly truncated/],
    [
      '{"errors":[{"code":404,"title":"No Results Found"}]}',
      /the SDMX service answered with an error: 404 No Results Found/,
    ],
    [
      '<?xml version="1.0"?><message:Error xmlns:message="m"><message:ErrorMessage code="100"><common:Text xmlns:common="c">No Results Found</common:Text></message:ErrorMessage></message:Error>',
      /the SDMX service answered with an error: 100 No Results Found/,
    ],
    [
      '<?xml version="1.0"?><message:GenericData xmlns:message="m"/>',
      /got root element GenericData \(ask for structure-specific data\)/,
    ],
    ['{"data":{"dataSets":[{"series":{"0":{"observations":{}}}}]}}', /expected an SDMX-JSON data message/],
    [
      "<!DOCTYPE html><html><head><title>Maintenance</title>",
      /got an HTML page where data was expected \("Maintenance"\)/,
    ],
    ["", /empty body; expected data/],
  ];
  for (const [body, reason] of cases) {
    const error = (() => {
      try {
        parseImtsData(body, IMF);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof FormatError, `expected a FormatError for ${body.slice(0, 80)}`);
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

Deno.test("bea: IntlServTrade — Results as a one-item list, UNIT_MULT scales, n.a. and (D) left out", async () => {
  const rows = parseBeaServicesJson(await fixture("bea-intlserv-korea.json"), BEA);
  assert.deepEqual(
    rows.map((r) => [r.typeOfService, r.tradeDirection, r.year, r.value]),
    [
      ["AllServiceTypes", "Exports", 2016, 21550],
      ["AllServiceTypes", "Exports", 2017, 23200],
      ["AllServiceTypes", "Imports", 2016, 10850],
      ["AllServiceTypes", "Imports", 2017, 11000],
      ["AllServiceTypes", "Balance", 2017, 12200],
      ["Travel", "Exports", 2016, 4100],
      ["Travel", "Imports", 2016, 1300],
    ],
  );
  const body = JSON.parse(await fixture("bea-intlserv-korea.json"));
  const single = structuredClone(body);
  single.BEAAPI.Results[0].Data = single.BEAAPI.Results[0].Data[0];
  assert.equal(parseBeaServicesJson(JSON.stringify(single), BEA).length, 1, "Data as one object when one observation");
  const quarter = structuredClone(body);
  quarter.BEAAPI.Results[0].Data[0].TimePeriod = "2016Q1";
  assert.throws(() => parseBeaServicesJson(JSON.stringify(quarter), BEA), /TimePeriod "2016Q1"; expected a year/);
});

Deno.test("bea: errors inside HTTP 200 — BEAAPI.Error, Results.Error, in a one-item Results list, several at once", () => {
  const cases: [unknown, RegExp][] = [
    [
      { BEAAPI: { Error: { APIErrorCode: "3", APIErrorDescription: "The UserId provided is not valid." } } },
      /BEA API error 3: The UserId provided is not valid\./,
    ],
    [{
      BEAAPI: {
        Results: [{
          Error: {
            APIErrorCode: "40",
            APIErrorDescription: "The dataset requested requires parameters that were missing from the request: Year",
          },
        }],
      },
    }, /BEA API error 40: The dataset requested requires parameters/],
    [
      { BEAAPI: { Results: { Error: [{ error: "Invalid TypeOfService" }, { error: "Invalid Year" }] } } },
      /BEA API error Invalid TypeOfService; Invalid Year \(check BEA_API_KEY and the request parameters\)/,
    ],
    [
      { BEAAPI: { Results: { Statistic: "x" } } },
      /expected BEAAPI\.Results\.Data to be a list \(Results keys: Statistic\)/,
    ],
  ];
  for (const [body, message] of cases) {
    assert.throws(() => parseBeaServicesJson(JSON.stringify(body), BEA), (e: unknown) => {
      assert.ok(e instanceof FormatError && e.message.startsWith(BEA), String(e));
      assert.match(e.message, message);
      return true;
    });
  }
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
    frequency: "A",
    year: 2019,
    month: null,
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
  const monthly = variant((b) => {
    b.data[0].period = "201909";
    b.data[0].freqCode = "M";
  });
  assert.deepEqual(
    parseComtradeJson(monthly, COMTRADE).slice(0, 1).map((r) => [r.frequency, r.year, r.month]),
    [["M", 2019, 9]],
  );
  assert.throws(
    () => parseComtradeJson(variant((b) => b.data[0].period = "2019-09"), COMTRADE),
    /a month like "201909"/,
  );
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
