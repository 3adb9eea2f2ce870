import assert from "node:assert/strict";
import * as aq from "arquero";
import {
  annualTotals,
  balance,
  cagr,
  convertColumns,
  deficitChange,
  deficitOf,
  deficitReduction,
  growth,
  halfYear,
  mirrorGap,
  multiple,
  periodOfMax,
  quarterSum,
  rankBy,
  rankOf,
  recordAt,
  share,
  sum,
  sumPeriods,
  sumQuarters,
  totalTrade,
  valueAt,
  yearOfMax,
  yearOverYear,
  yearToDate,
} from "../../lib/analysis/trade/mod.ts";
import { count, percent, usd, usdBillions, usdMillions, valueIn } from "../../lib/analysis/units.ts";
import { prose } from "../../lib/analysis/prose.ts";

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

Deno.test("sumQuarters: BEA's periods, the quarters' rows only, never the year's own", () => {
  // As bea-trade-by-country prints Korea's goods and services balance (US$ millions): the year's row, then its quarters.
  const bea = aq.from([
    { partner: "Korea, South", period: "2017", balance: -6648 },
    { partner: "Korea, South", period: "2017Q1", balance: -1842 },
    { partner: "Korea, South", period: "2017Q2", balance: -998 },
    { partner: "Korea, South", period: "2017Q3", balance: -1905 },
    { partner: "Korea, South", period: "2017Q4", balance: -1904 },
    { partner: "Korea, South", period: "2018", balance: -1000 },
    { partner: "Korea, South", period: "2018Q1", balance: 208 },
    { partner: "Korea, South", period: "2018Q2", balance: -1187 },
  ]);
  const sumOf = (year: number, quarters: number[]) =>
    sumQuarters(bea, { year, quarters, value: "balance", by: ["partner"] }).get("balance", 0);
  assert.equal(sumOf(2018, [1, 2]), -979); // 208 − 1,187
  assert.equal(sumOf(2017, [1, 2, 3, 4]), -6649); // the quarters, seasonally adjusted: 1 from the year's −6,648
  assert.throws(() => sumOf(2018, [1, 2, 3]), /incomplete period for partner=Korea, South: 2 of 3 quarters of 2018/);
  assert.equal(
    sumQuarters(bea, { year: 2018, quarters: [1, 2, 3], value: "balance", complete: "allow" }).get("periods", 0),
    2,
  );
  assert.throws(
    () => sumQuarters(bea, { year: 2018, quarters: [1], value: "balance", periodColumn: "when" }),
    /no column "when"/,
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
  assert.throws(() => valueAt(t, "value", { year: 2011, month: 1 }), /no row with year=2011, month=1/);
  assert.throws(() => valueAt(t, "value", { toString: 2011 }), /no row with toString=2011/);
  // A view counts only its own rows, in its own order.
  const view = t.filter((d: { value: number }) => d.value > 1).orderby(aq.desc("value"));
  assert.equal(valueAt(view, "value", { year: 2012, value: 2 }), 2);
  assert.throws(() => valueAt(view, "value", { year: 2011 }), /no row with year=2011/);
  assert.throws(() => valueAt(view, "value", { year: 2012 }), /2 rows with year=2012/);
});

Deno.test("valueAt: repeated lookups (served from an index of the key columns) match as === does", () => {
  const t = aq.from([
    { key: 2011, flag: true, value: 1 },
    { key: "2011", flag: true, value: 2 },
    { key: 0, flag: false, value: 3 },
    { key: null, flag: true, value: 4 },
    { key: NaN, flag: true, value: 5 },
    { key: "a:1", flag: false, value: 6 },
  ]);
  for (let round = 0; round < 3; round++) {
    assert.equal(valueAt(t, "value", { key: 2011, flag: true }), 1);
    assert.equal(valueAt(t, "value", { key: "2011", flag: true }), 2);
    assert.equal(valueAt(t, "value", { key: -0, flag: false }), 3);
    assert.equal(valueAt(t, "value", { key: "a:1", flag: false }), 6);
    assert.throws(() => valueAt(t, "value", { key: 2011, flag: false }), /no row with key=2011, flag=false/);
    assert.throws(() => valueAt(t, "value", { key: NaN, flag: true }), /no row with key=NaN, flag=true/);
    assert.throws(() => valueAt(t, "value", { key: "null", flag: true }), /no row with key=null, flag=true/);
  }
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

Deno.test("valueIn: a quantity's number in another unit", () => {
  // Census 2016 exports to Korea, in dollars: 42,262,186,687 = 42,262.186687 million.
  assert.equal(valueIn(usd(42_262_186_687), "USD millions"), 42_262.186687);
  assert.equal(valueIn(usdMillions(27_624.6), "USD billions"), 27.6246);
  assert.equal(valueIn(percent(-2.7), "percent"), -2.7);
  assert.throws(() => valueIn(percent(1), "USD"), /different things/);
});

Deno.test("count: whole numbers only", () => {
  assert.deepEqual(count(5), { value: 5, unit: "count" });
  assert.throws(() => count(2.5), /whole number/);
  assert.throws(() => count(-1), /whole number/);
});

Deno.test("deficitOf: a deficit as a positive amount; a surplus is refused", () => {
  assert.deepEqual(deficitOf(usdMillions(-27_624.6)), { value: 27_624.6, unit: "USD millions" });
  assert.deepEqual(deficitOf(usd(-13_199_723_426)), { value: 13_199_723_426, unit: "USD" });
  // BEA: the US services balance with Korea in H1 2018 is a surplus of 7,130.
  assert.throws(() => deficitOf(usdMillions(7_130)), /surplus, not a deficit/);
});

Deno.test("deficitReduction: how much a deficit shrank, as positive amounts", () => {
  // Census: 2016 −27,624.6 → 2017 −23,060.3: fell by 4,564.3, i.e. 4,564.3 / 27,624.6 = 16.5226%.
  const r = deficitReduction(usdMillions(-27_624.6), usdMillions(-23_060.3));
  assert.deepEqual(r.absolute, { value: 4_564.3, unit: "USD millions" });
  close(r.percent.value, 16.52259, 4);
  // BEA goods and services, H1 (Q1 + Q2, seasonally adjusted): −1,842 − 998 = −2,840 → 208 − 1,187 = −979.
  const h1 = deficitReduction(usdMillions(-2_840), usdMillions(-979));
  assert.equal(h1.absolute.value, 1_861);
  close(h1.percent.value, (1_861 / 2_840) * 100);
  // A deficit that grew is a negative reduction: China, H1 2017 −167,073 → H1 2018 −182,479.
  assert.equal(deficitReduction(usdMillions(-167_073), usdMillions(-182_479)).absolute.value, -15_406);
  assert.throws(() => deficitReduction(usdMillions(-2_215), usdMillions(2_107)), /two deficits/);
  assert.throws(() => deficitReduction(usdMillions(506), usdMillions(3_976)), /two deficits/);
});

Deno.test("periodOfMax and yearOfMax: the period of the largest value, earliest on a tie", () => {
  // BEA, US goods-and-services deficit with Korea over four quarters (US$ millions).
  const running = aq.from([
    { period: "2016Q3", deficit: 16_355 },
    { period: "2016Q1", deficit: 17_281 },
    { period: "2016Q2", deficit: 17_569 },
    { period: "2016Q4", deficit: 14_248 },
  ]);
  assert.equal(periodOfMax(running, "deficit", { period: "period" }), "2016Q2");
  const years = aq.from([{ year: 2015, v: 3 }, { year: 2014, v: 3 }, { year: 2016, v: 1 }]);
  assert.equal(yearOfMax(years, "v"), 2014);
  assert.throws(() => yearOfMax(running, "deficit"), /no column "year"/);
  assert.throws(() => yearOfMax(running, "deficit", { yearColumn: "period" }), /not years/);
  assert.throws(() => yearOfMax(aq.from([{ year: 2015, v: null }]), "v"), /v is missing in period 2015/);
  assert.throws(() => yearOfMax(years.filter(() => false), "v"), /no rows/);
});

Deno.test("recordAt: above every earlier period; later periods do not count", () => {
  // MOTIE: Korea's exports, US$ millions (October 2014 was the record September 2017 broke).
  const months = aq.from([
    { period: "2014-10", exports: 51_630 },
    { period: "2016-12", exports: 45_100 },
    { period: "2017-09", exports: 55_130 },
    { period: "2017-10", exports: 45_000 },
    { period: "2018-09", exports: 50_600 },
  ]);
  const september = recordAt(months, { value: "exports", period: "period", at: "2017-09" });
  assert.equal(september.record, true);
  assert.deepEqual(september.previousHigh, { period: "2014-10", value: 51_630 });
  assert.equal(september.earlier, 2);
  const later = recordAt(months, { value: "exports", period: "period", at: "2018-09" });
  assert.equal(later.record, false);
  assert.deepEqual(later.previousHigh, { period: "2017-09", value: 55_130 });
  assert.throws(() => recordAt(months, { value: "exports", period: "period", at: "2014-10" }), /no period before/);
  assert.throws(() => recordAt(months, { value: "exports", period: "period", at: "2019-01" }), /no rows for period/);
});

Deno.test("convertColumns: money columns in another unit, others untouched", () => {
  const t = aq.from([
    { year: 2016, exports: 42_262_186_687, imports: 69_886_778_026, note: "x" },
    { year: 2017, exports: null, imports: 71_416_537_956, note: "y" },
  ]);
  const m = convertColumns(t, { columns: ["exports", "imports"], from: "USD", to: "USD millions" });
  assert.deepEqual(m.objects(), [
    { year: 2016, exports: 42_262.186687, imports: 69_886.778026, note: "x" },
    { year: 2017, exports: null, imports: 71_416.537956, note: "y" },
  ]);
  assert.equal(
    convertColumns(aq.from([{ v: 27_624.6 }]), { columns: ["v"], from: "USD millions", to: "USD billions" }).get(
      "v",
      0,
    ),
    27.6246,
  );
  assert.throws(() => convertColumns(t, { columns: ["value"], from: "USD", to: "USD millions" }), /no column "value"/);
});

Deno.test("halfYear on quarterly data: H1 is quarters 1 and 2", () => {
  // BEA services balance with Korea, seasonally adjusted (US$ millions).
  const q = aq.from([
    { year: 2018, quarter: 1, balance: 3_908 },
    { year: 2018, quarter: 2, balance: 3_222 },
    { year: 2018, quarter: 3, balance: 3_100 },
    { year: 2017, quarter: 1, balance: 3_884 },
  ]);
  assert.equal(
    halfYear(q, { year: 2018, half: 1, value: "balance", periodColumn: "quarter" }).get("balance", 0),
    7_130,
  );
  assert.throws(
    () => halfYear(q, { year: 2017, half: 1, value: "balance", periodColumn: "quarter" }),
    /1 of 2 quarters of 2017/,
  );
});

Deno.test("prose: one line of text however the code is broken", () => {
  const fall = 65.5;
  assert.equal(
    prose`The deficit
      fell by ${fall}%
      in the first half.`,
    "The deficit fell by 65.5% in the first half.",
  );
});
