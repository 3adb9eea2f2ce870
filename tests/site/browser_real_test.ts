/// <reference lib="dom" />
/**
 * The workspace's own site (the real notebooks, rendered once per test run)
 * in headless Chromium: every page at 1280 and 390 px with axe, the document
 * pages, the charts and the claims page. A file of its own so that it runs
 * beside the fixture-site checks of `browser_test.ts`. Skipped, with a
 * message, when `/usr/bin/chromium` is absent.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumAvailable, launchChromium } from "./browser.ts";
import { brokenLinks, openPage, scoreboardProblems, structuralProblems } from "./page-checks.ts";
import { accessibilityProblems } from "./axe.ts";
import { VERDICT_KINDS } from "../../lib/analysis/claims/verdict.ts";
import { SUMMARY_MIME } from "../../lib/analysis/summary.ts";
import { renderedWorkspace } from "../helpers/rendered_workspace.ts";

const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const available = chromiumAvailable();

/** Runs `fn` over items, `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

Deno.test({
  name: "browser: the workspace's own site (the real notebooks, rendered)",
  ignore: !available,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const { siteDir: site, ledger } = await renderedWorkspace();
    const browser = await launchChromium();
    const pages = [...Deno.readDirSync(site)].filter((e) => e.isFile && e.name.endsWith(".html")).map((e) => e.name)
      .sort();
    const notebookPages = pages.filter((name) => !["index.html", "claims.html"].includes(name));
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    try {
      await t.step(
        "every page, at 1280 and 390 px: no error, broken link, structural problem or serious axe violation",
        async () => {
          // One visit per page and width; axe (the slow part) runs on each, three pages at a time.
          const runs = pages.flatMap((name) => [1280, 390].map((width) => ({ name, width })));
          const problems: Record<string, string[]> = {};
          await inParallel(runs, 3, async ({ name, width }) => {
            const opened = await openPage(browser, join(site, name), { width, height: width > 500 ? 800 : 844 });
            const { page } = opened;
            await page.screenshot({ path: join(ARTIFACTS, `real-${name.replace(/\.html$/, "")}-${width}.png`) });
            const found = [...await structuralProblems(page), ...await accessibilityProblems(page)];
            if (width === 1280) {
              found.push(...await brokenLinks(page));
              if (name === "index.html") found.push(...await scoreboardProblems(page, ledger));
            } else {
              const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
              if (overflow > 0) found.push(`${overflow}px wider than a phone screen`);
            }
            problems[`${name} @${width}`] = [...opened.problems, ...found];
            await opened.close();
          });
          assert.deepEqual(problems, Object.fromEntries(runs.map((r) => [`${r.name} @${r.width}`, []])));
        },
      );

      await t.step("each document's page opens with its verdicts, its four counts and its “In short”", async () => {
        for (const name of notebookPages) {
          const opened = await openPage(browser, join(site, name), { width: 390, height: 844 });
          const { page } = opened;
          const verdicts = page.locator("section.doc-verdicts");
          if ((await verdicts.count()) === 0) {
            await opened.close();
            continue;
          }
          const first = await page.locator(".cell").first().boundingBox();
          const top = await verdicts.boundingBox();
          assert.ok(top && first && top.y < first.y, `${name}: the verdicts come before the notebook`);
          const notebook = JSON.parse(await Deno.readTextFile(join(site, "notebooks", name.replace(/html$/, "ipynb"))));
          const hasSummary = (notebook.cells as { outputs?: { data?: Record<string, unknown> }[] }[]).some((c) =>
            (c.outputs ?? []).some((o) => o.data?.[SUMMARY_MIME])
          );
          if (hasSummary) {
            const summary = await page.locator("section.doc-verdicts .in-short").boundingBox();
            assert.ok(summary && summary.y < 900, `${name}: “In short” within the first screen or so of a phone`);
            assert.match((await page.locator(".in-short").textContent()) ?? "", /^\s*In short\./);
          }
          const document = ledger.documents.find((d) =>
            name === `${d.notebook.split("/").pop()!.replace(/\.ipynb$/, "")}.html`
          );
          if (document) {
            for (const kind of VERDICT_KINDS) {
              const shown = await page.locator(`section.doc-verdicts [data-count="${kind}"]`).textContent();
              assert.equal(Number(shown), document.counts[kind], `${name} ${kind}`);
            }
          }
          assert.deepEqual(opened.problems, [], name);
          await opened.close();
        }
      });

      await t.step("charts read at 390 px (text at least 10 px) and name each mark's values on hover", async () => {
        for (const name of notebookPages) {
          const opened = await openPage(browser, join(site, name), { width: 390, height: 844 });
          const charts = await opened.page.evaluate(() =>
            [...document.querySelectorAll("figure.chart")].map((figure) => {
              const svg = [...figure.querySelectorAll("svg")].find((s) => s.getBoundingClientRect().width > 0);
              if (!svg) return { id: figure.id, smallest: 0, tips: 0, overflow: 0 };
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              const sizes = [...svg.querySelectorAll("text")].map((t) =>
                parseFloat(getComputedStyle(t).fontSize) * scale
              );
              return {
                id: figure.id,
                smallest: Math.min(...sizes),
                tips: svg.querySelectorAll(":not(svg) > title").length,
                overflow: svg.getBoundingClientRect().right - innerWidth,
              };
            })
          );
          for (const chart of charts) {
            assert.ok(chart.smallest >= 10, `${name} ${chart.id}: text ${chart.smallest.toFixed(1)} px`);
            assert.ok(chart.tips > 0, `${name} ${chart.id}: no mark has a tooltip`);
            assert.ok(chart.overflow <= 0, `${name} ${chart.id}: wider than the screen`);
          }
          if (name === notebookPages[0] && charts.length > 0) {
            await opened.page.locator("figure.chart").first().screenshot({
              path: join(ARTIFACTS, "real-chart-390.png"),
            });
          }
          await opened.close();
        }
      });

      await t.step("the claims page says, for every claim the data cannot settle, what would", async () => {
        const opened = await openPage(browser, join(site, "claims.html"));
        for (const verdict of ledger.verdicts.filter((v) => v.verdict === "unverifiable")) {
          const settle = await opened.page.locator(`#claim-${verdict.claim} .claim-settle`).textContent();
          assert.equal(settle?.replace(/\s+/g, " ").trim(), `Would settle it: ${verdict.settle}`.replace(/\s+/g, " "));
        }
        await opened.close();
      });
    } finally {
      await browser.close();
    }
  },
});
