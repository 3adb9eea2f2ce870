/**
 * A verdict as the site shows it, drawn from the verdict's JSON payload with
 * our own template (the notebook's `text/html` for it is not trusted): the
 * verdict in colour, mark and word, the quote, stated against computed, the
 * difference, the tolerance, the evidence and its sources, and the
 * `ClaimReview` JSON-LD.
 *
 * @module
 */

import { escapeHtml } from "../../analysis/html.ts";
import {
  type SourceRef,
  VERDICT_KINDS,
  VERDICT_SCHEMA,
  type VerdictData,
  type VerdictKind,
} from "../../analysis/claims/verdict.ts";
import { SiteError } from "./errors.ts";
import { formatDifference, readableDate, VERDICT_LOOK } from "./format.ts";
import type { VerdictHistoryEntry } from "../ledger/history.ts";
import { jsonLdScript } from "./jsonld.ts";
import { dateInWords } from "../../analysis/claims/vintage.ts";
import type { VintageDescriptor } from "../../analysis/catalog/datapackage.ts";
import type { SourceLinks } from "./source-files.ts";

function vintageWords(v: VintageDescriptor): string {
  return v.basis === "as-printed" ? v.label : `${v.label}, ${dateInWords(v.date)}`;
}

/**
 * A badge: mark and word on the verdict's colour.
 *
 * @example
 * ```ts
 * verdictBadge("confirmed"); // '<span class="badge v-confirmed"><span aria-hidden="true">✔</span> Confirmed</span>'
 * ```
 */
export function verdictBadge(kind: VerdictKind): string {
  const look = VERDICT_LOOK[kind];
  return `<span class="badge v-${kind}"><span aria-hidden="true">${look.mark}</span> ${look.label}</span>`;
}

/**
 * Checks that an output's verdict payload has the shape the site renders,
 * naming the cell when it does not.
 *
 * @example
 * ```ts
 * const data = asVerdictData(output.data["application/vnd.claimbook.verdict+json"], "notebooks/x.ipynb, cell 4");
 * ```
 */
export function asVerdictData(payload: unknown, where: string): VerdictData {
  const v = payload as Partial<VerdictData> | null;
  const problems: string[] = [];
  if (typeof v !== "object" || v === null) throw new SiteError(where, "verdict output is not a JSON object");
  if (v.schema !== VERDICT_SCHEMA) problems.push(`schema is ${JSON.stringify(v.schema)}, expected "${VERDICT_SCHEMA}"`);
  if (!VERDICT_KINDS.includes(v.verdict as VerdictKind)) problems.push(`unknown verdict ${JSON.stringify(v.verdict)}`);
  for (const key of ["claim", "document", "quote", "subject", "period", "tolerance", "reason"] as const) {
    if (typeof v[key] !== "string") problems.push(`${key} missing`);
  }
  if (typeof v.stated?.text !== "string") problems.push("stated.text missing");
  if (!Array.isArray(v.sources)) problems.push("sources missing");
  if (problems.length > 0) {
    throw new SiteError(where, `malformed verdict output (${problems.join("; ")}); re-run the notebook`);
  }
  return v as VerdictData;
}

/** Where a card sits and what it carries besides the verdict. */
export interface VerdictCardOptions {
  /** Element id, unique in the page. */
  id: string;
  /** `ClaimReview` JSON-LD to embed, if any. */
  jsonLd?: Record<string, unknown>;
  /** Links to the CSV of the data a source read and of the rows it used, when the site publishes them. */
  sourceLinks?: (claim: string, source: Pick<SourceRef, "resource" | "sha256" | "rows">) => SourceLinks | undefined;
  /** How the verdict moved after updates of the data, oldest first. */
  history?: VerdictHistoryEntry[];
}

/**
 * The verdict card.
 *
 * @example
 * ```ts
 * verdictCard(data, { id: "verdict-news-2017-deficit-doubled" }).startsWith('<article class="verdict v-confirmed"'); // true
 * ```
 */
export function verdictCard(v: VerdictData, options: VerdictCardOptions): string {
  const look = VERDICT_LOOK[v.verdict];
  const fact = (label: string, value: string, extraClass = "") =>
    `<div class="fact${extraClass}"><dt>${label}</dt><dd>${value}</dd></div>`;
  const facts = [
    fact("Stated", escapeHtml(v.stated.text)),
    fact("Computed", v.computed ? `<strong>${escapeHtml(v.computed.text)}</strong>` : "—"),
    fact("Difference", escapeHtml(formatDifference(v.difference))),
    fact("Evidence", escapeHtml(v.grade)),
  ];
  const notes = [
    `<p class="verdict-allowed"><strong>Allowed:</strong> ${escapeHtml(v.tolerance)}</p>`,
    bandsText(v),
    `<p class="verdict-reason"><strong>Why:</strong> ${escapeHtml(v.reason)}</p>`,
    v.note ? `<p class="verdict-note"><strong>Note:</strong> ${escapeHtml(v.note)}</p>` : "",
    v.settle ? `<p class="verdict-settle"><strong>Would settle it:</strong> ${escapeHtml(v.settle)}</p>` : "",
    v.vintage ? `<p class="verdict-vintage"><strong>Vintage:</strong> ${escapeHtml(v.vintage.text)}</p>` : "",
  ];
  return [
    `<article class="verdict v-${v.verdict}" id="${escapeHtml(options.id)}" aria-label="${
      escapeHtml(`Verdict: ${look.label} — ${v.subject}`)
    }">`,
    `<p class="verdict-head">${verdictBadge(v.verdict)} <span class="verdict-subject">${escapeHtml(v.subject)}`,
    ` <span class="muted">(${escapeHtml(v.period)})</span></span></p>`,
    `<blockquote class="verdict-quote"><p>“${escapeHtml(v.quote)}”</p></blockquote>`,
    `<dl class="verdict-facts">${facts.join("")}</dl>`,
    ...notes,
    historyList(options.history ?? []),
    sourcesList(v, options.sourceLinks),
    `<p class="verdict-id muted">Claim <code>${escapeHtml(v.claim)}</code> · ${escapeHtml(look.meaning)}</p>`,
    shareLine(options.id, v.subject),
    options.jsonLd ? jsonLdScript(options.jsonLd) : "",
    `</article>`,
  ].join("");
}

function bandsText(v: VerdictData): string {
  if (!v.bands) return "";
  const approximate = v.bands.approximate
    ? `; <strong>approximate</strong> if ${escapeHtml(v.bands.approximate)}`
    : "; no approximate band (the wording allows no approximation)";
  return `<p class="verdict-bands"><strong>Confirmed</strong> if ${escapeHtml(v.bands.confirmed)}${approximate}.</p>`;
}

/** A permalink, and a button (shown by the page's script) that copies the verdict's address. */
function shareLine(id: string, subject: string): string {
  const anchor = escapeHtml(id);
  return [
    `<p class="verdict-share">`,
    `<a class="permalink" href="#${anchor}" aria-label="${escapeHtml(`Permalink to the verdict: ${subject}`)}">`,
    `Permalink</a>`,
    ` <button type="button" class="copy-link" data-copy-link="${anchor}" hidden>Copy link</button>`,
    ` <span class="copy-status" role="status"></span>`,
    `</p>`,
  ].join("");
}

/**
 * The moves of a verdict, in words: "On 2 December 2026 it moved from confirmed ($27.6 billion) to approximate
 * ($27.9 billion), because U.S. Census Bureau … was revised."
 */
function historyList(entries: VerdictHistoryEntry[]): string {
  if (entries.length === 0) return "";
  const state = (m: VerdictHistoryEntry["from"]) =>
    `<strong>${escapeHtml(VERDICT_LOOK[m.verdict].counted)}</strong>${
      m.computed ? ` (${escapeHtml(m.computed)})` : ""
    }`;
  const items = entries.map((e) => {
    const when = `<time datetime="${escapeHtml(e.date)}">${escapeHtml(readableDate(e.date))}</time>`;
    const what = e.from.verdict === e.to.verdict
      ? `the computed figure moved from ${escapeHtml(e.from.computed ?? "—")} to ${escapeHtml(e.to.computed ?? "—")} ` +
        `(still ${escapeHtml(VERDICT_LOOK[e.to.verdict].counted)})`
      : `moved from ${state(e.from)} to ${state(e.to)}`;
    const why = e.revised.length > 0
      ? `, because ${e.revised.map((r) => `<cite>${escapeHtml(r.title)}</cite>`).join(" and ")} ${
        e.revised.length === 1 ? "was" : "were"
      } revised`
      : ", after the data were updated";
    return `<li>On ${when} it ${what}${why}.</li>`;
  });
  return `<div class="verdict-history"><p class="label">History</p><ul>${items.join("")}</ul></div>`;
}

function sourcesList(v: VerdictData, sourceLinks?: VerdictCardOptions["sourceLinks"]): string {
  if (v.sources.length === 0) return "";
  const items = v.sources.map((s) => {
    const title = escapeHtml(s.title);
    const linked = s.url && /^https?:\/\//i.test(s.url)
      ? `<a href="${escapeHtml(s.url)}" rel="noopener noreferrer">${title}</a>`
      : title;
    const release = s.vintage ? ` · ${escapeHtml(vintageWords(s.vintage))}` : "";
    const hash = s.sha256
      ? ` · <span class="hash" title="SHA-256 of the file read">${escapeHtml(s.sha256.slice(0, 12))}</span>`
      : "";
    const rows = dataLinks(sourceLinks?.(v.claim, s));
    return `<li>${linked} <span class="muted">— ${escapeHtml(s.source)} (${
      escapeHtml(s.grade)
    })${release}${hash}</span>${rows}</li>`;
  });
  return `<div class="verdict-sources"><p class="label">Sources</p><ul>${items.join("")}</ul></div>`;
}

/**
 * The links to the data a source read: the rows the verdict used and the whole file, or the whole file
 * saying that the rows used were not recorded (the figure was computed without the lookup helpers).
 */
function dataLinks(links: SourceLinks | undefined): string {
  if (!links) return "";
  const file = `<a href="${escapeHtml(links.file)}" download>whole file (CSV)</a>`;
  if (!links.rows) return ` · data read: ${file} <span class="muted">(the rows used were not recorded)</span>`;
  const { href, count } = links.rows;
  const used = `<a href="${escapeHtml(href)}" download>the ${count} ${count === 1 ? "row" : "rows"} used (CSV)</a>`;
  return ` · data read: ${used}, ${file}`;
}
