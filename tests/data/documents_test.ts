/**
 * The claim records of `data/documents.json`, checked as properties of whatever documents exist: a document added
 * with `deno task new` is held to the same rules as the first four, and no test lists the corpus.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import { exists, ROOT, SHARED } from "../helpers/paths.ts";

const file = parseDocuments(Deno.readTextFileSync(join(ROOT, "data", "documents.json")), "data/documents.json");
const SEEDS = join(SHARED, "seeds");

// parseDocuments has already refused a claim whose document is not in the file (tests/reliability/claims_test.ts).
Deno.test("documents.json: at least one document, and every document has a claim", () => {
  assert.ok(file.documents.length > 0, "no documents");
  for (const doc of file.documents) {
    assert.ok(file.claims.some((c) => c.document === doc.id), `${doc.id} has no claim`);
  }
});

Deno.test("documents.json: a seed names a file of the seeds folder, not a path", () => {
  for (const doc of file.documents.filter((d) => d.seed !== undefined)) {
    assert.equal(basename(doc.seed!), doc.seed, `${doc.id}: seed is a file name in ../shared/seeds/`);
    if (exists(SEEDS)) assert.ok(exists(join(SEEDS, doc.seed!)), `${doc.id}: ${doc.seed} is not in ${SEEDS}`);
  }
});

Deno.test("documents.json: every quote appears verbatim in its document's seed text, when it names one", {
  ignore: !exists(SEEDS),
}, () => {
  for (const doc of file.documents.filter((d) => d.seed !== undefined)) {
    const seed = Deno.readTextFileSync(join(SEEDS, doc.seed!));
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
