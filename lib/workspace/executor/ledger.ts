/**
 * The claim ledger: every verdict output (`application/vnd.claimbook.verdict+json`,
 * as `display_data` or `execute_result`) found in the executed notebooks,
 * located by notebook, cell index and cell id; counts per document and in
 * total; and the checks that make a render fail — a claim of
 * `documents.json` with no verdict or with several, a verdict naming an
 * unknown claim, a verdict payload that is not a verdict.
 *
 * @example
 * ```ts
 * const verdicts = verdictsOf("notebooks/korus-kei-2018.ipynb", executed).verdicts;
 * const ledger = buildLedger({ documents, notebooks: [{ notebook: "notebooks/korus-kei-2018.ipynb", documentId: "korus-kei-2018", verdicts }] });
 * checkLedger(ledger, documents).length; // 0 when every claim has exactly one verdict
 * ```
 * @module
 */

import { join } from "node:path";
import type { DocumentsFile } from "../../analysis/claims/schema.ts";
import { ClaimError, parseDocuments } from "../../analysis/claims/registry.ts";
import { VERDICT_KINDS, VERDICT_MIME, type VerdictData, type VerdictKind } from "../../analysis/claims/verdict.ts";
import { type Ledger, LEDGER_SCHEMA, type LedgerDocument, type LedgerEntry } from "../ledger/types.ts";
import type { Notebook } from "./notebook.ts";
import { cellLabel } from "../notebook/format.ts";

/** A reason the ledger is not acceptable. */
export interface LedgerProblem {
  kind: "missing" | "duplicate" | "unknown" | "malformed";
  /** The claim id concerned, when there is one. */
  claim?: string;
  message: string;
}

/**
 * Raised when `documents.json` cannot be read or is invalid.
 *
 * @example
 * ```ts
 * await readDocumentsFile("/nowhere"); // throws DocumentsFileError: /nowhere/documents.json: cannot read …
 * ```
 */
export class DocumentsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentsFileError";
  }
}

/**
 * Reads and validates `<dataDir>/documents.json` (without loading the data
 * catalog, so the executor stays light).
 *
 * @example
 * ```ts
 * const documents = await readDocumentsFile("/work/main/data");
 * ```
 */
export async function readDocumentsFile(dataDir: string): Promise<DocumentsFile> {
  const path = join(dataDir, "documents.json");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new DocumentsFileError(`${path}: cannot read the claims file (${(error as Error).message})`);
  }
  try {
    return parseDocuments(text, path);
  } catch (error) {
    if (error instanceof ClaimError) throw new DocumentsFileError(error.message);
    throw error;
  }
}

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

/**
 * What is wrong with a ledger: claims of the documents in scope with no
 * verdict or with several, verdicts for claims that do not exist.
 *
 * @example
 * ```ts
 * checkLedger(ledger, documents, new Set(["korus-kei-2018"]));
 * ```
 */
export function checkLedger(ledger: Ledger, documents: DocumentsFile, scope?: ReadonlySet<string>): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  const known = new Map(documents.claims.map((c) => [c.id, c]));
  const byClaim = new Map<string, LedgerEntry[]>();
  for (const entry of ledger.verdicts) {
    const list = byClaim.get(entry.claim) ?? [];
    list.push(entry);
    byClaim.set(entry.claim, list);
  }
  for (const [claim, entries] of byClaim) {
    const places = entries.map((e) => `${e.notebook} cell ${e.cell + 1}`).join(", ");
    if (!known.has(claim)) {
      problems.push({
        kind: "unknown",
        claim,
        message: `verdict for unknown claim "${claim}" (${places}); add it to documents.json or fix the id`,
      });
    } else if (entries.length > 1) {
      problems.push({
        kind: "duplicate",
        claim,
        message: `claim "${claim}" got ${entries.length} verdicts (${places}); check each claim exactly once`,
      });
    }
  }
  for (const claim of documents.claims) {
    if (scope && !scope.has(claim.document)) continue;
    // A proposed claim (from `new --from`) not checked yet is listed as proposed on the site, not a failure.
    if (!byClaim.has(claim.id) && claim.status !== "proposed") {
      const notebook = ledger.documents.find((d) => d.id === claim.document)?.notebook ??
        `notebooks/${claim.document}.ipynb`;
      problems.push({
        kind: "missing",
        claim: claim.id,
        message:
          `claim "${claim.id}" of document ${claim.document} got no verdict; call check("${claim.id}", …) in ${notebook}`,
      });
    }
  }
  return problems;
}

/**
 * The problems as one message, naming the claim ids.
 *
 * @example
 * ```ts
 * formatLedgerProblems(problems); // "the claim ledger has 2 problem(s):\n  - claim …"
 * ```
 */
export function formatLedgerProblems(problems: readonly LedgerProblem[]): string {
  return `the claim ledger has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`;
}

function zeroCounts(): Record<VerdictKind, number> {
  return Object.fromEntries(VERDICT_KINDS.map((k) => [k, 0])) as Record<VerdictKind, number>;
}
