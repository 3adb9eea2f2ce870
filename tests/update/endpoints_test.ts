import assert from "node:assert/strict";
import { netAllowList, parseBaseUrl, rebaseUrl, redactUrl } from "../../lib/workspace/update/endpoints.ts";
import { publisherHosts, selectUpdatable, UPDATABLE } from "../../lib/workspace/update/updatable.ts";
import { censusUrl } from "../../lib/workspace/update/sources/census.ts";
import { beaUrl } from "../../lib/workspace/update/sources/bea.ts";
import { comtradeUrl } from "../../lib/workspace/update/sources/comtrade.ts";
import { IMTS_ACCEPT, IMTS_ANNUAL_URL, IMTS_MONTHLY_URL } from "../../lib/workspace/update/sources/imf-imts.ts";

Deno.test("endpoints: --base-url replaces scheme, host and port, keeping path and query", () => {
  const base = parseBaseUrl("http://127.0.0.1:8123");
  assert.equal(
    rebaseUrl(censusUrl("imports", 2019), base),
    "http://127.0.0.1:8123/data/timeseries/intltrade/imports/hs?get=CTY_CODE,CTY_NAME,GEN_VAL_MO,YEAR,MONTH&YEAR=2019",
  );
  assert.equal(
    rebaseUrl(IMTS_ANNUAL_URL, base),
    "http://127.0.0.1:8123/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/" +
      "KOR+RUS+USA.XG_FOB_USD+MG_CIF_USD.KOR+RUS+USA+SUN+G001.A?dimensionAtObservation=TIME_PERIOD",
  );
  assert.equal(rebaseUrl(censusUrl("exports", 2019)), censusUrl("exports", 2019), "no base: unchanged");
});

Deno.test("endpoints: --base-url must be scheme://host[:port]", () => {
  assert.throws(() => parseBaseUrl("127.0.0.1:8080"), /expected e\.g\. http:\/\/127\.0\.0\.1:8080|must be http/);
  assert.throws(() => parseBaseUrl("ftp://example.org"), /must be http/);
  assert.throws(() => parseBaseUrl("http://127.0.0.1:8080/mirror"), /scheme:\/\/host\[:port\] only/);
  assert.throws(() => parseBaseUrl("http://127.0.0.1:8080/?x=1"), /scheme:\/\/host\[:port\] only/);
  assert.equal(parseBaseUrl("http://127.0.0.1:8080/").host, "127.0.0.1:8080");
});

Deno.test("endpoints: network allow-list is the publishers' hosts, or the base host alone", () => {
  assert.deepEqual(publisherHosts(UPDATABLE), [
    "api.census.gov",
    "api.imf.org",
    "apps.bea.gov",
    "comtradeapi.un.org",
  ]);
  assert.deepEqual(netAllowList(publisherHosts(selectUpdatable(["imf-dots-annual"]))), ["api.imf.org"]);
  assert.deepEqual(netAllowList(publisherHosts(UPDATABLE), parseBaseUrl("http://127.0.0.1:9")), ["127.0.0.1:9"]);
  for (const r of UPDATABLE) {
    const plan = r.plan({ today: "2026-11-23", env: () => "KEY", baseUrl: undefined });
    assert.ok("requests" in plan);
    for (const request of plan.requests) assert.ok(r.hosts.includes(new URL(request.url).host), request.url);
  }
});

Deno.test("endpoints: credentials are masked", () => {
  assert.equal(
    redactUrl(beaUrl("abc-123")),
    "https://apps.bea.gov/api/data?UserID=***&method=GetData&datasetname=ITA&Indicator=ExpServ,ImpServ" +
      "&AreaOrCountry=Korea&Frequency=A,QSA&Year=ALL&ResultFormat=JSON",
  );
  assert.equal(redactUrl(censusUrl("exports", 2018, "k3y")), censusUrl("exports", 2018) + "&key=***");
});

Deno.test("endpoints: the plans ask for what the issue specifies", () => {
  const env = (name: string) => (name === "CENSUS_API_KEY" ? "CK" : undefined);
  const [census, dots, bea, beaServices, comtrade] = UPDATABLE;
  const censusPlan = census.plan({ today: "2026-11-23", env });
  assert.ok("requests" in censusPlan);
  assert.equal(censusPlan.requests.length, 2 * (2026 - 2013 + 1));
  assert.equal(
    censusPlan.requests[0].url,
    "https://api.census.gov/data/timeseries/intltrade/exports/hs?get=CTY_CODE,CTY_NAME,ALL_VAL_MO,YEAR,MONTH&YEAR=2013&key=CK",
  );
  assert.deepEqual(dots.plan({ today: "2026-11-23", env }), {
    requests: [{ url: IMTS_ANNUAL_URL, tag: "imts annual", headers: { accept: IMTS_ACCEPT } }],
  });
  const skipped = bea.plan({ today: "2026-11-23", env });
  assert.ok("skip" in skipped && /BEA_API_KEY is not set/.test(skipped.skip));
  const placeholder = bea.plan({ today: "2026-11-23", env, baseUrl: "http://127.0.0.1:1" });
  assert.ok("requests" in placeholder && placeholder.requests[0].url.includes("UserID=NO-KEY-BASE-URL"));
  const comtradePlan = comtrade.plan({ today: "2026-11-23", env });
  assert.ok("requests" in comtradePlan);
  assert.deepEqual(comtradePlan.requests.map((r) => r.tag.split(",").length), [12, 12, 12, 2]);
  assert.equal(comtradePlan.requests[3].url, comtradeUrl([2024, 2025]));
  assert.equal(comtradePlan.requests[3].headers, undefined, "keyless: the preview endpoint, no header");

  const servicesPlan = beaServices.plan({ today: "2026-11-23", env: () => "BK" });
  assert.ok("requests" in servicesPlan);
  assert.equal(
    servicesPlan.requests[0].url,
    "https://apps.bea.gov/api/data?UserID=BK&method=GetData&datasetname=IntlServTrade&TypeOfService=All" +
      "&TradeDirection=Exports,Imports&Affiliation=AllAffiliations&AreaOrCountry=Korea&Year=All&ResultFormat=JSON",
  );
  assert.ok("skip" in beaServices.plan({ today: "2026-11-23", env: () => undefined }));
  assert.deepEqual(beaServices.limits, bea.limits, "both BEA resources keep BEA's pace and stop at its block");
  assert.equal(bea.limits?.minIntervalMs, 700);

  const keyed = comtrade.plan({ today: "2026-11-23", env: (n) => (n === "COMTRADE_API_KEY" ? "S3CRET" : undefined) });
  assert.ok("requests" in keyed);
  assert.equal(keyed.requests[0].url, comtradeUrl([...Array(12).keys()].map((i) => 1988 + i), true));
  assert.match(keyed.requests[0].url, /^https:\/\/comtradeapi\.un\.org\/data\/v1\/get\/C\/A\/HS\?/);
  assert.ok(!keyed.requests[0].url.includes("S3CRET"), "the key travels in a header, never in the URL");
  assert.deepEqual(keyed.requests[0].headers, { "Ocp-Apim-Subscription-Key": "S3CRET" });
});

Deno.test("endpoints: the IMTS monthly resource is opt-in, asked from January 2010", () => {
  assert.ok(!selectUpdatable().some((r) => r.descriptor.name === "imf-imts-monthly"), "not in a plain update");
  const [monthly] = selectUpdatable(["imf-imts-monthly"]);
  assert.equal(monthly.optIn, true);
  assert.deepEqual(monthly.plan({ today: "2026-11-23", env: () => undefined }), {
    requests: [{ url: IMTS_MONTHLY_URL, tag: "imts monthly", headers: { accept: IMTS_ACCEPT } }],
  });
  assert.equal(
    IMTS_MONTHLY_URL,
    "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/KOR+RUS+USA.XG_FOB_USD+MG_CIF_USD." +
      "KOR+RUS+USA+SUN+G001.M?dimensionAtObservation=TIME_PERIOD&c[TIME_PERIOD]=ge:2010-01-01",
  );
});
