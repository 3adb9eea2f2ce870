import assert from "node:assert/strict";
import {
  hasTopLevelHeading,
  newMarkdownContext,
  renderMarkdown,
  splitTitle,
  uniqueId,
} from "../../lib/workspace/site/markdown.ts";

Deno.test("markdown renders with the kept library: emphasis, lists, tables, fenced code highlighted", () => {
  const html = renderMarkdown(
    "Some *emphasis* and `code`.\n\n- one\n- two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n",
    newMarkdownContext(),
  );
  assert.match(html, /<p>Some <em>emphasis<\/em> and <code>code<\/code>.<\/p>/);
  assert.match(html, /<ul>\n<li>one<\/li>/);
  assert.match(html, /<td style="text-align:right">2<\/td>/);
  assert.match(html, /<code class="language-ts"><span class="hljs-keyword">const<\/span>/);
});

Deno.test("a hostile markdown cell renders inert", () => {
  const html = renderMarkdown(
    [
      "Hello <script>alert(1)</script>",
      "",
      "<img src=x onerror=alert(1)>",
      "",
      '<a href="javascript:alert(1)">js</a> [md link](javascript:alert(1))',
      "",
      '<p onmouseover="alert(1)">hover</p>',
    ].join("\n"),
    newMarkdownContext(),
  );
  assert.doesNotMatch(html, /<script|onerror|onmouseover|javascript:alert\(1\)"|href="javascript/i);
  assert.doesNotMatch(html, /src="x"/);
  assert.match(html, /\[image not embedded\]/);
  assert.match(html, /<p>hover<\/p>/);
});

Deno.test("headings get page-unique ids, shift under the page title and feed the table of contents", () => {
  const context = newMarkdownContext({ headingShift: 1 });
  const first = renderMarkdown("# Data & *method*\n\n## Step", context);
  const second = renderMarkdown("# Data & method", context);
  assert.match(first, /<h2 id="s-data-method">Data &amp; <em>method<\/em><\/h2>/);
  assert.match(first, /<h3 id="s-step">Step<\/h3>/);
  assert.match(second, /<h2 id="s-data-method-2">/);
  assert.deepEqual(context.headings.map((h) => [h.level, h.text, h.id]), [
    [2, "Data & method", "s-data-method"],
    [3, "Step", "s-step"],
    [2, "Data & method", "s-data-method-2"],
  ]);
});

Deno.test("the notebook's opening # title is taken out for the page title", () => {
  assert.deepEqual(splitTitle("# Checking KEI\n\nIntro."), { title: "Checking KEI", rest: "\nIntro." });
  assert.deepEqual(splitTitle("Intro.\n\n# Later"), { rest: "Intro.\n\n# Later" });
  assert.equal(hasTopLevelHeading("## a\n\n# b"), true);
  assert.equal(hasTopLevelHeading("## a\n\n    # not a heading (code)"), false);
});

Deno.test("attachment: images are embedded; links to sibling notebooks point at their pages", () => {
  const context = newMarkdownContext({
    rewriteHref: (href) => href === "other.ipynb" ? "other.html" : undefined,
  });
  const html = renderMarkdown(
    "![chart](attachment:c.png) [other](other.ipynb) [elsewhere](https://example.org)",
    context,
    { "c.png": { "image/png": "iVBORw0KGgo=" } },
  );
  assert.match(html, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="chart" \/>/);
  assert.match(html, /<a href="other.html">other<\/a>/);
  assert.match(html, /<a href="https:\/\/example.org" rel="noopener noreferrer">elsewhere<\/a>/);
});

Deno.test("ids are slugs with a prefix, unique per page", () => {
  const used = new Set<string>();
  assert.equal(uniqueId("Données 2019!", used), "s-donnees-2019");
  assert.equal(uniqueId("Données 2019!", used), "s-donnees-2019-2");
  assert.equal(uniqueId("", used, "chart-"), "chart-section");
});
