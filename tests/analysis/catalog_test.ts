import assert from "node:assert/strict";
import { join } from "node:path";
import { catalogReads, load, openCatalog, provenanceOf, READS_FILE_ENV } from "../../lib/analysis/catalog/mod.ts";
import { quantityAt } from "../../lib/analysis/trade/lookup.ts";
import { TRADE_FIELDS, writeFixturePackage } from "../helpers/fixture_data.ts";

Deno.test("load: typed columns, provenance and units from the descriptor", async () => {
  const dataDir = await writeFixturePackage([{
    name: "trade",
    csv: "partner,year,exports,imports\nKOR,2019,7789.8,14531.5\nKOR,2020,6905,\n",
    fields: TRADE_FIELDS,
    primaryKey: ["partner", "year"],
  }]);
  const table = load("trade", { dataDir });
  assert.deepEqual(table.objects(), [
    { partner: "KOR", year: 2019, exports: 7789.8, imports: 14531.5 },
    { partner: "KOR", year: 2020, exports: 6905, imports: null },
  ]);
  const p = provenanceOf(table)!;
  assert.equal(p.resource, "trade");
  assert.equal(p.grade, "official");
  assert.equal(p.units.exports, "USD millions");
  assert.equal(p.rows, 2);
  assert.match(p.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(quantityAt(table, "exports", { year: 2019 }), { value: 7789.8, unit: "USD millions" });
  // A derived table has no provenance: the unit must then be given.
  const derived = table.filter((d: { year: number }) => d.year === 2019);
  assert.equal(provenanceOf(derived), undefined);
  assert.throws(() => quantityAt(derived, "exports", { year: 2019 }), /unit of "exports" is unknown/);
});

Deno.test("load: BOM and CRLF line ends are read like plain UTF-8", async () => {
  const dataDir = await writeFixturePackage([{
    name: "trade",
    csv: "\ufeffpartner,year,exports,imports\r\nKOR,2019,1,2\r\nUSA,2019,3,4\r\n",
    fields: TRADE_FIELDS,
  }]);
  const table = load("trade", { dataDir });
  assert.deepEqual(table.columnNames(), ["partner", "year", "exports", "imports"]);
  assert.deepEqual(table.array("partner"), ["KOR", "USA"]);
  assert.deepEqual(table.array("imports"), [2, 4]);
});

Deno.test("load: every read is recorded, and appended to $CLAIMBOOK_READS_FILE", async () => {
  const dataDir = await writeFixturePackage([{
    name: "trade",
    csv: "partner,year,exports,imports\nKOR,2019,1,2\n",
    fields: TRADE_FIELDS,
  }]);
  const readsFile = join(dataDir, "reads.jsonl");
  Deno.env.set(READS_FILE_ENV, readsFile);
  try {
    load("trade", { dataDir });
  } finally {
    Deno.env.delete(READS_FILE_ENV);
  }
  // The environment is the whole process's: a test file running alongside (deno test --parallel) may append its own
  // reads in that moment. This load's two reads are there, in order.
  const lines = (await Deno.readTextFile(readsFile)).trim().split("\n").map((l) => JSON.parse(l))
    .filter((l) => l.path === "datapackage.json#trade" || l.path === "trade.csv");
  assert.deepEqual(lines.map((l) => l.path), ["datapackage.json#trade", "trade.csv"]);
  assert.ok(catalogReads().some((r) => r.resource === "trade" && r.sha256 === lines[1].sha256));
});

Deno.test("openCatalog: lists resources of the real data package", () => {
  const catalog = openCatalog();
  for (const name of ["census-goods-by-partner-monthly", "imf-dots-annual", "wto-korea-imports-by-chapter"]) {
    assert.ok(catalog.names().includes(name), name);
    assert.equal(catalog.resource(name).grade, "official");
  }
  assert.equal(catalog.resource("press-korea-russia-trade").grade, "secondary");
});
