/**
 * Notebook outputs in Jupyter: HTML wrapped so MathJax leaves dollar amounts
 * alone, Markdown with escaped dollars, tables aligned left, and the
 * “In short” summary.
 */

import assert from "node:assert/strict";
import { escapeMarkdownDollars, htmlTable, mathSafe } from "../../lib/analysis/html.ts";
import { inShort, SUMMARY_MIME, type SummaryData } from "../../lib/analysis/summary.ts";
import { mimeBundle } from "../../lib/analysis/jupyter.ts";
import { claimList, claimStatus, documentCard } from "../../lib/analysis/claims/mod.ts";
import { newMarkdownContext, renderMarkdown } from "../../lib/workspace/site/markdown.ts";

Deno.test("mathSafe: wraps in the classes MathJax 2 and 3 skip", () => {
  assert.equal(mathSafe("<p>$1 to $2</p>"), '<div class="tex2jax_ignore mathjax_ignore"><p>$1 to $2</p></div>');
});

Deno.test("escapeMarkdownDollars: every dollar outside code spans, once", () => {
  assert.equal(
    escapeMarkdownDollars("from $13.2 billion to $27.6 billion"),
    "from \\\\$13.2 billion to \\\\$27.6 billion",
  );
  assert.equal(escapeMarkdownDollars("`$x` costs $1 and ``a $b`` $2"), "`$x` costs \\\\$1 and ``a $b`` \\\\$2");
  const once = escapeMarkdownDollars("US$ millions, \\$3");
  assert.equal(once, "US\\\\$ millions, \\\\$3");
  assert.equal(escapeMarkdownDollars(once), once, "escaping twice changes nothing");
});

Deno.test("site markdown: an escaped dollar reads as a plain $", () => {
  const html = renderMarkdown(
    "## Rose by \\\\$355 million to \\\\$6.4 billion\n\nNot in code: `\\\\$x`",
    newMarkdownContext(),
  );
  assert.match(html, /<h2 id="s-rose-by-355-million-to-6-4-billion">Rose by \$355 million to \$6\.4 billion<\/h2>/);
  assert.match(html, /<code>\\\\\$x<\/code>/);
});

Deno.test("htmlTable: MathJax-safe, cells left-aligned at the top, quote column with a floor width", () => {
  const html = htmlTable("t", ["#", { label: "Quote", minWidth: "18em" }], [["1", "“$355 million … $6.4 billion”"]]);
  assert.ok(html.startsWith('<div class="tex2jax_ignore mathjax_ignore">'));
  assert.match(html, /table-layout:auto/);
  const cells = html.match(/<(td|th) style="[^"]*"/g) ?? [];
  assert.equal(cells.length, 4);
  for (const cell of cells) assert.match(cell, /text-align:left;vertical-align:top/);
  assert.match(html, /<td style="[^"]*min-width:18em">“\$355 million/);
});

Deno.test("claim list, status table and document card display MathJax-safe HTML", () => {
  for (const item of [claimList("korus-kei-2018"), claimStatus("korus-kei-2018"), documentCard("korus-kei-2018")]) {
    const html = String(mimeBundle(item)?.["text/html"]);
    assert.ok(html.startsWith('<div class="tex2jax_ignore mathjax_ignore">'), html.slice(0, 80));
  }
  const list = String(mimeBundle(claimList("korus-kei-2018"))?.["text/html"]);
  assert.match(list, /<th style="[^"]*min-width:18em">Quote<\/th>/);
});

Deno.test("inShort: the lead-in once, Markdown escaped for Jupyter, plain in the payload", () => {
  const deficit = "$27.6 billion";
  const summary = inShort`The deficit reached ${deficit} from $13.2 billion.`;
  assert.equal(String(summary), "**In short.** The deficit reached $27.6 billion from $13.2 billion.");
  const bundle = mimeBundle(summary)!;
  assert.equal(bundle["text/markdown"], "**In short.** The deficit reached \\\\$27.6 billion from \\\\$13.2 billion.");
  assert.deepEqual(bundle[SUMMARY_MIME] as SummaryData, {
    schema: "claimbook.summary/1",
    markdown: "**In short.** The deficit reached $27.6 billion from $13.2 billion.",
  });
  assert.equal(String(inShort`**In short.** Already led in.`), "**In short.** Already led in.");
});
