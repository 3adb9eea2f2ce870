/**
 * `deno task update --settle` end to end, against fake publishers on
 * 127.0.0.1 serving Census HS answers in the API's real format (made-up
 * values, see tests/fixtures/update/settle/README.md), on a temporary copy
 * of the workspace holding the news notebook and its claims — never the
 * committed data/. The auto claims of the news item name their settling
 * query (Census HS 87, Korea, 2011 and 2016); after `--settle` the notebook
 * computes them from the fetched resource. Before, the 2016 deficit and share
 * are judged on Census's end-use table and the rise since 2011 on the press's
 * USITC figures (secondary); once HS 87 is fetched all three are judged on it.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { openCatalog } from "../../lib/analysis/catalog/mod.ts";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { readLedger } from "../../lib/workspace/ledger/file.ts";
import { REFUSING_HOST, startFixtureServer, unusedPort } from "./fixture_server.ts";
import { FIXTURES, loadPublisherData, publisherHandler, settleFixtures } from "./publishers.ts";
import { copyData, hashDir, printedBy, ROOT } from "./workspace.ts";
import { main } from "../../lib/workspace/cli/update.ts";
import { runUpdate } from "../../lib/workspace/update/run.ts";

const DOC = "korus-news-2017";
const AUTOS = ["news-autos-deficit-24bn", "news-autos-up-77", "news-autos-share-90"];
const RESOURCE = "census-hs87-korea";

/**
 * A copy of the workspace inside `_build/` (so the kernel finds deno.json and `@lib/`): the news notebook, the data
 * files, and documents.json cut to the news item and its claims (so the ledger owes no other document's verdicts).
 */
async function newsWorkspace(): Promise<string> {
  const dir = join(ROOT, "_build", `settle-test-${crypto.randomUUID().slice(0, 8)}`);
  await Deno.mkdir(join(dir, "notebooks"), { recursive: true });
  await Deno.mkdir(join(dir, "data"));
  await Deno.copyFile(join(ROOT, "notebooks", `${DOC}.ipynb`), join(dir, "notebooks", `${DOC}.ipynb`));
  for await (const entry of Deno.readDir(join(ROOT, "data"))) {
    if (entry.isFile && entry.name !== "documents.json") {
      await Deno.copyFile(join(ROOT, "data", entry.name), join(dir, "data", entry.name));
    }
  }
  const documents = JSON.parse(await Deno.readTextFile(join(ROOT, "data", "documents.json")));
  documents.documents = documents.documents.filter((d: { id: string }) => d.id === DOC);
  documents.claims = documents.claims.filter((c: { document: string }) => c.document === DOC);
  await Deno.writeTextFile(join(dir, "data", "documents.json"), JSON.stringify(documents, null, 2) + "\n");
  return dir;
}

Deno.test("settle: the auto claims are judged on Census HS 87 once update --settle fetched it", async () => {
  const committed = await hashDir(join(ROOT, "data"));
  const dir = await newsWorkspace();
  const server = startFixtureServer(
    publisherHandler({ ...await loadPublisherData(join(ROOT, "data")), censusHs: await settleFixtures() }),
  );
  try {
    // The ledger before: rendered from the data package without the settled resource.
    const first = await renderWorkspace({ root: dir, dataDir: join(dir, "data"), quiet: true, site: false });
    assert.ok(first.ok, JSON.stringify(first.failed));
    const before = first.ledger!.verdicts.filter((v) => AUTOS.includes(v.claim));
    assert.deepEqual(before.map((v) => v.claim), AUTOS);
    // 2016 is in Census's end-use table; 2011 only in press figures. Each card names the official query instead.
    for (const v of before) {
      assert.notEqual(v.verdict, "unverifiable", v.claim);
      assert.ok(v.sources.every((s) => s.resource !== RESOURCE), v.claim);
      assert.match(v.settle ?? "", /HS 87, 2011 and 2016, from the Census International Trade API/, v.claim);
    }
    assert.ok(before[0].sources.some((s) => s.resource === "census-enduse-imports"));
    assert.ok(before[1].sources.some((s) => s.resource === "press-us-korea-autos"));

    // The command's main in this process (cli_test.ts runs `deno task update` as users do); it starts the
    // restricted updater process and re-renders the copy here.
    const { code, stdout, stderr } = await printedBy(main, ["--settle", "--workspace", dir, "--base-url", server.url]);
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    // Exactly the settling queries: two flows × two years of HS 87 with Korea, nothing else (a CENSUS_API_KEY set
    // where the tests run adds `&key=…`, left out here).
    const asked = server.requests.map((r) => decodeURIComponent(r.replaceAll("+", " ")).replace(/&key=[^&]*$/, ""));
    assert.deepEqual(asked.sort(), [
      "/data/timeseries/intltrade/exports/hs?get=CTY_NAME,ALL_VAL_MO&COMM_LVL=HS2&E_COMMODITY=87&CTY_CODE=5800&time=from 2011-01 to 2011-12",
      "/data/timeseries/intltrade/exports/hs?get=CTY_NAME,ALL_VAL_MO&COMM_LVL=HS2&E_COMMODITY=87&CTY_CODE=5800&time=from 2016-01 to 2016-12",
      "/data/timeseries/intltrade/imports/hs?get=CTY_NAME,GEN_VAL_MO&COMM_LVL=HS2&I_COMMODITY=87&CTY_CODE=5800&time=from 2011-01 to 2011-12",
      "/data/timeseries/intltrade/imports/hs?get=CTY_NAME,GEN_VAL_MO&COMM_LVL=HS2&I_COMMODITY=87&CTY_CODE=5800&time=from 2016-01 to 2016-12",
    ]);
    assert.match(stdout, new RegExp(`^${RESOURCE} +— → 48 +\\+24 \\/ −0 +\\+48 \\/ −0 +0 +new$`, "m"));
    // None was unverifiable before; all three are judged on HS 87 now, listed among the verdict changes.
    assert.match(stdout, /^Claims settled \(left unverifiable\): 0$/m);
    assert.match(stdout, /^ {2}\* news-autos-deficit-24bn: \w+ → approximate; computed .+ → \$23\.4 billion$/m);
    assert.match(stdout, /^ {2}\* news-autos-up-77: \w+ → discrepant; computed .+ → 95(\.0)?%$/m);
    assert.match(stdout, /^ {2}\* news-autos-share-90: .*; computed .+ → /m);
    assert.doesNotMatch(stdout, /Still unverifiable/);

    // The resource, with its provenance and vintage, in the copy's data package only.
    const catalog = openCatalog({ dataDir: join(dir, "data") });
    const entry = catalog.resource(RESOURCE);
    assert.equal(entry.vintage.basis, "retrieved");
    assert.match(
      entry.vintage.label,
      /^Census International Trade API figures as retrieved from http:\/\/127\.0\.0\.1/,
    );
    assert.equal(entry.producedBy?.importer, "lib/workspace/update/sources/census-hs.ts");
    assert.equal(entry.producedBy?.inputs.length, 4);
    assert.match(entry.description ?? "", /Fetched by deno task update --settle to settle claims/);
    const autos = catalog.load(RESOURCE);
    assert.equal(autos.numRows(), 48);
    const rows = autos.objects() as { flow: string; year: number; value: number }[];
    const sum = (flow: string, year: number) =>
      rows.filter((r) => r.flow === flow && r.year === year).reduce((total, r) => total + r.value, 0);
    assert.equal(sum("imports", 2016) - sum("exports", 2016), 23_400_000_000);
    assert.equal(sum("imports", 2011) - sum("exports", 2011), 12_000_000_000);

    // The ledger after, and the share computed from both Census series.
    const after = (await readLedger(dir))!.verdicts.filter((v) => AUTOS.includes(v.claim));
    assert.ok(after.every((v) => v.verdict !== "unverifiable" && v.sources.some((s) => s.resource === RESOURCE)));
    const census = openCatalog({ dataDir: join(dir, "data") }).load("census-goods-by-partner-monthly")
      .objects() as { cty_code: string; year: number; exports: number; imports: number }[];
    const deficit2016 = census.filter((r) => r.cty_code === "5800" && r.year === 2016)
      .reduce((total, r) => total + r.imports - r.exports, 0);
    const share = after.find((v) => v.claim === "news-autos-share-90")!;
    assert.ok(Math.abs((share.computed!.value as number) - 23_400_000_000 / deficit2016 * 100) < 1e-9);

    assert.deepEqual(await hashDir(join(ROOT, "data")), committed, "the committed data/ is untouched");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("settle: --dry-run lists what it would fetch and asks nothing; offline, the list comes with the error", async () => {
  const dir = await newsWorkspace();
  const server = startFixtureServer(() => new Response("unexpected", { status: 500 }));
  try {
    const before = await hashDir(join(dir, "data"));
    const dry = await printedBy(main, ["--settle", "--dry-run", "--workspace", dir, "--base-url", server.url]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(server.requests, [], "a dry run of --settle fetches nothing");
    assert.match(dry.stdout, /^update --settle would fetch:$/m);
    assert.match(
      dry.stdout,
      /^census-hs87-korea — settles news-autos-deficit-24bn, news-autos-up-77, news-autos-share-90$/m,
    );
    assert.equal(dry.stdout.match(/^ {2}GET http:\/\/127\.0\.0\.1:\d+\/data\/timeseries\/intltrade\//gm)?.length, 4);
    assert.match(dry.stdout, /Dry run: nothing fetched, nothing written\./);

    const offline = `http://${REFUSING_HOST}:${unusedPort()}`;
    const failed = await printedBy(main, ["--settle", "--workspace", dir, "--base-url", offline, "--retries", "0"]);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /✗ census-hs87-korea: GET .* failed after 1 attempt: connection refused/);
    assert.match(failed.stdout, /^update --settle would fetch \(nothing was written\):$/m);
    assert.equal(failed.stdout.match(/^ {2}GET http:\/\/127\.0\.0\.2:\d+\/data\/timeseries\/intltrade\//gm)?.length, 4);
    assert.deepEqual(await hashDir(join(dir, "data")), before);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("settle: the fixture bodies are in the Census API's real format", async () => {
  const real = JSON.parse(
    await Deno.readTextFile(
      new URL("recorded/census_intltrade/exports_hs_HS10_2710121510_CTY1220_from2016-01.body.json", FIXTURES),
    ),
  );
  for (const [key, text] of Object.entries(await settleFixtures())) {
    const body = JSON.parse(text);
    assert.ok(Array.isArray(body) && body.every((row: unknown[]) => row.every((v) => typeof v === "string")), key);
    // The predicate variables come back as the last columns, in the order of the recorded body.
    assert.deepEqual(body[0].slice(-4).map((c: string) => c.replace(/^I_/, "E_")), real[0].slice(1));
    assert.equal(body.length, 13, `${key}: header and twelve months`);
  }
});

Deno.test("settle: a settling query may not replace a resource another importer made", async () => {
  const dataDir = await copyData();
  try {
    const before = await hashDir(dataDir);
    const calls: string[] = [];
    const report = await runUpdate({
      dataDir,
      settle: [{
        source: "census-hs",
        resource: "imf-dots-annual",
        level: "HS2",
        commodities: ["87"],
        partner: "5800",
        flows: ["exports"],
        years: [2016],
      }],
      dryRun: false,
      allowShrink: false,
      timeoutSeconds: 5,
      retries: 0,
      quiet: true,
      today: "2026-11-23",
    }, {
      fetchImpl: ((url: string) => (calls.push(url), Promise.reject(new Error("not to be fetched")))) as typeof fetch,
    });
    assert.equal(report.ok, false);
    assert.deepEqual(calls, []);
    assert.match(
      report.errors[0].message,
      /imf-dots-annual is already a resource of .*datapackage\.json, made by \S+; a settling query may not replace it/,
    );
    assert.deepEqual(await hashDir(dataDir), before);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
