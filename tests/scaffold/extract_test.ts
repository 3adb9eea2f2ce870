import assert from "node:assert/strict";
import { extractClaims, formatPeriod, type Proposal } from "../../lib/workspace/scaffold/extract/mod.ts";
import { decodeSourceText, SourceTextError } from "../../lib/workspace/scaffold/extract/source.ts";
import { koreanNumber } from "../../lib/workspace/scaffold/extract/korean.ts";

// Short claim sentences quoted from the four seed documents (KORUS news 2017, KEI 2018, RUDN 2020, KITA 2020).
function one(text: string, date?: string): Proposal[] {
  return extractClaims(text, { format: "text", date }).proposals;
}

Deno.test("money: $ with a scale word, and 'million dollars'", () => {
  const [p] = one("USTR said U.S. exports to South Korea in 2016 were valued at $42.3 billion.");
  assert.deepEqual([p.value, p.unit, p.tolerance], [42.3, "USD billions", { kind: "rounded", step: 0.1 }]);
  assert.equal(formatPeriod(p.period), "2016");
  assert.deepEqual([p.features.reporter, p.features.partner, p.features.flow], ["USA", "KOR", "exports"]);
  const [q] = one("bilateral trade skyrocketed from 888.8 million dollars in 1990.");
  assert.deepEqual([q.value, q.unit, q.features.flow], [888.8, "USD millions", "total"]);
});

Deno.test("percent changes carry their sign: 'a decline of 2.7 percent', 'decreased by 17.3%'", () => {
  const news = one(
    "USTR said U.S. exports to South Korea in 2016 were valued at $42.3 billion, less than $3.5 billion when the agreement was signed in 2011, a decline of 2.7 percent.",
  );
  assert.equal(news.length, 3, "a sentence with three figures gives three proposals");
  assert.deepEqual([news[1].value, news[1].tolerance.kind], [3.5, "less-than"]);
  assert.deepEqual([news[2].value, news[2].measure, formatPeriod(news[2].period)], [-2.7, "change", "2011→2016"]);
  const [rudn] = one(
    "As a result, the deficit of the US trade balance with South Korea decreased by 17.3% over the year.",
  );
  assert.deepEqual([rudn.value, rudn.unit, rudn.tolerance], [-17.3, "percent", { kind: "rounded", step: 0.1 }]);
});

Deno.test("multiples: 'more than doubled', 'Increased 25 times'; two figures split into their own quotes", () => {
  const ps = one(
    "From 2011 to 2016, the U.S. trade deficit in goods with South Korea more than doubled, rising from $13.2 billion to $27.6 billion.",
  );
  assert.deepEqual(ps.map((p) => p.quote), [
    "the U.S. trade deficit in goods with South Korea more than doubled",
    "rising from $13.2 billion",
    "to $27.6 billion",
  ]);
  assert.deepEqual([ps[0].value, ps[0].unit, ps[0].tolerance.kind, formatPeriod(ps[0].period)], [
    2,
    "ratio",
    "more-than",
    "2011→2016",
  ]);
  assert.deepEqual(ps.slice(1).map((p) => formatPeriod(p.period)), ["2011", "2016"]);
  const [kita] = one("Trade Volume and the Number of Tourists Increased 25 times");
  assert.deepEqual([kita.value, kita.unit, kita.tolerance], [25, "ratio", { kind: "rounded", step: 1 }]);
});

Deno.test("ranks and counts: 'ranked ninth', 'number two', '770,000' read against the document's date", () => {
  const [rank] = one("Korea is now ranked ninth – behind countries such as France, Italy, Japan, and Mexico.");
  assert.deepEqual([rank.value, rank.unit, rank.tolerance.kind], [9, "rank", "exact"]);
  assert.equal(one("LG Electronics was number two in household appliances.")[0].value, 2);
  const ps = one(
    "The number of tourists between the two countries in 1990 was approximately 30,000 but after the establishment of ties, the figure reached a record high of 770,000 last year.",
    "2020-09-07",
  );
  assert.deepEqual(ps.map((p) => [p.value, p.unit, p.tolerance.kind, formatPeriod(p.period)]), [
    [30000, "persons", "about", "1990"],
    [770000, "persons", "rounded", "2019"],
  ]);
  assert.ok(ps[1].notes.some((n) => n.includes("record")), "a record is noted");
});

Deno.test("periods: first months of a year, a year earlier, a month earlier", () => {
  const kei = one(
    "America’s trade surplus in services to South Korea once again expanded this year by $355 million to reach $6.4 billion during the first six months of 2018.",
    "2018-09",
  );
  assert.deepEqual(kei.map((p) => [p.value, p.measure, formatPeriod(p.period)]), [
    [355, "change", "H1 2017→H1 2018"],
    [6.4, "level", "H1 2018"],
  ]);
  const news = one(
    "the country’s global exports reached a record $55.1 billion in September, increasing 35 percent from a year earlier.",
    "2017-10",
  );
  assert.deepEqual(news.map((p) => formatPeriod(p.period)), ["Sep 2017", "Sep 2016→Sep 2017"]);
  assert.equal(news[0].features.partner, "WLD");
  const [nearly] = one("U.S. imports of South Korean goods, on the other hand, rose nearly $20 billion.");
  assert.deepEqual([nearly.value, nearly.tolerance, nearly.measure], [20, { kind: "nearly", relative: 0.1 }, "change"]);
});
Deno.test("periods: 'from the same period of 2017' names the year the change runs from, with the same months", () => {
  const periods = [
    "In the first seven months of 2018, the U.S. trade deficit with India fell by 2.4 percent from the same period of 2017.",
    "Exports rose 5 percent in 2018 from the same period of 2017.",
    "In the first half of this year, exports grew 3.1 percent compared with the same period of last year.",
  ].map((text) => formatPeriod(extractClaims(text, { format: "text", date: "2018-09" }).proposals[0].period));
  assert.deepEqual(periods, ["Jan–Jul 2017→Jan–Jul 2018", "2017→2018", "H1 2017→H1 2018"]);
});

Deno.test("bad input: numbers in words, a Korean amount, no numbers, years only", () => {
  assert.deepEqual(one("Exports rose by twenty-five percent.").map((p) => p.value), [25]);
  const [korean] = one("수출액은 8억9천만달러였다.");
  assert.deepEqual([korean.value, korean.unit], [890, "USD millions"]);
  assert.equal(koreanNumber("1조2천억"), 1.2e12);
  const won = extractClaims("수출액은 8억9천만원이었다.", { format: "text" });
  assert.equal(won.proposals.length, 0);
  assert.match(won.skipped[0].reason, /won/);
  assert.deepEqual(extractClaims("No figures here at all.", { format: "text" }), { proposals: [], skipped: [] });
  const years = extractClaims("The agreement has been in effect since March 2012.", { format: "text" });
  assert.equal(years.proposals.length, 0);
  assert.match(years.skipped[0].reason, /a year/);
});

Deno.test("bad input: empty, binary and non-UTF-8 files are refused with the line", () => {
  assert.throws(
    () => decodeSourceText(new Uint8Array(), "a.txt"),
    (e) => e instanceof SourceTextError && /empty/.test(e.message),
  );
  assert.throws(() => decodeSourceText(new Uint8Array([65, 10, 66, 0, 1]), "a.pdf"), /a\.pdf:2: a NUL byte/);
  assert.throws(() => decodeSourceText(new Uint8Array([65, 10, 10, 0xff, 0xfe]), "b.txt"), /b\.txt:3: not UTF-8/);
});

Deno.test("Markdown: markup never reaches a quote, lines are the file's", () => {
  const { proposals } = extractClaims(
    "# Title\n\nSome text.\n\nExports reached **$4.7 billion** in [2017](http://x).\n",
    { format: "markdown" },
  );
  assert.equal(proposals[0].quote, "Exports reached $4.7 billion in 2017");
  assert.equal(proposals[0].line, 5);
});
