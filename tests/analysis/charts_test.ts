import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { chart, CHART_MIME } from "../../lib/analysis/charts/mod.ts";
import { load } from "../../lib/analysis/catalog/load.ts";
import { mimeBundle } from "../../lib/analysis/jupyter.ts";

const rows = [{ year: 2011, balance: -13.2 }, { year: 2016, balance: -27.6 }];

function sample() {
  return chart({
    title: "US goods balance with Korea <2011–2016>",
    subtitle: "US$ billions",
    source: [load("imf-dots-annual")],
    data: rows,
    alt: "Two points: −13.2 in 2011 and −27.6 in 2016",
    y: { label: "US$ billions" },
    marks: [Plot.lineY(rows, { x: "year", y: "balance" }), Plot.ruleX([2012])],
  });
}

Deno.test("chart: standalone, well-formed SVG with title, description and namespace", () => {
  const c = sample();
  const valid = XMLValidator.validate(c.svg);
  assert.equal(valid, true, JSON.stringify(valid));
  const svg = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(c.svg).svg;
  assert.equal(svg["@xmlns"], "http://www.w3.org/2000/svg");
  assert.equal(svg["@role"], "img");
  assert.equal(svg["@aria-label"], "Two points: −13.2 in 2011 and −27.6 in 2016");
  assert.equal(svg.title, "US goods balance with Korea <2011–2016>");
  assert.ok(JSON.stringify(svg).includes('"@d":"M'), "the line is drawn as a path");
  assert.doesNotMatch(c.svg, /<script/i);
});

Deno.test("chart: carries title, source line and data for the site", () => {
  const c = sample();
  assert.equal(
    c.data.source,
    "IMF, Direction of Trade Statistics (DOTS), country reports (Exports, FOB / Imports, CIF); Archived copy: GitHub SamLeBlanc/Direction-of-Trade-Map, data/DOTS/DOTS_106.xlsx, DOTS_162.xlsx, DOTS_208.xlsx",
  );
  assert.equal(c.data.name, "us-goods-balance-with-korea-2011-2016");
  assert.deepEqual(c.data.columns, ["year", "balance"]);
  assert.equal(c.csv(), "year,balance\n2011,-13.2\n2016,-27.6\n");
  const bundle = mimeBundle(c)!;
  assert.equal(bundle["image/svg+xml"], c.svg);
  assert.deepEqual(bundle[CHART_MIME], c.data);
  assert.match(bundle["text/html"] as string, /Source: IMF, Direction of Trade Statistics/);
  assert.match(bundle["text/html"] as string, /&lt;2011–2016&gt;/, "the title is escaped in HTML");
});

Deno.test("chart: a derived table cannot be a source", () => {
  const derived = load("imf-dots-annual").filter(() => true);
  assert.throws(
    () => chart({ title: "t", source: [derived], data: rows, marks: [Plot.ruleY([0])] }),
    /tables returned by load\(\)/,
  );
});

Deno.test("chart: a colour legend is drawn inside the SVG, not beside it", () => {
  const series = [
    { year: 2011, series: "IMF DOTS (US-reported)", v: -13.2 },
    { year: 2016, series: "IMF DOTS (US-reported)", v: -27.7 },
    { year: 2016, series: "Census", v: -27.6 },
  ];
  const c = chart({
    title: "Two series",
    source: "test",
    data: series,
    color: { legend: true },
    marks: [Plot.line(series, { x: "year", y: "v", stroke: "series" })],
  });
  assert.equal(XMLValidator.validate(c.svg), true);
  assert.match(c.svg, /^<svg/);
  assert.match(c.svg, /class="claimbook-legend"/);
  assert.match(c.svg, />IMF DOTS \(US-reported\)<\/text>/);
  assert.match(c.svg, />Census<\/text>/);
  assert.ok(
    JSON.stringify(new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(c.svg)).includes(
      '"@d":"M',
    ),
    "the lines are still drawn",
  );
});

Deno.test("chart: a second picture drawn 360 px wide with 12 px text, for phones", () => {
  const c = sample();
  assert.ok(c.data.narrowSvg, "a narrow picture");
  const narrow = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(c.data.narrowSvg!).svg;
  assert.equal(narrow["@width"], "360");
  assert.equal(narrow["@viewBox"].split(" ")[2], "360");
  assert.match(narrow["@style"], /font-size:\s*12px/);
  assert.equal(narrow["@aria-label"], "Two points: −13.2 in 2011 and −27.6 in 2016");
  const wide = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(c.svg).svg;
  assert.equal(wide["@width"], "640");
  // A chart already narrow needs no second picture.
  const small = chart({
    title: "t",
    source: "s",
    data: rows,
    width: 320,
    marks: [Plot.lineY(rows, { x: "year", y: "balance" })],
  });
  assert.equal(small.data.narrowSvg, undefined);
});

Deno.test("chart: every bar and every point of a line tells its values on hover (<title>)", () => {
  const bars = chart({
    title: "Bars",
    source: "s",
    data: rows,
    marks: [Plot.barY(rows, { x: "year", y: "balance" }), Plot.ruleY([0])],
  });
  const titles = (svg: string) => [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
  assert.deepEqual(titles(bars.svg), ["Bars", "year: 2011\nbalance: −13.2", "year: 2016\nbalance: −27.6"]);
  const line = sample();
  assert.deepEqual(titles(line.svg).slice(1), ["year: 2011\nbalance: −13.2", "year: 2016\nbalance: −27.6"]);
  // The points of a line are invisible circles: the line looks as drawn.
  assert.match(line.svg, /<g fill-opacity="0" aria-label="dot">/);
  assert.equal([...line.svg.matchAll(/<circle /g)].length, 2);
  // A mark that has its own title keeps it.
  const own = chart({
    title: "Own",
    source: "s",
    data: rows,
    marks: [Plot.dot(rows, { x: "year", y: "balance", title: (d: { year: number }) => `Year ${d.year}` })],
  });
  assert.deepEqual(titles(own.svg), ["Own", "Year 2011", "Year 2016"]);
});
