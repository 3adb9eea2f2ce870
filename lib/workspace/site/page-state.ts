/**
 * What the rendering of one notebook page accumulates: ids in use, headings,
 * style sheets lifted out of chart SVG, and files written beside the page
 * (chart CSVs).
 *
 * @module
 */

import type { SourceRef, VerdictData } from "../../analysis/claims/verdict.ts";
import type { VerdictHistoryEntry } from "../ledger/history.ts";
import type { SourceLinks } from "./source-files.ts";
import { type MarkdownContext, newMarkdownContext, uniqueId } from "./markdown.ts";

/** Files of the site: path relative to the site folder → content. */
export type SiteFiles = Map<string, string | Uint8Array>;

/** The state of one page being rendered. */
export interface PageState {
  /** File stem of the notebook, also the page's name (`<stem>.html`). */
  stem: string;
  /** The notebook as named in messages, e.g. `notebooks/x.ipynb`. */
  label: string;
  /** highlight.js language of code cells. */
  language: string;
  markdown: MarkdownContext;
  /** Style sheets that must be placed in the page head (allowed by hash). */
  styles: string[];
  /** Files to write with the site (chart CSVs). */
  files: SiteFiles;
  /** JSON-LD for a verdict whose card has the element id `id`, or nothing. */
  reviewFor: (verdict: VerdictData, id: string) => Record<string, unknown> | undefined;
  /** Links to the CSV of a verdict source's data and of the rows it used, when the site publishes them. */
  sourceLinks?: (claim: string, source: Pick<SourceRef, "resource" | "sha256" | "rows">) => SourceLinks | undefined;
  /** How a claim's verdict moved after updates of the data. */
  historyOf?: (claim: string) => VerdictHistoryEntry[];
}

/**
 * A fresh page state.
 *
 * @example
 * ```ts
 * const state = newPageState({ stem: "x", label: "notebooks/x.ipynb", language: "typescript", files: new Map(), reviewFor: () => undefined });
 * ```
 */
export function newPageState(
  options: Omit<PageState, "markdown" | "styles"> & { headingShift?: number; markdown?: Partial<MarkdownContext> },
): PageState {
  const { headingShift, markdown, ...rest } = options;
  return { ...rest, markdown: newMarkdownContext({ headingShift: headingShift ?? 0, ...markdown }), styles: [] };
}

/**
 * A page-unique element id built from a readable stem.
 *
 * @example
 * ```ts
 * pageId(state, "verdict", "news-2017-deficit-doubled"); // "verdict-news-2017-deficit-doubled"
 * ```
 */
export function pageId(state: PageState, kind: string, name: string): string {
  return uniqueId(name, state.markdown.usedIds, `${kind}-`);
}
