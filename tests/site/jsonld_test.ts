import assert from "node:assert/strict";
import type { DocumentRecord } from "../../lib/analysis/claims/schema.ts";
import { claimReview, jsonLdScript } from "../../lib/workspace/site/jsonld.ts";
import { sampleVerdict } from "./samples.ts";

const document: DocumentRecord = {
  id: "alpha",
  title: "Alpha Review",
  publisher: "Fixture Economic Review",
  authors: ["Ada Lovelace"],
  date: "2018-09",
  url: "https://example.org/alpha",
  license: "CC BY 4.0",
  summary: "s",
};

Deno.test("each verdict becomes a schema.org ClaimReview", () => {
  const review = claimReview(sampleVerdict(), document, { datePublished: "2025-01-15T12:00:00.000Z" });
  assert.equal(review["@context"], "https://schema.org");
  assert.equal(review["@type"], "ClaimReview");
  assert.equal(review.datePublished, "2025-01-15");
  assert.equal(review.claimReviewed, sampleVerdict().quote);
  const rating = review.reviewRating as Record<string, unknown>;
  assert.deepEqual(
    [rating["@type"], rating.ratingValue, rating.bestRating, rating.worstRating, rating.alternateName],
    ["Rating", 3, 3, 1, "Confirmed"],
  );
  const item = review.itemReviewed as Record<string, Record<string, unknown>>;
  assert.equal(item["@type"] as unknown, "Claim");
  assert.deepEqual(item.author, { "@type": "Person", name: "Ada Lovelace" });
  assert.equal(item.appearance.url, "https://example.org/alpha");
});

Deno.test("an unverifiable claim has a textual rating only", () => {
  const review = claimReview(sampleVerdict({ verdict: "unverifiable" }), undefined, { datePublished: "2025-01-15" });
  const rating = review.reviewRating as Record<string, unknown>;
  assert.equal(rating.alternateName, "Unverifiable");
  assert.equal("ratingValue" in rating, false);
});

Deno.test("the JSON-LD element holds valid JSON that no quote can break out of", () => {
  const review = claimReview(sampleVerdict({ quote: "</script><script>alert(1)</script> & more" }), document, {
    datePublished: "2025-01-15",
  });
  const element = jsonLdScript(review);
  const match = /^<script type="application\/ld\+json">(.*)<\/script>$/s.exec(element);
  assert.ok(match);
  assert.doesNotMatch(match[1], /<|>/);
  const parsed = JSON.parse(match[1]);
  assert.equal(parsed["@type"], "ClaimReview");
  assert.equal(parsed.claimReviewed, "</script><script>alert(1)</script> & more");
});
