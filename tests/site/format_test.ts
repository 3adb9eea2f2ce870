import assert from "node:assert/strict";
import { formatDifference, plural, readableDate } from "../../lib/workspace/site/format.ts";

Deno.test("differences read with their sign and unit, relative only where it means something", () => {
  assert.equal(formatDifference({ absolute: -0.42, relative: -0.015, unit: "USD billions" }), "−$0.42 billion (−1.5%)");
  assert.equal(formatDifference({ absolute: 3.2, relative: 0.5, unit: "percent" }), "+3.2 percentage points");
  assert.equal(formatDifference({ absolute: 1, relative: 0.0005, unit: "year" }), "+1 year");
  assert.equal(formatDifference({ absolute: -2, relative: -0.2, unit: "rank" }), "−2 places");
  // A real but small relative difference keeps a significant digit instead of reading "0%".
  assert.equal(
    formatDifference({ absolute: -0.006, relative: -0.00026, unit: "USD billions" }),
    "−$0.01 billion (−0.026%)",
  );
  assert.equal(formatDifference({ absolute: 0, relative: 0, unit: "USD millions" }), "none");
  assert.equal(formatDifference(null), "—");
});

Deno.test("dates and counts read as words", () => {
  assert.equal(readableDate("2020-09-07"), "7 September 2020");
  assert.equal(readableDate("2018-09"), "September 2018");
  assert.equal(readableDate("2020"), "2020");
  assert.equal(plural(1, "claim"), "1 claim");
  assert.equal(plural(2, "claim"), "2 claims");
});
