import assert from "node:assert/strict";
import { sanitizeChartSvg, sanitizeUntrustedHtml } from "../../lib/workspace/site/sanitize.ts";

Deno.test("untrusted HTML loses scripts, event handlers and javascript: URLs", () => {
  const html = sanitizeUntrustedHtml(
    [
      '<p onclick="alert(1)">text<script>alert(2)</script></p>',
      "<img src=x onerror=alert(3)>",
      '<a href="javascript:alert(4)">a</a><a href="JaVaScRiPt:alert(5)">b</a><a href="java&#x09;script:alert(6)">c</a>',
      '<svg onload="alert(7)"><circle r="1"/></svg>',
      '<iframe src="https://example.org"></iframe><object data="x"></object><embed src="x">',
      '<form action="https://example.org"><input name="q"></form><base href="https://evil.example/">',
      '<meta http-equiv="refresh" content="0;url=https://evil.example/"><link rel="stylesheet" href="x.css">',
    ].join(""),
  );
  assert.doesNotMatch(
    html,
    /<script|onclick|onerror|onload|javascript:|<iframe|<object|<embed|<form|<input|<base|<meta|<link|<svg/i,
  );
  assert.match(html, /<p>text<\/p>/);
  assert.match(html, /<a>a<\/a><a>b<\/a><a>c<\/a>/);
});

Deno.test("untrusted HTML keeps embedded images and drops images that would load from elsewhere", () => {
  const html = sanitizeUntrustedHtml(
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="kept"><img src="https://example.org/x.png" alt="remote"><img src="local.png">',
  );
  assert.match(html, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="kept" \/>/);
  assert.match(html, /<span class="image-missing">\[image not embedded: remote\]<\/span>/);
  assert.doesNotMatch(html, /example\.org|local\.png/);
});

Deno.test("untrusted HTML keeps tables, alignment and colours but no url() in styles", () => {
  const html = sanitizeUntrustedHtml(
    '<table class="claimbook-table evil"><caption style="text-align:left">C</caption><tr><td style="text-align:right;background-image:url(https://x/y.png)">1</td></tr></table>' +
      '<p style="color:#cf222e;position:fixed">red</p>',
  );
  assert.match(html, /<table class="claimbook-table">/);
  assert.match(html, /<td style="text-align:right">1<\/td>/);
  assert.match(html, /<p style="color:#cf222e">red<\/p>/);
  assert.doesNotMatch(html, /url\(|position|evil/);
});

Deno.test("untrusted HTML cannot add landmarks or headings to the page outline", () => {
  const html = sanitizeUntrustedHtml('<main>m</main><nav>n</nav><h1>Raw</h1><h2 id="s-ours">ours</h2>');
  assert.doesNotMatch(html, /<main|<nav|<h1/);
  assert.match(html, /<div class="output-landmark">m<\/div>/);
  assert.match(html, /<p class="output-heading">Raw<\/p>/);
  assert.match(html, /<h2 id="s-ours">ours<\/h2>/);
});

Deno.test("external links open without a referrer or opener", () => {
  assert.equal(
    sanitizeUntrustedHtml('<a href="https://example.org">x</a>'),
    '<a href="https://example.org" rel="noopener noreferrer">x</a>',
  );
});

Deno.test("chart SVG is kept, with its geometry, and loses scripts and handlers", () => {
  const { svg, styles } = sanitizeChartSvg(
    [
      '<svg viewBox="0 0 640 400" width="640" height="400" class="plot-1" onload="alert(1)">',
      "<title>Balance &lt;&amp;&gt;</title><style>:where(.plot-1) { display: block; }</style>",
      '<script>alert(2)</script><clipPath id="c"><rect width="1" height="1"/></clipPath>',
      '<g clip-path="url(#c)" aria-label="line"><path d="M0,0L10,10" stroke="currentColor" onclick="alert(3)"/></g>',
      '<a href="javascript:alert(4)"><text x="1" y="2">label</text></a>',
      "<foreignObject><div>html island</div></foreignObject>",
      '<image href="https://example.org/x.png"/></svg>',
    ].join(""),
    "A line chart of the balance",
  );
  assert.deepEqual(styles, [":where(.plot-1) { display: block; }"]);
  assert.match(
    svg,
    /^<svg viewBox="0 0 640 400" width="640" height="400" class="plot-1" role="img" aria-label="A line chart of the balance">/,
  );
  assert.match(svg, /<path d="M0,0L10,10" stroke="currentColor"><\/path>/);
  assert.match(svg, /<text x="1" y="2">label<\/text>/);
  assert.match(svg, /<title>Balance &lt;&amp;&gt;<\/title>/);
  assert.match(svg, /clip-path="url\(#c\)"/);
  assert.doesNotMatch(svg, /<script|onload|onclick|javascript:|<style|foreignobject|html island|<image|example\.org/i);
});

Deno.test("chart style sheets that could load anything are dropped, not lifted", () => {
  const { styles } = sanitizeChartSvg("<svg><style>@import url(https://x/y.css);</style><style>.a{}</style></svg>");
  assert.deepEqual(styles, [".a{}"]);
});
