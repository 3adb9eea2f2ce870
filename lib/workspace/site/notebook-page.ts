/**
 * One page per notebook, conclusion first: its title and when it was
 * rendered, its verdicts (four counts, the notebook's "In short" paragraph,
 * the list), then the document it checks (citation and summary), a table of
 * contents, then the cells — markdown rendered, code folded with a toggle,
 * outputs shown.
 *
 * @module
 */

import { escapeHtml } from "../../analysis/html.ts";
import type { DocumentRecord } from "../../analysis/claims/schema.ts";
import { VERDICT_MIME } from "../../analysis/claims/verdict.ts";
import { SUMMARY_MIME, type SummaryData } from "../../analysis/summary.ts";
import type { LedgerEntry } from "../ledger/types.ts";
import type { SiteAssets } from "./assets.ts";
import { countsHeadline, countsList, verdictBar } from "./counts.ts";
import { messageOf, SiteError } from "./errors.ts";
import { plural, readableDate, renderedTime } from "./format.ts";
import { highlightCode, notebookLanguage } from "./highlight.ts";
import { claimReview } from "./jsonld.ts";
import { renderPage } from "./layout.ts";
import { hasTopLevelHeading, type Heading, newMarkdownContext, renderMarkdown, splitTitle } from "./markdown.ts";
import type { DocumentSummary, SiteModel } from "./model.ts";
import {
  type Cell,
  cellAnchor,
  cellLabel,
  type CodeCell,
  type Notebook,
  type OutputAsRead,
  sourceText,
} from "../notebook/format.ts";
import { renderOutputs } from "./outputs.ts";
import { newPageState, type PageState, type SiteFiles } from "./page-state.ts";
import { verdictBadge } from "./verdict-card.ts";

/** What a notebook page is made from. */
export interface NotebookPageInput {
  stem: string;
  /** Workspace-relative path, e.g. `notebooks/x.ipynb`; names the notebook in errors. */
  sourcePath: string;
  file: Notebook;
  /** The document the notebook checks, with its verdicts, if any. */
  summary?: DocumentSummary;
  model: SiteModel;
  /** Stems of every notebook with a page, so links between notebooks point at pages. */
  stems: ReadonlySet<string>;
}

/** A rendered notebook page and the files that go with it. */
export interface NotebookPage {
  html: string;
  /** Chart CSVs, by site-relative path. */
  files: SiteFiles;
  title: string;
}

/**
 * Renders a notebook page. Errors name the notebook and cell.
 *
 * @example
 * ```ts
 * const page = notebookPage({ stem: "x", sourcePath: "notebooks/x.ipynb", file, model, stems: new Set(["x"]) }, assets);
 * page.html.includes('id="main"'); // true
 * ```
 */
export function notebookPage(input: NotebookPageInput, assets: SiteAssets): NotebookPage {
  const { file, model, summary } = input;
  const document = summary?.document;
  const cells = file.cells.map((cell) => ({ ...cell, source: sourceText(cell.source) }));
  const titleCell = cells.find((cell) => cell.cell_type === "markdown" || cell.cell_type === "code");
  const split = titleCell?.cell_type === "markdown" ? splitTitle(titleCell.source as string) : { rest: "" };
  if (split.title !== undefined && titleCell) titleCell.source = split.rest;
  const title = split.title || document?.title || input.stem;
  const shift = cells.some((c) => c.cell_type === "markdown" && hasTopLevelHeading(c.source as string)) ? 1 : 0;

  const state = newPageState({
    stem: input.stem,
    label: input.sourcePath,
    language: notebookLanguage(file.metadata),
    files: new Map(),
    headingShift: shift,
    markdown: { rewriteHref: siblingPageLink(input.stems) },
    reviewFor: (verdict, id) =>
      claimReview(verdict, model.documentOf(verdict.document), {
        datePublished: model.generated,
        ...(model.baseUrl ? { url: `${model.baseUrl}${input.stem}.html#${id}` } : {}),
      }),
    sourceLinks: model.sourceLinks,
    historyOf: model.historyOf,
  });
  // Ids the page itself uses must not be taken by headings.
  for (const id of ["main", "verdicts", "in-short", "about", "contents-title"]) state.markdown.usedIds.add(id);
  const body = cells.map((cell, index) => renderCell(cell, index, state)).join("\n");
  const entries = model.verdicts.filter((v) => samePath(v.notebook, input.sourcePath));
  const inShort = summaryParagraph(cells, state);
  // Conclusion first: the verdicts and the summary, then what the document is, then the notebook.
  const main = [
    `<div class="doc-head">`,
    `<h1>${escapeHtml(title)}</h1>`,
    renderedLine(model.rendered, document !== undefined),
    `</div>`,
    verdictSummary(summary, entries, inShort),
    document
      ? `<section class="doc-about" aria-labelledby="about"><h2 id="about">The document</h2>${
        citation(document, title)
      }</section>`
      : "",
    `<div class="doc-layout">`,
    tableOfContents(state.markdown.headings, entries.length > 0 || summary !== undefined),
    `<div class="notebook">`,
    `<p class="code-controls"><button type="button" data-code-toggle aria-pressed="false" hidden>Show all code</button>`,
    ` <span class="muted">Executed notebook: <a href="notebooks/${escapeHtml(input.stem)}.ipynb" download>`,
    `${escapeHtml(input.sourcePath)}</a></span></p>`,
    body,
    `</div>`,
    `</div>`,
  ].join("\n");
  const html = renderPage({
    title,
    description: document?.summary ?? `Notebook ${input.sourcePath}`,
    path: `${input.stem}.html`,
    main,
    styles: state.styles,
    rendered: model.rendered,
    bodyClass: "page-notebook",
    ...(model.baseUrl ? { canonical: `${model.baseUrl}${input.stem}.html`, type: "article" as const } : {}),
  }, assets);
  return { html, files: state.files, title };
}

/**
 * Renders a notebook's code cells once and throws the result away, one cell
 * at a time with a pause between cells, so that the costly pure steps
 * (highlighting code, sanitizing HTML and chart SVG, which remember their
 * results: see `memo.ts`) are done before the page is built — e.g. while
 * other notebooks still run. Never throws: the page build reports problems.
 *
 * @example
 * ```ts
 * await warmNotebookCells(executed, "notebooks/x.ipynb");
 * ```
 */
export async function warmNotebookCells(file: Notebook, sourcePath: string): Promise<void> {
  const state = newPageState({
    stem: "warm",
    label: sourcePath,
    language: notebookLanguage(file.metadata),
    files: new Map(),
    reviewFor: () => undefined,
  });
  for (const [index, cell] of file.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      renderCell({ ...cell, source: sourceText(cell.source) }, index, state);
    } catch {
      // Reported when the page is built.
    }
  }
}

function renderCell(cell: Cell & { source: string }, index: number, state: PageState): string {
  const where = `${state.label}, ${cellLabel(index, cell.id)}`;
  try {
    const tags = Array.isArray(cell.metadata?.tags) ? cell.metadata.tags : [];
    if (tags.includes("remove-cell")) return "";
    const anchor = cellAnchor(cell.id, index);
    state.markdown.usedIds.add(anchor);
    if (cell.cell_type === "markdown") {
      if (cell.source.trim() === "") return "";
      const html = renderMarkdown(cell.source, state.markdown, cell.attachments);
      return `<div class="cell markdown-cell" id="${anchor}">${html}</div>`;
    }
    if (cell.cell_type !== "code") return "";
    const outputs: OutputAsRead[] = tags.includes("remove-output") ? [] : cell.outputs ?? [];
    if (cell.source.trim() === "" && outputs.length === 0) return "";
    const input = tags.includes("remove-input") || cell.source.trim() === "" ? "" : codeInput(cell, state);
    const rendered = renderOutputs(outputs, state, where);
    const hasVerdict = outputs.some((o) => o.data && VERDICT_MIME in o.data);
    return [
      `<div class="cell code-cell" id="${anchor}"${hasVerdict ? ' data-has-verdict="true"' : ""}>`,
      input,
      rendered ? `<div class="cell-outputs">${rendered}</div>` : "",
      `</div>`,
    ].join("");
  } catch (error) {
    if (error instanceof SiteError) throw error;
    throw new SiteError(where, messageOf(error), { cause: error });
  }
}

function codeInput(cell: CodeCell & { source: string }, state: PageState): string {
  const count = typeof cell.execution_count === "number" ? `[${cell.execution_count}]` : "[ ]";
  const firstLine = cell.source.split("\n").find((line) => line.trim() !== "") ?? "";
  const peek = firstLine.length > 90 ? `${firstLine.slice(0, 90)}…` : firstLine;
  return [
    `<details class="cell-input">`,
    `<summary><span class="prompt" aria-label="Execution ${escapeHtml(count)}">${escapeHtml(count)}</span>`,
    `Code<code class="code-peek">${escapeHtml(peek)}</code></summary>`,
    `<pre><code class="hljs language-${escapeHtml(state.language)}">${
      highlightCode(cell.source, state.language)
    }</code></pre>`,
    `</details>`,
  ].join("");
}

function citation(document: DocumentRecord, title: string): string {
  const authors = document.authors.length > 0 ? ` by ${escapeHtml(joinNames(document.authors))}` : "";
  const when = [document.publisher, document.date ? readableDate(document.date) : ""].filter(Boolean);
  const link = document.url && /^https?:\/\//i.test(document.url)
    ? ` <a href="${escapeHtml(document.url)}" rel="noopener noreferrer">Read the document</a>.`
    : "";
  const cite = document.title === title ? "this document" : `<cite>${escapeHtml(document.title)}</cite>`;
  return [
    `<div class="citation">`,
    `<p>Checks the numeric claims of ${cite}${authors}${
      when.length ? ` (${escapeHtml(when.join(", "))})` : ""
    }.${link}</p>`,
    document.license ? `<p class="muted">Document licence: ${escapeHtml(document.license)}</p>` : "",
    document.summary ? `<p>${escapeHtml(document.summary)}</p>` : "",
    `</div>`,
  ].join("");
}

/**
 * The notebook's "In short" paragraph (the first `inShort` output), rendered
 * for the top of the page, or "" when the notebook has none.
 */
function summaryParagraph(cells: Cell[], state: PageState): string {
  for (const cell of cells) {
    for (const output of cell.cell_type === "code" ? (cell.outputs as OutputAsRead[]) ?? [] : []) {
      const payload = output.data?.[SUMMARY_MIME] as Partial<SummaryData> | undefined;
      if (typeof payload?.markdown !== "string") continue;
      const context = newMarkdownContext({ usedIds: state.markdown.usedIds, headingShift: 6 });
      return `<div class="in-short" id="in-short">${renderMarkdown(payload.markdown, context)}</div>`;
    }
  }
  return "";
}

function renderedLine(rendered: string, hasDocument: boolean): string {
  const about = hasDocument ? ` · <a href="#about">About the document</a>` : "";
  return `<p class="doc-rendered muted">Last rendered ${renderedTime(rendered)}${about}</p>`;
}

function verdictSummary(summary: DocumentSummary | undefined, entries: LedgerEntry[], inShort: string): string {
  if (!summary && entries.length === 0) return inShort;
  const items = entries.map((entry) =>
    `<li>${verdictBadge(entry.verdict)} <a href="#${cellAnchor(entry.cellId, entry.cell)}">${
      escapeHtml(entry.subject)
    }</a> <span class="muted">(${escapeHtml(entry.period)})</span> — stated ${
      escapeHtml(entry.stated.text)
    }, computed ${entry.computed ? escapeHtml(entry.computed.text) : "—"}</li>`
  );
  const unchecked = summary && summary.unchecked.length > 0
    ? `<p class="unchecked-note">${plural(summary.unchecked.length, "claim")} of this document not checked yet: ${
      summary.unchecked.map((c) => escapeHtml(c.id)).join(", ")
    }.</p>`
    : "";
  return [
    `<section class="doc-verdicts" aria-labelledby="verdicts">`,
    `<h2 id="verdicts">Verdicts</h2>`,
    summary ? `<p class="doc-score">${countsHeadline(summary.counts)}</p>${verdictBar(summary.counts)}` : "",
    summary ? countsList(summary.counts) : "",
    inShort,
    items.length > 0 ? `<ol>${items.join("")}</ol>` : "",
    unchecked,
    `</section>`,
  ].join("");
}

function tableOfContents(headings: Heading[], hasVerdicts: boolean): string {
  const items = [
    ...(hasVerdicts ? [`<li class="level-2"><a href="#verdicts">Verdicts</a></li>`] : []),
    ...headings.map((h) => `<li class="level-${h.level}"><a href="#${h.id}">${escapeHtml(h.text)}</a></li>`),
  ];
  if (items.length === 0) return `<div></div>`;
  return `<nav class="toc" aria-labelledby="contents-title"><p class="toc-title" id="contents-title">Contents</p><ol>${
    items.join("")
  }</ol></nav>`;
}

function siblingPageLink(stems: ReadonlySet<string>): (href: string) => string | undefined {
  return (href) => {
    const match = /^(?:\.\/)?([^/#?]+)\.ipynb(#.*)?$/.exec(href);
    return match && stems.has(match[1]) ? `${match[1]}.html${match[2] ?? ""}` : undefined;
  };
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function samePath(a: string, b: string): boolean {
  const normal = (p: string) => p.replace(/\\/g, "/").replace(/^\.\//, "");
  return normal(a) === normal(b);
}
