/**
 * A verdict names the rows of its sources that the lookup helpers read since
 * the previous verdict, as 0-based rows of the file.
 */

import assert from "node:assert/strict";
import { load } from "../../lib/analysis/catalog/load.ts";
import { check } from "../../lib/analysis/claims/check.ts";
import { annualTotals, quantityAt, sum, valueAt, yearToDate } from "../../lib/analysis/trade/mod.ts";
import { usdMillions } from "../../lib/analysis/units.ts";
import { writeFixturePackage } from "../helpers/fixture_data.ts";

// Rows (0-based after the header): 0 A 2019-2, 1 B 2019-1, 2 A 2019-1, 3 A 2020-1, 4 B 2020-1, 5 A 2020-2.
const MONTHLY = [
  "partner,year,month,exports",
  "A,2019,2,20",
  "B,2019,1,5",
  "A,2019,1,10",
  "A,2020,1,30",
  "B,2020,1,6",
  "A,2020,2,40",
  "",
].join("\n");

const dataDir = await writeFixturePackage([{
  name: "monthly",
  csv: MONTHLY,
  fields: [
    { name: "partner", type: "string" },
    { name: "year", type: "year" },
    { name: "month", type: "integer" },
    { name: "exports", type: "number", unit: "USD millions" },
  ],
}]);

// Any claim stated in US$ millions serves: these tests look at the rows the verdict names, not at its outcome.
const CLAIM = "kita-trade-1990";

Deno.test("rows read: valueAt and annualTotals record exactly the rows they read, cleared at each verdict", () => {
  const monthly = load("monthly", { dataDir });
  const a = monthly.filter((d) => d.partner === "A");
  const march = valueAt(a, "exports", { year: 2020, month: 2 }); // row 5
  const b2019 = quantityAt(monthly, "exports", { partner: "B", year: 2019 }); // row 1
  const first = check(CLAIM, sum([usdMillions(march), b2019]), { sources: [monthly] });
  assert.deepEqual(first.data.sources[0].rows, [1, 5]);

  // Nothing read since: the next verdict on the same table names no rows.
  const again = check(CLAIM, usdMillions(1), { sources: [monthly] });
  assert.equal("rows" in again.data.sources[0], false);

  // annualTotals over partner A's rows reads rows 0, 2, 3, 5; the 2019 total is 10 + 20.
  const totals = annualTotals(a, { value: "exports", periodsPerYear: 2 });
  const total2019 = valueAt(totals, "exports", { year: 2019 }); // a rolled-up table: no row of the file
  assert.equal(total2019, 30);
  assert.deepEqual(check(CLAIM, usdMillions(total2019), { sources: [monthly] }).data.sources[0].rows, [0, 2, 3, 5]);
});

Deno.test("rows read: yearToDate records the months summed; rows read of a table not cited are forgotten too", () => {
  const monthly = load("monthly", { dataDir });
  const b2020 = load("monthly", { dataDir, where: { partner: "B" } }); // another table: file rows 1 and 4
  valueAt(monthly, "exports", { partner: "B", year: 2020 }); // row 4, read before a verdict that does not cite it
  check(CLAIM, usdMillions(1), { sources: [b2020] });
  const ytd = yearToDate(monthly, { year: 2019, through: 1, value: "exports", by: ["partner"] }); // rows 1, 2
  assert.deepEqual(ytd.objects(), [{ partner: "B", periods: 1, exports: 5 }, {
    partner: "A",
    periods: 1,
    exports: 10,
  }]);
  assert.deepEqual(check(CLAIM, usdMillions(15), { sources: [monthly] }).data.sources[0].rows, [1, 2]);
});

Deno.test("rows read: a load() selection maps its rows back to the rows of the file", () => {
  const a2020 = load("monthly", { dataDir, where: { partner: "A", year: 2020 } }); // file rows 3 and 5
  const value = valueAt(a2020, "exports", { month: 2 });
  assert.equal(value, 40);
  assert.deepEqual(check(CLAIM, usdMillions(value), { sources: [a2020] }).data.sources[0].rows, [5]);
});

Deno.test("rows read: a figure read with arquero alone names no rows", () => {
  const monthly = load("monthly", { dataDir });
  const value = monthly.filter((d) => d.year === 2019 && d.month === 1 && d.partner === "A").get("exports", 0);
  assert.equal(value, 10);
  const verdict = check(CLAIM, usdMillions(value), { sources: [monthly] });
  assert.equal("rows" in verdict.data.sources[0], false);
});
