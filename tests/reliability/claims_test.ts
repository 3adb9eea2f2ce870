/**
 * Bad claim records and misuse of check(): each a clear message naming the
 * claim and the field.
 */
import assert from "node:assert/strict";
import { validateDocuments } from "../../lib/analysis/claims/schema.ts";
import { check } from "../../lib/analysis/claims/check.ts";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import { usdBillions } from "../../lib/analysis/units.ts";

const doc = {
  id: "doc",
  title: "T",
  publisher: "P",
  authors: [],
  date: "2020",
  url: null,
  license: "CC BY 4.0",
  summary: "S",
};
const claim = {
  id: "doc-figure",
  document: "doc",
  quote: "rose to $25 billion",
  subject: "Surplus",
  period: "2015",
  stated: { value: 25, unit: "USD billions" },
  wording: "25 billion",
  tolerance: { kind: "rounded", step: 1 },
};
const problems = (override: Record<string, unknown>) =>
  validateDocuments({ documents: [doc], claims: [{ ...claim, ...override }] });

Deno.test("a valid record passes", () => {
  assert.deepEqual(problems({}), []);
});

Deno.test("a claim with no quote is refused", () => {
  assert.deepEqual(problems({ quote: "" }), [
    "claims[doc-figure].quote: required; copy the claim's words verbatim from the document",
  ]);
});

Deno.test("an unknown unit is refused with the known units", () => {
  const [message] = problems({ stated: { value: 25, unit: "USD bn" } });
  assert.match(message, /claims\[doc-figure\]\.stated\.unit: unknown unit "USD bn"; use one of USD, USD millions/);
});

Deno.test("a tolerance that cannot be satisfied is refused", () => {
  assert.match(problems({ tolerance: { kind: "rounded", step: 0 } })[0], /tolerance\.step: must be a positive number/);
  assert.match(
    problems({ tolerance: { kind: "range", min: 30, max: 20 } })[0],
    /min 30 is above max 20; no value can satisfy it/,
  );
  assert.match(
    problems({ tolerance: { kind: "nearly", relative: 1.5 } })[0],
    /relative: must be a fraction between 0 and 1/,
  );
  assert.match(problems({ tolerance: { kind: "about" } })[0], /give relative \(a fraction\) or absolute/);
  assert.match(problems({ tolerance: { kind: "roughly" } })[0], /unknown kind "roughly"/);
  assert.match(
    problems({ stated: { value: true, unit: "boolean" }, tolerance: { kind: "rounded", step: 1 } })[0],
    /"rounded" needs a numeric stated value/,
  );
});

Deno.test("a claim of an unknown document, a duplicate id and a malformed stated value", () => {
  assert.match(
    problems({ document: "nope" })[0],
    /claims\[doc-figure\]\.document: expected the id of a document in this file, got "nope"/,
  );
  assert.match(
    validateDocuments({ documents: [doc], claims: [claim, claim] }).join("\n"),
    /claims\[doc-figure\]\.id: duplicate claim id/,
  );
  assert.match(
    problems({ stated: { value: "25", unit: "USD billions" } })[0],
    /a USD billions claim needs a number value, got "25"/,
  );
});

Deno.test("a malformed documents.json fails with every problem listed", () => {
  assert.throws(
    () =>
      parseDocuments(
        JSON.stringify({
          documents: [doc],
          claims: [{ ...claim, quote: "" }, { ...claim, id: "doc-two", stated: { value: 1, unit: "x" } }],
        }),
        "data/documents.json",
      ),
    /data\/documents\.json: 2 problem\(s\) in the claim records:\n {2}claims\[doc-figure\]\.quote: required.*\n {2}claims\[doc-two\]\.stated\.unit: unknown unit "x"/s,
  );
  assert.throws(() => parseDocuments("{", "data/documents.json"), /data\/documents\.json: not valid JSON/);
});

Deno.test("checking a claim id that does not exist suggests the nearest ids", () => {
  assert.throws(
    () => check("kita-trade-2091", usdBillions(22.34), { sources: ["imf-dots-annual"] }),
    /no claim "kita-trade-2091" in .*documents\.json; did you mean kita-trade-2019/,
  );
});
