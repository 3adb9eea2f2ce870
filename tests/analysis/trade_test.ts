import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  annualTotals,
  balance,
  cagr,
  deficitChange,
  growth,
  halfYear,
  mirrorGap,
  multiple,
  quarterSum,
  rankBy,
  rankOf,
  share,
  sum,
  sumPeriods,
  totalTrade,
  valueAt,
  yearOverYear,
  yearToDate,
} from "../../lib/analysis/trade/mod.ts";
import { percent, usd, usdBillions, usdMillions } from "../../lib/analysis/units.ts";

const close = (actual: number, expected: number, digits = 9) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} ≠ ${expected}`);

// Hand-computed: Census 2016 exports 42,262.2 − imports 69,886.8 = −27,624.6 (US$ millions).
Deno.test("balance: exports minus imports in the first argument's unit", () => {
  assert.deepEqual(balance(usdMillions(42_262.2), usdMillions(69_886.8)), { value: -27_624.6, unit: "USD millions" });
  // Mixed units are converted, not guessed: 42.2622 bn − 69,886.8 mn = −27.6246 bn.
  assert.deepEqual(balance(usdBillions(42.2622), usdMillions(69_886.8)), { value: -27.6246, unit: "USD billions" });
  assert.throws(() => balance(percent(1), usdMillions(1)), /different things/);
});

Deno.test("totalTrade: Korea–Russia 2019 = 7,789.8 + 14,531.5 = 22,321.3", () => {
  assert.deepEqual(totalTrade(usdMillions(7_789.8), usdMillions(14_531.5)), { value: 22_321.3, unit: "USD millions" });
});

Deno.test("growth: absolute and percent; Jan–Jul exports 28,545.6 → 31,735.2 is +11.174%", () => {
  const g = growth(usdMillions(28_545.6), usdMillions(31_735.2));
  assert.deepEqual(g.absolute, { value: 3_189.6, unit: "USD millions" });
  close(g.percent.value, (3_189.6 / 28_545.6) * 100);
  close(g.percent.value, 11.17370, 4);
  assert.throws(() => growth(usdMillions(0), usdMillions(1)), /zero/);
});

Deno.test("deficitChange: a shrinking deficit is a negative change in its size", () => {
  // US-reported (DOTS) 2016 −27,666.0 → 2017 −22,887.4: (22,887.4 / 27,666.0 − 1) = −17.272%.
  const c = deficitChange(usdMillions(-27_666.0), usdMillions(-22_887.4));
  close(c.percent.value, (22_887.4 / 27_666.0 - 1) * 100);
  close(c.percent.value, -17.2724, 3);
  assert.throws(() => deficitChange(usdMillions(-1), usdMillions(2)), /changed sign/);
});

Deno.test("multiple: 2019 trade over 1990 trade, across units", () => {
  close(multiple(usdMillions(888.8), usdBillions(22.34)).value, 22_340 / 888.8);
  close(multiple(usdMillions(-13_199.7), usdMillions(-27_666.0)).value, 2.0959567, 6);
  assert.throws(() => multiple(usdMillions(1), percent(2)), /cannot compare/);
});

Deno.test("cagr: 100 → 121 over two years is exactly 10%", () => {
  assert.deepEqual(cagr(usdMillions(100), usdMillions(121), 2), { value: 10, unit: "percent" });
  assert.throws(() => cagr(usdMillions(100), usdMillions(121), 0), /positive/);
  assert.throws(() => cagr(usdMillions(-1), usdMillions(121), 2), /positive/);
});

Deno.test("share and sum", () => {
  close(share(usdBillions(24), usdBillions(27.6)).value, 86.95652173913, 9);
  close(share(usdBillions(24), usdMillions(27_600)).value, 86.95652173913, 9);
  assert.deepEqual(sum([usdBillions(2.7), usdMillions(200)]), { value: 2.9, unit: "USD billions" });
});

Deno.test("yearOverYear: consecutive years only; a gap gives no change", () => {
  const changes = yearOverYear([
    { period: 2016, value: 90 },
    { period: 2015, value: 100 },
    { period: 2018, value: 120 },
  ]);
  assert.deepEqual(changes.map((c) => c.period), [2015, 2016, 2018]);
  assert.equal(changes[0].percent, null);
  assert.equal(changes[1].change, -10);
  assert.equal(changes[1].percent, -10);
  assert.equal(changes[2].percent, null, "2017 is missing, so 2018 has no year-over-year change");
});

// A monthly table: partner A every month of 2017–2018 with exports = month, imports = 2 × month;
// partner B missing December 2018.
function monthly(): aq.ColumnTable {
  const rows = [];
  for (const partner of ["A", "B"]) {
    for (const year of [2017, 2018]) {
      for (let month = 1; month <= 12; month++) {
        if (partner === "B" && year === 2018 && month === 12) continue;
        rows.push({ partner, year, month, exports: month, imports: 2 * month });
      }
    }
  }
  return aq.from(rows);
}

Deno.test("yearToDate: January–July sums 1+…+7 = 28", () => {
  const ytd = yearToDate(monthly(), { year: 2018, through: 7, value: ["exports", "imports"], by: ["partner"] });
  assert.deepEqual(ytd.objects(), [
    { partner: "A", periods: 7, exports: 28, imports: 56 },
    { partner: "B", periods: 7, exports: 28, imports: 56 },
  ]);
});

Deno.test("halfYear and quarterSum from monthly data", () => {
  const a = monthly().filter((d: { partner: string }) => d.partner === "A");
  assert.equal(halfYear(a, { year: 2017, half: 1, value: "exports" }).get("exports", 0), 21); // 1..6
  assert.equal(halfYear(a, { year: 2017, half: 2, value: "exports" }).get("exports", 0), 57); // 7..12
  assert.equal(quarterSum(a, { year: 2017, quarter: 3, value: "exports" }).get("exports", 0), 24); // 7+8+9
});

Deno.test("quarterSum on quarterly data", () => {
  const q = aq.from([
    { year: 2018, quarter: 1, exports: 5 },
    { year: 2018, quarter: 2, exports: 7 },
  ]);
  assert.equal(
    quarterSum(q, { year: 2018, quarter: 2, value: "exports", periodColumn: "quarter" }).get("exports", 0),
    7,
  );
});

Deno.test("sumPeriods refuses an incomplete period unless allowed", () => {
  const b = monthly().filter((d: { partner: string }) => d.partner === "B");
  assert.throws(
    () => sumPeriods(b, { year: 2018, periods: [10, 11, 12], value: "exports" }),
    /incomplete period: 2 of 3 months of 2018/,
  );
  assert.equal(
    sumPeriods(b, { year: 2018, periods: [10, 11, 12], value: "exports", complete: "allow" }).get("exports", 0),
    21,
  );
  assert.throws(() => sumPeriods(b, { year: 2018, periods: [1], value: "nope" }), /no column "nope"/);
});

Deno.test("annualTotals flags partial years", () => {
  const totals = annualTotals(monthly(), { value: "exports", by: ["partner"] });
  assert.deepEqual(totals.objects(), [
    { partner: "A", year: 2017, periods: 12, exports: 78, complete: true },
    { partner: "A", year: 2018, periods: 12, exports: 78, complete: true },
    { partner: "B", year: 2017, periods: 12, exports: 78, complete: true },
    { partner: "B", year: 2018, periods: 11, exports: 66, complete: false },
  ]);
});

Deno.test("rankBy ranks deficits (most negative first), ties share a rank", () => {
  const t = aq.from([
    { code: "CN", balance: -220 },
    { code: "KR", balance: -9.9 },
    { code: "FR", balance: -9.2 },
    { code: "MX", balance: -41 },
    { code: "JP", balance: -41 },
    { code: "NL", balance: 12 },
  ]);
  const ranked = rankBy(t, { value: "balance", order: "ascending", where: (d) => (d.balance as number) < 0 });
  assert.deepEqual(ranked.array("code"), ["CN", "MX", "JP", "KR", "FR"]);
  assert.deepEqual(ranked.array("rank"), [1, 2, 2, 4, 5]);
  assert.equal(rankOf(ranked, "code", "KR"), 4);
  assert.throws(() => rankOf(ranked, "code", "NL"), /no row with code=NL/);
});

Deno.test("valueAt finds exactly one row or says why not", () => {
  const t = aq.from([{ year: 2011, value: 1 }, { year: 2012, value: 2 }, { year: 2012, value: 3 }]);
  assert.equal(valueAt(t, "value", { year: 2011 }), 1);
  assert.throws(() => valueAt(t, "value", { year: 2013 }), /no row with year=2013/);
  assert.throws(() => valueAt(t, "value", { year: 2012 }), /2 rows with year=2012/);
});

Deno.test("mirrorGap: importer above exporter points to CIF/FOB and timing", () => {
  // Korea's exports to the US 2015 (70,117.3, FOB) vs US imports from Korea (71,827.4).
  const m = mirrorGap({ reported: usdMillions(70_117.3), mirror: usdMillions(71_827.4), flow: "exports" });
  close(m.gap.value, 1_710.1, 6);
  close(m.gapPercent, (1_710.1 / 70_117.3) * 100, 9);
  assert.match(m.reasons[0], /CIF/);
  const lower = mirrorGap({ reported: usd(100), mirror: usd(90), flow: "exports" });
  assert.match(lower.reasons[0], /re-exports/);
});
