/**
 * The claims page: every claim of every document — quote, stated, computed,
 * difference, verdict, evidence grade, and a link to the cell that checked
 * it — and the claims no notebook has checked yet.
 *
 * @module
 */

import { escapeHtml } from "../../analysis/html.ts";
import type { ClaimRecord } from "../../analysis/claims/schema.ts";
import type { LedgerEntry } from "../ledger/types.ts";
import type { SiteAssets } from "./assets.ts";
import { countsInWords } from "./counts.ts";
import { formatDifference, plural } from "./format.ts";
import { renderPage } from "./layout.ts";
import type { DocumentSummary, SiteModel } from "./model.ts";
import { verdictBadge } from "./verdict-card.ts";

/**
 * The claims page.
 *
 * @example
 * ```ts
 * claimsPage(model, assets).includes("<h1>All claims</h1>"); // true
 * ```
 */
export function claimsPage(model: SiteModel, assets: SiteAssets): string {
  const sections = model.documents.map((summary) => documentSection(summary, model));
  const main = [
    `<h1>All claims</h1>`,
    `<p class="lede">${plural(model.verdicts.length, "verdict")} on the claims of ${
      plural(model.documents.length, "document")
    }: ${countsInWords(model.totals)}. `,
    `Each row links to the notebook cell that computed it. `,
    `The same record as data: <a href="claims.json">claims.json</a>.</p>`,
    ...sections,
  ].join("\n");
  return renderPage({
    title: "All claims",
    description: "Every claim checked: quote, stated and computed figures, difference, verdict and evidence.",
    path: "claims.html",
    main,
    generated: model.generated,
    bodyClass: "page-claims",
  }, assets);
}

function documentSection(summary: DocumentSummary, model: SiteModel): string {
  const d = summary.document;
  const headingId = `doc-${d.id}`;
  const rows = [
    ...summary.verdicts.map((entry) => verdictRow(entry, model)),
    ...summary.unchecked.map(uncheckedRow),
  ];
  const table = rows.length === 0 ? `<p class="muted">No claims recorded for this document.</p>` : [
    `<div class="table-scroll"><table class="claims-table stack-table">`,
    `<caption class="visually-hidden">Claims of ${escapeHtml(d.title)}</caption>`,
    `<thead><tr><th scope="col" class="col-verdict">Verdict</th><th scope="col">Claim</th>`,
    `<th scope="col" class="col-stated">Stated</th><th scope="col" class="col-computed">Computed</th>`,
    `<th scope="col" class="col-difference">Difference</th><th scope="col" class="col-evidence">Evidence</th>`,
    `<th scope="col" class="col-cell">Checked in</th></tr></thead>`,
    `<tbody>${rows.join("\n")}</tbody></table></div>`,
  ].join("");
  const page = summary.page ? ` · <a href="${summary.page}">the notebook that checks it</a>` : "";
  return [
    `<section aria-labelledby="${escapeHtml(headingId)}">`,
    `<h2 id="${escapeHtml(headingId)}">${escapeHtml(d.title)}</h2>`,
    `<p class="muted">${escapeHtml([d.publisher, d.date].filter(Boolean).join(", "))}${page}</p>`,
    table,
    `</section>`,
  ].join("\n");
}

function verdictRow(entry: LedgerEntry, model: SiteModel): string {
  const link = model.cellLink(entry);
  // Cells are counted from 1 for readers; the ledger counts from 0.
  const cell = `cell ${entry.cell + 1}`;
  const where = link ? `<a href="${link}">${cell}</a>` : `${escapeHtml(entry.notebook)}, ${cell}`;
  return [
    `<tr id="claim-${escapeHtml(entry.claim)}" data-verdict="${entry.verdict}">`,
    `<td data-label="Verdict">${verdictBadge(entry.verdict)}</td>`,
    `<td data-label="Claim" class="quote"><span class="claim-subject">${escapeHtml(entry.subject)} `,
    `<span class="muted">(${escapeHtml(entry.period)})</span></span><q>${escapeHtml(entry.quote)}</q>`,
    `<span class="claim-reason">${escapeHtml(entry.reason)}</span>`,
    entry.vintage ? `<span class="claim-vintage muted">${escapeHtml(entry.vintage.text)}</span>` : "",
    `</td>`,
    `<td data-label="Stated" class="num">${escapeHtml(entry.stated.text)}</td>`,
    `<td data-label="Computed" class="num">${entry.computed ? escapeHtml(entry.computed.text) : "—"}</td>`,
    `<td data-label="Difference" class="num">${escapeHtml(formatDifference(entry.difference))}</td>`,
    `<td data-label="Evidence">${escapeHtml(entry.grade)}</td>`,
    `<td data-label="Checked in">${where}</td>`,
    `</tr>`,
  ].join("");
}

function uncheckedRow(claim: ClaimRecord): string {
  return [
    `<tr id="claim-${escapeHtml(claim.id)}" data-verdict="unchecked">`,
    `<td data-label="Verdict"><span class="badge v-unchecked">${
      claim.status === "proposed" ? "Proposed, not checked" : "Not checked"
    }</span></td>`,
    `<td data-label="Claim" class="quote"><span class="claim-subject">${escapeHtml(claim.subject)} `,
    `<span class="muted">(${escapeHtml(claim.period)})</span></span><q>${escapeHtml(claim.quote)}</q></td>`,
    `<td data-label="Stated" class="num">${escapeHtml(String(claim.stated.value))} ${
      escapeHtml(claim.stated.unit)
    }</td>`,
    `<td data-label="Computed" class="num">—</td><td data-label="Difference" class="num">—</td>`,
    `<td data-label="Evidence">—</td><td data-label="Checked in">no notebook yet</td>`,
    `</tr>`,
  ].join("");
}
