import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import { exists, ROOT, SHARED } from "../helpers/paths.ts";

const file = parseDocuments(Deno.readTextFileSync(join(ROOT, "data", "documents.json")), "data/documents.json");

Deno.test("documents.json: four documents, 30+ claims, every document with claims", () => {
  assert.deepEqual(file.documents.map((d) => d.id).sort(), [
    "korea-russia-kita-2020",
    "korus-fta-rudn-2020",
    "korus-kei-2018",
    "korus-news-2017",
  ]);
  assert.ok(file.claims.length >= 30, `${file.claims.length} claims`);
  for (const doc of file.documents) {
    assert.ok(file.claims.filter((c) => c.document === doc.id).length >= 5, `${doc.id} has at least 5 claims`);
  }
});

Deno.test("documents.json: every quote appears verbatim in its seed document", {
  ignore: !exists(join(SHARED, "seeds")),
}, () => {
  for (const doc of file.documents) {
    const seed = Deno.readTextFileSync(join(SHARED, "seeds", doc.seed!));
    for (const claim of file.claims.filter((c) => c.document === doc.id)) {
      assert.ok(seed.includes(claim.quote), `${claim.id}: quote not found in ${doc.seed}: “${claim.quote}”`);
    }
  }
});

Deno.test("documents.json: the headline claims state what the documents say", () => {
  const byId = new Map(file.claims.map((c) => [c.id, c]));
  assert.deepEqual(byId.get("news-deficit-more-than-doubled")?.stated, { value: 2, unit: "ratio" });
  assert.deepEqual(byId.get("news-deficit-more-than-doubled")?.tolerance, { kind: "more-than" });
  assert.deepEqual(byId.get("kita-trade-1990")?.stated, { value: 888.8, unit: "USD millions" });
  assert.deepEqual(byId.get("kita-trade-2019")?.stated, { value: 22.34, unit: "USD billions" });
  assert.deepEqual(byId.get("news-imports-rose-nearly-20bn")?.tolerance, { kind: "nearly", relative: 0.1 });
});
