import assert from "node:assert/strict";
import { join } from "node:path";
import { catalogReads, hasResource } from "../../lib/analysis/catalog/mod.ts";
import {
  conflictingSettleQueries,
  describeSettleQuery,
  parseDocuments,
  type SettleQuery,
  validateDocuments,
  validateSettleQuery,
} from "../../lib/analysis/claims/mod.ts";
import { parseDescriptor } from "../../lib/analysis/catalog/datapackage.ts";
import { ROOT } from "../helpers/paths.ts";

const QUERY: SettleQuery = {
  source: "census-hs",
  resource: "census-hs87-korea",
  level: "HS2",
  commodities: ["87"],
  partner: "5800",
  flows: ["exports", "imports"],
  years: [2011, 2016],
};

Deno.test("settleBy: a well-formed query passes; each bad field is named", () => {
  assert.deepEqual(validateSettleQuery(QUERY, "claims[x]"), []);
  const bad = (change: Record<string, unknown>) => validateSettleQuery({ ...QUERY, ...change }, "claims[x]");
  assert.deepEqual(bad({ source: "usitc" }), [
    'claims[x].settleBy.source: unknown source "usitc"; the one supported is "census-hs"',
  ]);
  assert.match(bad({ resource: "Census HS" })[0], /^claims\[x\]\.settleBy\.resource: expected a resource name/);
  assert.match(bad({ level: "HS3" })[0], /settleBy\.level: expected HS2, HS4, HS6 or HS10, got "HS3"/);
  assert.deepEqual(bad({ commodities: ["8703"] }), [
    'claims[x].settleBy.commodities: "8703" is not an HS2 code (2 digits)',
  ]);
  assert.match(bad({ commodities: [] })[0], /settleBy\.commodities: expected a list of HS codes/);
  assert.match(bad({ partner: "KOR" })[0], /settleBy\.partner: expected a four-digit Census country code/);
  assert.match(bad({ flows: ["balance"] })[0], /settleBy\.flows: expected \["exports"\], \["imports"\] or both/);
  assert.match(bad({ years: [2009] })[0], /settleBy\.years: expected calendar years from 2010/);
  assert.deepEqual(validateSettleQuery("HS 87", "claims[x]"), ["claims[x].settleBy: expected { source, resource, … }"]);
});

Deno.test("settleBy: claims naming one resource must ask the same query (list order aside)", () => {
  assert.deepEqual(
    conflictingSettleQueries([
      { id: "a", settleBy: QUERY },
      { id: "b", settleBy: { ...QUERY, years: [2016, 2011], flows: ["imports", "exports"] } },
      { id: "c" },
    ]),
    [],
  );
  assert.deepEqual(
    conflictingSettleQueries([{ id: "a", settleBy: QUERY }, { id: "b", settleBy: { ...QUERY, years: [2017] } }]),
    [
      'claims[b].settleBy: resource "census-hs87-korea" is asked for differently by claims[a]; one resource, one query',
    ],
  );
});

Deno.test("settleBy: validateDocuments checks it; the query reads in words", () => {
  const file = JSON.parse(Deno.readTextFileSync(join(ROOT, "data", "documents.json")));
  const claim = file.claims.find((c: { settleBy?: unknown }) => c.settleBy);
  claim.settleBy = { ...claim.settleBy, partner: "Korea" };
  assert.deepEqual(validateDocuments(file), [
    `claims[${claim.id}].settleBy.partner: expected a four-digit Census country code (5800 = Korea, South)`,
  ]);
  assert.equal(
    describeSettleQuery(QUERY),
    "US exports to and imports from Census country 5800 of HS 87, 2011 and 2016, from the Census International Trade API (resource census-hs87-korea; deno task update --settle fetches it)",
  );
  assert.match(
    describeSettleQuery({ ...QUERY, flows: ["imports"], commodities: ["8703", "8704", "8708"], level: "HS4" }),
    /^US imports from Census country 5800 of HS 8703, 8704 and 8708, 2011 and 2016/,
  );
});

Deno.test("settleBy: in the committed records, a settling query never names a curated resource", () => {
  const documents = parseDocuments(Deno.readTextFileSync(join(ROOT, "data", "documents.json")), "documents.json");
  const curated = parseDescriptor(Deno.readTextFileSync(join(ROOT, "data", "datapackage.json")), "datapackage.json")
    .resources.map((r) => r.name);
  const settling = documents.claims.filter((c) => c.settleBy);
  assert.ok(settling.length > 0, "at least the news item's auto claims name their settling query");
  for (const c of settling) {
    assert.ok(
      !curated.includes(c.settleBy!.resource),
      `${c.id}: ${c.settleBy!.resource} would replace a curated resource`,
    );
  }
});

Deno.test("hasResource: true for a described resource, false otherwise, and recorded as a read of that entry", () => {
  const dataDir = join(ROOT, "data");
  assert.equal(hasResource("imf-dots-annual", { dataDir }), true);
  assert.equal(hasResource("census-hs87-korea-not-there", { dataDir }), false);
  const read = catalogReads().find((r) => r.path === "datapackage.json#census-hs87-korea-not-there");
  assert.deepEqual(read, {
    resource: "(datapackage.json)",
    path: "datapackage.json#census-hs87-korea-not-there",
    sha256: "absent",
  });
});
