import assert from "node:assert/strict";
import {
  convert,
  formatMoney,
  formatPercentChange,
  formatQuantity,
  isUnit,
  ordinal,
  percent,
  usd,
  usdBillions,
  usdMillions,
} from "../../lib/analysis/units.ts";

Deno.test("convert: money units convert explicitly and exactly", () => {
  assert.deepEqual(convert(usdMillions(27_624.6), "USD billions"), { value: 27.6246, unit: "USD billions" });
  assert.deepEqual(convert(usd(42_262_186_687), "USD millions"), { value: 42_262.186687, unit: "USD millions" });
  assert.deepEqual(convert(usdBillions(0.0888), "USD millions"), { value: 88.8, unit: "USD millions" });
});

Deno.test("convert: refuses to turn a percentage into money", () => {
  assert.throws(() => convert(percent(17.3), "USD millions"), /different things/);
});

Deno.test("formatQuantity and formatMoney read like a report", () => {
  assert.equal(formatQuantity(usdBillions(27.6246)), "$27.62 billion");
  assert.equal(formatQuantity(percent(-2.75)), "−2.8%");
  assert.equal(formatMoney(usdMillions(43_461.636035), "USD millions"), "$43,461.6 million");
  assert.equal(formatMoney(usd(-1_195_290_872)), "−$1.2 billion");
  assert.equal(ordinal(1), "1st");
  assert.equal(ordinal(13), "13th");
  assert.equal(ordinal(22), "22nd");
});

Deno.test("isUnit knows the units and nothing else", () => {
  assert.ok(isUnit("USD millions"));
  assert.ok(!isUnit("KRW"));
  assert.ok(!isUnit("usd"));
});

Deno.test("formatPercentChange keeps a significant digit for small changes", () => {
  assert.equal(formatPercentChange(4.81), "+4.8%");
  assert.equal(formatPercentChange(-0.0256), "−0.026%");
  assert.equal(formatPercentChange(0), "±0%");
});
