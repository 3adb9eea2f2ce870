import assert from "node:assert/strict";
import { join } from "node:path";
import { ledgerEntry, ledgerOf } from "./ledger_fixtures.ts";
import { LEDGER_PATH, parseLedger, readLedger } from "../../lib/workspace/ledger/file.ts";
import { diffLedgers, formatVerdictChanges } from "../../lib/workspace/ledger/diff.ts";
import { rerenderAndCompare, staleResources } from "../../lib/workspace/update/verdicts.ts";
import { sha256 } from "../../lib/analysis/catalog/reads.ts";

Deno.test("ledger diff: verdict changes, moved figures, added and removed claims", () => {
  const before = ledgerOf([
    ledgerEntry("a-confirmed-then-discrepant", "confirmed", 6.4),
    ledgerEntry("b-figure-moves", "approximate", 6.1),
    ledgerEntry("c-same", "confirmed", 1),
    ledgerEntry("d-removed", "unverifiable", null),
  ]);
  const after = ledgerOf([
    ledgerEntry("a-confirmed-then-discrepant", "discrepant", 7.9),
    ledgerEntry("b-figure-moves", "approximate", 6.2),
    ledgerEntry("c-same", "confirmed", 1),
    ledgerEntry("e-added", "confirmed", 2),
  ]);
  const changes = diffLedgers(before, after);
  assert.deepEqual(changes.map((c) => [c.kind, c.claim]), [
    ["verdict", "a-confirmed-then-discrepant"],
    ["computed", "b-figure-moves"],
    ["added", "e-added"],
    ["removed", "d-removed"],
  ]);
  assert.deepEqual(changes[0].before, { verdict: "confirmed", computed: "$6.4 billion" });
  assert.deepEqual(changes[0].after, { verdict: "discrepant", computed: "$7.9 billion" });
  const text = formatVerdictChanges(changes);
  assert.match(text, /1 verdict\(s\) changed, 1 computed figure\(s\) moved, 1 added, 1 removed/);
  assert.match(text, /a-confirmed-then-discrepant: confirmed → discrepant; computed \$6\.4 billion → \$7\.9 billion/);
  assert.match(text, /b-figure-moves: approximate \(unchanged\); computed \$6\.1 billion → \$6\.2 billion/);
});

Deno.test("ledger diff: no previous ledger lists every claim as added; no change says so", () => {
  const after = ledgerOf([ledgerEntry("a", "confirmed", 1)]);
  assert.deepEqual(diffLedgers(null, after).map((c) => c.kind), ["added"]);
  assert.deepEqual(diffLedgers(after, after), []);
  assert.equal(formatVerdictChanges([]), "No claim verdict or computed figure changed.");
});

Deno.test("ledger diff: a claim checked twice in a notebook keeps both occurrences apart", () => {
  const before = ledgerOf([ledgerEntry("a", "confirmed", 1), ledgerEntry("a", "confirmed", 2)]);
  const after = ledgerOf([ledgerEntry("a", "confirmed", 1), ledgerEntry("a", "discrepant", 3)]);
  assert.deepEqual(diffLedgers(before, after).map((c) => [c.kind, c.before?.computed]), [["verdict", "$2 billion"]]);
});

Deno.test("ledger diff: a file that is not a ledger is rejected with what to do", () => {
  assert.throws(() => parseLedger("{", "_build/claims.json"), /_build\/claims\.json: not valid JSON.*deno task render/);
  assert.throws(
    () => parseLedger('{"schema":"other"}', "x.json"),
    /expected a claim ledger with schema claimbook\.ledger\/1/,
  );
});

Deno.test("verdicts: re-render and compare with the ledger read before the update", async () => {
  const root = await Deno.makeTempDir({ prefix: "claimbook-ledger-test-" });
  try {
    await Deno.mkdir(join(root, "_build"));
    await Deno.writeTextFile(join(root, LEDGER_PATH), JSON.stringify(ledgerOf([ledgerEntry("a", "confirmed", 6.4)])));
    const before = await readLedger(root);
    const render = async ({ root }: { root: string }) => {
      const after = ledgerOf([ledgerEntry("a", "discrepant", 7.9)]);
      await Deno.writeTextFile(join(root, LEDGER_PATH), JSON.stringify(after));
      return { ok: true, ledger: after, failed: [], ledgerProblems: [], errors: [] };
    };
    const step = await rerenderAndCompare(root, before, { quiet: true, render });
    assert.equal(step.status, "compared");
    assert.deepEqual(step.changes.map((c) => [c.claim, c.before?.verdict, c.after?.verdict]), [
      ["a", "confirmed", "discrepant"],
    ]);
    const failing = await rerenderAndCompare(root, before, {
      quiet: true,
      render: () => Promise.reject(new Error("kernel died")),
    });
    assert.equal(failing.status, "failed");
    assert.match(failing.note!, /data\/ was updated, but re-rendering failed: kernel died; run deno task render/);
    const notebookFailed = await rerenderAndCompare(root, before, {
      quiet: true,
      render: () =>
        Promise.resolve({
          ok: false,
          failed: [{ notebook: "notebooks/kei-2018.ipynb", message: "cell 4: TypeError" }],
          ledgerProblems: [],
          errors: [],
        }),
    });
    assert.equal(notebookFailed.status, "failed");
    assert.match(notebookFailed.note!, /did not produce a ledger \(notebooks\/kei-2018\.ipynb: cell 4: TypeError\)/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("verdicts: a ledger computed from other data than the current files is reported as stale", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "claimbook-stale-test-" });
  try {
    const csv = "year,value\n2019,7789.791\n";
    await Deno.writeTextFile(join(dataDir, "dots.csv"), csv);
    await Deno.writeTextFile(
      join(dataDir, "datapackage.json"),
      JSON.stringify({ name: "x", resources: [{ name: "imf-dots-annual", path: "dots.csv" }] }),
    );
    const cited = (hash: string) => {
      const e = ledgerEntry("a", "confirmed", 1);
      e.sources = [{ resource: "imf-dots-annual", title: "", source: "", grade: "official", sha256: hash }];
      return ledgerOf([e]);
    };
    assert.deepEqual(await staleResources(cited(sha256(csv)), dataDir), []);
    assert.deepEqual(await staleResources(cited(sha256("older vintage")), dataDir), ["imf-dots-annual"]);
    assert.deepEqual(await staleResources(null, dataDir), []);
    const step = await rerenderAndCompare(dataDir, cited("x"), {
      quiet: true,
      stale: ["imf-dots-annual"],
      render: () => Promise.resolve({ ok: true, ledger: cited("x"), failed: [], ledgerProblems: [], errors: [] }),
    });
    assert.match(
      step.note!,
      /the previous ledger was not rendered from the data as it was before this update \(imf-dots-annual\)/,
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
