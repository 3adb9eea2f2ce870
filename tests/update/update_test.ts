/**
 * End-to-end tests of the update: the updater's run (in this process, as the restricted updater process runs it)
 * against a fixture server on 127.0.0.1 that speaks the publishers' formats, on a temporary copy of `data/`. The
 * process itself is tested by permissions_test.ts and, with a full dry run like the first test's, by cli_test.ts
 * (`deno task update`). Every failure must name the resource and the URL, and leave every file of the data folder
 * byte-identical (compared by SHA-256, which also catches a leftover temp file).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { openCatalog, sha256 } from "../../lib/analysis/catalog/mod.ts";
import type { UpdateReport } from "../../lib/workspace/update/run.ts";
import { type FixtureServer, REFUSING_HOST, startFixtureServer, unusedPort } from "./fixture_server.ts";
import {
  censusBody,
  FIXTURES,
  imtsJsonBody,
  imtsObservations,
  imtsXmlBody,
  loadPublisherData,
  type Override,
  type PublisherData,
  publisherHandler,
} from "./publishers.ts";
import { copyData, dataHashes, hashDir, planFor, ROOT, runPlanHere, skippingClock } from "./workspace.ts";
import type { UpdatePlan } from "../../lib/workspace/update/run.ts";

const CENSUS = "census-goods-by-partner-monthly";
const DOTS = "imf-dots-annual";
const BEA = "bea-services-korea";
const BEA_SERVICES = "bea-services-korea-by-type";
const COMTRADE = "comtrade-korea-partners";

/** What the fake publishers serve by default: the curated data itself, so nothing changes. */
const PUBLISHED: PublisherData = await loadPublisherData(join(ROOT, "data"));

interface Run {
  report: UpdateReport;
  stderr: string;
  server: FixtureServer;
  dataDir: string;
  before: Record<string, string>;
  after: Record<string, string>;
}

/**
 * Copies data/, serves `data` (with `override`), runs the plan in this process (`runPlanHere`), and stops the server.
 * The copy's hashes before the run are those of data/, from which it was copied. Waits (BEA's pacing, backoff) are
 * skipped unless `realWaits`, for the cases about waiting.
 */
async function update(
  options: {
    data?: PublisherData;
    override?: Override;
    plan?: Partial<UpdatePlan>;
    env?: Record<string, string>;
    realWaits?: boolean;
  } = {},
): Promise<Run> {
  const dataDir = await copyData();
  const server = startFixtureServer(publisherHandler(options.data ?? PUBLISHED, options.override));
  try {
    const before = await dataHashes();
    const clock = options.realWaits ? undefined : skippingClock();
    const { report, stderr } = await runPlanHere(planFor(dataDir, server.url, options.plan), {
      env: options.env,
      clock,
    });
    return { report, stderr, server, dataDir, before, after: await hashDir(dataDir) };
  } finally {
    await server.close();
  }
}

async function cleanup(run: Run): Promise<void> {
  await Deno.remove(run.dataDir, { recursive: true });
}

/** The run failed for `resource`, naming a URL that matches, and the data folder is byte-identical. */
function assertRefused(run: Run, resource: string, url: RegExp, message: RegExp): void {
  assert.equal(run.report.ok, false, "the update must fail");
  assert.deepEqual(run.report.written, []);
  const error = run.report.errors.find((e) => e.resource === resource);
  assert.ok(error, `an error for ${resource}; got ${JSON.stringify(run.report.errors)}`);
  assert.match(error.url ?? "", url);
  assert.ok(error.message.includes(run.server.url) || error.message.includes(resource), error.message);
  assert.match(error.message, message);
  assert.ok(error.hint.length > 0);
  assert.deepEqual(run.after, run.before, "every file of the data folder is byte-identical");
}

function outcome(report: UpdateReport, name: string) {
  const found = report.resources.find((r) => r.name === name);
  assert.ok(found, `no outcome for ${name}`);
  return found;
}

/** The publishers' data with some DOTS rows changed. */
function withDots(change: (rows: PublisherData["dots"]) => PublisherData["dots"]): PublisherData {
  return { ...PUBLISHED, dots: change(PUBLISHED.dots.map((r) => ({ ...r }))) };
}

const isKoreaRussia2019Exports = (r: PublisherData["dots"][number]) =>
  r.reporter === "KOR" && r.partner === "RUS" && r.flow === "exports" && r.year === 2019;

Deno.test("update: happy path, dry run — Census and DOTS reproduce data/ byte for byte, BEA (both) and Comtrade are new", async () => {
  const run = await update({ plan: { dryRun: true, quiet: false } });
  try {
    assert.deepEqual(run.report.errors, []);
    assert.equal(run.report.ok, true);
    assert.deepEqual(run.report.resources.map((r) => [r.name, r.status]), [
      [CENSUS, "unchanged"],
      [DOTS, "unchanged"],
      [BEA, "new"],
      [BEA_SERVICES, "new"],
      [COMTRADE, "new"],
    ]);
    assert.equal(outcome(run.report, CENSUS).change?.rowsAfter, PUBLISHED.census.length);
    assert.equal(outcome(run.report, CENSUS).urls.length, 28, "2013–2026, two flows");
    assert.equal(outcome(run.report, BEA).change?.rowsAfter, 8);
    assert.equal(outcome(run.report, BEA_SERVICES).change?.rowsAfter, 6);
    assert.deepEqual(run.report.written, []);
    assert.deepEqual(run.after, run.before, "a dry run writes nothing");
    assert.match(
      run.stderr,
      /^\[1\/35\] GET 127\.0\.0\.1:\d+\/data\/timeseries\/intltrade\/exports\/hs\?get=.*YEAR=2013 200 \d/m,
    );
    assert.match(run.stderr, /\[27\/35\] GET .*YEAR=2026 204 0 B/);
    assert.ok(run.server.requests.every((r) => !r.includes("UserID=NO-KEY") || r.startsWith("/api/data")));
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: writes new resources and datapackage.json with provenance; a second run changes nothing", async () => {
  const plan = { only: [DOTS, BEA, BEA_SERVICES, COMTRADE] };
  const run = await update({ plan, env: { BEA_API_KEY: "fixture-secret-key" } });
  try {
    assert.deepEqual(run.report.errors, []);
    const files = [`${BEA_SERVICES}.csv`, `${BEA}.csv`, `${COMTRADE}.csv`, "datapackage.json"];
    assert.deepEqual(run.report.written.sort(), files);
    const changed = Object.keys(run.after).filter((f) => run.after[f] !== run.before[f]).sort();
    assert.deepEqual(changed, files);
    const descriptor = JSON.parse(await Deno.readTextFile(join(run.dataDir, "datapackage.json")));
    const original = JSON.parse(await Deno.readTextFile(join(ROOT, "data", "datapackage.json")));
    assert.deepEqual(descriptor.resources.slice(0, original.resources.length), original.resources, "others untouched");
    const bea = descriptor.resources.find((r: { name: string }) => r.name === BEA);
    assert.equal(bea.hash, `sha256:${run.after[`${BEA}.csv`]}`);
    assert.equal(bea.bytes, (await Deno.readFile(join(run.dataDir, `${BEA}.csv`))).length);
    assert.equal(bea.sources[0].retrieved, "2026-11-23");
    assert.match(bea.sources[0].vintage, /from http:\/\/127\.0\.0\.1:\d+ \(--base-url\)/);
    assert.equal(bea.producedBy.importer, "lib/workspace/update/sources/bea.ts");
    assert.match(bea.producedBy.inputs[0].path, /^http:\/\/127\.0\.0\.1:\d+\/api\/data\?UserID=\*\*\*&method=GetData/);
    assert.ok(!JSON.stringify(descriptor).includes("fixture-secret-key"), "the key never reaches datapackage.json");
    assert.equal(
      bea.producedBy.inputs[0].sha256,
      sha256(await Deno.readTextFile(new URL("bea-ita-korea.json", FIXTURES))),
    );
    assert.equal(
      await Deno.readTextFile(join(run.dataDir, `${BEA}.csv`)),
      "flow,frequency,period,year,value\n" +
        "exports,A,2016,2016,21550\nexports,A,2017,2017,23200\nexports,QSA,2018Q1,2018,5950\nexports,QSA,2018Q2,2018,6050\n" +
        "imports,A,2016,2016,10850\nimports,A,2017,2017,11000\nimports,QSA,2018Q1,2018,2770\nimports,QSA,2018Q2,2018,2830\n",
    );
    // IntlServTrade: Results as a one-item list, UNIT_MULT 3 scaled, "n.a." and (D) left out, Balance not stored.
    assert.equal(
      await Deno.readTextFile(join(run.dataDir, `${BEA_SERVICES}.csv`)),
      "type_of_service,flow,year,value\n" +
        "AllServiceTypes,exports,2016,21550\nAllServiceTypes,exports,2017,23200\n" +
        "AllServiceTypes,imports,2016,10850\nAllServiceTypes,imports,2017,11000\n" +
        "Travel,exports,2016,4100\nTravel,imports,2016,1300\n",
    );
    const services = descriptor.resources.find((r: { name: string }) => r.name === BEA_SERVICES);
    assert.equal(services.vintage.basis, "retrieved");
    assert.match(services.vintage.label, /^BEA International Services figures as retrieved from http:\/\/127\.0\.0\.1/);
    // The catalog reads the new resources, validated, with their provenance.
    const catalog = openCatalog({ dataDir: run.dataDir });
    assert.equal(catalog.load(COMTRADE).numRows(), 10);
    assert.deepEqual(catalog.load(COMTRADE).filter("d => d.partner === 'SUN'").array("value"), [625200000, 577200000]);

    const server = startFixtureServer(publisherHandler(PUBLISHED));
    try {
      const again = await runPlanHere(planFor(run.dataDir, server.url, plan), { clock: skippingClock() });
      assert.equal(again.report.ok, true);
      assert.deepEqual(again.report.written, [], "unchanged data is not rewritten");
      assert.deepEqual(again.report.resources.map((r) => r.status), [
        "unchanged",
        "unchanged",
        "unchanged",
        "unchanged",
      ]);
      assert.deepEqual(await hashDir(run.dataDir), run.after);
    } finally {
      await server.close();
    }
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: a revised DOTS value is reported old → new and written", async () => {
  const data = withDots((rows) => rows.map((r) => (isKoreaRussia2019Exports(r) ? { ...r, value: 7900.5 } : r)));
  const run = await update({ data, plan: { only: [DOTS] } });
  try {
    assert.deepEqual(run.report.errors, []);
    const change = outcome(run.report, DOTS).change!;
    assert.equal(change.status, "changed");
    assert.equal(change.revisionCount, 1);
    assert.deepEqual(change.revisions[0], {
      key: "KOR RUS exports 2019",
      field: "value",
      old: 7789.791,
      new: 7900.5,
      percent: 1.4212,
      suspicious: false,
    });
    assert.deepEqual(run.report.written.sort(), ["datapackage.json", `${DOTS}.csv`]);
    const csv = await Deno.readTextFile(join(run.dataDir, `${DOTS}.csv`));
    assert.match(csv, /^KOR,"Korea, Rep\. of",RUS,Russian Federation,exports,FOB,2019,7900\.5,false$/m);
    const entry = JSON.parse(await Deno.readTextFile(join(run.dataDir, "datapackage.json"))).resources
      .find((r: { name: string }) => r.name === DOTS);
    assert.equal(entry.hash, `sha256:${run.after[`${DOTS}.csv`]}`);
    assert.equal(entry.producedBy.importer, "lib/workspace/update/sources/imf-imts.ts");
    assert.equal(entry.sources.length, 1);
    assert.match(entry.sources[0].title, /IMTS, formerly DOTS/);
    assert.deepEqual(entry.vintage, {
      date: "2026-11-23",
      basis: "retrieved",
      label:
        `IMF IMTS (formerly DOTS) figures as retrieved from ${run.server.url} (--base-url), not the publisher's host`,
    });
    assert.equal(openCatalog({ dataDir: run.dataDir }).load(DOTS).numRows(), PUBLISHED.dots.length);
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: a revised Census month and a new month show in the dry-run report", async () => {
  const census = PUBLISHED.census.map((r) =>
    r.cty_code === "5800" && r.year === 2018 && r.month === 7 ? { ...r, exports: 4_600_000_000 } : r
  );
  census.push({
    ...census.find((r) => r.cty_code === "5800" && r.year === 2024 && r.month === 12)!,
    year: 2025,
    month: 1,
  });
  const run = await update({ data: { ...PUBLISHED, census }, plan: { only: [CENSUS], dryRun: true } });
  try {
    assert.deepEqual(run.report.errors, []);
    const change = outcome(run.report, CENSUS).change!;
    assert.deepEqual(change.periodsAdded, ["2025-01"]);
    assert.equal(change.valuesAdded, 2);
    assert.equal(change.revisionCount, 1);
    assert.equal(change.revisions[0].key, "5800 KOREA, SOUTH 2018-07");
    assert.equal(change.revisions[0].field, "exports");
    assert.equal(change.revisions[0].new, 4_600_000_000);
    assert.deepEqual(run.after, run.before);
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: a Census series that shrank (2024 answers 204) is refused (--allow-shrink writing a shrunk series: the DOTS case below)", async () => {
  const override: Override = (url) =>
    url.searchParams.get("YEAR") === "2024" ? new Response(null, { status: 204 }) : undefined;
  const run = await update({ override, plan: { only: [CENSUS] } });
  try {
    assertRefused(
      run,
      CENSUS,
      /\/data\/timeseries\/intltrade\/exports\/hs\?get=.*YEAR=2013/,
      /census-goods-by-partner-monthly: series .* shrank: \d+ → \d+ months \(gone: 2024-01 … 2024-12 \(12\)\) and \d+ more series; refusing to write; pass --allow-shrink if intended/,
    );
    // With data for 2013–2024 this reads "shrank: 144 → 132 months": twelve months fewer.
    const [, before, after] = /shrank: (\d+) → (\d+) months/.exec(run.report.errors[0].message)!;
    assert.equal(Number(before) - Number(after), 12);
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: a DOTS series that lost years is refused, and written with --allow-shrink", async () => {
  const data = withDots((rows) =>
    rows.filter((r) => !(r.reporter === "KOR" && r.partner === "RUS" && Number(r.year) >= 2019))
  );
  const refused = await update({ data, plan: { only: [DOTS] } });
  try {
    assertRefused(
      refused,
      DOTS,
      /IMF\.STA\/IMTS\//,
      /imf-dots-annual: series KOR RUS exports shrank: 29 → 27 years \(gone: 2019, 2020\) and 1 more series; refusing to write; pass --allow-shrink/,
    );
  } finally {
    await cleanup(refused);
  }
  const allowed = await update({ data, plan: { only: [DOTS], allowShrink: true } });
  try {
    assert.equal(allowed.report.ok, true);
    assert.deepEqual(allowed.report.written.sort(), ["datapackage.json", `${DOTS}.csv`]);
    assert.equal(outcome(allowed.report, DOTS).change?.rowsAfter, PUBLISHED.dots.length - 4);
  } finally {
    await cleanup(allowed);
  }
});

Deno.test("update: HTTP 500 is retried, then fails naming resource, URL, status and attempts", async () => {
  const override: Override = (url) =>
    url.pathname.endsWith("/exports/hs") && url.searchParams.get("YEAR") === "2013"
      ? new Response("<html><head><title>500 Internal Server Error</title></head></html>", { status: 500 })
      : undefined;
  const run = await update({ override, plan: { only: [CENSUS], retries: 1 } });
  try {
    assertRefused(
      run,
      CENSUS,
      /exports\/hs\?get=CTY_CODE,CTY_NAME,ALL_VAL_MO,YEAR,MONTH&YEAR=2013$/,
      /failed after 2 attempts: HTTP 500 Internal Server Error \(500 Internal Server Error\)/,
    );
    assert.equal(run.server.requests.length, 2, "one retry, then the resource stops");
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: 429 with Retry-After is waited out and the update succeeds", async () => {
  let refusals = 0;
  const override: Override = (url) => {
    if (!url.pathname.includes("/IMTS/") || refusals++ > 0) return undefined;
    return new Response("rate limited", { status: 429, headers: { "retry-after": "1" } });
  };
  const started = Date.now();
  const run = await update({ override, plan: { only: [DOTS], retries: 2, quiet: false }, realWaits: true });
  try {
    assert.equal(run.report.ok, true);
    assert.equal(run.server.requests.length, 2);
    assert.ok(Date.now() - started >= 1000, "waited for Retry-After");
    assert.match(run.stderr, /\[1\/1\] GET .*IMF\.STA\/IMTS.* 429; retry 1\/2 in 1\.0 s/);
    assert.equal(outcome(run.report, DOTS).status, "unchanged");
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: connection refused fails naming the URL", async () => {
  const dataDir = await copyData();
  try {
    const before = await dataHashes();
    const base = `http://${REFUSING_HOST}:${unusedPort()}`;
    const { report } = await runPlanHere(planFor(dataDir, base, { only: [DOTS], retries: 1 }));
    assert.equal(report.ok, false);
    const [error] = report.errors;
    assert.equal(error.resource, DOTS);
    assert.ok(error.url?.startsWith(`${base}/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/`));
    assert.match(error.message, /failed after 2 attempts: connection refused/);
    assert.deepEqual(await hashDir(dataDir), before);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("update: a request that outlives --timeout fails", async () => {
  const override: Override = async (url) => {
    if (!url.pathname.includes("/IMTS/")) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return new Response(imtsXmlBody(imtsObservations(PUBLISHED.dots)));
  };
  const run = await update({ override, plan: { only: [DOTS], timeoutSeconds: 0.3 } });
  try {
    assertRefused(
      run,
      DOTS,
      /IMF\.STA\/IMTS\//,
      /failed after 1 attempt: no complete response within 0\.3 s \(timeout/,
    );
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: truncated XML or JSON, an HTML page, an empty body, no series and a 204 are format errors", async () => {
  const cases: [Override, RegExp][] = [
    [
      () => new Response(imtsXmlBody(imtsObservations(PUBLISHED.dots)).slice(0, 5000)),
      /not well-formed XML, possibly truncated \(line 1, column \d+/,
    ],
    [
      () => new Response(imtsJsonBody(imtsObservations(PUBLISHED.dots)).slice(0, 5000)),
      /not valid JSON, possibly truncated/,
    ],
    [() => new Response(imtsXmlBody([])), /the IMF's answer holds no series: the key matched nothing/],
    [() => new Response(null, { status: 204 }), /204 No Content: the IMF does not know this dataflow/],
    [
      async () => new Response(await Deno.readTextFile(new URL("html-error.html", FIXTURES))),
      /got an HTML page where data was expected \("Service Unavailable - Maintenance"\)/,
    ],
    [() => new Response(""), /empty body; expected data/],
  ];
  for (const [override, message] of cases) {
    const run = await update({ override, plan: { only: [DOTS] } });
    try {
      assertRefused(
        run,
        DOTS,
        /^http:\/\/127\.0\.0\.1:\d+\/external\/sdmx\/3\.0\/data\/dataflow\/IMF\.STA\/IMTS\/\+\/KOR\+RUS\+USA\./,
        message,
      );
    } finally {
      await cleanup(run);
    }
  }
});

Deno.test("update: schema drift (a renamed Census field) fails naming the URL and the columns present", async () => {
  const override: Override = (url) =>
    url.pathname.endsWith("/exports/hs") && url.searchParams.get("YEAR") === "2016"
      ? new Response(
        censusBody(PUBLISHED.census, "exports", 2016, ["CTY_CODE", "CTY_NAME", "ALL_VAL_MTH", "YEAR", "MONTH"]),
      )
      : undefined;
  const run = await update({ override, plan: { only: [CENSUS] } });
  try {
    assertRefused(
      run,
      CENSUS,
      /exports\/hs\?get=.*YEAR=2016/,
      /missing column\(s\) ALL_VAL_MO \(columns present: CTY_CODE, CTY_NAME, ALL_VAL_MTH, YEAR, MONTH\)/,
    );
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: duplicate periods, a negative and an absurd value are refused", async () => {
  // The same series and period twice: a second data set repeating Korea's 2019 exports to Russia.
  const duplicated: Override = (url) => {
    if (!url.pathname.includes("/IMTS/")) return undefined;
    const again = imtsXmlBody(imtsObservations(PUBLISHED.dots.filter(isKoreaRussia2019Exports)));
    const dataSet = /<message:DataSet[\s\S]*<\/message:DataSet>/.exec(again)![0];
    return new Response(
      imtsXmlBody(imtsObservations(PUBLISHED.dots)).replace("</message:StructureSpecificData>", `${dataSet}$&`),
    );
  };
  const absurd = withDots((rows) => rows.map((r) => (isKoreaRussia2019Exports(r) ? { ...r, value: 7789791000 } : r)));
  const negativeCensus: Override = (url) => {
    if (!url.pathname.endsWith("/imports/hs") || url.searchParams.get("YEAR") !== "2017") return undefined;
    const body = censusBody(PUBLISHED.census, "imports", 2017)!.replace(/"(\d+)","2017","03"\]/, '"-$1","2017","03"]');
    return new Response(body);
  };
  const runs: [Parameters<typeof update>[0], string, RegExp, RegExp][] = [
    [
      { override: duplicated, plan: { only: [DOTS] } },
      DOTS,
      /IMTS/,
      /duplicate period 2019 for KOR\.XG_FOB_USD\.RUS\.A/,
    ],
    [
      { data: absurd, plan: { only: [DOTS] } },
      DOTS,
      /IMTS/,
      /\(KOR→RUS exports 2019\): value: 7789791000 USD millions is above the maximum 10000000 USD millions; check the unit/,
    ],
    [
      { override: negativeCensus, plan: { only: [CENSUS] } },
      CENSUS,
      /imports\/hs\?get=.*YEAR=2017/,
      /imports\/hs\?get=.*YEAR=2017 row \d+: GEN_VAL_MO: negative trade value -\d+/,
    ],
  ];
  for (const [options, resource, url, message] of runs) {
    const run = await update(options);
    try {
      assertRefused(run, resource, url, message);
    } finally {
      await cleanup(run);
    }
  }
});

Deno.test("update: a BEA error answer fails, and nothing is written although DOTS changed (all or nothing)", async () => {
  const data = withDots((rows) => rows.map((r) => (isKoreaRussia2019Exports(r) ? { ...r, value: 7900.5 } : r)));
  const override: Override = async (url) =>
    url.pathname === "/api/data"
      ? new Response(await Deno.readTextFile(new URL("bea-ita-error.json", FIXTURES)))
      : undefined;
  const run = await update({ data, override, plan: { only: [DOTS, BEA] }, env: { BEA_API_KEY: "not-valid" } });
  try {
    assertRefused(
      run,
      BEA,
      /\/api\/data\?UserID=\*\*\*&method=GetData/,
      /BEA API error 3: The UserId provided is not valid\./,
    );
    assert.equal(outcome(run.report, DOTS).status, "changed", "DOTS was fetched and compared…");
    assert.ok(!run.report.errors[0].message.includes("not-valid"), "…and the key is masked");
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: without BEA_API_KEY (and no --base-url) BEA is skipped with a note, without any request", async () => {
  const dataDir = await copyData();
  try {
    const before = await dataHashes();
    const plan = { ...planFor(dataDir, "unused", { only: [BEA] }), baseUrl: undefined };
    const { report } = await runPlanHere(plan, { env: { BEA_API_KEY: "" } });
    assert.equal(report.ok, true);
    assert.equal(outcome(report, BEA).status, "skipped");
    assert.match(outcome(report, BEA).note!, /BEA_API_KEY is not set; get a free key at https:\/\/apps\.bea\.gov/);
    assert.deepEqual(await hashDir(dataDir), before);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("update: an endless answer is cut at --max-body-mb while it streams; nothing written", async () => {
  let chunks = 0;
  const override: Override = (url) => {
    if (!url.pathname.includes("/IMTS/")) return undefined;
    const chunk = new TextEncoder().encode("<Obs/>".repeat(10_000));
    return new Response(
      new ReadableStream({
        pull(controller) {
          if (++chunks > 20_000) controller.close(); // 1.2 GB at most, should the cap fail
          else controller.enqueue(chunk);
        },
      }),
    );
  };
  const run = await update({ override, plan: { only: [DOTS], maxBodyBytes: 2_000_000 } });
  try {
    assertRefused(
      run,
      DOTS,
      /IMF\.STA\/IMTS/,
      /the answer is larger than the 2\.0 MB cap \(2\.\d MB read, then stopped\)/,
    );
    assert.match(run.report.errors[0].hint, /--max-body-mb/);
    assert.ok(chunks < 200, `the server was asked for ${chunks} chunks of 60 kB, not the whole body`);
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: Retry-After: 100000 with --timeout 5 fails at once instead of waiting", async () => {
  const override: Override = (url) =>
    url.pathname.includes("/IMTS/")
      ? new Response("busy", { status: 429, headers: { "retry-after": "100000" } })
      : undefined;
  const started = Date.now();
  const run = await update({ override, plan: { only: [DOTS], retries: 3, timeoutSeconds: 5 }, realWaits: true });
  try {
    assertRefused(
      run,
      DOTS,
      /IMF\.STA\/IMTS/,
      /failed after 1 attempt: HTTP 429 .*asked to wait 100000\.0 s before trying again, longer than the 5\.0 s allowed/,
    );
    assert.equal(run.server.requests.length, 1);
    assert.ok(Date.now() - started < 15_000, "no wait");
  } finally {
    await cleanup(run);
  }
});

Deno.test("update: Comtrade — count 0 everywhere is 'no records', 'Try again in N seconds' is waited out, the key goes in a header", async () => {
  const empty: Override = (url) =>
    url.pathname.startsWith("/public/v1/preview/")
      ? new Response(JSON.stringify({ elapsedTime: "0.1 secs", count: 0, data: [], error: "" }))
      : undefined;
  const none = await update({ override: empty, plan: { only: [COMTRADE] } });
  try {
    assertRefused(
      none,
      COMTRADE,
      /\/public\/v1\/preview\/C\/A\/HS\?reporterCode=410/,
      /no records: check the period format YYYY \/ YYYYMM \(asked period=1988,.*,2025\)/,
    );
  } finally {
    await cleanup(none);
  }

  let refused = 0;
  const busy: Override = (url) =>
    url.pathname.startsWith("/public/v1/preview/") && refused++ === 0
      ? new Response('{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds." }', {
        status: 429,
      })
      : undefined;
  const started = Date.now();
  const waited = await update({
    override: busy,
    plan: { only: [COMTRADE], retries: 1, quiet: false, dryRun: true },
    realWaits: true,
  });
  try {
    assert.deepEqual(waited.report.errors, []);
    assert.ok(Date.now() - started >= 1000);
    assert.match(waited.stderr, /\[1\/4\] GET .*preview.* 429; retry 1\/1 in 1\.0 s/);
  } finally {
    await cleanup(waited);
  }

  const keyed = await update({ plan: { only: [COMTRADE] }, env: { COMTRADE_API_KEY: "comtrade-s3cret" } });
  try {
    assert.deepEqual(keyed.report.errors, []);
    assert.ok(keyed.server.requests.every((r) => r.startsWith("/data/v1/get/C/A/HS?")), keyed.server.requests[0]);
    assert.ok(keyed.server.requests.every((r) => !r.includes("s3cret")));
    const descriptor = await Deno.readTextFile(join(keyed.dataDir, "datapackage.json"));
    assert.ok(!descriptor.includes("comtrade-s3cret") && !JSON.stringify(keyed.report).includes("comtrade-s3cret"));
    assert.equal(openCatalog({ dataDir: keyed.dataDir }).load(COMTRADE).numRows(), 10);
  } finally {
    await cleanup(keyed);
  }
});

Deno.test("update: --only imf-imts-monthly writes the monthly IMTS series (made-up observations)", async () => {
  // Three made-up monthly observations in the IMTS shape (SCALE 6 declared, US dollars sent); not IMF figures.
  const monthly = (period: string, counterpart: string, value: string) => ({
    series: {
      COUNTRY: "KOR",
      INDICATOR: "XG_FOB_USD",
      COUNTERPART_COUNTRY: counterpart,
      FREQUENCY: "M",
      OVERLAP: "OL",
      SCALE: "6",
    },
    period,
    value,
    attributes: { DERIVATION_TYPE: "M" },
  });
  const data = {
    ...PUBLISHED,
    imts: [
      monthly("2017-M08", "G001", "47000000000"),
      monthly("2017-M09", "G001", "55000000000"),
      monthly("2017-M09", "GBR", "500000000"),
    ],
  };
  const run = await update({ data, plan: { only: ["imf-imts-monthly"] } });
  try {
    assert.deepEqual(run.report.errors, []);
    assert.match(run.server.requests[0], /\.M\?dimensionAtObservation=TIME_PERIOD&c\[TIME_PERIOD\]=ge:2010-01-01$/);
    assert.equal(
      await Deno.readTextFile(join(run.dataDir, "imf-imts-monthly.csv")),
      "reporter,reporter_name,partner,partner_name,flow,valuation,year,month,value,estimate\n" +
        'KOR,"Korea, Rep. of",WLD,World,exports,FOB,2017,8,47000,false\n' +
        'KOR,"Korea, Rep. of",WLD,World,exports,FOB,2017,9,55000,false\n',
    );
    assert.equal(openCatalog({ dataDir: run.dataDir }).load("imf-imts-monthly").numRows(), 2);
  } finally {
    await cleanup(run);
  }
});
