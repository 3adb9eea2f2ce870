/**
 * Bad data: each case fails with `file:line: field: reason`, never a wrong
 * number or a bare stack trace.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CatalogError, load } from "../../lib/analysis/catalog/mod.ts";
import { TRADE_FIELDS, writeFixturePackage } from "../helpers/fixture_data.ts";

const HEADER = "partner,year,exports,imports";

async function loadCsv(csv: string, primaryKey?: string[]): Promise<{ dir: string; run: () => unknown }> {
  const dir = await writeFixturePackage([{ name: "trade", csv, fields: TRADE_FIELDS, primaryKey }]);
  return { dir, run: () => load("trade", { dataDir: dir }) };
}

function rejects(run: () => unknown, pattern: RegExp): CatalogError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof CatalogError, `expected a CatalogError, got ${caught}`);
  assert.match(caught.message, pattern);
  return caught;
}

Deno.test("a missing column names the column and the expected header", async () => {
  const { run } = await loadCsv("partner,year,exports\nKOR,2019,1\n");
  rejects(
    run,
    /trade\.csv:1: imports: column missing from the header; expected columns: partner, year, exports, imports/,
  );
});

Deno.test("an extra column is refused, not silently dropped", async () => {
  const { run } = await loadCsv(`${HEADER},note\nKOR,2019,1,2,x\n`);
  rejects(run, /trade\.csv:1: note: unexpected column/);
});

Deno.test("a non-numeric value names line, field and value", async () => {
  const { run } = await loadCsv(`${HEADER}\nKOR,2019,1,2\nKOR,2020,n/a,2\n`);
  rejects(run, /trade\.csv:3: exports: expected a number, got "n\/a"/);
});

Deno.test("a thousands separator or a currency sign in a number is refused with the fix", async () => {
  const { run } = await loadCsv(`${HEADER}\nKOR,2019,"7,789.8",2\nKOR,2020,$12,2\n`);
  const error = rejects(run, /trade\.csv:2: exports: thousands separator in a number: write 7789\.8 not 7,789\.8/);
  assert.match(
    error.message,
    /trade\.csv:3: exports: currency sign in a number: write 12 without the sign \(the unit, USD millions, is declared in the schema\)/,
  );
});

Deno.test("duplicate primary keys name both lines", async () => {
  const { run } = await loadCsv(`${HEADER}\nKOR,2019,1,2\nUSA,2019,1,2\nKOR,2019,3,4\n`, ["partner", "year"]);
  rejects(run, /trade\.csv:4: partner\+year: duplicate primary key \(partner=KOR, year=2019\), first on line 2/);
});

Deno.test("an empty file says what was expected", async () => {
  const { run } = await loadCsv("");
  rejects(run, /trade\.csv: file is empty; expected a header line/);
});

Deno.test("a negative value breaks the field's minimum", async () => {
  const { run } = await loadCsv(`${HEADER}\nKOR,2019,-1,2\n`);
  rejects(run, /trade\.csv:2: exports: value -1 is below the minimum 0 USD millions/);
});

Deno.test("a row with too many cells names its line", async () => {
  const { run } = await loadCsv(`${HEADER}\nKOR,2019,1,2\nKOR,2020,1,2,3\n`);
  rejects(run, /trade\.csv:3: expected 4 cells, found 5/);
});

Deno.test("BOM and CRLF are accepted and read the same as plain UTF-8", async () => {
  const { run } = await loadCsv(`\ufeff${HEADER}\r\nKOR,2019,1,2\r\n`);
  const table = run() as { objects(): unknown[] };
  assert.deepEqual(table.objects(), [{ partner: "KOR", year: 2019, exports: 1, imports: 2 }]);
});

Deno.test("a wrong unit in the descriptor is caught when the package opens", async () => {
  const dir = await writeFixturePackage([{
    name: "trade",
    csv: `${HEADER}\nKOR,2019,1,2\n`,
    fields: [...TRADE_FIELDS.slice(0, 2), { name: "exports", type: "number", unit: "USD milions" }, TRADE_FIELDS[3]],
  }]);
  rejects(
    () => load("trade", { dataDir: dir }),
    /datapackage\.json: resource "trade"\.schema\.fields\.exports\.unit: unknown unit "USD milions"/,
  );
});

Deno.test("a number field without a unit is refused", async () => {
  const dir = await writeFixturePackage([{
    name: "trade",
    csv: `partner,value\nKOR,1\n`,
    fields: [{ name: "partner", type: "string" }, { name: "value", type: "number" }],
  }]);
  rejects(() => load("trade", { dataDir: dir }), /value\.unit: a number field must declare its unit/);
});

Deno.test("a resource missing from datapackage.json lists the known ones", async () => {
  const { dir } = await loadCsv(`${HEADER}\nKOR,2019,1,2\n`);
  rejects(
    () => load("trades", { dataDir: dir }),
    /datapackage\.json: trades: no resource named "trades"; known resources: trade/,
  );
});

Deno.test("a resource whose file is missing says how to rebuild data/", async () => {
  const { dir } = await loadCsv(`${HEADER}\nKOR,2019,1,2\n`);
  await Deno.remove(join(dir, "trade.csv"));
  rejects(() => load("trade", { dataDir: dir }), /trade\.csv: file not found .* run `deno task data:import`/);
});

Deno.test("a descriptor that is not valid JSON names the line", async () => {
  const { dir } = await loadCsv(`${HEADER}\nKOR,2019,1,2\n`);
  await Deno.writeTextFile(
    join(dir, "datapackage.json"),
    '{\n  "name": "x",\n  "resources": [\n    {"name": "trade",}\n  ]\n}\n',
  );
  rejects(() => load("trade", { dataDir: dir }), /datapackage\.json:4: not valid JSON/);
});

Deno.test("many problems are all collected, the first ten shown", async () => {
  const rows = Array.from({ length: 15 }, (_, i) => `KOR,${2000 + i},x,1`).join("\n");
  const { run } = await loadCsv(`${HEADER}\n${rows}\n`);
  const error = rejects(run, /… and 5 more problem\(s\)/);
  assert.equal(error.problems.length, 15);
  assert.equal(error.problems[0].line, 2);
  assert.equal(error.problems[14].line, 16);
});
