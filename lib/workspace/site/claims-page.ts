/**
 * The claims page: every claim of every document in one table — verdict,
 * quote, document, stated, computed, difference, evidence, and a link to
 * the cell that checked it — with what would settle the claims the data
 * cannot, and the claims no notebook has checked yet. The page's script
 * filters by document and verdict, searches the quotes and sorts by the
 * size of the difference, keeping that state in the address (shareable,
 * kept on reload); without the script every row shows, in document order.
 *
 * @module
 */

import { escapeHtml } from "../../analysis/html.ts";
import type { ClaimRecord } from "../../analysis/claims/schema.ts";
import { VERDICT_KINDS } from "../../analysis/claims/verdict.ts";
import type { LedgerEntry } from "../ledger/types.ts";
import type { SiteAssets } from "./assets.ts";
import { countsInWords } from "./counts.ts";
import { formatDifference, plural, readableDate, VERDICT_LOOK } from "./format.ts";
import { shorten } from "./index-page.ts";
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
  const rows = model.documents.flatMap((summary) => [
    ...summary.verdicts.map((entry) => verdictRow(entry, model, summary)),
    ...summary.unchecked.map((claim) => uncheckedRow(claim, summary)),
  ]);
  const main = [
    `<h1>All claims</h1>`,
    `<p class="lede">${plural(model.verdicts.length, "verdict")} on the claims of ${
      plural(model.documents.length, "document")
    }: ${countsInWords(model.totals)}. `,
    `Each row links to the notebook cell that computed it. `,
    `The same record as data: <a href="claims.json">claims.json</a>.</p>`,
    `<section class="claims-board" data-claims-board aria-labelledby="claims-heading">`,
    `<h2 id="claims-heading" class="visually-hidden">Every claim</h2>`,
    controls(model),
    `<p class="filter-status" data-claims-status aria-live="polite"></p>`,
    rows.length === 0 ? `<p class="muted">No claims recorded.</p>` : [
      `<div class="table-scroll" tabindex="0" role="region" aria-labelledby="claims-caption">`,
      `<table class="claims-table stack-table">`,
      `<caption id="claims-caption" class="visually-hidden">Every claim, with its verdict, figures and evidence</caption>`,
      `<thead><tr><th scope="col" class="col-verdict">Verdict</th><th scope="col">Claim</th>`,
      `<th scope="col" class="col-document">Document</th>`,
      `<th scope="col" class="col-stated">Stated</th><th scope="col" class="col-computed">Computed</th>`,
      `<th scope="col" class="col-difference">Difference</th><th scope="col" class="col-evidence">Evidence</th>`,
      `<th scope="col" class="col-cell">Checked in</th></tr></thead>`,
      `<tbody>${rows.join("\n")}</tbody></table></div>`,
    ].join(""),
    `</section>`,
  ].join("\n");
  return renderPage({
    title: "All claims",
    description: "Every claim checked: quote, stated and computed figures, difference, verdict and evidence.",
    path: "claims.html",
    main,
    rendered: model.rendered,
    ...(model.baseUrl ? { canonical: `${model.baseUrl}claims.html` } : {}),
    bodyClass: "page-claims",
  }, assets);
}

/** The filters, shown by the page's script (their state is in the address: `?doc=…&verdict=…&q=…&sort=…`). */
function controls(model: SiteModel): string {
  const documents = model.documents.filter((s) => s.verdicts.length + s.unchecked.length > 0);
  const option = (value: string, label: string) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
  return [
    `<div class="claim-controls" role="search" aria-label="Filter the claims" data-claim-controls hidden>`,
    `<label>Document <select name="doc">${option("", "All documents")}${
      documents.map((s) => option(s.document.id, shorten(s.document.title, 60))).join("")
    }</select></label>`,
    `<label>Verdict <select name="verdict">${option("", "Any verdict")}${
      VERDICT_KINDS.map((kind) => option(kind, VERDICT_LOOK[kind].label)).join("")
    }${option("unchecked", "Not checked yet")}</select></label>`,
    `<label>Search the quotes <input type="search" name="q" autocomplete="off" spellcheck="false"></label>`,
    `<label>Order <select name="sort">${option("", "By document")}${option("difference", "Largest difference first")}${
      option("difference-asc", "Smallest difference first")
    }</select></label>`,
    `</div>`,
  ].join("");
}

/** How far computed is from stated, for sorting: the relative difference's size, when there is one. */
function differenceKey(entry: LedgerEntry): string {
  const relative = entry.difference?.relative;
  return typeof relative === "number" && Number.isFinite(relative) ? String(Math.abs(relative)) : "";
}

function searchText(...parts: string[]): string {
  return escapeHtml(parts.join(" ").toLowerCase().replace(/\s+/g, " "));
}

function documentCell(summary: DocumentSummary): string {
  const title = escapeHtml(shorten(summary.document.title, 60));
  return `<td data-label="Document">${summary.page ? `<a href="${summary.page}">${title}</a>` : title}</td>`;
}

function verdictRow(entry: LedgerEntry, model: SiteModel, summary: DocumentSummary): string {
  const link = model.cellLink(entry);
  // Cells are counted from 1 for readers; the ledger counts from 0.
  const cell = `cell ${entry.cell + 1}`;
  const where = link ? `<a href="${link}">${cell}</a>` : `${escapeHtml(entry.notebook)}, ${cell}`;
  const settle = entry.verdict === "unverifiable" && entry.settle
    ? `<span class="claim-settle"><strong>Would settle it:</strong> ${escapeHtml(entry.settle)}</span>`
    : "";
  return [
    `<tr id="claim-${escapeHtml(entry.claim)}" data-verdict="${entry.verdict}" data-document="${
      escapeHtml(entry.document)
    }" data-difference="${differenceKey(entry)}" data-search="${searchText(entry.quote, entry.subject, entry.claim)}">`,
    `<td data-label="Verdict">${verdictBadge(entry.verdict)}</td>`,
    `<td data-label="Claim" class="quote"><span class="claim-subject">${escapeHtml(entry.subject)} `,
    `<span class="muted">(${escapeHtml(entry.period)})</span></span><q>${escapeHtml(entry.quote)}</q>`,
    `<span class="claim-reason">${escapeHtml(entry.reason)}</span>`,
    settle,
    ...model.historyOf(entry.claim).map((move) =>
      `<span class="claim-history muted">${escapeHtml(readableDate(move.date))}: moved from ${
        escapeHtml(VERDICT_LOOK[move.from.verdict].counted)
      } (${escapeHtml(move.from.computed ?? "—")}) to ${escapeHtml(VERDICT_LOOK[move.to.verdict].counted)} (${
        escapeHtml(move.to.computed ?? "—")
      })${move.revised.length ? `, ${escapeHtml(move.revised.map((r) => r.title).join(" and "))} revised` : ""}</span>`
    ),
    entry.vintage ? `<span class="claim-vintage muted">${escapeHtml(entry.vintage.text)}</span>` : "",
    `</td>`,
    documentCell(summary),
    `<td data-label="Stated" class="num">${escapeHtml(entry.stated.text)}</td>`,
    `<td data-label="Computed" class="num">${entry.computed ? escapeHtml(entry.computed.text) : "—"}</td>`,
    `<td data-label="Difference" class="num">${escapeHtml(formatDifference(entry.difference))}</td>`,
    `<td data-label="Evidence">${escapeHtml(entry.grade)}</td>`,
    `<td data-label="Checked in">${where}</td>`,
    `</tr>`,
  ].join("");
}

function uncheckedRow(claim: ClaimRecord, summary: DocumentSummary): string {
  return [
    `<tr id="claim-${escapeHtml(claim.id)}" data-verdict="unchecked" data-document="${
      escapeHtml(claim.document)
    }" data-difference="" data-search="${searchText(claim.quote, claim.subject, claim.id)}">`,
    `<td data-label="Verdict"><span class="badge v-unchecked">${
      claim.status === "proposed" ? "Proposed, not checked" : "Not checked"
    }</span></td>`,
    `<td data-label="Claim" class="quote"><span class="claim-subject">${escapeHtml(claim.subject)} `,
    `<span class="muted">(${escapeHtml(claim.period)})</span></span><q>${escapeHtml(claim.quote)}</q></td>`,
    documentCell(summary),
    `<td data-label="Stated" class="num">${escapeHtml(String(claim.stated.value))} ${
      escapeHtml(claim.stated.unit)
    }</td>`,
    `<td data-label="Computed" class="num">—</td><td data-label="Difference" class="num">—</td>`,
    `<td data-label="Evidence">—</td><td data-label="Checked in">no notebook yet</td>`,
    `</tr>`,
  ].join("");
}
