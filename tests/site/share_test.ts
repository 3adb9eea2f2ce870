/**
 * Sharing a verdict: a permalink and a copy-link control on every verdict,
 * `render --base-url` (canonical, og: and twitter: tags, ClaimReview url),
 * the data each verdict read published as CSV, when each page was
 * rendered, and how verdicts moved after updates of the data.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSite } from "../../lib/workspace/site/build.ts";
import { normalizeBaseUrl } from "../../lib/workspace/site/model.ts";
import { rowsFilePath, sourceFilePath } from "../../lib/workspace/site/source-files.ts";
import { HISTORY_FILE, HISTORY_SCHEMA, type VerdictHistory } from "../../lib/workspace/ledger/history.ts";
import { executeCommand } from "../../lib/workspace/render/command.ts";
import { FIXTURE_ROOT, FIXTURE_STEMS, fixtureInput, fixtureLedger } from "./fixture.ts";

async function built(options: { baseUrl?: string; dataDir?: string; renderedAt?: string } = {}) {
  const parent = await Deno.makeTempDir({ prefix: "claimbook-share-" });
  const site = join(parent, "_site");
  await buildSite({ ...await fixtureInput(site), ...options });
  const read = (name: string) => Deno.readTextFile(join(site, name));
  return { parent, site, read, cleanup: () => Deno.remove(parent, { recursive: true }) };
}

function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
}

Deno.test("share: every verdict card has a permalink to itself and a copy-link button", async () => {
  const { read, cleanup } = await built();
  try {
    for (const stem of FIXTURE_STEMS) {
      const html = await read(`${stem}.html`);
      const cards = [...html.matchAll(/<article class="verdict v-\w+" id="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(cards.length > 0, stem);
      for (const id of cards) {
        assert.match(html, new RegExp(`<a class="permalink" href="#${id}"`), `${stem} ${id}: permalink`);
        assert.match(html, new RegExp(`<button type="button" class="copy-link" data-copy-link="${id}" hidden>`));
      }
    }
  } finally {
    await cleanup();
  }
});

Deno.test("share: --base-url adds canonical, og: and twitter: tags, and ClaimReview urls to each card", async () => {
  const { read, cleanup } = await built({ baseUrl: "https://example.org/checks" });
  try {
    const page = await read(`${FIXTURE_STEMS[0]}.html`);
    const canonical = `https://example.org/checks/${FIXTURE_STEMS[0]}.html`;
    assert.match(page, new RegExp(`<link rel="canonical" href="${canonical}">`));
    assert.match(page, new RegExp(`<meta property="og:url" content="${canonical}">`));
    assert.match(page, /<meta property="og:type" content="article">/);
    assert.match(page, /<meta property="og:title" content="[^"]+">/);
    assert.match(page, /<meta name="twitter:card" content="summary">/);
    assert.match(page, /<meta name="twitter:description" content="[^"]+">/);
    const reviews = jsonLd(page);
    assert.ok(reviews.length > 0);
    for (const review of reviews) {
      assert.match(String(review.url), new RegExp(`^${canonical}#verdict-`));
      const id = String(review.url).split("#")[1];
      assert.match(page, new RegExp(`<article class="verdict v-\\w+" id="${id}"`), "the url points at its card");
    }
    assert.match(await read("index.html"), /<link rel="canonical" href="https:\/\/example\.org\/checks\/index\.html">/);
    assert.match(
      await read("claims.html"),
      /<meta property="og:url" content="https:\/\/example\.org\/checks\/claims\.html">/,
    );
  } finally {
    await cleanup();
  }
  // Without an address, no tags that would need one.
  const plain = await built();
  try {
    const page = await plain.read(`${FIXTURE_STEMS[0]}.html`);
    assert.doesNotMatch(page, /<link rel="canonical"|<meta property="og:|<meta name="twitter:/);
    for (const review of jsonLd(page)) assert.equal(review.url, undefined);
  } finally {
    await plain.cleanup();
  }
});

Deno.test("share: a site address must be absolute http(s); the command refuses anything else", async () => {
  assert.equal(normalizeBaseUrl("https://example.org/checks"), "https://example.org/checks/");
  assert.equal(normalizeBaseUrl("http://127.0.0.1:8000/"), "http://127.0.0.1:8000/");
  assert.throws(() => normalizeBaseUrl("example.org"), /not an absolute address/);
  assert.throws(() => normalizeBaseUrl("ftp://example.org/"), /http\(s\) address/);
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.join(" "));
  try {
    const code = await executeCommand("render", ["--base-url", "ftp://example.org/"], { root: FIXTURE_ROOT });
    assert.equal(code, 2);
  } finally {
    console.error = original;
  }
  assert.match(errors.join("\n"), /--base-url needs an absolute http\(s\) address/);
});

Deno.test("share: the data each verdict read is published as CSV, byte for byte, and linked from its card", async () => {
  const { site, read, cleanup } = await built();
  try {
    const ledger = await fixtureLedger();
    const sources = ledger.verdicts.flatMap((v) => v.sources).filter((s) => s.sha256);
    assert.ok(sources.length > 0);
    const descriptor = JSON.parse(await Deno.readTextFile(join(FIXTURE_ROOT, "data", "datapackage.json")));
    for (const source of sources) {
      const path = sourceFilePath(source.resource, source.sha256!);
      const resource = descriptor.resources.find((r: { name: string }) => r.name === source.resource);
      assert.deepEqual(
        await Deno.readFile(join(site, path)),
        await Deno.readFile(join(FIXTURE_ROOT, "data", resource.path)),
        path,
      );
    }
    const page = await read(`${FIXTURE_STEMS[0]}.html`);
    const first = sources[0];
    const whole = `<a href="${sourceFilePath(first.resource, first.sha256!)}" download>whole file \\(CSV\\)</a>`;
    // The first verdict computed its figure with arquero alone: the card links the whole file, saying so.
    assert.match(page, new RegExp(`data read: ${whole} <span class="muted">\\(the rows used were not recorded\\)`));
  } finally {
    await cleanup();
  }
});

Deno.test("share: a verdict that recorded the rows it used links a CSV of just those lines of the file", async () => {
  const { site, read, cleanup } = await built();
  try {
    // alpha-exports-2016 read its figure with valueAt: row 5 of fixture-balance.csv (the line of 2016).
    const ledger = await fixtureLedger();
    const verdict = ledger.verdicts.find((v) => v.claim === "alpha-exports-2016")!;
    assert.deepEqual(verdict.sources.map((s) => s.rows), [[5]]);
    const path = rowsFilePath("alpha-exports-2016", "fixture-balance");
    assert.equal(path, "data/rows/alpha-exports-2016--fixture-balance.csv");
    assert.equal(await Deno.readTextFile(join(site, path)), "year,exports,imports\n2016,42264.6,69932.2\n");
    const page = await read(`${FIXTURE_STEMS[0]}.html`);
    const card = page.slice(page.indexOf('id="verdict-alpha-exports-2016"'));
    const whole = sourceFilePath("fixture-balance", verdict.sources[0].sha256!);
    assert.match(
      card.slice(0, card.indexOf("</article>")),
      new RegExp(`data read: <a href="${path}" download>the 1 row used \\(CSV\\)</a>, <a href="${whole}" download>`),
    );
    // Only verdicts that recorded rows get a rows file.
    assert.deepEqual([...Deno.readDirSync(join(site, "data", "rows"))].map((e) => e.name), [
      "alpha-exports-2016--fixture-balance.csv",
    ]);
  } finally {
    await cleanup();
  }
});

Deno.test("share: a file that changed since the verdict is not published as what it read", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "claimbook-share-data-" });
  try {
    for (const entry of Deno.readDirSync(join(FIXTURE_ROOT, "data"))) {
      await Deno.copyFile(join(FIXTURE_ROOT, "data", entry.name), join(dataDir, entry.name));
    }
    await Deno.writeTextFile(join(dataDir, "fixture-balance.csv"), "year,exports,imports\n2011,1,2\n");
    const { site, read, cleanup } = await built({ dataDir });
    try {
      assert.equal([...Deno.readDirSync(join(site, "data"))].some((e) => e.name === "sources"), false);
      assert.doesNotMatch(await read(`${FIXTURE_STEMS[0]}.html`), /data read:/);
    } finally {
      await cleanup();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("share: each page says when it was last rendered", async () => {
  const { site, read, cleanup } = await built({ renderedAt: "2026-12-02T10:46:40.123Z" });
  try {
    for (const entry of Deno.readDirSync(site)) {
      if (!entry.name.endsWith(".html")) continue;
      assert.match(
        await read(entry.name),
        /Last rendered <time datetime="2026-12-02T10:46:40Z">2 December 2026, 10:46 UTC<\/time>/,
        entry.name,
      );
    }
  } finally {
    await cleanup();
  }
});

Deno.test("share: a verdict shows how it moved after an update, and why", async () => {
  const ledger = await fixtureLedger();
  const moved = ledger.verdicts.find((v) => v.computed && v.sources.some((s) => s.sha256))!;
  const dataDir = await Deno.makeTempDir({ prefix: "claimbook-share-history-" });
  try {
    for (const entry of Deno.readDirSync(join(FIXTURE_ROOT, "data"))) {
      await Deno.copyFile(join(FIXTURE_ROOT, "data", entry.name), join(dataDir, entry.name));
    }
    const history: VerdictHistory = {
      schema: HISTORY_SCHEMA,
      entries: [{
        date: "2026-11-30",
        claim: moved.claim,
        document: moved.document,
        from: { verdict: "discrepant", computed: "$1 billion" },
        to: { verdict: moved.verdict, computed: moved.computed!.text },
        revised: [{ resource: moved.sources[0].resource, title: moved.sources[0].title }],
      }],
    };
    await Deno.writeTextFile(join(dataDir, HISTORY_FILE), JSON.stringify(history));
    const { read, cleanup } = await built({ dataDir });
    try {
      const page = await read(`${moved.notebook.split("/").pop()!.replace(/\.ipynb$/, "")}.html`);
      const card = new RegExp(`<article class="verdict v-\\w+" id="verdict-${moved.claim}".*?</article>`, "s").exec(
        page,
      )?.[0];
      assert.ok(card, moved.claim);
      const text = card.replace(/<[^>]+>/g, "");
      assert.ok(
        text.includes(
          `On 30 November 2026 it moved from discrepant ($1 billion) to ${moved.verdict} (${moved.computed!.text}), ` +
            `because ${moved.sources[0].title} was revised.`,
        ),
        text,
      );
      assert.match(await read("claims.html"), /30 November 2026: moved from discrepant \(\$1 billion\)/);
    } finally {
      await cleanup();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
