/// <reference lib="dom" />
/**
 * The notebooks in Debian's Jupyter Notebook 6, driven in headless Chromium:
 * each notebook (a copy under `_build/`) is opened, every cell run, and
 * then no MathJax may appear inside an output or a Markdown cell, every
 * dollar amount the claim records state must show verbatim, and the claim
 * list and verdict tables must read left to right with a usable quote
 * column; a control formula added last must still be typeset, so that
 * MathJax is known to have run. Skipped, with a message, without `jupyter notebook` or Chromium
 * (CI installs both with apt). Screenshots go to `tests/artifacts/`.
 */

import assert from "node:assert/strict";
import { basename, join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import { formatQuantity, isMoney } from "../../lib/analysis/units.ts";
import { markOutputFolder, outputFolderState } from "../../lib/workspace/output-folder.ts";
import { ROOT } from "../helpers/paths.ts";
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from "../site/browser.ts";
import { notebookAvailable, startNotebookServer } from "./server.ts";

const ARTIFACTS = join(ROOT, "tests", "artifacts");
const hasNotebook = await notebookAvailable();
const hasChromium = chromiumAvailable();
if (!hasNotebook) console.warn("Jupyter UI test skipped: no `jupyter notebook` (apt-get install jupyter-notebook)");
if (!hasChromium) console.warn(`Jupyter UI test skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

/** Everything MathJax 2 (Notebook 6) or 3 leaves in the page when it typesets. */
const MATHJAX = ".MathJax, .MathJax_Display, .MathJax_Preview, .MathJax_CHTML, mjx-container, script[type^='math/tex']";

interface NotebookFacts {
  errors: string[];
  mathInOutputs: number;
  mathInMarkdown: number;
  outputText: string;
  /** Per Markdown cell with escaped dollars: how many it has, and how many `$` the rendered cell shows. */
  dollars: { cell: number; escaped: number; shown: number }[];
  quoteColumnWidth: number;
  tableAlign: string[];
  verdictAlign: string[];
  summary: string;
}

async function runAllCells(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      // deno-lint-ignore no-explicit-any
      const j = (globalThis as any).Jupyter;
      return j?.notebook?.kernel?.is_connected?.() && j.notebook.kernel.info_reply?.status === "ok" &&
        // deno-lint-ignore no-explicit-any
        (globalThis as any).MathJax?.Hub;
    },
    undefined,
    // Polled, not on every animation frame: four pages wait here together while their kernels start.
    { timeout: 60_000, polling: 250 },
  );
  await page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const { Jupyter, MathJax } = globalThis as any;
    // MathJax 2 typesets each output and Markdown cell as it comes, in sections with a 50 ms pause between them to
    // keep a reader's page responsive: after the last cell its queue took another 11–12 s, idle, per notebook, and
    // the page redrew between sections (about 30% of the renderer's CPU). Without the pauses it typesets the same
    // elements in one go; the control formula below proves that it still typesets.
    MathJax.Hub.processSectionDelay = 0;
    MathJax.Hub.processUpdateDelay = 0;
    MathJax.Hub.processUpdateTime = 60_000;
    Jupyter.notebook.set_autosave_interval(0);
    Jupyter.notebook.execute_all_cells();
  });
  await page.waitForFunction(
    () => {
      // deno-lint-ignore no-explicit-any
      const cells = (globalThis as any).Jupyter.notebook.get_cells() as any[];
      return cells.every((c) =>
        c.cell_type !== "code" || c.get_text().trim() === "" || typeof c.input_prompt_number === "number"
      );
    },
    undefined,
    { timeout: 90_000, polling: 250 },
  );
  // Let MathJax finish whatever it queued.
  // deno-lint-ignore no-explicit-any
  await page.evaluate(() => new Promise((done) => (globalThis as any).MathJax.Hub.Queue(() => done(true))));
}

function facts(page: Page): Promise<NotebookFacts> {
  return page.evaluate((mathjax) => {
    // deno-lint-ignore no-explicit-any
    const cells = (globalThis as any).Jupyter.notebook.get_cells() as any[];
    const outputs = [...document.querySelectorAll(".output_area")];
    const dollars = cells.flatMap((cell, index) => {
      if (cell.cell_type !== "markdown") return [];
      const escaped = (cell.get_text().match(/\\\\\$/g) ?? []).length;
      const shown = ((cell.element[0].querySelector(".text_cell_render")?.textContent ?? "").match(/\$/g) ?? []).length;
      return escaped > 0 ? [{ cell: index, escaped, shown }] : [];
    });
    const claims = document.querySelector("table.claimbook-claims");
    const headers = [...(claims?.querySelectorAll("th") ?? [])].map((th) => th.textContent);
    const quote = claims?.querySelector(`tbody tr td:nth-child(${headers.indexOf("Quote") + 1})`);
    return {
      errors: [...document.querySelectorAll(".output_error")].map((e) => (e.textContent ?? "").slice(0, 300)),
      mathInOutputs: outputs.reduce((n, o) => n + o.querySelectorAll(mathjax).length, 0),
      mathInMarkdown: document.querySelectorAll(`.text_cell_render :is(${mathjax})`).length,
      outputText: outputs.map((o) => (o as HTMLElement).innerText).join("\n"),
      dollars,
      quoteColumnWidth: quote?.getBoundingClientRect().width ?? 0,
      tableAlign: [...(claims?.querySelectorAll("td, th") ?? [])].map((c) => getComputedStyle(c).textAlign),
      verdictAlign: [...document.querySelectorAll(".claimbook-verdict td, .claimbook-verdict th")].map((c) =>
        getComputedStyle(c).textAlign
      ),
      summary: [...outputs].map((o) => (o as HTMLElement).innerText).find((t) => t.startsWith("In short.")) ?? "",
    };
  }, MATHJAX);
}

/**
 * Whether MathJax still typesets real mathematics on the page: a Markdown
 * cell `$x^2$` added at the bottom (after the checks, never saved) must come
 * out as MathJax elements. Without it, a page where MathJax never ran would
 * pass every check above.
 */
function typesetControl(page: Page): Promise<boolean> {
  return page.evaluate((mathjax) =>
    new Promise<boolean>((done) => {
      // deno-lint-ignore no-explicit-any
      const { Jupyter, MathJax } = globalThis as any;
      const cell = Jupyter.notebook.insert_cell_at_bottom("markdown");
      cell.set_text("A control: $x^2$");
      cell.render();
      MathJax.Hub.Queue(() => done(cell.element[0].querySelectorAll(mathjax).length > 0));
    }), MATHJAX);
}

async function checkNotebook(
  context: BrowserContext,
  url: string,
  stem: string,
  amounts: string[],
  expectsSummary: boolean,
): Promise<string[]> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: 90_000 });
    await runAllCells(page);
    if (expectsSummary) {
      // A cell's reply (its prompt number) can come before its last output on a busy machine: wait for the summary
      // (a summary that never comes is reported below).
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll(".output_area")].some((o) =>
            (o as HTMLElement).innerText.startsWith("In short.")
          ),
        undefined,
        { timeout: 15_000, polling: 100 },
      ).catch(() => {});
    }
    const found = await facts(page);
    const controlTypeset = await typesetControl(page);
    const problems = [
      ...found.errors.map((e) => `error output: ${e}`),
      ...(found.mathInOutputs > 0 ? [`${found.mathInOutputs} MathJax element(s) inside outputs`] : []),
      ...(found.mathInMarkdown > 0 ? [`${found.mathInMarkdown} MathJax element(s) inside Markdown cells`] : []),
      ...found.dollars.filter((d) => d.shown < d.escaped).map((d) =>
        `Markdown cell ${d.cell}: ${d.escaped} dollar sign(s) written, ${d.shown} shown`
      ),
      ...amounts.filter((a) => !found.outputText.includes(a)).map((a) =>
        `the stated amount ${a} is not shown verbatim`
      ),
      ...(found.quoteColumnWidth < 200 ? [`the claim list's quote column is ${found.quoteColumnWidth}px wide`] : []),
      ...(found.tableAlign.length === 0 ? ["no claim list table"] : []),
      ...found.tableAlign.filter((a) => a !== "left").map((a) => `a claim list cell is aligned ${a}`),
      ...(found.verdictAlign.length === 0 ? ["no verdict card"] : []),
      ...found.verdictAlign.filter((a) => a !== "left").map((a) => `a verdict card cell is aligned ${a}`),
      ...(expectsSummary && found.summary === "" ? ["no “In short” paragraph among the outputs"] : []),
      ...(controlTypeset ? [] : ["MathJax did not typeset the control formula $x^2$: the checks above prove nothing"]),
    ];
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    await page.locator(".claimbook-verdict").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, `jupyter-${stem}.png`) });
    return problems;
  } finally {
    await page.close();
  }
}

Deno.test({
  name: "jupyter: every notebook runs in Notebook 6 with amounts shown as printed, not as mathematics",
  ignore: !hasNotebook || !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const documents = parseDocuments(
      await Deno.readTextFile(join(ROOT, "data", "documents.json")),
      "data/documents.json",
    );
    // Copies inside the workspace (the kernel finds deno.json above them), under _build/, kept recognisable
    // as claimbook's build folder for the next render.
    const build = join(ROOT, "_build");
    if ((await outputFolderState(build, "build")).state !== "foreign") await markOutputFolder(build, "build");
    const folder = join(build, `jupyter-${crypto.randomUUID().slice(0, 8)}`);
    await Deno.mkdir(folder, { recursive: true });
    const notebooks: { file: string; stem: string; amounts: string[]; summary: boolean }[] = [];
    for (const entry of [...Deno.readDirSync(join(ROOT, "notebooks"))].filter((e) => e.name.endsWith(".ipynb"))) {
      await Deno.copyFile(join(ROOT, "notebooks", entry.name), join(folder, entry.name));
      const notebook = JSON.parse(await Deno.readTextFile(join(folder, entry.name)));
      const documentId = notebook.metadata?.claimbook?.document;
      const amounts = documents.claims
        .filter((c) => c.document === documentId && isMoney(c.stated.unit))
        .map((c) => formatQuantity(c.stated, 3));
      const summary = notebook.cells.some((c: { source: string[] }) => c.source.join("").includes("inShort`"));
      notebooks.push({ file: entry.name, stem: basename(entry.name, ".ipynb"), amounts, summary });
    }
    assert.ok(notebooks.some((n) => n.amounts.length > 0), "some claim states an amount of money");
    const server = await startNotebookServer(folder, { CLAIMBOOK_DATA_DIR: join(ROOT, "data") });
    // One renderer process for the four pages instead of one a page: one V8 heap, whose compilation cache serves
    // Notebook's 3 MB of scripts to every page, and no process start-ups; about 1-2 s less renderer CPU (of 13 s).
    const browser = await launchChromium(["--renderer-process-limit=1"]);
    try {
      // All at once: much of the time is spent waiting for the server and the kernels to start. One browser
      // context (a window) for every page: each context costs Chromium a renderer of its own for the window.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const results: Record<string, string[]> = {};
      await Promise.all(notebooks.map(async (n) => {
        results[n.file] = await checkNotebook(context, server.notebookUrl(n.file), n.stem, n.amounts, n.summary);
      }));
      assert.deepEqual(results, Object.fromEntries(notebooks.map((n) => [n.file, []])));
    } finally {
      await browser.close();
      await server.stop();
      await Deno.remove(folder, { recursive: true }).catch(() => {});
    }
  },
});
