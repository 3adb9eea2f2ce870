/**
 * A render after the data changed says which verdicts and computed figures
 * moved since the last render: a one-claim document whose notebook reads a
 * small resource of the catalog (USITC's 2017 headline figures), which the
 * test then edits with its `datapackage.json` record, as `data:import`
 * would after a new release.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";
import { summarizeRender } from "../../lib/workspace/render/pipeline.ts";
import { codeNotebook } from "../../lib/workspace/scaffold/mod.ts";
import { renderScratch, writeNotebooks } from "./helpers.ts";

const DOCUMENT = {
  id: "moves-note",
  title: "A note whose figure the test moves",
  publisher: "The test",
  authors: [],
  date: "2026-12",
  url: "https://example.org/moves-note",
  license: "Written for the test",
  summary: "One figure, read from a file the test rewrites between renders.",
};
const CLAIM = {
  id: "moves-note-deficit",
  document: DOCUMENT.id,
  quote: "the US deficit with Korea was $22.9 billion in 2017",
  subject: "US goods deficit with Korea in 2017 (USITC)",
  period: "2017",
  stated: { value: 22.9, unit: "USD billions" },
  wording: "$22.9 billion",
  tolerance: { kind: "rounded", step: 0.1 },
};
const RESOURCE = "usitc-korea-totals";

/** Writes the resource's file into the scratch data folder and records its size and hash, as `data:import` does. */
async function publish(dataDir: string, csv: string): Promise<void> {
  const bytes = new TextEncoder().encode(csv);
  const path = join(dataDir, "datapackage.json");
  const descriptor = JSON.parse(await Deno.readTextFile(path));
  const resource = descriptor.resources.find((r: { name: string }) => r.name === RESOURCE);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  resource.bytes = bytes.length;
  resource.hash = `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  await Deno.writeFile(join(dataDir, resource.path), bytes);
  await Deno.writeTextFile(path, JSON.stringify(descriptor, null, 2) + "\n");
}

Deno.test("render after the data changed: the summary lists the verdicts and figures that moved", async () => {
  const { dir, cleanup } = await writeNotebooks({});
  const dataDir = join(dir, "data");
  try {
    await Deno.writeTextFile(
      join(dataDir, "documents.json"),
      JSON.stringify({ documents: [DOCUMENT], claims: [CLAIM] }),
    );
    const notebook = codeNotebook([
      'import { check, load, quantityAt, report } from "@lib/analysis/mod.ts";',
      `const usitc = load("${RESOURCE}");`,
      `await report(check("${CLAIM.id}", quantityAt(usitc, "value", { year: 2017, flow: "deficit" }), { sources: [usitc] }));`,
    ], { document: DOCUMENT.id });
    await Deno.writeTextFile(join(dir, "notebooks", `${DOCUMENT.id}.ipynb`), JSON.stringify(notebook));

    // USITC: "U.S. trade deficit with South Korea: decreased by $4.7 billion (17 percent) to $22.9 billion".
    const released = await Deno.readTextFile(join(ROOT, "data", `${RESOURCE}.csv`));
    await publish(dataDir, released);
    const first = await renderScratch(dir, { site: false });
    assert.ok(first.ok, JSON.stringify({ failed: first.failed, errors: first.errors, ledger: first.ledgerProblems }));
    assert.equal(first.ledger?.verdicts[0].verdict, "confirmed");
    assert.equal(first.moves, undefined, "no ledger before the first render: nothing to compare with");
    assert.doesNotMatch(summarizeRender(first).text, /since the last render/);

    // A revised release: the deficit row now reads 25,000 (US$ millions). The cache sees the new file and runs again.
    const revised = released.replace(/^2017,deficit,22900,/m, "2017,deficit,25000,");
    assert.notEqual(revised, released);
    await publish(dataDir, revised);
    const second = await renderScratch(dir, { site: false });
    assert.ok(second.ok, JSON.stringify({ failed: second.failed, errors: second.errors }));
    assert.equal(second.ran.length, 1, "the notebook ran again on the revised data");
    assert.deepEqual(second.moves?.map((c) => [c.claim, c.kind, c.before?.verdict, c.after?.verdict]), [
      [CLAIM.id, "verdict", "confirmed", "discrepant"],
    ]);
    const text = summarizeRender(second).text;
    assert.match(text, /since the last render: 1 verdict\(s\) changed, 0 computed figure\(s\) moved/);
    assert.match(text, /\* moves-note-deficit: confirmed → discrepant; computed \$22\.9 billion → \$25(\.0)? billion/);

    // Rendered again on the same data: nothing moved, and the summary says nothing of it.
    const third = await renderScratch(dir, { site: false, force: true });
    assert.deepEqual(third.moves, []);
    assert.doesNotMatch(summarizeRender(third).text, /since the last render/);
  } finally {
    await cleanup();
  }
});
