/**
 * The index: how many claims each document got right (one card per
 * document: a score, a bar and counts in words), then the scoreboard of every
 * claim with filters by verdict.
 *
 * @module
 */

import { escapeHtml } from "../../analysis/html.ts";
import { VERDICT_KINDS } from "../../analysis/claims/verdict.ts";
import type { LedgerEntry } from "../ledger/types.ts";
import type { SiteAssets } from "./assets.ts";
import { countsHeadline, countsList, verdictBar } from "./counts.ts";
import { plural, readableDate, VERDICT_LOOK } from "./format.ts";
import { renderPage } from "./layout.ts";
import type { DocumentSummary, SiteModel } from "./model.ts";
import { verdictBadge } from "./verdict-card.ts";

/**
 * The index page.
 *
 * @example
 * ```ts
 * const html = indexPage(model, assets);
 * html.includes('data-scoreboard'); // true
 * ```
 */
export function indexPage(model: SiteModel, assets: SiteAssets): string {
  const checked = model.verdicts.length;
  const main = [
    `<h1>Numeric claims about Korea's trade, checked against official data</h1>`,
    `<p class="lede">${plural(model.documents.length, "document")}, ${plural(checked, "claim")} checked. `,
    "Each figure was recomputed from the publishers' statistics in a notebook; ",
    "each verdict shows what the document says, what the data says, and by how much they differ.</p>",
    `<div class="totals-block" data-totals>${countsList(model.totals, "totals")}</div>`,
    `<section aria-labelledby="documents-heading">`,
    `<h2 id="documents-heading">Documents</h2>`,
    `<ul class="doc-cards">${model.documents.map(documentCard).join("")}</ul>`,
    `</section>`,
    scoreboard(model),
    otherNotebooks(model),
  ].join("\n");
  return renderPage({
    title: "Overview",
    description: `${checked} numeric claims about Korea's trade, checked against official data.`,
    path: "index.html",
    main,
    rendered: model.rendered,
    ...(model.baseUrl ? { canonical: `${model.baseUrl}index.html` } : {}),
    bodyClass: "page-index",
  }, assets);
}

function documentCard(summary: DocumentSummary): string {
  const d = summary.document;
  const title = summary.page ? `<a href="${summary.page}">${escapeHtml(d.title)}</a>` : escapeHtml(d.title);
  const meta = [d.publisher, d.date ? readableDate(d.date) : ""].filter(Boolean).map(escapeHtml).join(" · ");
  const unchecked = summary.unchecked.length > 0
    ? `<p class="unchecked-note">${plural(summary.unchecked.length, "claim")} in the claims file not checked yet.</p>`
    : "";
  return [
    `<li class="doc-card" data-document="${escapeHtml(d.id)}">`,
    `<h3>${title}</h3>`,
    meta ? `<p class="doc-meta">${meta}</p>` : "",
    `<p class="doc-score">${countsHeadline(summary.counts)}</p>`,
    verdictBar(summary.counts),
    countsList(summary.counts),
    unchecked,
    `</li>`,
  ].join("");
}

/**
 * The scoreboard: every verdict, filterable by verdict (filters appear when
 * the page's script runs; without it every row shows).
 *
 * @example
 * ```ts
 * scoreboard(model).startsWith('<section class="scoreboard" data-scoreboard'); // true
 * ```
 */
export function scoreboard(model: SiteModel): string {
  const documents = new Map(model.documents.map((s) => [s.document.id, s]));
  const buttons = [
    `<button type="button" data-filter="all" data-count="${model.verdicts.length}" aria-pressed="true">All ` +
    `<span class="n">${model.verdicts.length}</span></button>`,
    ...VERDICT_KINDS.map((kind) =>
      `<button type="button" class="v-${kind}" data-filter="${kind}" data-count="${model.totals[kind]}" ` +
      `data-label="${VERDICT_LOOK[kind].counted} claims" ` +
      `aria-pressed="false"><span aria-hidden="true">${VERDICT_LOOK[kind].mark}</span> ${VERDICT_LOOK[kind].label} ` +
      `<span class="n">${model.totals[kind]}</span></button>`
    ),
  ];
  const rows = model.verdicts.map((entry) => scoreRow(entry, model, documents.get(entry.document)));
  return [
    `<section class="scoreboard" data-scoreboard aria-labelledby="scoreboard-heading">`,
    `<h2 id="scoreboard-heading">Scoreboard: every claim</h2>`,
    `<div class="filters" role="group" aria-label="Show claims by verdict" data-filters hidden>${
      buttons.join("")
    }</div>`,
    `<p class="filter-status" data-filter-status aria-live="polite"></p>`,
    `<div class="table-scroll" tabindex="0" role="region" aria-labelledby="scoreboard-caption">`,
    `<table class="claims-table stack-table">`,
    `<caption id="scoreboard-caption" class="visually-hidden">Every claim checked, with its verdict, stated and computed figures</caption>`,
    `<thead><tr><th scope="col" class="col-verdict">Verdict</th><th scope="col">Claim</th>`,
    `<th scope="col" class="col-document">Document</th><th scope="col" class="col-stated">Stated</th>`,
    `<th scope="col" class="col-computed">Computed</th></tr></thead>`,
    `<tbody>${rows.join("\n")}</tbody></table></div>`,
    `<p>The full record of each verdict — difference, tolerance, evidence and sources — is on the `,
    `<a href="claims.html">claims page</a>.</p>`,
    `</section>`,
  ].join("\n");
}

function scoreRow(entry: LedgerEntry, model: SiteModel, summary: DocumentSummary | undefined): string {
  const link = model.cellLink(entry);
  const subject = `${escapeHtml(entry.subject)} <span class="muted">(${escapeHtml(entry.period)})</span>`;
  const claim = link
    ? `<a class="claim-subject" href="${link}">${subject}</a>`
    : `<span class="claim-subject">${subject}</span>`;
  const docTitle = summary?.document.title ?? entry.document;
  const doc = summary?.page
    ? `<a href="${summary.page}">${escapeHtml(shorten(docTitle, 60))}</a>`
    : escapeHtml(shorten(docTitle, 60));
  return [
    `<tr data-verdict="${entry.verdict}" data-document="${escapeHtml(entry.document)}">`,
    `<td data-label="Verdict">${verdictBadge(entry.verdict)}</td>`,
    `<td data-label="Claim" class="quote">${claim}<q>${escapeHtml(entry.quote)}</q></td>`,
    `<td data-label="Document">${doc}</td>`,
    `<td data-label="Stated" class="num">${escapeHtml(entry.stated.text)}</td>`,
    `<td data-label="Computed" class="num">${entry.computed ? escapeHtml(entry.computed.text) : "—"}</td>`,
    `</tr>`,
  ].join("");
}

function otherNotebooks(model: SiteModel): string {
  if (model.otherNotebooks.length === 0) return "";
  const items = model.otherNotebooks.map((n) => `<li><a href="${n.page}">${escapeHtml(n.stem)}</a></li>`);
  return `<section aria-labelledby="other-heading"><h2 id="other-heading">Other notebooks</h2><ul>${
    items.join("")
  }</ul></section>`;
}

/**
 * Text cut to `length` characters at a word boundary, with an ellipsis.
 *
 * @example
 * ```ts
 * shorten("Foreign trade relations between Korea and the US", 24); // "Foreign trade relations…"
 * ```
 */
export function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.lastIndexOf(" ", length);
  return `${text.slice(0, cut > length / 2 ? cut : length).trimEnd()}…`;
}
