/**
 * The live status table that closes each notebook: every claim of the
 * document with the verdict reached in this session, or "not checked".
 *
 * @module
 */

import { JUPYTER_DISPLAY } from "../jupyter.ts";
import { escapeHtml, htmlTable } from "../html.ts";
import { formatQuantity } from "../units.ts";
import { sessionVerdicts } from "./check.ts";
import { claimsOf, documentRecord } from "./registry.ts";
import type { ClaimRecord } from "./schema.ts";

/** One row of the status table. */
export interface ClaimStatusRow {
  claim: string;
  quote: string;
  stated: string;
  computed: string;
  verdict: string;
  grade: string;
}

/** A document's claims and their verdicts so far, displayable in Jupyter. */
export class ClaimStatus {
  readonly document: string;
  readonly rows: ClaimStatusRow[];

  constructor(document: string, rows: ClaimStatusRow[]) {
    this.document = document;
    this.rows = rows;
  }

  /** Claims of the document that have no verdict yet (proposed claims, not yet accepted, are not counted). */
  get unchecked(): string[] {
    return this.rows.filter((r) => r.verdict === "not checked").map((r) => r.claim);
  }

  /** Verdict counts, e.g. `{ confirmed: 5, discrepant: 2 }`. */
  get counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.rows) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
    return counts;
  }

  /** Plain-text table. */
  toString(): string {
    const summary = Object.entries(this.counts).map(([k, n]) => `${n} ${k}`).join(", ");
    const lines = this.rows.map((r) =>
      `${r.verdict.padEnd(12)} ${r.claim.padEnd(40)} stated ${r.stated}; computed ${r.computed}`
    );
    return [`${this.document}: ${this.rows.length} claims — ${summary}`, ...lines].join("\n");
  }

  /** Rich display for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const rows = this.rows.map((r) => [
      `<code>${escapeHtml(r.claim)}</code>`,
      `“${escapeHtml(r.quote)}”`,
      escapeHtml(r.stated),
      escapeHtml(r.computed),
      `<strong>${escapeHtml(r.verdict)}</strong>`,
      escapeHtml(r.grade),
    ]);
    return {
      "text/plain": this.toString(),
      "text/html": htmlTable("claimbook-status", [
        { label: "Claim", minWidth: "9em" },
        { label: "Quote", minWidth: "18em" },
        { label: "Stated", minWidth: "8em" },
        { label: "Computed", minWidth: "7em" },
        { label: "Verdict", nowrap: true },
        "Evidence",
      ], rows),
    };
  }
}

/**
 * The status of every claim of a document in this session.
 *
 * @example
 * ```ts
 * claimStatus("korus-news-2017").unchecked; // [] once every claim is checked
 * ```
 */
export function claimStatus(documentId: string): ClaimStatus {
  documentRecord(documentId);
  const verdicts = sessionVerdicts();
  const rows = claimsOf(documentId).map((c: ClaimRecord) => {
    const v = verdicts.get(c.id)?.data;
    return {
      claim: c.id,
      quote: c.quote,
      stated: formatQuantity(c.stated, 3),
      computed: v?.computed?.text ?? "—",
      verdict: v?.verdict ?? (c.status === "proposed" ? "proposed" : "not checked"),
      grade: v?.grade ?? "—",
    };
  });
  return new ClaimStatus(documentId, rows);
}
