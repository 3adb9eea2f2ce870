/**
 * Checks that any page of the site must pass in a real browser: opened over
 * `file://`, no console errors (CSP violations are console errors), no failed
 * requests, no request leaving the disk, no dialog, one `main`, headings in
 * order, charts drawn at a visible size, images and charts named for
 * assistive technology, no event-handler attributes or `javascript:` links.
 *
 * @module
 */

import type { Browser, Page } from "playwright-core";
import { VERDICT_KINDS, type VerdictKind } from "../../lib/analysis/claims/verdict.ts";
import type { Ledger } from "../../lib/workspace/ledger/types.ts";

/** A page opened with its problems being recorded. */
export interface OpenedPage {
  page: Page;
  /** Console errors, page errors, failed or off-disk requests, dialogs. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A browser tab that goes from site file to site file, recording each
 * visit's problems: cheaper than a fresh context per page (each context costs
 * Chromium a renderer process), for checks that need no fresh state.
 */
export interface VisitingPage {
  page: Page;
  /**
   * Opens a site file (`path`, optionally with `?query` or `#hash`); the
   * returned list receives the problems from then until the next visit:
   * console errors, page errors, failed or off-disk requests, dialogs.
   */
  visit(path: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A tab in a fresh browser context whose visits record every problem.
 *
 * @example
 * ```ts
 * const tab = await visitingPage(browser, { width: 390, height: 844 });
 * await tab.visit("/tmp/_site/index.html"); // []
 * await tab.visit("/tmp/_site/claims.html"); // []
 * await tab.close();
 * ```
 */
export async function visitingPage(
  browser: Browser,
  options: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {},
): Promise<VisitingPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? "light",
  });
  const page = await context.newPage();
  let problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`failed request: ${request.url()}`));
  page.on("request", (request) => {
    if (!/^(file|data|about):/.test(request.url())) problems.push(`request off the disk: ${request.url()}`);
  });
  page.on("dialog", async (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    await dialog.dismiss();
  });
  return {
    page,
    visit: async (path) => {
      const visitProblems: string[] = [];
      problems = visitProblems;
      await page.goto(`file://${path}`, { waitUntil: "load" });
      // Let late work (scripts, image decoding, a delayed onerror) show up before checking.
      await page.waitForTimeout(150);
      return visitProblems;
    },
    close: () => context.close(),
  };
}

/**
 * Opens a site file in a fresh browser context and records every problem.
 *
 * @example
 * ```ts
 * const opened = await openPage(browser, "/tmp/_site/index.html");
 * opened.problems; // []
 * ```
 */
export async function openPage(
  browser: Browser,
  path: string,
  options: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {},
): Promise<OpenedPage> {
  const tab = await visitingPage(browser, options);
  return { page: tab.page, problems: await tab.visit(path), close: tab.close };
}

/**
 * Structural problems of the open page (landmarks, headings, names, inert markup, charts).
 *
 * @example
 * ```ts
 * await structuralProblems(opened.page); // []
 * ```
 */
export function structuralProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const count = (selector: string) => document.querySelectorAll(selector).length;
    if (count("main") !== 1) problems.push(`${count("main")} main landmarks`);
    if (count("body > header") !== 1 || count("body > footer") !== 1) problems.push("no single header and footer");
    if (count("nav") < 1) problems.push("no navigation landmark");
    if (!document.documentElement.lang) problems.push("no lang on <html>");
    if (!document.title) problems.push("no <title>");
    const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1]));
    if (levels[0] !== 1 || levels.filter((l) => l === 1).length !== 1) problems.push(`headings start ${levels}`);
    levels.forEach((level, i) => {
      if (i > 0 && level > levels[i - 1] + 1) problems.push(`heading jumps from h${levels[i - 1]} to h${level}`);
    });
    for (const element of document.querySelectorAll("*")) {
      for (const attribute of element.getAttributeNames()) {
        if (attribute.startsWith("on")) problems.push(`<${element.tagName.toLowerCase()} ${attribute}>`);
      }
    }
    for (const link of document.querySelectorAll("a[href]")) {
      if (/^\s*javascript:/i.test(link.getAttribute("href") ?? "")) problems.push(`javascript: link ${link.outerHTML}`);
    }
    const runnable = [...document.querySelectorAll("script")].filter((s) => s.type !== "application/ld+json");
    if (runnable.length !== 1) problems.push(`${runnable.length} runnable scripts (expected only the site's own)`);
    for (const image of document.querySelectorAll("img")) {
      if (!image.hasAttribute("alt")) problems.push(`image without alt: ${image.outerHTML.slice(0, 80)}`);
      if (!image.complete || image.naturalWidth === 0) {
        problems.push(`image not loaded: ${image.outerHTML.slice(0, 80)}`);
      }
    }
    for (const figure of document.querySelectorAll("figure.chart")) {
      // A chart may carry two pictures (wide, and narrow for phones); one of them shows.
      const pictures = [...figure.querySelectorAll(".chart-svg > svg")];
      const shown = pictures.filter((svg) => {
        const box = svg.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
      });
      if (pictures.length > 0 && shown.length !== 1) {
        problems.push(
          `${shown.length} pictures of the chart visible: ${figure.querySelector("svg")?.getAttribute("aria-label")}`,
        );
      }
      for (const svg of pictures) {
        if (svg.getAttribute("role") !== "img" || !svg.getAttribute("aria-label")) {
          problems.push("chart without a name");
        }
      }
      if (!figure.querySelector('a[href$=".csv"]')) problems.push("chart without its CSV link");
    }
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (duplicates.length > 0) problems.push(`duplicate ids: ${[...new Set(duplicates)].join(", ")}`);
    return problems;
  });
}

/**
 * Links within the site that point at missing files or anchors.
 *
 * @example
 * ```ts
 * await brokenLinks(opened.page); // []
 * ```
 */
export async function brokenLinks(page: Page): Promise<string[]> {
  const links = await page.evaluate(() =>
    [...document.querySelectorAll("a[href]")].map((a) => (a as HTMLAnchorElement).href).filter((href) =>
      href.startsWith("file:")
    )
  );
  const problems: string[] = [];
  for (const link of new Set(links)) {
    const url = new URL(link);
    try {
      const stat = await Deno.stat(decodeURIComponent(url.pathname));
      if (!stat.isFile) problems.push(`link to a folder: ${link}`);
    } catch {
      problems.push(`link to a missing file: ${link}`);
      continue;
    }
    if (url.hash && url.pathname.endsWith(".html")) {
      const html = await Deno.readTextFile(decodeURIComponent(url.pathname));
      if (!html.includes(`id="${decodeURIComponent(url.hash.slice(1))}"`)) {
        problems.push(`link to a missing anchor: ${link}`);
      }
    }
  }
  return problems;
}

/**
 * Where the index's numbers disagree with the ledger: totals, each
 * document's counts, filter buttons, scoreboard rows, and the rows each
 * filter shows.
 *
 * @example
 * ```ts
 * await scoreboardProblems(opened.page, ledger); // []
 * ```
 */
export async function scoreboardProblems(page: Page, ledger: Ledger): Promise<string[]> {
  const problems: string[] = [];
  const number = async (selector: string) => Number((await page.locator(selector).first().textContent())?.trim());
  for (const kind of VERDICT_KINDS) {
    const total = await number(`[data-totals] [data-count="${kind}"]`);
    if (total !== ledger.totals[kind]) problems.push(`totals ${kind}: page ${total}, ledger ${ledger.totals[kind]}`);
    for (const document of ledger.documents) {
      const shown = await number(`.doc-card[data-document="${document.id}"] [data-count="${kind}"]`);
      if (shown !== document.counts[kind]) {
        problems.push(`${document.id} ${kind}: page ${shown}, ledger ${document.counts[kind]}`);
      }
    }
    const button = Number(await page.locator(`button[data-filter="${kind}"]`).getAttribute("data-count"));
    if (button !== ledger.totals[kind]) problems.push(`filter ${kind}: page ${button}, ledger ${ledger.totals[kind]}`);
  }
  const rows = await page.locator("[data-scoreboard] tbody tr").count();
  if (rows !== ledger.verdicts.length) problems.push(`scoreboard rows: page ${rows}, ledger ${ledger.verdicts.length}`);
  for (const filter of [...VERDICT_KINDS, "all"] as (VerdictKind | "all")[]) {
    await page.locator(`button[data-filter="${filter}"]`).click();
    const visible = await page.locator("[data-scoreboard] tbody tr:visible").count();
    const expected = filter === "all" ? ledger.verdicts.length : ledger.totals[filter];
    if (visible !== expected) problems.push(`filter ${filter} shows ${visible} rows, ledger has ${expected}`);
    const pressed = await page.locator(`button[data-filter="${filter}"]`).getAttribute("aria-pressed");
    if (pressed !== "true") problems.push(`filter ${filter} not marked pressed`);
  }
  return problems;
}
