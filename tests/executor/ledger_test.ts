import assert from "node:assert/strict";
import { VERDICT_MIME } from "../../lib/analysis/claims/verdict.ts";
import {
  buildLedger,
  checkLedger,
  DocumentsFileError,
  formatLedgerProblems,
  LEDGER_FILE,
  ledgerText,
  readDocumentsFile,
  readLedgerFile,
  sameLedger,
  verdictsOf,
  writeLedger,
} from "../../lib/workspace/ledger/mod.ts";
import type { Notebook, Output } from "../../lib/workspace/executor/notebook.ts";
import { FIXTURE_DATA, tempDir } from "./helpers.ts";

const documents = await readDocumentsFile(FIXTURE_DATA);

function verdictOutput(
  claim: string,
  verdict = "confirmed",
  kind: "display_data" | "execute_result" = "display_data",
): Output {
  const data = {
    "text/plain": claim,
    [VERDICT_MIME]: { schema: "claimbook.verdict/1", claim, document: documentOf(claim), verdict },
  };
  return kind === "display_data"
    ? { output_type: "display_data", data, metadata: {} }
    : { output_type: "execute_result", execution_count: 1, data, metadata: {} };
}

function documentOf(claim: string): string {
  return documents.claims.find((c) => c.id === claim)?.document ?? "unknown-document";
}

function notebookWith(...cells: Output[][]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((outputs, i) => ({
      id: `cell-${i}`,
      cell_type: "code",
      metadata: {},
      source: "",
      execution_count: i + 1,
      outputs,
    })),
  };
}

function ledgerOf(notebook: Notebook, path = "notebooks/fixture.ipynb", documentId = "fixture-alpha") {
  const { verdicts, problems } = verdictsOf(path, notebook);
  const ledger = buildLedger({ documents, notebooks: [{ notebook: path, documentId, verdicts }] });
  return { ledger, problems };
}

Deno.test("verdicts are collected from display_data and execute_result with notebook, cell index and cell id", () => {
  const notebook = notebookWith(
    [{ output_type: "stream", name: "stdout", text: "x" }],
    [verdictOutput("fx-alpha-total", "confirmed", "execute_result")],
    [verdictOutput("fx-alpha-2020", "discrepant"), verdictOutput("fx-beta-total", "approximate")],
  );
  const { ledger, problems } = ledgerOf(notebook);
  assert.deepEqual(problems, []);
  assert.deepEqual(ledger.verdicts.map((v) => [v.claim, v.cell, v.cellId, v.notebook]), [
    ["fx-alpha-total", 1, "cell-1", "notebooks/fixture.ipynb"],
    ["fx-alpha-2020", 2, "cell-2", "notebooks/fixture.ipynb"],
    ["fx-beta-total", 2, "cell-2", "notebooks/fixture.ipynb"],
  ]);
  assert.deepEqual(ledger.totals, { confirmed: 1, approximate: 1, discrepant: 1, unverifiable: 0 });
  const alpha = ledger.documents.find((d) => d.id === "fixture-alpha")!;
  assert.deepEqual(alpha.counts, { confirmed: 1, approximate: 0, discrepant: 1, unverifiable: 0 });
  assert.equal(alpha.notebook, "notebooks/fixture.ipynb");
  assert.equal(ledger.documents.find((d) => d.id === "fixture-beta")!.notebook, "notebooks/fixture-beta.ipynb");
  assert.equal(ledger.schema, "claimbook.ledger/1");
  assert.deepEqual(checkLedger(ledger, documents), []);
});

Deno.test("a claim with no verdict fails the ledger, naming the claim", () => {
  const { ledger } = ledgerOf(notebookWith([verdictOutput("fx-alpha-total")], [verdictOutput("fx-beta-total")]));
  const problems = checkLedger(ledger, documents);
  assert.deepEqual(problems.map((p) => [p.kind, p.claim]), [["missing", "fx-alpha-2020"]]);
  assert.match(formatLedgerProblems(problems), /claim "fx-alpha-2020" of document fixture-alpha got no verdict/);
});

Deno.test("a claim with two verdicts fails the ledger, naming both places", () => {
  const { ledger } = ledgerOf(notebookWith(
    [verdictOutput("fx-alpha-total")],
    [verdictOutput("fx-alpha-2020")],
    [verdictOutput("fx-beta-total"), verdictOutput("fx-alpha-total")],
  ));
  const problems = checkLedger(ledger, documents);
  assert.deepEqual(problems.map((p) => [p.kind, p.claim]), [["duplicate", "fx-alpha-total"]]);
  assert.match(
    problems[0].message,
    /got 2 verdicts \(notebooks\/fixture\.ipynb cell 1, notebooks\/fixture\.ipynb cell 3\)/,
  );
});

Deno.test("a verdict for a claim not in documents.json fails the ledger", () => {
  const { ledger } = ledgerOf(notebookWith(
    [verdictOutput("fx-alpha-total"), verdictOutput("fx-alpha-2020"), verdictOutput("fx-beta-total")],
    [verdictOutput("fx-made-up")],
  ));
  const problems = checkLedger(ledger, documents);
  assert.deepEqual(problems.map((p) => [p.kind, p.claim]), [["unknown", "fx-made-up"]]);
});

Deno.test("with a scope, only the claims of those documents must have verdicts", () => {
  const { ledger } = ledgerOf(notebookWith([verdictOutput("fx-beta-total")]), "notebooks/b.ipynb", "fixture-beta");
  assert.deepEqual(checkLedger(ledger, documents, new Set(["fixture-beta"])), []);
  assert.equal(checkLedger(ledger, documents).length, 2);
  const scoped = buildLedger({ documents, notebooks: [], scope: new Set(["fixture-beta"]) });
  assert.deepEqual(scoped.documents.map((d) => d.id), ["fixture-beta"]);
});

Deno.test("a verdict output that is not a verdict is reported with its cell", () => {
  const notebook = notebookWith([{
    output_type: "display_data",
    data: { [VERDICT_MIME]: { claim: "fx-alpha-total" } },
    metadata: {},
  }]);
  const { verdicts, problems } = verdictsOf("notebooks/x.ipynb", notebook);
  assert.equal(verdicts.length, 0);
  assert.equal(problems[0].kind, "malformed");
  assert.match(problems[0].message, /notebooks\/x\.ipynb, cell 1 \(id cell-0\)/);
});

Deno.test("an unreadable or invalid documents.json is a clear error", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    await assert.rejects(
      readDocumentsFile(dir),
      (e: Error) => e instanceof DocumentsFileError && /cannot read/.test(e.message),
    );
    await Deno.writeTextFile(`${dir}/documents.json`, JSON.stringify({ documents: [], claims: [{ id: "x" }] }));
    await assert.rejects(readDocumentsFile(dir), /problem\(s\) in the claim records/);
  } finally {
    await cleanup();
  }
});

Deno.test("the ledger file: written as indented JSON, read back, absent as null, not a ledger refused", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const path = `${dir}/${LEDGER_FILE}`;
    assert.equal(await readLedgerFile(path), null);
    const ledger = buildLedger({ documents, notebooks: [], generated: new Date("2026-12-02T10:00:00Z") });
    await writeLedger(path, ledger);
    assert.equal(await Deno.readTextFile(path), JSON.stringify(ledger, null, 2) + "\n");
    assert.equal(ledgerText(ledger), await Deno.readTextFile(path));
    assert.deepEqual(await readLedgerFile(path), ledger);
    const later = buildLedger({ documents, notebooks: [], generated: new Date("2026-12-03T10:00:00Z") });
    assert.ok(sameLedger(ledger, later), "the time stamp alone does not make another ledger");
    assert.ok(!sameLedger(ledger, { ...later, totals: { ...later.totals, confirmed: 1 } }));
    await Deno.writeTextFile(path, '{"schema":"claimbook.cache/1"}');
    await assert.rejects(readLedgerFile(path), /expected a claim ledger with schema claimbook\.ledger\/1/);
  } finally {
    await cleanup();
  }
});
