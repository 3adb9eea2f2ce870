/// <reference lib="dom" />
/**
 * The site in a real browser: headless Chromium opens every page of the
 * fixture site over `file://` and checks what a reader would meet (the
 * workspace's own site: `browser_real_test.ts`). Skipped,
 * with a message, when `/usr/bin/chromium` is absent (CI installs it).
 * Screenshots go to `tests/artifacts/`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import type { Ledger } from "../../lib/workspace/ledger/types.ts";
import { buildFixtureSite, FIXTURE_STEMS } from "./fixture.ts";
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from "./browser.ts";
import { brokenLinks, openPage, scoreboardProblems, structuralProblems, visitingPage } from "./page-checks.ts";

const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const available = chromiumAvailable();
if (!available) {
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CLAIMBOOK_CHROMIUM)`,
  );
}

/** Playwright keeps a connection and timers open between steps; the browser is closed at the end. */
const browserTest = { ignore: !available, sanitizeOps: false, sanitizeResources: false };

/** Builds the fixture site once and opens one browser for all the steps. */
async function withFixtureSite(fn: (site: string, browser: Browser) => Promise<void>): Promise<void> {
  const parent = await Deno.makeTempDir({ prefix: "claimbook-browser-" });
  const site = join(parent, "_site");
  await buildFixtureSite(site);
  const browser = await launchChromium();
  try {
    await fn(site, browser);
  } finally {
    await browser.close();
    await Deno.remove(parent, { recursive: true });
  }
}

Deno.test({
  name: "browser: the fixture site over file://",
  ...browserTest,
  fn: (t) =>
    withFixtureSite(async (site, browser) => {
      // The steps below share one tab (1280 × 800, light), each starting from a fresh visit: the site keeps its
      // state in the address only, so a visit is a fresh start.
      const tab = await visitingPage(browser);
      const open = async (path: string) => ({ page: tab.page, problems: await tab.visit(path) });
      await t.step(
        "every page opens from file:// with no console error, failed request, dialog or broken link",
        async () => {
          const pages = ["index.html", "claims.html", ...FIXTURE_STEMS.map((stem) => `${stem}.html`)];
          // One tab per colour scheme goes from page to page; the two schemes side by side.
          const problems: Record<string, string[]> = {};
          await Promise.all((["light", "dark"] as const).map(async (colorScheme) => {
            const tab = await visitingPage(browser, { colorScheme });
            for (const name of pages) {
              problems[`${name} (${colorScheme})`] = [
                ...await tab.visit(join(site, name)),
                ...await structuralProblems(tab.page),
                ...(colorScheme === "light" ? await brokenLinks(tab.page) : []),
              ];
            }
            await tab.close();
          }));
          assert.deepEqual(problems, Object.fromEntries(Object.keys(problems).map((key) => [key, []])));
          assert.equal(Object.keys(problems).length, pages.length * 2);
        },
      );
      await t.step(
        "the index shows in one screen each document's confirmed, approximate, discrepant and not checkable counts",
        async () => {
          // The numbers on the page must be those of the ledger published beside it.
          const ledger = JSON.parse(await Deno.readTextFile(join(site, "claims.json"))) as Ledger;
          const opened = await open(join(site, "index.html"));
          const { page } = opened;
          await Deno.mkdir(ARTIFACTS, { recursive: true });
          await page.screenshot({ path: join(ARTIFACTS, "site-index.png") });
          for (const document of ledger.documents) {
            const card = page.locator(`.doc-card[data-document="${document.id}"]`);
            const box = await card.boundingBox();
            assert.ok(box && box.y + box.height <= 800, `${document.id}: card not within the first screen`);
            const counts = (await card.locator(".counts li").allInnerTexts()).join(" ").replace(/\s+/g, " ").trim();
            assert.equal(
              counts,
              `✔ ${document.counts.confirmed} confirmed ≈ ${document.counts.approximate} approximate ✘ ${document.counts.discrepant} discrepant ? ${document.counts.unverifiable} not checkable`,
              document.id,
            );
            const checked = Object.values(document.counts).reduce((a, b) => a + b, 0);
            assert.match(
              (await card.locator(".doc-score").textContent()) ?? "",
              new RegExp(`^${checked} claims? checked$`),
            );
          }
          assert.deepEqual(await scoreboardProblems(page, ledger), []);
          assert.deepEqual(opened.problems, []);
        },
      );
      await t.step("the index's verdict filter lives in the address and survives a reload", async () => {
        const ledger = JSON.parse(await Deno.readTextFile(join(site, "claims.json"))) as Ledger;
        const opened = await open(join(site, "index.html"));
        const { page } = opened;
        await page.locator('button[data-filter="discrepant"]').click();
        assert.match(page.url(), /\?verdict=discrepant$/);
        await page.reload({ waitUntil: "load" });
        assert.equal(await page.locator('button[data-filter="discrepant"]').getAttribute("aria-pressed"), "true");
        assert.equal(await page.locator("[data-scoreboard] tbody tr:visible").count(), ledger.totals.discrepant);
        await page.locator('button[data-filter="all"]').click();
        assert.doesNotMatch(page.url(), /\?/);
        assert.deepEqual(opened.problems, []);
      });
      await t.step(
        "the claims page filters, searches and sorts, and a shared address opens the same view",
        async () => {
          const ledger = JSON.parse(await Deno.readTextFile(join(site, "claims.json"))) as Ledger;
          const opened = await open(join(site, "claims.html"));
          const { page } = opened;
          const visibleIds = () =>
            page.locator("[data-claims-board] tbody tr:visible").evaluateAll((rows) => rows.map((r) => r.id));
          const everyClaim = await visibleIds();
          assert.ok(everyClaim.length >= ledger.verdicts.length, "every verdict (and unchecked claim) listed");
          // By document and verdict: the rows the ledger says.
          const document = ledger.verdicts[0].document;
          await page.selectOption('[data-claim-controls] select[name="doc"]', document);
          const ofDocument = ledger.verdicts.filter((v) => v.document === document);
          const kind = ofDocument[0].verdict;
          await page.selectOption('[data-claim-controls] select[name="verdict"]', kind);
          assert.deepEqual(
            await visibleIds(),
            ofDocument.filter((v) => v.verdict === kind).map((v) => `claim-${v.claim}`),
          );
          // Search the quotes: a word from one quote finds that claim.
          await page.selectOption('[data-claim-controls] select[name="verdict"]', "");
          const target = ofDocument[ofDocument.length - 1];
          const word = target.quote.split(/\s+/).sort((a, b) => b.length - a.length)[0].replace(
            /[^\p{L}\p{N}$.%-]/gu,
            "",
          );
          await page.fill('[data-claim-controls] input[name="q"]', word);
          const found = await visibleIds();
          assert.ok(found.includes(`claim-${target.claim}`), `${word} finds ${target.claim}`);
          for (const id of found) {
            const entry = ledger.verdicts.find((v) => `claim-${v.claim}` === id);
            if (entry) {
              assert.ok(`${entry.quote} ${entry.subject} ${entry.claim}`.toLowerCase().includes(word.toLowerCase()));
            }
          }
          // Largest difference first, then the address carries the whole view.
          await page.fill('[data-claim-controls] input[name="q"]', "");
          await page.selectOption('[data-claim-controls] select[name="sort"]', "difference");
          const sizes = ledger.verdicts
            .filter((v) => v.document === document && typeof v.difference?.relative === "number")
            .map((v) => ({ id: `claim-${v.claim}`, size: Math.abs(v.difference!.relative!) }))
            .sort((a, b) => b.size - a.size);
          const shown = (await visibleIds()).filter((id) => sizes.some((s) => s.id === id));
          assert.deepEqual(shown, sizes.map((s) => s.id));
          const url = page.url();
          assert.match(url, new RegExp(`\\?doc=${document}&sort=difference$`));
          const again = await openPage(browser, decodeURI(new URL(url).pathname) + new URL(url).search);
          assert.equal(await again.page.locator('select[name="sort"]').inputValue(), "difference");
          assert.deepEqual(
            await again.page.locator("[data-claims-board] tbody tr:visible").evaluateAll((rows) =>
              rows.map((r) => r.id)
            ),
            await visibleIds(),
          );
          assert.deepEqual([...opened.problems, ...again.problems], []);
          await again.close();
        },
      );

      await t.step("charts are drawn at a visible size, with their source line and data link", async () => {
        for (const stem of FIXTURE_STEMS) {
          const opened = await open(join(site, `${stem}.html`));
          const charts = opened.page.locator("figure.chart");
          assert.equal(await charts.count(), 1, stem);
          // A chart drawn wide and narrow has two drawings; the style sheet shows one.
          const box = await charts.locator("svg >> visible=true").boundingBox();
          assert.ok(box && box.width > 200 && box.height > 100, `${stem}: chart box ${JSON.stringify(box)}`);
          assert.match(
            (await charts.locator(".chart-source").textContent()) ?? "",
            /^Source: U\.S\. Census Bureau.*data \(CSV\)/,
          );
          const csv = await charts.locator('a[href$=".csv"]').getAttribute("href");
          assert.ok(csv && (await Deno.stat(join(site, csv))).isFile, `${stem}: ${csv}`);
          // Plot's own style sheet reached the page under the CSP: its text is laid out with white-space: pre.
          const whiteSpace = await charts.locator("svg text").first().evaluate((t) => getComputedStyle(t).whiteSpace);
          assert.equal(whiteSpace, "pre");
          assert.deepEqual(opened.problems, [], stem);
        }
      });
      await t.step("code cells are folded, open one by one or all at once", async () => {
        const opened = await open(join(site, "alpha-trade-review.html"));
        const { page } = opened;
        await page.screenshot({ path: join(ARTIFACTS, "site-document.png") });
        const cells = page.locator("details.cell-input");
        const total = await cells.count();
        assert.ok(total >= 5);
        assert.equal(await page.locator("details.cell-input pre:visible").count(), 0, "code is folded by default");
        await cells.first().locator("summary").click();
        assert.equal(await cells.first().locator("pre").isVisible(), true);
        assert.equal(await page.locator("details.cell-input pre:visible").count(), 1);
        const toggle = page.locator("button[data-code-toggle]");
        assert.equal(await toggle.isVisible(), true);
        await toggle.click();
        assert.equal(await page.locator("details.cell-input pre:visible").count(), total);
        assert.equal(await toggle.getAttribute("aria-pressed"), "true");
        assert.equal((await toggle.textContent())?.trim(), "Hide all code");
        await toggle.click();
        assert.equal(await page.locator("details.cell-input pre:visible").count(), 0);
        assert.deepEqual(opened.problems, []);
      });
      await t.step("a link from the claims page opens the cell that checked the claim, code shown", async () => {
        const opened = await open(join(site, "claims.html"));
        const { page } = opened;
        const link = page.locator('#claim-alpha-imports-2011 td[data-label="Checked in"] a');
        const href = await link.getAttribute("href");
        assert.match(href ?? "", /^alpha-trade-review\.html#cell-/);
        await link.click();
        await page.waitForLoadState("load");
        const target = page.locator(`#${href!.split("#")[1]}`);
        assert.equal(await target.locator("article.verdict.v-discrepant").count(), 1);
        assert.equal(await target.locator("details.cell-input").evaluate((d) => (d as HTMLDetailsElement).open), true);
        assert.deepEqual(opened.problems, []);
      });
      await t.step("each verdict has a permalink, and its copy-link button copies the verdict's address", async () => {
        const opened = await open(join(site, `${FIXTURE_STEMS[0]}.html`));
        const { page } = opened;
        await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
        const card = page.locator("article.verdict").first();
        const id = await card.getAttribute("id");
        const expected = `file://${join(site, `${FIXTURE_STEMS[0]}.html`)}#${id}`;
        await card.locator(".copy-link").click();
        const status = card.locator(".copy-status");
        await status.filter({ hasText: /./ }).waitFor();
        const said = (await status.textContent()) ?? "";
        if (said === "Link copied.") {
          assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
        } else {
          assert.equal(said, `Copy this link: ${expected}`, "without a clipboard, the address is shown");
        }
        await card.locator("a.permalink").click();
        assert.equal(page.url(), expected);
        assert.equal(await page.locator(":target").getAttribute("id"), id);
        assert.deepEqual(opened.problems, []);
      });
      await t.step("the hostile markdown cell and HTML output render inert", async () => {
        const opened = await open(join(site, "alpha-trade-review.html"));
        const { page } = opened;
        await page.locator("text=click me").click();
        await page.locator("text=a javascript: link").click();
        await page.waitForTimeout(200);
        const inert = await page.evaluate(() => ({
          hostileText: document.body.textContent?.includes("A hostile markdown cell") ?? false,
          handlers: document.querySelectorAll("[onerror], [onclick], [onload], [onmouseover]").length,
          iframes: document.querySelectorAll("iframe, object, embed").length,
          externalImages: [...document.images].filter((i) => !i.src.startsWith("data:")).length,
        }));
        assert.deepEqual(inert, { hostileText: true, handlers: 0, iframes: 0, externalImages: 0 });
        assert.equal(page.url().endsWith("alpha-trade-review.html"), true, "clicking went nowhere");
        assert.deepEqual(opened.problems, [], "no dialog fired, no error");
      });
      await t.step("readable on a phone (no sideways scrolling) and printable without the controls", async () => {
        const phone = await visitingPage(browser, { width: 390, height: 844 });
        for (const name of ["index.html", "claims.html", "alpha-trade-review.html"]) {
          const problems = await phone.visit(join(site, name));
          const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
          assert.ok(overflow <= 0, `${name}: ${overflow}px wider than a phone screen`);
          if (name === "index.html") await phone.page.screenshot({ path: join(ARTIFACTS, "site-index-phone.png") });
          await phone.page.emulateMedia({ media: "print" });
          assert.equal(await phone.page.locator(".site-header").isVisible(), false, `${name}: header printed`);
          await phone.page.emulateMedia({ media: "screen" });
          assert.deepEqual(problems, [], name);
        }
        await phone.close();
      });
    }),
});
