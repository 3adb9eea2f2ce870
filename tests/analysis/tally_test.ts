import assert from "node:assert/strict";
import { verdictTally } from "../../lib/analysis/tally.ts";

Deno.test("verdictTally: counts in a fixed order, empty kinds left out", () => {
  assert.equal(
    verdictTally({ discrepant: 6, confirmed: 5, approximate: 1, unverifiable: 1 }),
    "5 confirmed, 1 approximate, 6 discrepant and 1 unverifiable",
  );
  assert.equal(verdictTally({ unverifiable: 0, confirmed: 3 }), "3 confirmed");
  assert.equal(verdictTally({ "not checked": 1, discrepant: 2 }), "2 discrepant and 1 not checked");
  assert.equal(verdictTally({}), "no verdicts");
});
