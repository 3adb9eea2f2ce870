import assert from "node:assert/strict";
import { CHART_MIME } from "../../lib/analysis/charts/payload.ts";
import { VERDICT_MIME } from "../../lib/analysis/claims/verdict.ts";
import { SiteError } from "../../lib/workspace/site/errors.ts";
import type { OutputAsRead } from "../../lib/workspace/notebook/format.ts";
import { renderOutputs } from "../../lib/workspace/site/outputs.ts";
import { newPageState, type PageState } from "../../lib/workspace/site/page-state.ts";
import { sampleChart, sampleVerdict } from "./samples.ts";

function state(): PageState {
  return newPageState({
    stem: "alpha",
    label: "notebooks/alpha.ipynb",
    language: "typescript",
    files: new Map(),
    reviewFor: () => ({ "@type": "ClaimReview" }),
  });
}

const WHERE = "notebooks/alpha.ipynb, cell 3 (id c3)";

Deno.test("a verdict is drawn from its JSON payload with the site's template, not the notebook's HTML", () => {
  const html = renderOutputs(
    [{
      output_type: "execute_result",
      data: {
        [VERDICT_MIME]: sampleVerdict({ verdict: "discrepant" }),
        "text/html": "<div>NOTEBOOK CARD<script>alert(1)</script></div>",
        "text/plain": "text card",
      },
    }],
    state(),
    WHERE,
  );
  assert.match(html, /^<article class="verdict v-discrepant" id="verdict-alpha-deficit-2016"/);
  assert.match(html, /✘<\/span> Discrepant/);
  assert.match(html, /<dt>Stated<\/dt><dd>\$27.7 billion<\/dd>/);
  assert.match(html, /<dt>Computed<\/dt><dd><strong>\$27.668 billion<\/strong><\/dd>/);
  assert.match(html, /<dt>Difference<\/dt><dd>−\$0.03 billion \(−0.1%\)<\/dd>/);
  assert.match(html, /<script type="application\/ld\+json">\{"@type":"ClaimReview"\}<\/script>/);
  assert.doesNotMatch(html, /NOTEBOOK CARD|alert/);
});

Deno.test("verdict text is escaped", () => {
  const html = renderOutputs(
    [{
      output_type: "display_data",
      data: { [VERDICT_MIME]: sampleVerdict({ quote: '<img src=x onerror="alert(1)">', reason: "<b>r</b>" }) },
    }],
    state(),
    WHERE,
  );
  assert.doesNotMatch(html, /<img|<b>/);
  assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
});

Deno.test("a malformed verdict payload fails, naming the cell", () => {
  assert.throws(
    () =>
      renderOutputs(
        [{ output_type: "display_data", data: { [VERDICT_MIME]: { schema: "old", verdict: "maybe" } } }],
        state(),
        WHERE,
      ),
    (error: unknown) =>
      error instanceof SiteError && error.message.includes(WHERE) && error.message.includes('unknown verdict "maybe"'),
  );
});

Deno.test("a chart becomes a figure with its title, SVG, source line and a CSV link written beside the page", () => {
  const page = state();
  const svg =
    '<svg viewBox="0 0 640 400" width="640" height="400" class="plot-x"><style>.plot-x{display:block}</style>' +
    '<path d="M0,0L1,1"/><script>alert(1)</script></svg>';
  const html = renderOutputs(
    [{
      output_type: "execute_result",
      data: {
        [CHART_MIME]: sampleChart(),
        "image/svg+xml": svg,
        "text/html": "<b>ignored</b>",
        "text/plain": "[chart]",
      },
    }],
    page,
    WHERE,
  );
  assert.match(html, /^<figure class="chart" id="chart-us-goods-balance">/);
  assert.match(html, /<span class="chart-title">US goods balance with Korea<\/span>/);
  assert.match(html, /role="img" aria-label="Line chart of the balance, 2011 to 2016"/);
  assert.match(html, /Source: U.S. Census Bureau/);
  assert.match(html, /<a href="data\/alpha\/us-goods-balance.csv" download>data \(CSV\)<\/a>/);
  assert.doesNotMatch(html, /<script|<style|ignored/);
  assert.deepEqual(page.styles, [".plot-x{display:block}"]);
  assert.equal(page.files.get("data/alpha/us-goods-balance.csv"), "year,balance\r\n2011,-13.2\r\n2016,-27.7");
});

Deno.test("two charts with one name get two CSV files", () => {
  const page = state();
  const chart = { output_type: "display_data", data: { [CHART_MIME]: sampleChart() } };
  renderOutputs([chart, chart], page, WHERE);
  assert.deepEqual([...page.files.keys()], ["data/alpha/us-goods-balance.csv", "data/alpha/us-goods-balance-2.csv"]);
});

Deno.test("CSV cells that a spreadsheet would run as formulas are escaped", () => {
  const page = state();
  renderOutputs(
    [{
      output_type: "display_data",
      data: { [CHART_MIME]: sampleChart({ columns: ["name"], rows: [{ name: "=HYPERLINK(1)" }] }) },
    }],
    page,
    WHERE,
  );
  assert.equal(page.files.get("data/alpha/us-goods-balance.csv"), 'name\r\n"\'=HYPERLINK(1)"');
});

Deno.test("HTML outputs are sanitized; text outputs keep their colours; streams merge; errors show their traceback", () => {
  const outputs: OutputAsRead[] = [
    { output_type: "stream", name: "stdout", text: ["a\n"] },
    { output_type: "stream", name: "stdout", text: "\x1b[32mb\x1b[0m\n" },
    { output_type: "stream", name: "stderr", text: "warn\n" },
    {
      output_type: "display_data",
      data: { "text/html": "<table><tr><td onclick=x>1</td></tr></table><script>x</script>" },
    },
    { output_type: "execute_result", data: { "text/plain": "\x1b[33m42\x1b[39m" } },
    {
      output_type: "error",
      ename: "TypeError",
      evalue: "bad \x1b[31mthing\x1b[0m",
      traceback: ["TypeError: bad", "    at <anonymous>:1:1"],
    },
  ];
  const html = renderOutputs(outputs, state(), WHERE);
  assert.match(html, /<pre class="output stream stdout">a\n<span class="ansi-green-fg">b<\/span>\n<\/pre>/);
  assert.match(html, /<pre class="output stream stderr">warn\n<\/pre>/);
  // A table output can scroll sideways, so keyboard users can focus it.
  assert.match(
    html,
    /<div class="output html" tabindex="0" role="region" aria-label="[^"]+"><table><tr><td>1<\/td><\/tr><\/table><\/div>/,
  );
  assert.match(html, /<pre class="output text"><span class="ansi-yellow-fg">42<\/span><\/pre>/);
  assert.match(html, /<p class="error-title"><strong>TypeError<\/strong>: bad thing<\/p>/);
  assert.match(html, /<pre class="traceback">TypeError: bad\n {4}at &lt;anonymous&gt;:1:1<\/pre>/);
});

Deno.test("images are embedded as data URLs; SVG we did not draw is shown as an image, never inline", () => {
  const html = renderOutputs(
    [
      { output_type: "display_data", data: { "image/png": "iVBORw0KGgo=\n", "text/plain": "A tiny image" } },
      { output_type: "display_data", data: { "image/svg+xml": '<svg onload="alert(1)"><circle r="1"/></svg>' } },
    ],
    state(),
    WHERE,
  );
  assert.match(html, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="A tiny image">/);
  assert.match(html, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Image output of the cell">/);
  assert.doesNotMatch(html, /<svg|onload/);
});

Deno.test("very large outputs are cut with a note saying how much", () => {
  const html = renderOutputs([{ output_type: "stream", name: "stdout", text: "x".repeat(300_000) }], state(), WHERE);
  assert.ok(html.length < 210_000);
  assert.match(html, /… 100 KB more not shown here; open the notebook for the whole output./);
});

Deno.test("an output type the site cannot show is named, not dropped silently", () => {
  const html = renderOutputs([{ output_type: "display_data", data: { "application/x-widget": {} } }], state(), WHERE);
  assert.match(html, /no type the site can show \(application\/x-widget\)/);
});
