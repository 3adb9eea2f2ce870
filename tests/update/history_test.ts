/**
 * The verdicts' history: after an update, each verdict that moved keeps the
 * move (date, from, to, and the series whose revision moved it) in
 * `data/verdict-history.json`, and the site is rendered again to show it.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { VERDICT_SCHEMA, type VerdictData } from "../../lib/analysis/claims/verdict.ts";
import { type Ledger, LEDGER_SCHEMA, type LedgerEntry } from "../../lib/workspace/ledger/types.ts";
import {
  appendVerdictHistory,
  HISTORY_FILE,
  historyEntries,
  readVerdictHistory,
} from "../../lib/workspace/ledger/history.ts";
import { rerenderAndCompare } from "../../lib/workspace/update/verdicts.ts";

function entry(claim: string, verdict: VerdictData["verdict"], computed: number | null, sha: string): LedgerEntry {
  return {
    schema: VERDICT_SCHEMA,
    claim,
    document: "kei-2018",
    quote: "…",
    subject: "…",
    period: "2018",
    verdict,
    stated: { value: 6.4, unit: "USD billions", text: "$6.4 billion" },
    computed: computed === null ? null : { value: computed, unit: "USD billions", text: `$${computed} billion` },
    difference: null,
    tolerance: "±5%",
    grade: "official series",
    sources: [
      { resource: "census", title: "Census goods by partner", source: "Census", grade: "official", sha256: sha },
      { resource: "dots", title: "IMF DOTS", source: "IMF", grade: "official", sha256: "dots-1" },
    ],
    reason: "…",
    notebook: "notebooks/kei-2018.ipynb",
    cell: 3,
    cellId: "abc",
  };
}

function ledger(verdicts: LedgerEntry[]): Ledger {
  const zero = { confirmed: 0, approximate: 0, discrepant: 0, unverifiable: 0 };
  return { schema: LEDGER_SCHEMA, generated: "2026-11-23T00:00:00Z", documents: [], totals: zero, verdicts };
}

Deno.test("history: a verdict that moved, or whose figure moved, with the series that were revised", () => {
  const before = ledger([
    entry("moved", "confirmed", 6.4, "census-1"),
    entry("figure", "approximate", 6.1, "census-1"),
    entry("same", "confirmed", 1, "census-1"),
  ]);
  const after = ledger([
    entry("moved", "discrepant", 7.9, "census-2"),
    entry("figure", "approximate", 6.2, "census-2"),
    entry("same", "confirmed", 1, "census-2"),
    entry("new", "confirmed", 2, "census-2"),
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
      ledger([entry("a", "confirmed", 1, "x")]),
      ledger([entry("a", "discrepant", 2, "y")]),
      "2026-12-01",
    );
    const second = historyEntries(
      ledger([entry("a", "discrepant", 2, "y")]),
      ledger([entry("a", "confirmed", 1, "z")]),
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
    const before = ledger([entry("a", "confirmed", 6.4, "census-1"), entry("b", "confirmed", 1, "census-1")]);
    const after = ledger([entry("a", "discrepant", 7.9, "census-2"), entry("b", "confirmed", 1, "census-2")]);
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
