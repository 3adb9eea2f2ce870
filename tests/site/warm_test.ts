/**
 * Pages prepared while notebooks still run: the memo behind highlighting and
 * sanitizing, the preload's queue of work, and a page built after warming is
 * the page built without it.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { memoByKey } from "../../lib/workspace/site/memo.ts";
import { SitePreload } from "../../lib/workspace/render/site-preload.ts";
import { notebookPage, warmNotebookCells } from "../../lib/workspace/site/notebook-page.ts";
import { sanitizeChartSvg } from "../../lib/workspace/site/sanitize.ts";
import { siteAssets } from "../../lib/workspace/site/assets.ts";
import { siteModel } from "../../lib/workspace/site/model.ts";
import { parseNotebook } from "../../lib/workspace/site/notebook.ts";
import { NOTEBOOKS } from "../executor/helpers.ts";

Deno.test("memoByKey: computes a key once, and forgets the oldest keys beyond its size", () => {
  const computed: string[] = [];
  const upper = memoByKey((key: string) => {
    computed.push(key);
    return key.toUpperCase();
  }, 6);
  assert.equal(upper("abc"), "ABC");
  assert.equal(upper("abc"), "ABC");
  assert.deepEqual(computed, ["abc"]);
  upper("def"); // 6 characters of keys: both kept
  upper("ghi"); // 9: "abc" is forgotten
  upper("def");
  upper("abc");
  assert.deepEqual(computed, ["abc", "def", "ghi", "abc"]);
  assert.equal(upper("longer than the bound"), "LONGER THAN THE BOUND"); // computed, never kept
});

Deno.test("sanitizeChartSvg: a remembered result is a fresh copy (callers add to its styles)", () => {
  const markup = "<svg><style>.a{fill:red}</style><path d='M0 0'/></svg>";
  const first = sanitizeChartSvg(markup, "A chart");
  first.styles.push("added by a caller");
  const second = sanitizeChartSvg(markup, "A chart");
  assert.deepEqual(second.styles, [".a{fill:red}"]);
  assert.equal(second.svg, first.svg);
  assert.match(second.svg, /aria-label="A chart"/);
  assert.doesNotMatch(sanitizeChartSvg(markup).svg, /aria-label/, "the label is part of the key");
});

Deno.test("SitePreload.whenLoaded: work waits for an early load, runs in order, and idle() waits for it", async () => {
  const done: string[] = [];
  const preload = new SitePreload(() => Promise.resolve("module"));
  preload.whenLoaded(async (module) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    done.push(`first with ${module}`);
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(done.length, 0, "nothing runs before the module is loaded");
  preload.onEvent({ type: "plan", notebooks: [{ notebook: "a", cells: 1 }], jobs: 2 });
  preload.onEvent({ type: "notebook-start", notebook: "a", cells: 1 }); // a slot is free: the module loads
  preload.whenLoaded(() => Promise.reject(new Error("a failing task does not stop the next")));
  preload.whenLoaded(() => Promise.resolve(void done.push("second")));
  await preload.idle();
  assert.deepEqual(done, ["first with module", "second"]);

  const never = new SitePreload(() => Promise.resolve("module"));
  never.whenLoaded(() => Promise.resolve(void done.push("dropped")));
  await never.idle();
  await never.module();
  await never.idle();
  assert.equal(done.includes("dropped"), false, "work still waiting when idle() is called is dropped");
});

Deno.test("warmNotebookCells: the page built afterwards is the page built without it", async () => {
  const text = await Deno.readTextFile(join(NOTEBOOKS, "ok/outputs.ipynb"));
  const page = async (warm: boolean) => {
    const file = parseNotebook(text, "notebooks/outputs.ipynb");
    if (warm) await warmNotebookCells(file, "notebooks/outputs.ipynb");
    const model = siteModel(
      {
        root: "/w",
        buildDir: "/w/_build",
        siteDir: "/w/_site",
        notebooks: [],
        ledger: { generated: "2026-12-02T00:00:00Z", documents: [], verdicts: [] },
        documents: { documents: [] },
        renderedAt: "2026-12-02T00:00:00Z",
      } as unknown as Parameters<typeof siteModel>[0],
      "_build/claims.json",
    );
    return notebookPage(
      { stem: "outputs", sourcePath: "notebooks/outputs.ipynb", file, model, stems: new Set(["outputs"]) },
      await siteAssets(),
    );
  };
  const cold = await page(false);
  const warmed = await page(true);
  assert.equal(warmed.html, cold.html);
  assert.deepEqual([...warmed.files], [...cold.files]);
});

Deno.test("sanitizeChartSvg: a label holding any character stays the label", () => {
  const markup = "<svg><path d='M0 0'/></svg>";
  const { svg } = sanitizeChartSvg(markup, "a\u0000b:3:<svg>");
  assert.equal(svg, '<svg role="img" aria-label="a\u0000b:3:&lt;svg&gt;"><path d="M0 0"></path></svg>');
});
