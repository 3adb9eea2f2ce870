import assert from "node:assert/strict";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "@uwdata/flechette";
import {
  CatalogError,
  catalogReads,
  loadColumnar,
  openCatalog,
  provenanceOf,
  sha256,
} from "../../lib/analysis/catalog/mod.ts";
import type { Condition, LoadSelection } from "../../lib/analysis/catalog/mod.ts";
import { load } from "../../lib/analysis/catalog/load.ts";
import { type ColumnValues, writeColumnar } from "../../lib/workspace/data/columnar-out.ts";
import { curate } from "../../lib/workspace/data/curate.ts";

const FIELDS = [
  { name: "partner", type: "string", constraints: { required: true } },
  { name: "hs6", type: "string", constraints: { required: true, pattern: "\\d{6}" } },
  { name: "period", type: "yearmonth", constraints: { required: true } },
  { name: "year", type: "year", constraints: { required: true } },
  { name: "value", type: "number", unit: "USD", constraints: { minimum: 0 } },
];
const KEY = ["partner", "hs6", "period"];
const SCHEMA = { fields: FIELDS, primaryKey: KEY } as const;

/** A trade table in key order: 12 partners × 30 HS6 codes × 24 months; every 7th value missing. */
function tradeColumns(): ColumnValues & Record<string, (string | number | null)[]> {
  const partner: string[] = [];
  const hs6: string[] = [];
  const period: string[] = [];
  const year: number[] = [];
  const value: (number | null)[] = [];
  let i = 0;
  for (let p = 0; p < 12; p++) {
    for (let h = 0; h < 30; h++) {
      for (let m = 0; m < 24; m++) {
        partner.push(`P${String(p).padStart(2, "0")}`);
        hs6.push(String(100000 + h * 29_411)); // chapters 10, 12, 15, …, 95
        period.push(`${2018 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`);
        year.push(2018 + Math.floor(m / 12));
        value.push(i % 7 === 3 ? null : (i * 7919) % 100_000);
        i++;
      }
    }
  }
  return { partner, hs6, period, year, value };
}

function toCsv(columns: Record<string, (string | number | null)[]>): string {
  const names = FIELDS.map((f) => f.name);
  const rows = columns.partner.map((_, r) => names.map((n) => columns[n][r] ?? "").join(","));
  return [names.join(","), ...rows].join("\n") + "\n";
}

interface Package {
  dir: string;
  cacheDir: string;
  cleanup(): Promise<void>;
}

/** A data package with the same table as CSV (`trade-csv`) and as Arrow (`trade`, batches of `batchRows`). */
async function writePackage(
  columns: ColumnValues,
  options: { batchRows?: number; arrowBytes?: Uint8Array; csv?: boolean } = {},
): Promise<Package> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-columnar-" });
  const cacheDir = join(dir, "cache");
  const resource = (name: string, path: string, format?: string) => ({
    name,
    path,
    ...(format ? { format } : {}),
    grade: "official",
    vintage: { date: "2026-01", basis: "retrieved", label: "generated for the test" },
    sources: [{ title: "generated for the test" }],
    schema: SCHEMA,
  });
  const resources = [resource("trade", "trade.arrow", "arrow")];
  if (options.csv !== false) {
    resources.push(resource("trade-csv", "trade.csv"));
    await Deno.writeTextFile(join(dir, "trade.csv"), toCsv(columns as Record<string, (string | number | null)[]>));
  }
  await Deno.writeTextFile(join(dir, "datapackage.json"), JSON.stringify({ name: "test", resources }));
  if (options.arrowBytes) await Deno.writeFile(join(dir, "trade.arrow"), options.arrowBytes);
  else await writeColumnar(join(dir, "trade.arrow"), columns, SCHEMA as never, { batchRows: options.batchRows ?? 500 });
  return { dir, cacheDir, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

function loadError(pkg: Package, selection: LoadSelection = {}): string {
  try {
    load("trade", { dataDir: pkg.dir, cacheDir: pkg.cacheDir, ...selection });
  } catch (error) {
    assert.ok(error instanceof CatalogError, `expected a CatalogError, got ${error}`);
    return error.message;
  }
  assert.fail("the load did not fail");
}

Deno.test("columnar load: the whole table equals the CSV path's, with provenance and the file's hash", async () => {
  const columns = tradeColumns();
  const pkg = await writePackage(columns);
  try {
    const arrow = load("trade", { dataDir: pkg.dir, cacheDir: pkg.cacheDir });
    const csv = load("trade-csv", { dataDir: pkg.dir, cacheDir: pkg.cacheDir });
    assert.equal(arrow.numRows(), 12 * 30 * 24);
    assert.deepEqual(arrow.columnNames(), FIELDS.map((f) => f.name));
    assert.deepEqual(arrow.objects(), csv.objects());
    assert.equal(arrow.get("value", 3), null);
    const p = provenanceOf(arrow)!;
    const bytes = await Deno.readFile(join(pkg.dir, "trade.arrow"));
    assert.equal(p.sha256, sha256(bytes));
    assert.equal(p.rows, 8640);
    assert.equal(p.units.value, "USD");
    assert.ok(catalogReads().some((r) => r.resource === "trade" && r.sha256 === p.sha256));
  } finally {
    await pkg.cleanup();
  }
});

Deno.test("columnar load: column selection and filters give the CSV path's rows, reading fewer batches", async () => {
  const columns = tradeColumns();
  const pkg = await writePackage(columns, { batchRows: 500 });
  const cases: Record<string, Condition>[] = [
    { partner: "P03" },
    { partner: "P03", hs6: { prefix: "15" } },
    { partner: ["P00", "P11", "nobody"] },
    { period: { min: "2018-11", max: "2019-02" } },
    { year: 2019, value: { min: 50_000 } },
    { value: { max: 10 } },
    { hs6: { prefix: "95" }, period: "2019-12" },
    { partner: "P99" },
  ];
  try {
    for (const where of cases) {
      const selection = { columns: ["period", "hs6", "value"], where };
      const arrow = load("trade", { dataDir: pkg.dir, cacheDir: pkg.cacheDir, ...selection });
      const csv = load("trade-csv", { dataDir: pkg.dir, cacheDir: pkg.cacheDir, ...selection });
      assert.deepEqual(arrow.objects(), csv.objects(), JSON.stringify(where));
      assert.deepEqual(arrow.columnNames(), ["period", "hs6", "value"]);
      assert.deepEqual(provenanceOf(arrow)?.selection, selection);
    }
    // Hand-checked against the generator: P03, chapter 15 is HS 158822 (h = 2), 24 months.
    const rows = load("trade", {
      dataDir: pkg.dir,
      cacheDir: pkg.cacheDir,
      columns: ["hs6", "year", "value"],
      where: { partner: "P03", hs6: { prefix: "15" } },
    }).objects() as { hs6: string; year: number; value: number | null }[];
    assert.equal(rows.length, 24);
    assert.ok(rows.every((r) => r.hs6 === "158822"));
    const expected = new Map<number, number>();
    for (let m = 0; m < 24; m++) {
      const i = (3 * 30 + 2) * 24 + m;
      if (i % 7 !== 3) {
        expected.set(2018 + Math.floor(m / 12), (expected.get(2018 + Math.floor(m / 12)) ?? 0) + (i * 7919) % 100_000);
      }
    }
    const sums = new Map<number, number>();
    for (const r of rows) sums.set(r.year, (sums.get(r.year) ?? 0) + (r.value ?? 0));
    assert.deepEqual(sums, expected);

    // The filter on the first key column skips every batch that cannot hold P03 (720 rows of 8,640).
    const resource = openCatalog({ dataDir: pkg.dir }).resource("trade");
    const read = loadColumnar({
      path: join(pkg.dir, "trade.arrow"),
      file: "trade.arrow",
      resource,
      selection: { where: { partner: "P03" } },
      cacheDir: pkg.cacheDir,
    });
    assert.equal(read.table.numRows(), 720);
    assert.equal(read.batches, 18);
    assert.ok(read.batchesRead <= 3, `read ${read.batchesRead} batches`);
  } finally {
    await pkg.cleanup();
  }
});

Deno.test("columnar load: a validated file is recorded by hash; changed bytes are validated again", async () => {
  const columns = tradeColumns();
  const pkg = await writePackage(columns, { csv: false });
  try {
    load("trade", { dataDir: pkg.dir, cacheDir: pkg.cacheDir });
    const records = [...Deno.readDirSync(join(pkg.cacheDir, "columnar"))].map((e) => e.name);
    const sha = sha256(await Deno.readFile(join(pkg.dir, "trade.arrow")));
    assert.equal(records.length, 1);
    assert.ok(records[0].startsWith(`${sha}.`));
    const record = JSON.parse(await Deno.readTextFile(join(pkg.cacheDir, "columnar", records[0])));
    assert.equal(record.rows, 8640);
    assert.equal(record.batches.length, 18);
    assert.deepEqual(record.batches[0].ranges.partner, ["P00", "P00"]);

    // The same path with other bytes: a negative value must be found, not trusted from the record.
    const bad = { ...columns, value: columns.value.map((v, i) => (i === 4000 ? -5 : v)) };
    await writeColumnar(join(pkg.dir, "trade.arrow"), bad, SCHEMA as never, { batchRows: 500 });
    assert.match(
      loadError(pkg),
      /trade\.arrow \(resource "trade"\), row 4001: value: value -5 is below the minimum 0 USD/,
    );
  } finally {
    await pkg.cleanup();
  }
});

Deno.test("columnar load: bad values are named by resource, row and field", async () => {
  const base = tradeColumns();
  const cases: [string, ColumnValues, RegExp][] = [
    [
      "missing required value",
      { ...base, partner: base.partner.map((v, i) => (i === 8639 ? null : v)) },
      // A missing key sorts first: the row moves to the top.
      /row 1: partner: value required but missing/,
    ],
    [
      "bad year-month",
      { ...base, period: base.period.map((v, i) => (i === 11 ? "2018-13" : v)) },
      /row 12: period: expected a year-month like 2017-09, got "2018-13"/,
    ],
    [
      "pattern",
      { ...base, hs6: base.hs6.map((v, i) => (i < 24 ? "10000" : v)) },
      /row 1: hs6: value "10000" does not match the pattern \\d\{6\}/,
    ],
    [
      "year out of range",
      { ...base, year: base.year.map((v, i) => (i === 99 ? 12018 : v)) },
      /row 100: year: expected a four-digit year, got 12018/,
    ],
    [
      "duplicate key",
      { ...base, period: base.period.map((v, i) => (i === 5 ? base.period[4] : v)) },
      /row 6: partner\+hs6\+period: duplicate primary key \(partner=P00, hs6=100000, period=2018-05\), first on row 5/,
    ],
    [
      "duplicate key across two record batches (500 rows each)",
      { ...base, period: base.period.map((v, i) => (i === 500 ? base.period[499] : v)) },
      /row 501: partner\+hs6\+period: duplicate primary key \(partner=P00, hs6=\d{6}, period=\d{4}-\d{2}\), first on row 500/,
    ],
  ];
  for (const [what, columns, expected] of cases) {
    const pkg = await writePackage(columns, { csv: false });
    try {
      const message = loadError(pkg);
      assert.match(message, expected, `${what}: ${message}`);
    } finally {
      await pkg.cleanup();
    }
  }
});

Deno.test("columnar load: rows out of key order, wrong types and missing columns are refused", async () => {
  const arrow = (data: Record<string, ArrayLike<unknown>>) =>
    tableToIPC(tableFromArrays(data as Record<string, string[]>), { format: "file" })!;
  const ok = {
    partner: ["A", "A"],
    hs6: ["100000", "100000"],
    period: ["2018-02", "2018-01"],
    year: [2018, 2018],
    value: [1, 2],
  };
  const typed = (data: typeof ok) => {
    const { year, ...rest } = data;
    return { ...rest, year: Int16Array.from(year), value: Float64Array.from(data.value) };
  };
  const cases: [string, Uint8Array, RegExp][] = [
    [
      "out of order",
      arrow(typed(ok)),
      /row 2: partner\+hs6\+period: rows are not in primary-key order: \(partner=A, hs6=100000, period=2018-01\) comes after \(partner=A, hs6=100000, period=2018-02\) on row 1/,
    ],
    [
      "wrong type",
      arrow({ ...typed(ok), value: ["1", "2"] }),
      /value: the file stores dictionary of utf8; a number field needs an integer or float type/,
    ],
    [
      "year as float",
      arrow({ ...typed(ok), year: [2018.0, 2018.5] }),
      /year: the file stores float64; a year field needs an integer type/,
    ],
    ["missing column", arrow((({ value: _, ...rest }) => rest)(typed(ok))), /value: column missing from the file/],
    ["extra column", arrow({ ...typed(ok), note: ["x", "y"] }), /note: unexpected column/],
    [
      "not Arrow",
      new TextEncoder().encode("partner,hs6\nA,1\n"),
      /trade\.arrow \(resource "trade"\): not an Arrow IPC file/,
    ],
  ];
  for (const [what, bytes, expected] of cases) {
    const pkg = await writePackage(tradeColumns(), { csv: false, arrowBytes: bytes });
    try {
      const message = loadError(pkg);
      assert.match(message, expected, `${what}: ${message}`);
    } finally {
      await pkg.cleanup();
    }
  }
});

Deno.test("load: a selection naming unknown columns or mismatched values is refused before reading", async () => {
  const pkg = await writePackage(tradeColumns());
  try {
    assert.match(
      loadError(pkg, { columns: ["partner", "nope"] }),
      /columns: no column "nope" in resource "trade"; its columns: partner, hs6, period, year, value/,
    );
    assert.match(
      loadError(pkg, { where: { year: "2019" } }),
      /where\.year: expected a number for a year field, got "2019"/,
    );
    assert.match(
      loadError(pkg, { where: { value: { prefix: "1" } } }),
      /where\.value: \{ prefix \} applies to text fields/,
    );
    assert.throws(
      () => load("trade-csv", { dataDir: pkg.dir, where: { nope: 1 } }),
      /where\.nope: no column "nope" in resource "trade-csv"/,
    );
  } finally {
    await pkg.cleanup();
  }
});

Deno.test("data:import writes a resource marked format arrow as a sorted Arrow file, the same bytes twice", async () => {
  const out = await Deno.makeTempDir({ prefix: "claimbook-curate-columnar-" });
  const rows = [
    { partner: "P01", hs6: "850110", period: "2019-02", year: 2019, value: 7 },
    { partner: "P00", hs6: "850110", period: "2019-01", year: 2019, value: 5 },
    { partner: "P01", hs6: "850110", period: "2019-01", year: 2019, value: null },
  ];
  const resource = {
    descriptor: {
      name: "trade",
      path: "trade.arrow",
      format: "arrow",
      grade: "official" as const,
      vintage: { date: "2026-01", basis: "retrieved" as const, label: "generated for the test" },
      sources: [{ title: "generated for the test" }],
      schema: SCHEMA as never,
    },
    inputs: [],
    importer: "tests/analysis/columnar_test.ts",
    build: () => Promise.resolve(rows),
  };
  try {
    const first = await curate({ rawDir: out, dataDir: out, resources: [resource] });
    assert.equal(first.resources[0].rows, 3);
    const table = load("trade", { dataDir: out, cacheDir: join(out, "cache") });
    assert.deepEqual(table.objects(), [rows[1], rows[2], rows[0]]);
    assert.equal(provenanceOf(table)?.sha256, first.resources[0].sha256);
    const second = await curate({ rawDir: out, dataDir: out, resources: [resource], write: false });
    assert.deepEqual(second.changed, []);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
