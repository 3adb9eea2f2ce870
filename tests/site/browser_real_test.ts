/// <reference lib="dom" />
/**
 * The workspace's own site (the real notebooks, rendered once per test run)
 * in headless Chromium: every page at 1280 and 390 px with axe (its colour rules
 * at 1280 only: the stylesheet sets no colour or link style by width), the document
 * pages, the charts and the claims page. A file of its own so that it runs
 * beside the fixture-site checks of `browser_test.ts`. Skipped, with a
 * message, when `/usr/bin/chromium` is absent.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumAvailable, launchChromium } from "./browser.ts";
import { brokenLinks, scoreboardProblems, structuralProblems, type VisitingPage, visitingPage } from "./page-checks.ts";
import { accessibilityProblems } from "./axe.ts";
import { VERDICT_KINDS } from "../../lib/analysis/claims/verdict.ts";
import { SUMMARY_MIME } from "../../lib/analysis/summary.ts";
import { renderedWorkspace } from "../helpers/rendered_workspace.ts";
import type { Ledger } from "../../lib/workspace/ledger/types.ts";

const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const available = chromiumAvailable();

/** What a document page shows at 390 px above its notebook. */
interface DocumentFacts {
  /** Top of the verdicts section, or null when the page has none. */
  verdictsTop: number | null;
  firstCellTop: number | null;
  inShortTop: number | null;
  inShortText: string;
  counts: Record<string, string | null>;
}

/** A chart as drawn at 390 px. */
interface ChartFacts {
  id: string;
  smallest: number;
  tips: number;
  overflow: number;
}

/** One page opened at one width, with what each step checks. */
interface Visit {
  name: string;
  width: number;
  problems: string[];
  document?: DocumentFacts;
  charts?: ChartFacts[];
  settles?: Record<string, string | null>;
}

/**
 * Opens `name` at the tab's width and gathers, in that one visit, what every
 * step checks: problems (console, requests, structure, axe, links or
 * overflow, scoreboard), the document page's opening, its charts, the
 * claims page's "would settle it" lines.
 */
async function visit(
  tab: VisitingPage,
  site: string,
  name: string,
  width: number,
  ledger: Ledger,
  chartScreenshot: boolean,
): Promise<Visit> {
  const problems = await tab.visit(join(site, name));
  const { page } = tab;
  const seen: Visit = { name, width, problems };
  const isNotebookPage = !["index.html", "claims.html"].includes(name);
  if (width === 390 && isNotebookPage) {
    seen.document = await page.evaluate(
      (kinds) => {
        // Where Playwright's boundingBox would put the element: null when nothing of it is drawn.
        const top = (element: Element | null | undefined) => {
          const box = element?.getBoundingClientRect();
          return box && (box.width > 0 || box.height > 0) ? box.y : null;
        };
        const verdicts = document.querySelector("section.doc-verdicts");
        return {
          verdictsTop: top(verdicts),
          firstCellTop: top(document.querySelector(".cell")),
          inShortTop: top(verdicts?.querySelector(".in-short")),
          inShortText: document.querySelector(".in-short")?.textContent ?? "",
          counts: Object.fromEntries(
            kinds.map((kind) => [kind, verdicts?.querySelector(`[data-count="${kind}"]`)?.textContent ?? null]),
          ),
        };
      },
      [...VERDICT_KINDS],
    );
    seen.charts = await page.evaluate(() =>
      [...document.querySelectorAll("figure.chart")].map((figure) => {
        const svg = [...figure.querySelectorAll("svg")].find((s) => s.getBoundingClientRect().width > 0);
        if (!svg) return { id: figure.id, smallest: 0, tips: 0, overflow: 0 };
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const sizes = [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
        return {
          id: figure.id,
          smallest: Math.min(...sizes),
          tips: svg.querySelectorAll(":not(svg) > title").length,
          overflow: svg.getBoundingClientRect().right - innerWidth,
        };
      })
    );
    if (chartScreenshot && seen.charts.length > 0) {
      await page.locator("figure.chart").first().screenshot({ path: join(ARTIFACTS, "real-chart-390.png") });
    }
  }
  if (width === 1280 && name === "claims.html") {
    const claims = ledger.verdicts.filter((v) => v.verdict === "unverifiable").map((v) => v.claim);
    seen.settles = await page.evaluate((ids) =>
      Object.fromEntries(
        ids.map((id) => [id, document.querySelector(`#claim-${CSS.escape(id)} .claim-settle`)?.textContent ?? null]),
      ), claims);
  }
  await page.screenshot({ path: join(ARTIFACTS, `real-${name.replace(/\.html$/, "")}-${width}.png`) });
  // axe's colour rules at 1280 px only — colour contrast (most of axe's time) and links told apart from their text
  // (the next slowest): the stylesheet's width queries change layout and sizes, never colours or link styles
  // (site_css_test.ts checks that), so the phone width has the same colours on the same backgrounds.
  const axeOptions = width === 1280 ? {} : { without: ["color-contrast", "link-in-text-block"] };
  problems.push(...await structuralProblems(page), ...await accessibilityProblems(page, axeOptions));
  if (width === 1280) {
    problems.push(...await brokenLinks(page));
    if (name === "index.html") problems.push(...await scoreboardProblems(page, ledger));
  } else {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    if (overflow > 0) problems.push(`${overflow}px wider than a phone screen`);
  }
  return seen;
}

Deno.test({
  name: "browser: the workspace's own site (the real notebooks, rendered)",
  ignore: !available,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const { siteDir: site, ledger } = await renderedWorkspace();
    const pages = [...Deno.readDirSync(site)].filter((e) => e.isFile && e.name.endsWith(".html")).map((e) => e.name)
      .sort();
    const firstNotebookPage = pages.find((name) => !["index.html", "claims.html"].includes(name));
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    // Every page is opened once per width, and each visit gathers what all the steps below check: one tab per
    // width goes from page to page (a fresh context per page costs Chromium a renderer process each time), the two
    // widths side by side (axe, the slow part, keeps both cores busy).
    const browser = await launchChromium();
    const visits: Visit[] = [];
    try {
      await Promise.all([1280, 390].map(async (width) => {
        const tab = await visitingPage(browser, { width, height: width > 500 ? 800 : 844 });
        for (const name of pages) visits.push(await visit(tab, site, name, width, ledger, name === firstNotebookPage));
        await tab.close();
      }));
    } finally {
      await browser.close();
    }
    const at390 = visits.filter((v) => v.width === 390 && v.document);

    await t.step(
      "every page, at 1280 and 390 px: no error, broken link, structural problem or serious axe violation",
      () => {
        const problems = Object.fromEntries(visits.map((v) => [`${v.name} @${v.width}`, v.problems]));
        assert.deepEqual(problems, Object.fromEntries(Object.keys(problems).map((key) => [key, []])));
        assert.equal(visits.length, pages.length * 2);
      },
    );

    await t.step("each document's page opens with its verdicts, its four counts and its “In short”", async () => {
      for (const { name, document: shown } of at390) {
        if (!shown || shown.verdictsTop === null) continue;
        assert.ok(
          shown.firstCellTop !== null && shown.verdictsTop < shown.firstCellTop,
          `${name}: the verdicts come before the notebook`,
        );
        const notebook = JSON.parse(await Deno.readTextFile(join(site, "notebooks", name.replace(/html$/, "ipynb"))));
        const hasSummary = (notebook.cells as { outputs?: { data?: Record<string, unknown> }[] }[]).some((c) =>
          (c.outputs ?? []).some((o) => o.data?.[SUMMARY_MIME])
        );
        if (hasSummary) {
          assert.ok(
            shown.inShortTop !== null && shown.inShortTop < 900,
            `${name}: “In short” within the first screen or so of a phone`,
          );
          assert.match(shown.inShortText, /^\s*In short\./);
        }
        const document = ledger.documents.find((d) =>
          name === `${d.notebook.split("/").pop()!.replace(/\.ipynb$/, "")}.html`
        );
        if (document) {
          for (const kind of VERDICT_KINDS) {
            assert.equal(Number(shown.counts[kind]), document.counts[kind], `${name} ${kind}`);
          }
        }
      }
    });

    await t.step("charts read at 390 px (text at least 10 px) and name each mark's values on hover", () => {
      for (const { name, charts } of at390) {
        for (const chart of charts ?? []) {
          assert.ok(chart.smallest >= 10, `${name} ${chart.id}: text ${chart.smallest.toFixed(1)} px`);
          assert.ok(chart.tips > 0, `${name} ${chart.id}: no mark has a tooltip`);
          assert.ok(chart.overflow <= 0, `${name} ${chart.id}: wider than the screen`);
        }
      }
    });

    await t.step("the claims page says, for every claim the data cannot settle, what would", () => {
      const settles = visits.find((v) => v.name === "claims.html" && v.width === 1280)?.settles;
      assert.ok(settles, "the claims page was visited at 1280 px");
      for (const verdict of ledger.verdicts.filter((v) => v.verdict === "unverifiable")) {
        assert.equal(
          settles[verdict.claim]?.replace(/\s+/g, " ").trim(),
          `Would settle it: ${verdict.settle}`.replace(/\s+/g, " "),
        );
      }
    });
  },
});
