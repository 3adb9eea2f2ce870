import assert from "node:assert/strict";
import {
  compareTables,
  formatChanges,
  shrinkRefusal,
  type TableShape,
  type TypedRow,
} from "../../lib/workspace/update/report.ts";

const CENSUS: TableShape = {
  fields: [
    { name: "cty_code", type: "string" },
    { name: "cty_name", type: "string" },
    { name: "year", type: "year" },
    { name: "month", type: "integer" },
    { name: "exports", type: "number" },
    { name: "imports", type: "number" },
  ],
  series: ["cty_code"],
  period: ["year", "month"],
  labels: ["cty_name"],
};

/** Korea's monthly rows (values from data/census-goods-by-partner-monthly.csv, 2013-01…03). */
function korea(months: number, year = 2013): TypedRow[] {
  const values = [
    [3117963667, 5226947861],
    [3411990152, 4633214395],
    [3897143475, 5150221199],
  ];
  return Array.from({ length: months }, (_, i) => ({
    cty_code: "5800",
    cty_name: "KOREA, SOUTH",
    year,
    month: i + 1,
    exports: values[i % 3][0],
    imports: values[i % 3][1],
  }));
}

Deno.test("report: identical rows are unchanged", () => {
  const change = compareTables("census", CENSUS, korea(3), korea(3));
  assert.equal(change.status, "unchanged");
  assert.equal(change.unchangedRows, 3);
  assert.equal(change.revisionCount, 0);
  assert.deepEqual(change.shrunk, []);
  assert.equal(shrinkRefusal(change), undefined);
});

Deno.test("report: a revised value shows key, old → new and % change, largest first", () => {
  const after = korea(3);
  after[1].exports = 3445000000; // +0.97%
  after[2].imports = 5150221199 * 2; // +100%
  const change = compareTables("census", CENSUS, korea(3), after);
  assert.equal(change.status, "changed");
  assert.equal(change.revisionCount, 2);
  assert.deepEqual(change.revisions[0], {
    key: "5800 KOREA, SOUTH 2013-03",
    field: "imports",
    old: 5150221199,
    new: 10300442398,
    percent: 100,
    suspicious: false,
  });
  assert.equal(change.revisions[1].key, "5800 KOREA, SOUTH 2013-02");
  assert.equal(change.revisions[1].percent, 0.9675);
  assert.deepEqual(change.seriesChanged, [{ series: "5800 KOREA, SOUTH", added: 0, removed: 0, revised: 2 }]);
  const text = formatChanges([change]);
  assert.match(text, /5800 KOREA, SOUTH 2013-02 {2}exports: 3,411,990,152 → 3,445,000,000 {2}\(\+0\.97%\)/);
});

Deno.test("report: a jump by more than ×10 is flagged as a likely unit change", () => {
  const after = korea(1);
  after[0].exports = 3117963667 * 1000;
  const [revision] = compareTables("census", CENSUS, korea(1), after).revisions;
  assert.equal(revision.suspicious, true);
});

Deno.test("report: new periods are added values, not revisions", () => {
  const change = compareTables("census", CENSUS, korea(2), korea(3));
  assert.deepEqual(change.periodsAdded, ["2013-03"]);
  assert.equal(change.valuesAdded, 2);
  assert.equal(change.revisionCount, 0);
  assert.deepEqual(change.shrunk, []);
});

Deno.test("report: a series with fewer periods than before shrank, and the update is refused", () => {
  const before = [...korea(3), ...korea(3, 2014)];
  const after = korea(3);
  const change = compareTables("census-goods-by-partner-monthly", CENSUS, before, after);
  assert.deepEqual(change.periodsRemoved, ["2014-01", "2014-02", "2014-03"]);
  assert.equal(change.valuesRemoved, 6);
  assert.deepEqual(change.shrunk.map((s) => [s.series, s.before, s.after]), [
    ["5800 KOREA, SOUTH exports", 6, 3],
    ["5800 KOREA, SOUTH imports", 6, 3],
  ]);
  assert.equal(
    shrinkRefusal(change),
    "census-goods-by-partner-monthly: series 5800 KOREA, SOUTH exports shrank: 6 → 3 months (gone: 2014-01, 2014-02, 2014-03) and 1 more series; refusing to write; pass --allow-shrink if intended",
  );
  assert.match(formatChanges([change]), /changed, SHRANK/);
});

Deno.test("report: a value that became empty counts as a lost period", () => {
  const after = korea(3);
  after[2].imports = null;
  const change = compareTables("c", CENSUS, korea(3), after);
  assert.equal(change.valuesRemoved, 1);
  assert.deepEqual(change.shrunk, [{ series: "5800 KOREA, SOUTH imports", before: 3, after: 2, removed: ["2013-03"] }]);
});

Deno.test("report: a renamed partner is an attribute revision without a percentage", () => {
  const after = korea(1).map((r) => ({ ...r, cty_name: "KOREA, REPUBLIC OF" }));
  const change = compareTables("c", CENSUS, korea(1), after);
  assert.deepEqual(change.revisions.map((r) => [r.field, r.old, r.new, r.percent]), [
    ["cty_name", "KOREA, SOUTH", "KOREA, REPUBLIC OF", null],
  ]);
});

Deno.test("report: a resource without a current file is new", () => {
  const shape: TableShape = {
    fields: [{ name: "flow", type: "string" }, { name: "period", type: "string" }, { name: "value", type: "number" }],
    series: ["flow"],
    period: ["period"],
  };
  const change = compareTables("bea-services-korea", shape, null, [
    { flow: "exports", period: "2018Q1", value: 5950 },
    { flow: "exports", period: "2018Q2", value: 6050 },
  ]);
  assert.equal(change.status, "new");
  assert.equal(change.rowsBefore, null);
  assert.deepEqual(change.periodsAdded, ["2018Q1", "2018Q2"]);
  const text = formatChanges([change]);
  assert.match(text, /^resource +rows before → after +periods \+\/− +values \+\/− +revised +status$/m);
  assert.match(text, /bea-services-korea +— → 2 +\+2 \/ −0 +\+2 \/ −0 +0 +new/);
  assert.match(text, /bea-services-korea: new resource, 2 rows, periods 2018Q1, 2018Q2/);
});

Deno.test("report: keeps at most `keep` revisions but counts them all", () => {
  const before = korea(3);
  const after = korea(3).map((r) => ({ ...r, exports: (r.exports as number) + 1 }));
  const change = compareTables("c", CENSUS, before, after, { keep: 2 });
  assert.equal(change.revisionCount, 3);
  assert.equal(change.revisions.length, 2);
  assert.match(formatChanges([change], { show: 1 }), /revised \(largest first, 1 of 3\)/);
});
