import assert from "node:assert/strict";
import { join } from "node:path";
import { parseCsvRows } from "../../lib/analysis/catalog/csv.ts";
import { validateRows } from "../../lib/analysis/catalog/validate.ts";
import {
  cachedTablePath,
  readCachedColumns,
  readCachedSelection,
  writeCachedColumns,
} from "../../lib/analysis/catalog/table-cache.ts";
import { compileWhere, type LoadSelection, matchingRows } from "../../lib/analysis/catalog/selection.ts";
import { recordRowsRead, takeRowsRead } from "../../lib/analysis/catalog/rows-read.ts";
import { load, sha256 } from "../../lib/analysis/catalog/mod.ts";
import type { TableSchema } from "../../lib/analysis/catalog/mod.ts";

const SCHEMA: TableSchema = {
  fields: [
    { name: "partner", type: "string", constraints: { required: true } },
    { name: "period", type: "yearmonth" },
    { name: "year", type: "year", constraints: { required: true } },
    { name: "count", type: "integer" },
    { name: "value", type: "number", unit: "USD millions" },
    { name: "estimate", type: "boolean" },
    { name: "note", type: "string" },
  ],
  primaryKey: ["partner", "year"],
};

const CSV = [
  "partner,period,year,count,value,estimate,note",
  "KOR,2019-01,2019,3,-0.5,true,first",
  "USA,,2018,,1234567.125,false,",
  'RUS,2020-12,2020,-7,0,,"quoted, with comma"',
  "CHN,2017-06,2017,0,1e-7,true,",
].join("\n") + "\n";

async function tempPackage(): Promise<{ dir: string; cacheDir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-table-cache-" });
  const descriptor = {
    name: "test",
    resources: [{
      name: "trade",
      path: "trade.csv",
      grade: "official",
      vintage: { date: "2026-01", basis: "retrieved", label: "test" },
      sources: [{ title: "test" }],
      schema: SCHEMA,
    }],
  };
  await Deno.writeTextFile(join(dir, "datapackage.json"), JSON.stringify(descriptor));
  await Deno.writeTextFile(join(dir, "trade.csv"), CSV);
  return { dir, cacheDir: join(dir, "cache") };
}

Deno.test("table cache: columns read back equal the validated CSV's, value for value, missing values and order kept", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "claimbook-table-cache-" });
  try {
    const { columns, problems } = validateRows(parseCsvRows(CSV, "trade.csv"), SCHEMA, "trade.csv");
    assert.deepEqual(problems, []);
    const sha = sha256(CSV);
    assert.equal(readCachedColumns(cacheDir, sha, SCHEMA), undefined);
    writeCachedColumns(cacheDir, sha, SCHEMA, columns);
    const back = readCachedColumns(cacheDir, sha, SCHEMA)!;
    assert.deepEqual(back, columns);
    assert.ok(Object.is(back.value[0], -0.5) && Object.is(back.value[2], 0));
    assert.deepEqual(back.period, ["2019-01", null, "2020-12", "2017-06"]);
    assert.deepEqual(back.estimate, [true, false, null, true]);
    assert.ok(Array.isArray(back.value), "plain arrays, as the CSV path gives");
    // Another schema (a constraint added) is another entry.
    const stricter = {
      ...SCHEMA,
      fields: SCHEMA.fields.map((f) => f.name === "value" ? { ...f, constraints: { minimum: 0 } } : f),
    };
    assert.notEqual(cachedTablePath(cacheDir, sha, stricter), cachedTablePath(cacheDir, sha, SCHEMA));
    assert.equal(readCachedColumns(cacheDir, sha, stricter), undefined);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("table cache: load() writes an entry once the CSV passes; a bad CSV writes none; a damaged entry is replaced", async () => {
  const { dir, cacheDir } = await tempPackage();
  try {
    const first = load("trade", { dataDir: dir, cacheDir });
    const entry = cachedTablePath(cacheDir, sha256(CSV), SCHEMA);
    assert.ok((await Deno.stat(entry)).size > 0);
    assert.deepEqual(first.array("year"), [2019, 2018, 2020, 2017]);

    // A damaged entry for other bytes of the file: the CSV is parsed (and the entry written again).
    const changed = CSV.replace("KOR,2019-01", "JPN,2019-01");
    await Deno.writeTextFile(join(dir, "trade.csv"), changed);
    const damaged = cachedTablePath(cacheDir, sha256(changed), SCHEMA);
    await Deno.writeTextFile(damaged, "not arrow");
    assert.deepEqual(load("trade", { dataDir: dir, cacheDir }).array("partner"), ["JPN", "USA", "RUS", "CHN"]);
    assert.ok((await Deno.readFile(damaged)).length > 9);

    // A bad file fails with its line and leaves no entry behind.
    const bad = CSV.replace("1234567.125", "n/a");
    await Deno.writeTextFile(join(dir, "trade.csv"), bad);
    assert.throws(
      () => load("trade", { dataDir: dir, cacheDir }),
      /trade\.csv:3: value: expected a number, got "n\/a"/,
    );
    await assert.rejects(() => Deno.stat(cachedTablePath(cacheDir, sha256(bad), SCHEMA)), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("table cache: a selection read from the cache gives the rows and values of the whole columns filtered", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "claimbook-table-cache-" });
  try {
    const { columns } = validateRows(parseCsvRows(CSV, "trade.csv"), SCHEMA, "trade.csv");
    const sha = sha256(CSV);
    assert.equal(readCachedSelection(cacheDir, sha, SCHEMA, compileWhere({ partner: "KOR" }), ["year"]), undefined);
    writeCachedColumns(cacheDir, sha, SCHEMA, columns);
    const wheres: LoadSelection["where"][] = [
      { partner: "KOR" },
      { partner: ["USA", "CHN", "JPN"] },
      { period: { min: "2018-01" } },
      { period: { prefix: "20" }, year: { max: 2019 } },
      { estimate: true },
      { estimate: false, note: "" },
      { value: 0 },
      { partner: "nowhere" },
    ];
    for (const where of wheres) {
      const predicates = compileWhere(where);
      const rows = matchingRows(columns, 4, predicates);
      const names = ["value", "period", "estimate", "partner"];
      const picked = readCachedSelection(cacheDir, sha, SCHEMA, predicates, names)!;
      assert.deepEqual([...picked.rows], [...rows], JSON.stringify(where));
      for (const name of names) {
        assert.deepEqual(picked.columns[name], Array.from(rows, (row) => columns[name][row]), name);
      }
    }
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("table cache: load() with a where gives the same table and rows read before and after the cache has the file", async () => {
  const { dir, cacheDir } = await tempPackage();
  try {
    const selection = { where: { year: { min: 2018 } }, columns: ["partner", "value"] };
    const parsed = load("trade", { dataDir: dir, cacheDir, ...selection }); // parses the CSV, writes the entry
    const { dir: other } = await tempPackage(); // same bytes elsewhere: nothing in memory, the entry is found
    try {
      const cached = load("trade", { dataDir: other, cacheDir, ...selection });
      assert.deepEqual(cached.objects(), parsed.objects());
      assert.deepEqual(cached.objects(), [{ partner: "KOR", value: -0.5 }, { partner: "USA", value: 1234567.125 }, {
        partner: "RUS",
        value: 0,
      }]);
      recordRowsRead(parsed.filter((d) => d.partner !== "KOR"));
      recordRowsRead(cached.filter((d) => d.partner !== "KOR"));
      assert.deepEqual(takeRowsRead(cached), [1, 2]);
      assert.deepEqual(takeRowsRead(parsed), [1, 2]);
    } finally {
      await Deno.remove(other, { recursive: true });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
