/**
 * The opening of each notebook: the document's citation and summary, and
 * the list of its claims with what each states and what its wording allows.
 *
 * @module
 */

import { JUPYTER_DISPLAY } from "../jupyter.ts";
import { escapeHtml, htmlTable, mathSafe } from "../html.ts";
import { formatQuantity } from "../units.ts";
import { claimsOf, documentRecord } from "./registry.ts";
import type { DocumentRecord } from "./schema.ts";
import { describeTolerance } from "./tolerance.ts";

/**
 * A citation line: authors, title, publisher, date, URL.
 *
 * @example
 * ```ts
 * citation(documentRecord("korus-kei-2018"));
 * // "Phil Eskeland, “U.S.-Korea Trade Imbalance Continues to Dramatically Decline”, Korea Economic Institute of America, The Peninsula blog, 2018-09. http://…"
 * ```
 */
export function citation(doc: DocumentRecord): string {
  const authors = doc.authors.length > 0 ? `${doc.authors.join(", ")}, ` : "";
  const url = doc.url ? ` ${doc.url}` : "";
  return `${authors}“${doc.title}”, ${doc.publisher}, ${doc.date}.${url}`;
}

/** The document's citation and summary, displayable in Jupyter. */
export class DocumentCard {
  readonly document: DocumentRecord;

  constructor(document: DocumentRecord) {
    this.document = document;
  }

  /** Plain text. */
  toString(): string {
    const d = this.document;
    return [citation(d), `Licence: ${d.license}`, "", d.summary].join("\n");
  }

  /** Rich display for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const d = this.document;
    const link = d.url ? ` <a href="${escapeHtml(d.url)}">${escapeHtml(d.url)}</a>` : "";
    return {
      "text/plain": this.toString(),
      "text/html": mathSafe(
        `<div class="claimbook-document"><p><strong>${escapeHtml(citation({ ...d, url: null }))}</strong>${link}<br>` +
          `<small>Licence: ${escapeHtml(d.license)}</small></p><p>${escapeHtml(d.summary)}</p></div>`,
      ),
    };
  }
}

/**
 * The citation card of a document.
 *
 * @example
 * ```ts
 * documentCard("korea-russia-kita-2020"); // displays the citation and summary
 * ```
 */
export function documentCard(documentId: string): DocumentCard {
  return new DocumentCard(documentRecord(documentId));
}

/** The claims of a document, displayable as a table. */
export class ClaimList {
  readonly documentId: string;

  constructor(documentId: string) {
    this.documentId = documentId;
  }

  private rows(): string[][] {
    return claimsOf(this.documentId).map((c) => [
      c.id,
      c.quote,
      formatQuantity(c.stated, 3),
      describeTolerance(c.stated, c.tolerance),
      c.period,
    ]);
  }

  /** Plain text. */
  toString(): string {
    return this.rows().map((r, i) => `${i + 1}. ${r[0]}: “${r[1]}” — states ${r[2]} (${r[4]}); allowed: ${r[3]}`).join(
      "\n",
    );
  }

  /** Rich display for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const rows = this.rows().map((r, i) => [
      String(i + 1),
      `<code>${escapeHtml(r[0])}</code>`,
      `“${escapeHtml(r[1])}”`,
      escapeHtml(r[2]),
      escapeHtml(r[3]),
      escapeHtml(r[4]),
    ]);
    return {
      "text/plain": this.toString(),
      "text/html": htmlTable(
        "claimbook-claims",
        [
          "#",
          { label: "Claim", minWidth: "9em" },
          { label: "Quote", minWidth: "18em" },
          { label: "Stated", minWidth: "8em" },
          { label: "What the wording allows", minWidth: "12em" },
          "Period",
        ],
        rows,
      ),
    };
  }
}

/**
 * The list of a document's claims.
 *
 * @example
 * ```ts
 * claimList("korus-news-2017"); // displays 18 claims
 * ```
 */
export function claimList(documentId: string): ClaimList {
  documentRecord(documentId);
  return new ClaimList(documentId);
}
