/**
 * The preview after an edit of a notebook's Markdown alone: the notebook is
 * not executed again (its outputs still hold; the executed copy takes the
 * new text), and the open page reloads in under 3 seconds with the new
 * text. Uses the real render pipeline and the Deno kernel, on a small
 * notebook under `_build/` (inside the workspace, so the kernel finds
 * deno.json).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";
import { markOutputFolder, outputFolderState } from "../../lib/workspace/output-folder.ts";
import { type RenderResult, renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { EVENTS_PATH } from "../../lib/workspace/site/preview/live-reload.ts";
import { type PreviewRender, startPreview } from "../../lib/workspace/site/preview/preview.ts";

function notebook(heading: string, code: string): string {
  const markdown = (id: string, text: string) => ({ id, cell_type: "markdown", metadata: {}, source: text });
  const cell = (id: string, source: string) => ({
    id,
    cell_type: "code",
    metadata: {},
    source,
    execution_count: null,
    outputs: [],
  });
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
      cells: [
        markdown("m1", "# A note"),
        markdown("m2", heading),
        cell("c1", code),
        markdown("m3", "The end."),
      ],
    },
    null,
    1,
  );
}

/** Waits for the next server-sent event of a kind; returns when it arrived. */
async function nextEvent(
  reader: ReadableStreamDefaultReader<string>,
  state: { buffer: string },
  event: string,
  ms: number,
): Promise<number> {
  const deadline = setTimeout(() => reader.cancel(`no "${event}" within ${ms} ms`), ms);
  try {
    while (true) {
      const blocks = state.buffer.split("\n\n");
      const at = blocks.slice(0, -1).findIndex((block) => block.split("\n").includes(`event: ${event}`));
      if (at >= 0) {
        state.buffer = blocks.slice(at + 1).join("\n\n");
        return performance.now();
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`the event stream ended before "${event}"`);
      state.buffer += value;
    }
  } finally {
    clearTimeout(deadline);
  }
}

Deno.test({
  name: "preview: a Markdown-only edit is not executed again and reloads the page in under 3 s",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const build = join(ROOT, "_build");
    if ((await outputFolderState(build, "build")).state !== "foreign") await markOutputFolder(build, "build");
    const dir = join(build, `preview-text-${crypto.randomUUID().slice(0, 8)}`);
    await Deno.mkdir(join(dir, "notebooks"), { recursive: true });
    await Deno.mkdir(join(dir, "data"));
    await Deno.copyFile(join(ROOT, "data", "datapackage.json"), join(dir, "data", "datapackage.json"));
    await Deno.writeTextFile(join(dir, "data", "documents.json"), JSON.stringify({ documents: [], claims: [] }));
    const file = join(dir, "notebooks", "note.ipynb");
    const code = 'console.log("computed", 6 * 7);';
    await Deno.writeTextFile(file, notebook("## First draft", code));

    const results: RenderResult[] = [];
    const render: PreviewRender = async ({ signal }) => {
      const result = await renderWorkspace({
        root: ROOT,
        notebooksDir: join(dir, "notebooks"),
        buildDir: join(dir, "build"),
        siteDir: join(dir, "site"),
        dataDir: join(dir, "data"),
        quiet: true,
        onEvent: () => {},
        signal,
      });
      results.push(result);
      return { ok: result.ok, summary: result.ok ? "ok" : "failed", problems: result.errors };
    };
    const preview = startPreview({
      root: dir,
      siteDir: join(dir, "site"),
      port: 0,
      render,
      watch: ["notebooks"],
      log: () => {},
    });
    const aborter = new AbortController();
    try {
      const response = await fetch(new URL(EVENTS_PATH, preview.url), { signal: aborter.signal });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      const state = { buffer: "" };
      await nextEvent(reader, state, "reload", 120_000);
      assert.deepEqual(results.map((r) => [r.ok, r.ran.length]), [[true, 1]], "the first render executes the notebook");
      assert.match(await (await fetch(new URL("note.html", preview.url))).text(), /First draft/);

      // Give the file's next stamp a different time, then change the Markdown only.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const edited = performance.now();
      await Deno.writeTextFile(file, notebook("## Second draft, edited", code));
      const reloaded = await nextEvent(reader, state, "reload", 30_000);
      const last = results[results.length - 1];
      assert.ok(last.ok);
      assert.deepEqual(last.ran, [], "nothing was executed");
      assert.deepEqual(last.cached.length, 1);
      assert.match(last.notebooks[0].reason, /only its Markdown changed/);
      const page = await (await fetch(new URL("note.html", preview.url))).text();
      assert.match(page, /Second draft, edited/);
      assert.doesNotMatch(page, /First draft/);
      assert.match(page, /computed 42/, "the code cell's output is kept");
      const executed = JSON.parse(await Deno.readTextFile(join(dir, "build", "notebooks", "note.ipynb")));
      assert.equal(executed.cells[1].source.join?.("") ?? executed.cells[1].source, "## Second draft, edited");
      const seconds = (reloaded - edited) / 1000;
      assert.ok(seconds < 3, `the page reloaded ${seconds.toFixed(2)} s after the edit`);

      // Changing the code still runs it.
      await Deno.writeTextFile(file, notebook("## Second draft, edited", 'console.log("computed", 6 * 8);'));
      await nextEvent(reader, state, "reload", 120_000);
      assert.equal(results[results.length - 1].ran.length, 1);
      assert.match(await (await fetch(new URL("note.html", preview.url))).text(), /computed 48/);
    } finally {
      aborter.abort();
      await preview.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
