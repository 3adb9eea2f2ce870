import assert from "node:assert/strict";
import { join } from "node:path";
import { parseCsvRows } from "../../lib/analysis/catalog/csv.ts";
import { load } from "../../lib/analysis/catalog/load.ts";
import { curate } from "../../lib/workspace/data/curate.ts";
import { annualTotals, valueAt, yearToDate } from "../../lib/analysis/trade/mod.ts";
import { RESOURCES } from "../../lib/workspace/data/resources/mod.ts";
import { ROOT } from "../helpers/paths.ts";

const RAW = join(ROOT, "data", "raw");
const ORACLES = join(ROOT, "tests", "fixtures", "data");

// Byte for byte against the committed files also proves that the import is repeatable (no time stamp, no
// order that varies): a second import in the same test would only repeat the work.
Deno.test("data:import reproduces data/ byte for byte from data/raw", async () => {
  const out = await Deno.makeTempDir({ prefix: "claimbook-curate-" });
  const first = await curate({ rawDir: RAW, dataDir: out });
  assert.equal(first.resources.length, RESOURCES.length);
  for (const resource of first.descriptor.resources) {
    for (const input of resource.producedBy?.inputs ?? []) {
      assert.match(input.path, /^data\/raw\//, `${resource.name} reads ${input.path} from outside the repository`);
    }
  }
  for (const name of [...first.resources.map((r) => r.path), "datapackage.json"]) {
    const built = await Deno.readFile(join(out, name));
    const committed = await Deno.readFile(join(ROOT, "data", name));
    assert.deepEqual(built, committed, `${name} differs from the committed data/`);
  }
  await Deno.remove(out, { recursive: true });
});

Deno.test("IMF DOTS: the xlsx import equals every value of the independently extracted long CSV", async () => {
  const long = parseCsvRows(
    await Deno.readTextFile(join(ORACLES, "imf_dots_kor_rus_usa_long.csv")),
    "long.csv",
  );
  const codes: Record<string, string> = {
    "Korea, Rep. of": "KOR",
    "Russian Federation": "RUS",
    "United States": "USA",
    USSR: "SUN",
    World: "WLD",
  };
  const dots = load("imf-dots-annual");
  assert.equal(dots.numRows(), long.rows.length);
  for (const [reporter, partner, indicator, year, value] of long.rows) {
    const ours = valueAt(dots, "value", {
      reporter: codes[reporter],
      partner: codes[partner],
      flow: indicator.startsWith("Exports") ? "exports" : "imports",
      year: Number(year),
    });
    assert.ok(Math.abs(ours - Number(value)) < 5e-7, `${reporter}/${partner}/${indicator}/${year}: ${ours} ≠ ${value}`);
  }
});

Deno.test("spot checks against the publishers' figures (PROVENANCE.md)", () => {
  const census = load("census-goods-by-partner-monthly");
  const korea = census.filter((d: { cty_code: string }) => d.cty_code === "5800");
  const annual = annualTotals(korea, { value: ["exports", "imports"] });
  // Census, Korea 2016: exports 42,262.2; imports 69,886.8; balance −27,624.6 (US$ millions, rounded).
  assert.equal(Math.round(valueAt(annual, "exports", { year: 2016 }) / 1e5) / 10, 42_262.2);
  assert.equal(Math.round(valueAt(annual, "imports", { year: 2016 }) / 1e5) / 10, 69_886.8);
  assert.equal(
    Math.round((valueAt(annual, "exports", { year: 2016 }) - valueAt(annual, "imports", { year: 2016 })) / 1e5) / 10,
    -27_624.6,
  );
  // Jan–Jul 2018: exports 31,735.2, imports 41,616.8.
  const ytd = yearToDate(korea, { year: 2018, through: 7, value: ["exports", "imports"] });
  assert.equal(Math.round(ytd.get("exports", 0) / 1e5) / 10, 31_735.2);
  assert.equal(Math.round(ytd.get("imports", 0) / 1e5) / 10, 41_616.8);
  // IMF DOTS, Korea–Russia 2019 as Korea reports it: 7,789.8 + 14,531.5 = 22,321.3; 2011 US deficit 13.2 bn.
  const dots = load("imf-dots-annual");
  const kr = (flow: string) => valueAt(dots, "value", { reporter: "KOR", partner: "RUS", flow, year: 2019 });
  assert.equal(Math.round((kr("exports") + kr("imports")) * 10) / 10, 22_321.3);
  const us = (flow: string) => valueAt(dots, "value", { reporter: "USA", partner: "KOR", flow, year: 2011 });
  assert.equal(Math.round((us("exports") - us("imports")) / 100) / 10, -13.2);
});

Deno.test("Census monthly rows for Korea equal the independently derived 2016–2018 file", async () => {
  const derived = parseCsvRows(
    await Deno.readTextFile(join(ORACLES, "DERIVED_korea_5800_monthly_2016_2018.csv")),
    "derived.csv",
  );
  const census = load("census-goods-by-partner-monthly");
  assert.equal(derived.rows.length, 36);
  for (const [year, month, exports, imports] of derived.rows) {
    const where = { cty_code: "5800", year: Number(year), month: Number(month) };
    assert.equal(valueAt(census, "exports", where), Number(exports));
    assert.equal(valueAt(census, "imports", where), Number(imports));
  }
});

Deno.test("WTO: Korea's imports from Russia, sum of HS chapters (US$ bn, PROVENANCE figures)", () => {
  const wto = load("wto-korea-imports-by-chapter");
  const sum = (year: number) =>
    (wto.objects() as { partner: string; year: number; value: number }[])
      .filter((d) => d.partner === "RUS" && d.year === year)
      .reduce((s, d) => s + d.value, 0);
  assert.equal(Math.round(sum(2019) / 1e6) / 1000, 14.545);
  assert.equal(Math.round(sum(2014) / 1e6) / 1000, 15.645);
  assert.equal(Math.round(sum(1996) / 1e6) / 1000, 1.81);
});

Deno.test("secondary figures keep their page and never enter official resources", () => {
  const press = load("press-korea-russia-trade");
  assert.equal(valueAt(press, "total", { year: 1990, entry: 1 }), 890);
  for (const row of press.objects() as { url: string }[]) assert.match(row.url, /^https?:\/\//);
  const items = load("press-korea-export-items");
  assert.equal(valueAt(items, "exports", { item: "semiconductors" }), 9_690);
  assert.equal(valueAt(items, "yoy", { item: "steel" }), 107.2);
});

Deno.test("data:import keeps the resources deno task update wrote, and their files; it drops no one's data", async () => {
  const out = await Deno.makeTempDir({ prefix: "claimbook-curate-kept-" });
  try {
    const press = RESOURCES.find((r) => r.descriptor.name === "press-korea-russia-trade")!;
    await curate({ rawDir: RAW, dataDir: out, resources: [press] });
    // As `deno task update --settle` leaves it: a resource of its own, with its file, in the same descriptor.
    const path = join(out, "datapackage.json");
    const before = JSON.parse(await Deno.readTextFile(path));
    const fetched = await Deno.readTextFile(join(out, before.resources[0].path));
    await Deno.writeTextFile(join(out, "census-hs-fetched.csv"), fetched);
    const updated = {
      ...before.resources[0],
      name: "census-hs-fetched",
      path: "census-hs-fetched.csv",
      producedBy: { importer: "lib/workspace/update/sources/census-hs.ts", inputs: [] },
    };
    const foreign = {
      ...before.resources[0],
      name: "hand-made",
      path: "hand-made.csv",
      producedBy: { importer: "somewhere/else.ts", inputs: [] },
    };
    await Deno.writeTextFile(path, JSON.stringify({ ...before, resources: [...before.resources, updated, foreign] }));

    const again = await curate({ rawDir: RAW, dataDir: out, resources: [press] });
    assert.deepEqual(again.descriptor.resources.map((r) => r.name), ["press-korea-russia-trade", "census-hs-fetched"]);
    const written = JSON.parse(await Deno.readTextFile(path));
    assert.deepEqual(written.resources[1], updated, "kept as the updater wrote it");
    assert.equal(await Deno.readTextFile(join(out, "census-hs-fetched.csv")), fetched, "its file untouched");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
