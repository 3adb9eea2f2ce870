/**
 * The page shell: doctype, head with the Content-Security-Policy meta tag,
 * the site header and navigation, the main landmark, the footer, and the
 * inline style sheets and script the policy allows by hash.
 *
 * @module
 */

import { escapeHtml } from "../../analysis/html.ts";
import type { SiteAssets } from "./assets.ts";
import { contentSecurityPolicy, cspMetaTag } from "./csp.ts";
import { renderedTime } from "./format.ts";

/** Name of the site in titles and the header. */
export const SITE_NAME = "claimbook";

/** One page's content and metadata. */
export interface PageShell {
  /** Page title (the site name is appended). */
  title: string;
  /** Meta description. */
  description?: string;
  /** File name of the page in the site, e.g. `claims.html` (marks the current navigation item). */
  path: string;
  /** Content of `<main>`. */
  main: string;
  /** Extra style sheets for the head (chart styles lifted from SVG). */
  styles?: string[];
  /** When the site was rendered (ISO), shown in the footer. */
  rendered: string;
  /** Class on `<body>`. */
  bodyClass?: string;
  /** The page's absolute address, when the site's is known: canonical link, og: and twitter: tags. */
  canonical?: string;
  /** What the page is for Open Graph (default `website`). */
  type?: "website" | "article";
}

const NAV: { path: string; label: string }[] = [
  { path: "index.html", label: "Overview" },
  { path: "claims.html", label: "All claims" },
];

/**
 * A whole HTML page.
 *
 * @example
 * ```ts
 * const html = renderPage({ title: "All claims", path: "claims.html", main: "<h1>All claims</h1>", rendered: "2025-11-23T10:00:00Z" }, assets);
 * html.startsWith("<!DOCTYPE html>"); // true
 * ```
 */
export function renderPage(shell: PageShell, assets: SiteAssets): string {
  const styles = [assets.css, ...new Set(shell.styles ?? [])];
  const policy = contentSecurityPolicy({ scripts: [assets.script], styles });
  const nav = NAV.map((item) =>
    `<li><a href="${item.path}"${item.path === shell.path ? ' aria-current="page"' : ""}>${item.label}</a></li>`
  ).join("");
  const title = shell.title === SITE_NAME ? SITE_NAME : `${shell.title} — ${SITE_NAME}`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    cspMetaTag(policy),
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="${SITE_NAME}">`,
    shell.description ? `<meta name="description" content="${escapeHtml(shell.description)}">` : "",
    `<title>${escapeHtml(title)}</title>`,
    ...shareTags(shell, title),
    ...styles.map((css) => `<style>${css}</style>`),
    "</head>",
    `<body${shell.bodyClass ? ` class="${escapeHtml(shell.bodyClass)}"` : ""}>`,
    '<a class="skip-link" href="#main">Skip to content</a>',
    '<header class="site-header"><div class="wrap">',
    `<a class="brand" href="index.html">${SITE_NAME} <span>· Korea's trade claims, checked</span></a>`,
    `<nav class="site-nav" aria-label="Site"><ul>${nav}</ul></nav>`,
    "</div></header>",
    `<main id="main" class="wrap">${shell.main}</main>`,
    '<footer class="site-footer"><div class="wrap">',
    `<p>Last rendered ${renderedTime(shell.rendered)} from notebooks executed with the Deno kernel. `,
    "Every verdict links to the cell that computed it; every chart links its data. ",
    'The ledger of all verdicts is <a href="claims.json">claims.json</a>.</p>',
    "</div></footer>",
    `<script>${assets.script}</script>`,
    "</body>",
    "</html>",
  ].filter((line) => line !== "").join("\n") + "\n";
}

/** Canonical link and the tags link previews read (Open Graph, Twitter cards), when the page's address is known. */
function shareTags(shell: PageShell, title: string): string[] {
  if (!shell.canonical) return [];
  const meta = (attribute: "property" | "name", key: string, value: string) =>
    `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`;
  const description = shell.description ?? title;
  return [
    `<link rel="canonical" href="${escapeHtml(shell.canonical)}">`,
    meta("property", "og:type", shell.type ?? "website"),
    meta("property", "og:site_name", SITE_NAME),
    meta("property", "og:title", shell.title),
    meta("property", "og:description", description),
    meta("property", "og:url", shell.canonical),
    meta("name", "twitter:card", "summary"),
    meta("name", "twitter:title", shell.title),
    meta("name", "twitter:description", description),
  ];
}
