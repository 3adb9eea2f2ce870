import assert from "node:assert/strict";
import { join } from "node:path";
import { cspHash } from "../../lib/workspace/site/csp.ts";
import { EVENTS_PATH, LIVE_RELOAD_SCRIPT } from "../../lib/workspace/site/preview/live-reload.ts";
import {
  type PreviewRender,
  type PreviewRenderOutcome,
  startPreview,
} from "../../lib/workspace/site/preview/preview.ts";
import { startPreviewServer } from "../../lib/workspace/site/preview/server.ts";
import { isIgnoredChange } from "../../lib/workspace/site/preview/watch.ts";
import { chromiumAvailable, launchChromium } from "./browser.ts";
import { buildFixtureSite } from "./fixture.ts";

/** A workspace with the watched folders and a built fixture site. */
async function workspace(): Promise<{ root: string; site: string }> {
  const root = await Deno.makeTempDir({ prefix: "claimbook-preview-" });
  for (const folder of ["notebooks", "lib", "data"]) await Deno.mkdir(join(root, folder));
  const site = join(root, "_site");
  await buildFixtureSite(site);
  return { root, site };
}

/** Reads server-sent events from the preview's stream. */
async function listen(url: string): Promise<{ next(event: string): Promise<string>; close(): Promise<void> }> {
  const aborter = new AbortController();
  const response = await fetch(new URL(EVENTS_PATH, url), { signal: aborter.signal });
  assert.equal(response.headers.get("content-type"), "text/event-stream");
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(event) {
      while (true) {
        const blocks = buffer.split("\n\n");
        for (let i = 0; i < blocks.length - 1; i++) {
          const lines = blocks[i].split("\n");
          if (lines.includes(`event: ${event}`)) {
            buffer = blocks.slice(i + 1).join("\n\n");
            return lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
          }
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${event}"`);
        buffer += value;
      }
    },
    async close() {
      aborter.abort();
      await reader.cancel().catch(() => {});
    },
  };
}

/** A render that records its calls and answers as told. */
function recordingRender(outcome: PreviewRenderOutcome = { ok: true, summary: "✔ ok", problems: [] }) {
  const calls: { changed: string[]; initial: boolean }[] = [];
  const render: PreviewRender = ({ changed, initial }) => {
    calls.push({ changed, initial });
    return Promise.resolve(outcome);
  };
  return { calls, render };
}

async function waitFor(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("the server serves the site with the reload script injected and allowed by the page's CSP", async () => {
  const { root, site } = await workspace();
  const server = startPreviewServer({ siteDir: site, port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(server.url);
    assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await index.text();
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    assert.ok(policy.includes(cspHash(LIVE_RELOAD_SCRIPT)), "reload script allowed by hash");
    assert.match(policy, /connect-src 'self'/);
    assert.ok(html.includes(`<script>${LIVE_RELOAD_SCRIPT}</script></body>`));
    const onDisk = await Deno.readTextFile(join(site, "index.html"));
    assert.equal(onDisk.includes(EVENTS_PATH), false, "the site's files never carry the reload script");

    const csv = await fetch(new URL("data/alpha-trade-review/us-goods-balance-with-korea.csv", server.url));
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(await csv.text(), /^year,balance/);
    const missing = await fetch(new URL("nope.html", server.url));
    assert.equal(missing.status, 404);
    assert.ok((await missing.text()).includes(EVENTS_PATH), "a missing page still reloads when the site appears");
    const escape = await fetch(new URL("/%2e%2e/%2e%2e/etc/passwd", server.url));
    assert.equal(escape.status, 404);
    await escape.body?.cancel();
  } finally {
    await server.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the server tells listening pages to reload", async () => {
  const { root, site } = await workspace();
  const server = startPreviewServer({ siteDir: site, port: 0 });
  const events = await listen(server.url);
  try {
    await waitFor(() => server.listeners === 1, "a listener");
    server.notify("failed", "notebooks/x.ipynb, cell 3: boom\nsecond line");
    assert.equal(await events.next("failed"), "notebooks/x.ipynb, cell 3: boom\nsecond line");
    server.notify("reload");
    assert.equal(await events.next("reload"), "");
  } finally {
    await events.close();
    await server.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("editor and Jupyter litter does not trigger a render", () => {
  for (
    const path of [
      "notebooks/.ipynb_checkpoints/a-checkpoint.ipynb",
      "lib/x.ts~",
      "lib/.x.ts.swp",
      "data/4913",
      "lib/#a.ts#",
    ]
  ) {
    assert.equal(isIgnoredChange(path), true, path);
  }
  for (const path of ["notebooks/korus-kei-2018.ipynb", "lib/analysis/units.ts", "data/documents.json"]) {
    assert.equal(isIgnoredChange(path), false, path);
  }
});

Deno.test("a change renders once after the burst, then pages reload; litter is ignored", async () => {
  const { root } = await workspace();
  const { calls, render } = recordingRender();
  const logs: string[] = [];
  const preview = startPreview({ root, port: 0, render, debounceMs: 100, log: (line) => logs.push(line) });
  const events = await listen(preview.url);
  try {
    await preview.idle();
    assert.deepEqual(calls, [{ changed: [], initial: true }]);
    await waitFor(() => preview.server.listeners === 1, "a listener");
    const notebook = join(root, "notebooks", "a.ipynb");
    for (let i = 0; i < 5; i++) await Deno.writeTextFile(notebook, `{"n": ${i}}`);
    await Deno.mkdir(join(root, "notebooks", ".ipynb_checkpoints"));
    await Deno.writeTextFile(join(root, "notebooks", ".ipynb_checkpoints", "a-checkpoint.ipynb"), "{}");
    assert.equal(await events.next("rendering"), "notebooks/a.ipynb changed");
    await events.next("reload");
    await preview.idle();
    assert.equal(calls.length, 2);
    assert.deepEqual(calls[1], { changed: ["notebooks/a.ipynb"], initial: false });
    assert.ok(logs.some((line) => line.includes("notebooks/a.ipynb changed; rendering")));
  } finally {
    await events.close();
    await preview.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a failed render keeps the site, says which notebook failed, and does not reload", async () => {
  const { root, site } = await workspace();
  const before = await Deno.readTextFile(join(site, "index.html"));
  const { render } = recordingRender({
    ok: false,
    summary: "✘ 2 notebook(s): 1 ran, 0 cached, 1 failed",
    problems: ["notebooks/a.ipynb, cell 4 (id c4): TypeError: x is undefined"],
  });
  const logs: string[] = [];
  const preview = startPreview({
    root,
    port: 0,
    render,
    debounceMs: 50,
    initialRender: false,
    log: (line) => logs.push(line),
  });
  const events = await listen(preview.url);
  try {
    await waitFor(() => preview.server.listeners === 1, "a listener");
    await Deno.writeTextFile(join(root, "lib", "a.ts"), "export const a = 1;");
    assert.equal(await events.next("failed"), "notebooks/a.ipynb, cell 4 (id c4): TypeError: x is undefined");
    await preview.idle();
    assert.equal(await Deno.readTextFile(join(site, "index.html")), before);
    assert.ok(logs.some((line) => line.includes("notebooks/a.ipynb, cell 4 (id c4): TypeError")));
  } finally {
    await events.close();
    await preview.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("changes during a render abort it and render again with everything that changed", async () => {
  const { root } = await workspace();
  const calls: { changed: string[]; aborted: boolean }[] = [];
  let release: () => void = () => {};
  const render: PreviewRender = ({ changed, signal }) => {
    const call = { changed, aborted: false };
    calls.push(call);
    return new Promise((resolve) => {
      const finish = () => resolve({ ok: true, summary: "✔", problems: [] });
      signal.addEventListener("abort", () => {
        call.aborted = true;
        finish();
      });
      release = finish;
    });
  };
  const preview = startPreview({ root, port: 0, render, debounceMs: 50, initialRender: false, log: () => {} });
  try {
    await Deno.writeTextFile(join(root, "data", "one.csv"), "a");
    await waitFor(() => calls.length === 1, "the first render");
    await Deno.writeTextFile(join(root, "data", "two.csv"), "b");
    await waitFor(() => calls.length === 2, "the second render");
    release();
    await preview.idle();
    assert.deepEqual(calls.map((c) => [c.changed, c.aborted]), [[["data/one.csv"], true], [["data/two.csv"], false]]);
  } finally {
    await preview.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test({
  name: "browser: a page open in the preview runs the reload script under its CSP and reloads after a render",
  ignore: !chromiumAvailable(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const { root } = await workspace();
    const { calls, render } = recordingRender();
    const preview = startPreview({ root, port: 0, render, debounceMs: 50, initialRender: false, log: () => {} });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(m.text());
      });
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(preview.url);
      await waitFor(() => preview.server.listeners === 1, "the page to listen");
      await page.evaluate(() => Object.assign(globalThis, { beforeReload: true }));
      const reloaded = page.waitForEvent("load");
      await Deno.writeTextFile(join(root, "notebooks", "b.ipynb"), "{}");
      await reloaded;
      assert.equal(await page.evaluate(() => "beforeReload" in globalThis), false, "the page reloaded");
      assert.equal(calls.length, 1);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await preview.close();
      await Deno.remove(root, { recursive: true });
    }
  },
});
