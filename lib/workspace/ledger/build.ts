/**
 * Building the claim ledger: every verdict output
 * (`application/vnd.claimbook.verdict+json`, as `display_data` or
 * `execute_result`) found in the executed notebooks, located by notebook,
 * cell index and cell id, with counts per document and in total.
 *
 * @example
 * ```ts
 * const verdicts = verdictsOf("notebooks/korus-kei-2018.ipynb", executed).verdicts;
 * const ledger = buildLedger({ documents, notebooks: [{ notebook: "notebooks/korus-kei-2018.ipynb", documentId: "korus-kei-2018", verdicts }] });
 * ```
 * @module
 */

import type { DocumentsFile } from "../../analysis/claims/schema.ts";
import { VERDICT_KINDS, VERDICT_MIME, type VerdictData, type VerdictKind } from "../../analysis/claims/verdict.ts";
import { cellLabel, type Notebook } from "../notebook/format.ts";
import type { LedgerProblem } from "./check.ts";
import { type Ledger, LEDGER_SCHEMA, type LedgerDocument, type LedgerEntry } from "./types.ts";

/**
 * The verdicts in an executed notebook, in cell and output order, and the
 * verdict outputs that are malformed.
 *
 * @example
 * ```ts
 * verdictsOf("notebooks/x.ipynb", executed).verdicts.map((v) => v.claim);
 * ```
 */
export function verdictsOf(
  notebookPath: string,
  notebook: Notebook,
): { verdicts: LedgerEntry[]; problems: LedgerProblem[] } {
  const verdicts: LedgerEntry[] = [];
  const problems: LedgerProblem[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    for (const output of cell.outputs) {
      if (output.output_type !== "display_data" && output.output_type !== "execute_result") continue;
      const payload = output.data[VERDICT_MIME];
      if (payload === undefined) continue;
      const where = `${notebookPath}, ${cellLabel(index, cell.id)}`;
      if (!isVerdict(payload)) {
        problems.push({
          kind: "malformed",
          claim: typeof (payload as { claim?: unknown })?.claim === "string"
            ? (payload as { claim: string }).claim
            : undefined,
          message: `${where}: a ${VERDICT_MIME} output is not a verdict (it needs a claim id and one of ` +
            `${VERDICT_KINDS.join(", ")}); emit verdicts with check() from @lib/analysis/mod.ts`,
        });
        continue;
      }
      verdicts.push({ ...payload, notebook: notebookPath, cell: index, cellId: cell.id });
    }
  });
  return { verdicts, problems };
}

function isVerdict(value: unknown): value is VerdictData {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<VerdictData>;
  return typeof v.claim === "string" && typeof v.verdict === "string" && VERDICT_KINDS.includes(v.verdict);
}

/** The verdicts of one notebook, for {@link buildLedger}. */
export interface NotebookVerdicts {
  /** Notebook path relative to the workspace. */
  notebook: string;
  documentId: string;
  verdicts: LedgerEntry[];
}

/** Input of {@link buildLedger}. */
export interface BuildLedgerInput {
  documents: DocumentsFile;
  notebooks: NotebookVerdicts[];
  /** Documents to include (default: all documents of the file). */
  scope?: ReadonlySet<string>;
  /** Time stamp (default: now). */
  generated?: Date;
}

/**
 * The ledger of a run: verdicts in notebook and cell order, counts per document and totals.
 *
 * @example
 * ```ts
 * buildLedger({ documents, notebooks }).totals.confirmed;
 * ```
 */
export function buildLedger(input: BuildLedgerInput): Ledger {
  const inScope = (id: string) => !input.scope || input.scope.has(id);
  const verdicts = input.notebooks.flatMap((n) => n.verdicts);
  const documents: LedgerDocument[] = input.documents.documents.filter((d) => inScope(d.id)).map((document) => {
    const notebook = input.notebooks.find((n) => n.documentId === document.id)?.notebook ??
      `notebooks/${document.id}.ipynb`;
    const counts = zeroCounts();
    for (const v of verdicts) if (v.document === document.id) counts[v.verdict]++;
    return { id: document.id, title: document.title, notebook, counts };
  });
  const totals = zeroCounts();
  for (const v of verdicts) totals[v.verdict]++;
  return {
    schema: LEDGER_SCHEMA,
    generated: (input.generated ?? new Date()).toISOString(),
    documents,
    totals,
    verdicts,
  };
}

function zeroCounts(): Record<VerdictKind, number> {
  return Object.fromEntries(VERDICT_KINDS.map((k) => [k, 0])) as Record<VerdictKind, number>;
}
