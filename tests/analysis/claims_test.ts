import assert from "node:assert/strict";
import { judge } from "../../lib/analysis/claims/tolerance.ts";
import { validateDocuments } from "../../lib/analysis/claims/schema.ts";
import { check, claim, ClaimError, VERDICT_MIME } from "../../lib/analysis/claims/mod.ts";
import { load } from "../../lib/analysis/catalog/load.ts";
import { mimeBundle } from "../../lib/analysis/jupyter.ts";
import { percent, ratio, usd, usdBillions, usdMillions, yesNo } from "../../lib/analysis/units.ts";

const money = (value: number) => ({ value, unit: "USD billions" as const });

Deno.test("rounded: a printed figure holds when the data round to it", () => {
  assert.equal(judge(money(42.3), 42.2622, { kind: "rounded", step: 0.1 }), "confirmed");
  assert.equal(judge(money(42.3), 42.35, { kind: "rounded", step: 0.1 }), "confirmed"); // on the boundary
  assert.equal(judge(money(25), 25.906, { kind: "rounded", step: 1 }), "approximate"); // 3.6% off, within 5%
  assert.equal(judge(money(3.5), 1.195, { kind: "rounded", step: 0.1 }), "discrepant");
  assert.equal(judge(money(3.5), 3.3, { kind: "rounded", step: 0.1, approximate: 0.01 }), "discrepant");
});

Deno.test("more-than: “more than doubled” needs a ratio above 2", () => {
  const doubled = { value: 2, unit: "ratio" as const };
  assert.equal(judge(doubled, 2.096, { kind: "more-than" }), "confirmed");
  assert.equal(judge(doubled, 2, { kind: "more-than" }), "approximate"); // exactly doubled is not more than
  assert.equal(judge(doubled, 1.95, { kind: "more-than" }), "approximate");
  assert.equal(judge(doubled, 1.5, { kind: "more-than" }), "discrepant");
  assert.equal(judge(doubled, 1.5, { kind: "less-than" }), "confirmed");
});

Deno.test("nearly: at most the stated value, and within the band below it", () => {
  const twenty = money(20);
  assert.equal(judge(twenty, 19.3, { kind: "nearly", relative: 0.1 }), "confirmed");
  assert.equal(judge(twenty, 18, { kind: "nearly", relative: 0.1 }), "confirmed");
  assert.equal(judge(twenty, 20.5, { kind: "nearly", relative: 0.1 }), "approximate"); // over: not “nearly”
  assert.equal(judge(twenty, 17, { kind: "nearly", relative: 0.1 }), "approximate");
  assert.equal(judge(twenty, 13.27, { kind: "nearly", relative: 0.1 }), "discrepant");
});

Deno.test("about: relative or absolute band, approximate within twice it", () => {
  const ninety = { value: 90, unit: "percent" as const };
  assert.equal(judge(ninety, 86.96, { kind: "about", absolute: 5 }), "confirmed");
  assert.equal(judge(ninety, 82, { kind: "about", absolute: 5 }), "approximate");
  assert.equal(judge(ninety, 70, { kind: "about", absolute: 5 }), "discrepant");
  assert.equal(judge({ value: 30000, unit: "persons" }, 32900, { kind: "about", relative: 0.1 }), "confirmed");
});

Deno.test("exact and range; booleans and text compare by equality", () => {
  assert.equal(judge({ value: 9, unit: "rank" }, 13, { kind: "exact" }), "discrepant");
  assert.equal(judge({ value: 2015, unit: "year" }, 2015, { kind: "exact" }), "confirmed");
  assert.equal(judge({ value: true, unit: "boolean" }, true, { kind: "exact" }), "confirmed");
  assert.equal(judge({ value: true, unit: "boolean" }, false, { kind: "exact" }), "discrepant");
  assert.equal(judge({ value: 5, unit: "count" }, 7, { kind: "range", min: 4, max: 8 }), "confirmed");
});

Deno.test("resolution: a rounded press figure may lie anywhere within half its step", () => {
  const stated = { value: 888.8, unit: "USD millions" as const };
  assert.equal(judge(stated, 890, { kind: "rounded", step: 0.1 }), "approximate");
  assert.equal(judge(stated, 890, { kind: "rounded", step: 0.1 }, 10), "confirmed");
  // The card says how far the computed figure may be off: ±half the step, in the stated unit.
  const v = check("kita-trade-1990", usdMillions(890), { sources: ["press-korea-russia-trade"], resolution: 10 });
  assert.equal(v.verdict, "confirmed");
  assert.match(v.data.reason, /rests on rounded figures: it is known only to within ±\$5 million\.\)$/);
});

Deno.test("check: verdict payload, grade, display bundle", () => {
  const census = load("census-goods-by-partner-monthly");
  const verdict = check("news-exports-2016", usd(42_262_186_687), { sources: [census], note: "sum of months" });
  const d = verdict.data;
  assert.equal(d.verdict, "confirmed");
  assert.equal(d.document, "korus-news-2017");
  assert.equal(d.grade, "official series");
  assert.deepEqual(d.stated, { value: 42.3, unit: "USD billions", text: "$42.3 billion" });
  assert.equal(d.computed?.unit, "USD billions");
  assert.ok(Math.abs((d.computed!.value as number) - 42.262186687) < 1e-9);
  assert.ok(Math.abs(d.difference!.absolute - (42.262186687 - 42.3)) < 1e-9);
  assert.equal(d.sources[0].resource, "census-goods-by-partner-monthly");
  assert.match(d.sources[0].sha256 ?? "", /^[0-9a-f]{64}$/);
  const bundle = mimeBundle(verdict)!;
  assert.deepEqual(bundle[VERDICT_MIME], d);
  assert.match(bundle["text/plain"] as string, /^✔ CONFIRMED · news-exports-2016 · official series/);
  assert.match(bundle["text/html"] as string, /class="claimbook-verdict verdict-confirmed"/);
  assert.doesNotMatch(bundle["text/html"] as string, /<script/);
});

Deno.test("check: a secondary source makes the verdict secondary", () => {
  const v = check("news-korea-exports-sep-2017", usdMillions(55_130), { sources: ["press-korea-exports-monthly"] });
  assert.equal(v.data.verdict, "confirmed");
  assert.equal(v.data.grade, "secondary");
});

Deno.test("check: discrepant verdicts carry the difference and a reason", () => {
  const v = check("news-imports-rose-nearly-20bn", usdMillions(13_271), { sources: ["imf-dots-annual"] });
  assert.equal(v.data.verdict, "discrepant");
  assert.ok(Math.abs(v.data.difference!.absolute - (13.271 - 20)) < 1e-9);
  assert.match(v.data.reason, /outside what the wording allows/);
});

Deno.test("check: unverifiable needs what would settle it", () => {
  assert.throws(() => check("news-autos-deficit-24bn", null), /must say what data would settle it/);
  const v = check("news-autos-deficit-24bn", null, { settle: "Census HS 87 trade with Korea, 2011 and 2016" });
  assert.equal(v.data.verdict, "unverifiable");
  assert.equal(v.data.grade, "none");
  assert.equal(v.data.computed, null);
});

Deno.test("check: misuse fails with a clear message", () => {
  assert.throws(() => check("news-exports-2061", usdBillions(1), { sources: ["imf-dots-annual"] }), (e: Error) => {
    assert.ok(e instanceof ClaimError);
    assert.match(e.message, /no claim "news-exports-2061".*did you mean news-exports-2016/s);
    return true;
  });
  assert.throws(() => check("news-exports-2016", usdBillions(42.3)), /name the data behind the figure/);
  assert.throws(
    () => check("news-exports-2016", percent(42.3), { sources: ["imf-dots-annual"] }),
    /states USD billions but the computed figure is in percent/,
  );
  const derived = load("imf-dots-annual").filter(() => true);
  assert.throws(() => check("news-exports-2016", usdBillions(42.3), { sources: [derived] }), /no provenance/);
  assert.equal(check("kita-deficit-since-2009", yesNo(true), { sources: ["imf-dots-annual"] }).verdict, "confirmed");
  assert.equal(
    check("news-deficit-more-than-doubled", ratio(2.096), { sources: ["imf-dots-annual"] }).verdict,
    "confirmed",
  );
});

Deno.test("claim records are read from data/documents.json", () => {
  const c = claim("news-deficit-more-than-doubled");
  assert.deepEqual(c.stated, { value: 2, unit: "ratio" });
  assert.equal(c.tolerance.kind, "more-than");
});

Deno.test("validateDocuments accepts a minimal valid file", () => {
  assert.deepEqual(validateDocuments({ documents: [], claims: [] }), []);
});
