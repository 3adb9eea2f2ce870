/**
 * The verdicts' history: after an update, each verdict that moved keeps the
 * move (date, from, to, and the series whose revision moved it) in
 * `data/verdict-history.json`, and the site is rendered again to show it.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ledgerEntry, ledgerOf } from "./ledger_fixtures.ts";
import {
  appendVerdictHistory,
  HISTORY_FILE,
  historyEntries,
  readVerdictHistory,
} from "../../lib/workspace/ledger/history.ts";
import { rerenderAndCompare } from "../../lib/workspace/update/verdicts.ts";

Deno.test("history: a verdict that moved, or whose figure moved, with the series that were revised", () => {
  const before = ledgerOf([
    ledgerEntry("moved", "confirmed", 6.4, "census-1"),
    ledgerEntry("figure", "approximate", 6.1, "census-1"),
    ledgerEntry("same", "confirmed", 1, "census-1"),
  ]);
  const after = ledgerOf([
    ledgerEntry("moved", "discrepant", 7.9, "census-2"),
    ledgerEntry("figure", "approximate", 6.2, "census-2"),
    ledgerEntry("same", "confirmed", 1, "census-2"),
    ledgerEntry("new", "confirmed", 2, "census-2"),
  ]);
  const entries = historyEntries(before, after, "2026-12-02");
  assert.deepEqual(entries, [
    {
      date: "2026-12-02",
      claim: "moved",
      document: "kei-2018",
      from: { verdict: "confirmed", computed: "$6.4 billion" },
      to: { verdict: "discrepant", computed: "$7.9 billion" },
      revised: [{ resource: "census", title: "Census goods by partner" }],
    },
    {
      date: "2026-12-02",
      claim: "figure",
      document: "kei-2018",
      from: { verdict: "approximate", computed: "$6.1 billion" },
      to: { verdict: "approximate", computed: "$6.2 billion" },
      revised: [{ resource: "census", title: "Census goods by partner" }],
    },
  ]);
  assert.deepEqual(historyEntries(null, after, "2026-12-02"), [], "no previous ledger: nothing moved");
});

Deno.test("history: appended to the data folder's file, which is read back; a damaged file is named", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "claimbook-history-" });
  try {
    assert.deepEqual(await readVerdictHistory(dataDir), { schema: "claimbook.verdict-history/1", entries: [] });
    const first = historyEntries(
      ledgerOf([ledgerEntry("a", "confirmed", 1, "x")]),
      ledgerOf([ledgerEntry("a", "discrepant", 2, "y")]),
      "2026-12-01",
    );
    const second = historyEntries(
      ledgerOf([ledgerEntry("a", "discrepant", 2, "y")]),
      ledgerOf([ledgerEntry("a", "confirmed", 1, "z")]),
      "2026-12-02",
    );
    await appendVerdictHistory(dataDir, first);
    await appendVerdictHistory(dataDir, second);
    await appendVerdictHistory(dataDir, []);
    const history = await readVerdictHistory(dataDir);
    assert.deepEqual(history.entries.map((e) => [e.date, e.from.verdict, e.to.verdict]), [
      ["2026-12-01", "confirmed", "discrepant"],
      ["2026-12-02", "discrepant", "confirmed"],
    ]);
    await Deno.writeTextFile(join(dataDir, HISTORY_FILE), '{"entries": 3}');
    await assert.rejects(() => readVerdictHistory(dataDir), /verdict-history\.json: expected a verdict history/);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("history: the updater's re-render records the moves, then renders once more to show them", async () => {
  const root = await Deno.makeTempDir({ prefix: "claimbook-history-root-" });
  try {
    const before = ledgerOf([
      ledgerEntry("a", "confirmed", 6.4, "census-1"),
      ledgerEntry("b", "confirmed", 1, "census-1"),
    ]);
    const after = ledgerOf([
      ledgerEntry("a", "discrepant", 7.9, "census-2"),
      ledgerEntry("b", "confirmed", 1, "census-2"),
    ]);
    const renders: string[] = [];
    const render = async () => {
      renders.push((await readVerdictHistory(join(root, "data"))).entries.map((e) => e.claim).join(",") || "none");
      return { ok: true, ledger: after, failed: [], ledgerProblems: [], errors: [] };
    };
    const step = await rerenderAndCompare(root, before, {
      quiet: true,
      render,
      history: { dataDir: join(root, "data"), date: "2026-12-02" },
    });
    assert.equal(step.status, "compared");
    assert.deepEqual(renders, ["none", "a"], "rendered, then rendered again with the move recorded");
    assert.match(step.note!, /1 move\(s\) added to .*verdict-history\.json and shown on the site/);
    const history = await readVerdictHistory(join(root, "data"));
    assert.deepEqual(history.entries.map((e) => [e.claim, e.date, e.revised.map((r) => r.resource)]), [
      ["a", "2026-12-02", ["census"]],
    ]);
    // Nothing moved: no entry, no second render.
    renders.length = 0;
    await rerenderAndCompare(root, after, {
      quiet: true,
      render,
      history: { dataDir: join(root, "data"), date: "2026-12-03" },
    });
    assert.deepEqual(renders, ["a"]);
    assert.equal((await readVerdictHistory(join(root, "data"))).entries.length, 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
