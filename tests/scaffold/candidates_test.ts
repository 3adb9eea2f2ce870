/**
 * `new --from`'s candidate computations on a resource that prints years and
 * quarters in one period column and splits goods, services and both (BEA's
 * trade by country): a half-year is the sum of its quarters, a year is read
 * at its own row, and the claim's goods or services pick the row. Figures
 * checked by hand against `data/bea-trade-by-country.csv`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { openCatalog } from "../../lib/analysis/catalog/load.ts";
import { candidatesFor, profileCatalog } from "../../lib/workspace/scaffold/candidates/mod.ts";
import { namesYearsAndQuarters } from "../../lib/workspace/scaffold/candidates/profile.ts";
import { extractClaims } from "../../lib/workspace/scaffold/extract/mod.ts";
import { ROOT } from "../helpers/paths.ts";

const { profiles } = profileCatalog(openCatalog({ dataDir: join(ROOT, "data") }));
const BEA = "bea-trade-by-country";

/** The best candidate for the one claim of `sentence`, read against a document of `date`. */
function best(sentence: string, date: string) {
  const { proposals } = extractClaims(sentence, { format: "text", date });
  assert.equal(proposals.length, 1, `one claim in: ${sentence}`);
  const { candidates } = candidatesFor(proposals[0], profiles);
  assert.ok(candidates.length > 0, `a candidate for: ${sentence}`);
  return candidates[0];
}

Deno.test("candidates: BEA's period column names years and quarters; its account column splits goods and services", () => {
  const bea = profiles.find((p) => p.name === BEA);
  assert.ok(bea, `${BEA} is profiled`);
  assert.equal(bea.quarterPeriodField, "period");
  assert.deepEqual(bea.accountField, {
    name: "account",
    goods: "goods",
    services: "services",
    both: "goods and services",
  });
  assert.ok(bea.years.has(1999) && bea.years.has(2024));
  assert.ok(!bea.categoryFields.some((c) => c.name === "period"), "the periods are not a category to pick from");
  assert.equal(namesYearsAndQuarters(["2017", "2017Q1"]), true);
  assert.equal(namesYearsAndQuarters(["2017", "2018"]), false, "years alone are a year column's business");
  assert.equal(namesYearsAndQuarters(["2017Q1", "2017-02"]), false);
});

Deno.test("candidates: a first half is Q1 + Q2, and goods and services read the row of both", () => {
  // Quoted from the KEI blog post of September 2018 (seed 001).
  const candidate = best(
    "Not only did the six-month bilateral goods and services trade deficit between the U.S. and South Korea decline by 73 percent as compared to last year.",
    "2018-09",
  );
  assert.equal(candidate.resource, BEA);
  assert.equal(candidate.operation, "deficitChange");
  for (const quarter of ["2017Q1", "2017Q2", "2018Q1", "2018Q2"]) {
    assert.match(candidate.code, new RegExp(`account: "goods and services", period: "${quarter}"`));
  }
  assert.match(candidate.code, /\bsum\(\[/);
  // H1 2017: −1,842 − 998 = −2,840; H1 2018: 208 − 1,187 = −979 (US$ millions): the deficit fell 65.528%.
  assert.equal(Number(candidate.computed?.toFixed(3)), -65.528);
  assert.equal(candidate.verdict, "discrepant");
});

Deno.test("candidates: the services surplus reads the services rows; a whole year reads the year's own row", () => {
  const services = best(
    "America’s trade surplus in services to South Korea once again expanded this year by $355 million during the first six months of 2018.",
    "2018-09",
  );
  assert.equal(services.resource, BEA);
  assert.match(services.code, /account: "services", period: "2018Q2"/);
  // H1 2017: 3,884 + 3,722 = 7,606; H1 2018: 3,908 + 3,222 = 7,130: the surplus fell by 476 million.
  assert.equal(services.computed, -476);

  const year = best(
    "In 2017 the U.S. goods and services trade deficit with South Korea was $6.6 billion.",
    "2018-09",
  );
  assert.equal(year.resource, BEA);
  assert.match(year.code, /account: "goods and services", period: "2017" \}/);
  assert.equal(year.computed, 6.648, "the annual row's −6,648 million, read as the size of a deficit");
});

Deno.test("candidates: a claim about US trade reads the US's own statistics before a compilation of every reporter's", () => {
  // Quoted from the 2017 KORUS news item (seed 002): USTR's figure is the Census Bureau's.
  const { proposals } = extractClaims("USTR said U.S. exports to South Korea in 2016 were valued at $42.3 billion.", {
    format: "text",
    date: "2017-10",
  });
  const { candidates } = candidatesFor(proposals[0], profiles);
  const rankOf = (resource: string) => candidates.findIndex((c) => c.resource === resource);
  assert.ok(rankOf("census-goods-by-country-annual") >= 0, candidates.map((c) => c.resource).join(", "));
  const imf = rankOf("imf-dots-annual");
  assert.ok(imf === -1 || imf > rankOf("census-goods-by-country-annual"), "IMF DOTS does not rank first");
  // Census, 2016, Korea, South: exports 42,262.19 US$ millions, from the annual table and from either monthly one.
  const census = candidates.filter((c) => c.resource.startsWith("census-"));
  assert.ok(census.length >= 2 && census[0] === candidates[0], candidates.map((c) => c.resource).join(", "));
  for (const candidate of census) assert.equal(Number(candidate.computed?.toFixed(3)), 42.262, candidate.resource);
  // The two monthly tables give the same sum: one candidate, naming the other, and the third place goes elsewhere.
  const monthly = census.filter((c) => c.operation === "yearToDate");
  assert.equal(monthly.length, 1);
  assert.equal(monthly[0].alsoFrom?.length, 1, JSON.stringify(monthly[0]));
  assert.ok(/^census-goods-by-(partner|country)-monthly$/.test(monthly[0].alsoFrom![0]));
});

Deno.test("candidates: a quarterly table reads the year to date through July as its whole quarters, and says so", () => {
  const candidates = candidatesFor(
    extractClaims(
      "In the first seven months of 2018, the U.S. goods and services trade deficit with India fell by 2.4 percent from the same period of 2017.",
      { format: "text", date: "2018-09" },
    ).proposals[0],
    profiles,
  ).candidates;
  const bea = candidates.find((c) => c.resource === BEA && c.operation === "deficitChange");
  assert.ok(bea, candidates.map((c) => `${c.resource}:${c.operation}`).join(", "));
  assert.match(bea.description, /% change 2017 months 1–6→2018 months 1–6; the whole quarters within 2018 months 1–7/);
  // India, goods and services: H1 2017 −7,033 − 7,405 = −14,438; H1 2018 −6,792 − 7,277 = −14,069: −2.556%.
  assert.equal(Number(bea.computed?.toFixed(3)), -2.556);
  assert.equal(candidates[0], bea, "the Census tables have no services: BEA's quarters are the best reading");
});

Deno.test("candidates: a rank among BEA's countries, on the first half's quarters", () => {
  const { proposals } = extractClaims(
    "In the first half of 2018, Korea ranked ninth among the countries with which the United States ran a trade deficit.",
    { format: "text", date: "2018-09" },
  );
  const bea = candidatesFor(proposals[0], profiles).candidates.find((c) => c.resource === BEA);
  assert.ok(bea, "a BEA candidate");
  assert.equal(bea.operation, "rankBy");
  assert.match(bea.code, /sumQuarters\(.*partner_kind: "country".*\{ year: 2018, quarters: \[1, 2\]/s);
  // Q1 + Q2 2018, goods and services, the 23 countries: China −182,479 … Israel −4,509, Korea −979: 13th deficit.
  assert.equal(bea.computed, 13);
  assert.equal(bea.verdict, "discrepant");
});
