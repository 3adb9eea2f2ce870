/**
 * The static site: executed notebooks, the claim ledger and the documents
 * file rendered into `_site/` — an index with each document's verdict counts
 * and a scoreboard, one page per notebook, and a claims page — that opens
 * from disk with no network, under a strict Content-Security-Policy.
 *
 * @example
 * ```ts
 * import { buildSite } from "@lib/workspace/site/mod.ts";
 * const { pages } = await buildSite({ root, buildDir, siteDir, notebooks, ledger, documents });
 * ```
 * @module
 */

export * from "./build.ts";
export * from "./errors.ts";
export * from "./atomic.ts";
export * from "./page-name.ts";
export * from "./csp.ts";
export * from "./sanitize.ts";
export * from "./markdown.ts";
export * from "./ansi.ts";
export * from "./highlight.ts";
export * from "./outputs.ts";
export * from "./verdict-card.ts";
export * from "./chart-figure.ts";
export * from "./jsonld.ts";
export * from "./format.ts";
export * from "./counts.ts";
export * from "./model.ts";
export * from "./notebook.ts";
export * from "./page-state.ts";
export * from "./layout.ts";
export * from "./assets.ts";
export * from "./index-page.ts";
export * from "./claims-page.ts";
export * from "./notebook-page.ts";
