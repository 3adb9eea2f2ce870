/**
 * Runs in a process of its own for `vintage_test.ts`, with `CLAIMBOOK_DATA_DIR`
 * set to a fixture package (claims are looked up there, and the environment is
 * the process's: test files running in parallel must not see it). Prints the
 * verdicts as JSON.
 *
 * @module
 */

import { check } from "../../lib/analysis/claims/check.ts";
import { load } from "../../lib/analysis/catalog/load.ts";
import { mimeBundle } from "../../lib/analysis/jupyter.ts";
import { usdMillions } from "../../lib/analysis/units.ts";

const revised = load("revised-table");
const printed = load("first-print");
const revisedValue = revised.get("exports", 0) as number;
const printedValue = printed.get("exports", 0) as number;
const withVintages = check("fixture-surplus", usdMillions(revisedValue), {
  sources: [revised],
  vintages: [{ computed: usdMillions(printedValue), sources: [printed] }],
}).data;
const bundle = mimeBundle(check("fixture-surplus", usdMillions(revisedValue), { sources: [revised] }))!;
console.log(JSON.stringify({ withVintages, plain: bundle["text/plain"], html: bundle["text/html"] }));
