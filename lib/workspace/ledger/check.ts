/**
 * What makes a claim ledger unacceptable, so that the render fails: a claim
 * of `documents.json` with no verdict or with several, a verdict naming an
 * unknown claim, a verdict payload that is not a verdict; and reading the
 * `documents.json` the ledger is checked against.
 *
 * @example
 * ```ts
 * const documents = await readDocumentsFile("/work/main/data");
 * checkLedger(ledger, documents).length; // 0 when every claim has exactly one verdict
 * ```
 * @module
 */

import { join } from "node:path";
import type { DocumentsFile } from "../../analysis/claims/schema.ts";
import { ClaimError, parseDocuments } from "../../analysis/claims/registry.ts";
import type { Ledger, LedgerEntry } from "./types.ts";

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
