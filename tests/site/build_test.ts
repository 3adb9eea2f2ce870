import assert from "node:assert/strict";
import { join } from "node:path";
import { VERDICT_KINDS } from "../../lib/analysis/claims/verdict.ts";
import { buildSite } from "../../lib/workspace/site/build.ts";
import { cspHash } from "../../lib/workspace/site/csp.ts";
import { VERDICT_LOOK } from "../../lib/workspace/site/format.ts";
import { SiteError } from "../../lib/workspace/site/errors.ts";
import { buildFixtureSite, FIXTURE_ROOT, fixtureInput, fixtureLedger } from "./fixture.ts";

async function tempSite(): Promise<{ parent: string; site: string }> {
  const parent = await Deno.makeTempDir({ prefix: "claimbook-site-" });
  return { parent, site: join(parent, "_site") };
}

Deno.test("the fixture site has every page, the chart CSVs, the executed notebooks and the ledger", async () => {
  const { parent, site } = await tempSite();
  const { pages } = await buildFixtureSite(site);
  assert.deepEqual(pages, ["index.html", "claims.html", "alpha-trade-review.html", "beta-blog-post.html"]);
  for (const page of pages) assert.ok((await Deno.stat(join(site, page))).isFile, page);
  assert.equal(
    await Deno.readTextFile(join(site, "data", "alpha-trade-review", "us-goods-balance-with-korea.csv")),
    "year,balance\r\n2011,-13.162\r\n2012,-16.637\r\n2013,-20.718\r\n2014,-25.135\r\n2015,-28.381\r\n2016,-27.668",
  );
  assert.ok((await Deno.stat(join(site, "data", "beta-blog-post", "us-goods-imports-from-korea.csv"))).isFile);
  assert.ok((await Deno.stat(join(site, "notebooks", "alpha-trade-review.ipynb"))).isFile);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(join(site, "claims.json"))), await fixtureLedger());
  await Deno.remove(parent, { recursive: true });
});

Deno.test("every page carries a CSP that allows exactly its inline style sheets and script", async () => {
  const { parent, site } = await tempSite();
  const { pages } = await buildFixtureSite(site);
  for (const page of pages) {
    const html = await Deno.readTextFile(join(site, page));
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(policy, `${page}: no CSP meta tag`);
    assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<style>"), `${page}: CSP must come first`);
    const directive = (name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `))!.split(" ").slice(1);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => cspHash(m[1]));
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => cspHash(m[1]));
    assert.deepEqual(new Set(directive("style-src-elem")), new Set(styles), page);
    assert.deepEqual(directive("script-src"), scripts, page);
    assert.equal(scripts.length, 1, `${page}: one script of our own`);
    // Every other script element is a JSON-LD data block.
    const others = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]).filter((attributes) => attributes !== "");
    for (const attributes of others) assert.equal(attributes, ' type="application/ld+json"', page);
    // Tags only: the hostile markup itself may appear as escaped text in a code listing.
    assert.doesNotMatch(html, /<[a-z][^<>]*\son[a-z-]+\s*=/i, `${page}: an event handler attribute`);
    assert.doesNotMatch(html, /(href|src)\s*=\s*["']?\s*javascript:/i, `${page}: a javascript: URL`);
    assert.doesNotMatch(html, /<(iframe|object|embed|link|base)\b/i, `${page}: an element that loads or redirects`);
  }
  await Deno.remove(parent, { recursive: true });
});

Deno.test("each verdict on a document page embeds ClaimReview JSON-LD", async () => {
  const { parent, site } = await tempSite();
  await buildFixtureSite(site);
  const html = await Deno.readTextFile(join(site, "alpha-trade-review.html"));
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1])
  );
  assert.equal(blocks.length, 4);
  for (const block of blocks) {
    assert.equal(block["@type"], "ClaimReview");
    assert.equal(block.itemReviewed.appearance.headline.startsWith("Alpha Review"), true);
  }
  await Deno.remove(parent, { recursive: true });
});

Deno.test("the index shows each document's counts as the ledger has them", async () => {
  const { parent, site } = await tempSite();
  await buildFixtureSite(site);
  const html = await Deno.readTextFile(join(site, "index.html"));
  const ledger = await fixtureLedger();
  for (const document of ledger.documents) {
    const card = new RegExp(`<li class="doc-card" data-document="${document.id}">(.*?)</li></ul>`).exec(html)?.[1];
    assert.ok(card, document.id);
    for (const kind of VERDICT_KINDS) {
      assert.match(
        card,
        new RegExp(`data-count="${kind}">${document.counts[kind]}</span> ${VERDICT_LOOK[kind].counted}(<|$)`),
        `${document.id} ${kind}`,
      );
    }
  }
  for (const kind of VERDICT_KINDS) {
    assert.match(html, new RegExp(`data-filter="${kind}" data-count="${ledger.totals[kind]}"`));
    assert.equal([...html.matchAll(new RegExp(`<tr data-verdict="${kind}"`, "g"))].length, ledger.totals[kind], kind);
  }
  await Deno.remove(parent, { recursive: true });
});

Deno.test("a notebook that cannot be rendered fails the build, names the notebook, and keeps the previous site", async () => {
  const { parent, site } = await tempSite();
  await buildFixtureSite(site);
  const before = await Deno.readTextFile(join(site, "index.html"));
  const broken = join(parent, "broken.ipynb");
  await Deno.writeTextFile(broken, "{ not json");
  const input = await fixtureInput(site);
  input.notebooks[1] = { ...input.notebooks[1], executedPath: broken };
  await assert.rejects(
    () => buildSite(input),
    (error: unknown) =>
      error instanceof SiteError &&
      error.message.startsWith("site: notebooks/beta-blog-post.ipynb: not valid notebook JSON"),
  );
  assert.equal(await Deno.readTextFile(join(site, "index.html")), before);
  const left = [];
  for await (const entry of Deno.readDir(parent)) left.push(entry.name);
  assert.deepEqual(left.sort(), ["_site", "broken.ipynb"]);
  await Deno.remove(parent, { recursive: true });
});

Deno.test("a malformed verdict output fails the build, naming the notebook and the cell", async () => {
  const { parent, site } = await tempSite();
  const source = JSON.parse(
    await Deno.readTextFile(join(FIXTURE_ROOT, "build", "notebooks", "beta-blog-post.ipynb")),
  );
  const cell = source.cells.findIndex((c: { outputs?: { data?: Record<string, unknown> }[] }) =>
    c.outputs?.some((o) => o.data?.["application/vnd.claimbook.verdict+json"])
  );
  const output = source.cells[cell].outputs.find((o: { data?: Record<string, unknown> }) => o.data);
  output.data["application/vnd.claimbook.verdict+json"] = { schema: "claimbook.verdict/0" };
  const edited = join(parent, "beta.ipynb");
  await Deno.writeTextFile(edited, JSON.stringify(source));
  const input = await fixtureInput(site);
  input.notebooks[1] = { ...input.notebooks[1], executedPath: edited };
  await assert.rejects(
    () => buildSite(input),
    (error: unknown) =>
      error instanceof SiteError &&
      error.message.includes(`notebooks/beta-blog-post.ipynb, cell ${cell + 1} (id ${source.cells[cell].id})`) &&
      error.message.includes("malformed verdict output"),
  );
  await Deno.remove(parent, { recursive: true });
});

Deno.test("a ledger whose counts do not add up is refused", async () => {
  const { parent, site } = await tempSite();
  const input = await fixtureInput(site);
  input.ledger.totals.confirmed += 1;
  await assert.rejects(
    () => buildSite(input),
    (error: unknown) =>
      error instanceof SiteError && error.message.includes("build/claims.json") &&
      error.message.includes("totals.confirmed is 3 but 2 verdicts are confirmed"),
  );
  await Deno.remove(parent, { recursive: true });
});

Deno.test("claims in the documents file that no notebook checked are listed as not checked", async () => {
  const { parent, site } = await tempSite();
  await buildFixtureSite(site);
  const claims = await Deno.readTextFile(join(site, "claims.html"));
  assert.match(claims, /<tr id="claim-alpha-exports-2015" data-verdict="unchecked" data-document="alpha-trade-review"/);
  const index = await Deno.readTextFile(join(site, "index.html"));
  assert.match(index, /1 claim in the claims file not checked yet/);
  await Deno.remove(parent, { recursive: true });
});

Deno.test("a notebook that checks no document gets a page of its own, listed under other notebooks", async () => {
  const { parent, site } = await tempSite();
  const intro = join(parent, "intro.ipynb");
  await Deno.writeTextFile(
    intro,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { id: "i0", cell_type: "markdown", metadata: {}, source: "# About the data\n\nWhere the numbers come from." },
        {
          id: "i1",
          cell_type: "code",
          metadata: { tags: ["remove-input"] },
          execution_count: 1,
          source: "1 + 1",
          outputs: [],
        },
        {
          id: "i2",
          cell_type: "code",
          metadata: { tags: ["remove-cell"] },
          execution_count: 2,
          source: "secret()",
          outputs: [],
        },
      ],
    }),
  );
  const input = await fixtureInput(site);
  input.notebooks.push({ stem: "intro", executedPath: intro, sourcePath: "notebooks/intro.ipynb" });
  const { pages } = await buildSite(input);
  assert.ok(pages.includes("intro.html"));
  const page = await Deno.readTextFile(join(site, "intro.html"));
  assert.match(page, /<h1>About the data<\/h1>/);
  assert.doesNotMatch(page, /secret\(\)|<h2 id="verdicts">/);
  assert.match(
    await Deno.readTextFile(join(site, "index.html")),
    /<h2 id="other-heading">Other notebooks<\/h2><ul><li><a href="intro.html">intro<\/a>/,
  );
  await Deno.remove(parent, { recursive: true });
});
