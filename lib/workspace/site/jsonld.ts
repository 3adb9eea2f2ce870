/**
 * schema.org `ClaimReview` JSON-LD, the format fact-checkers publish with,
 * so search engines and fact-check aggregators can read each verdict.
 *
 * @module
 */

import type { DocumentRecord } from "../../analysis/claims/schema.ts";
import type { VerdictData, VerdictKind } from "../../analysis/claims/verdict.ts";

/** Numeric ratings on a 1–3 scale; an unverifiable claim gets a textual rating only. */
const RATING: Partial<Record<VerdictKind, number>> = { confirmed: 3, approximate: 2, discrepant: 1 };

/** The rating's name, the verdict's own word (the site says "not checkable" for unverifiable). */
const RATING_NAME: Record<VerdictKind, string> = {
  confirmed: "Confirmed",
  approximate: "Approximate",
  discrepant: "Discrepant",
  unverifiable: "Unverifiable",
};

/** Context of a review: who reviewed, when, and where the review lives. */
export interface ReviewContext {
  /** ISO date (or date-time) the verdict was published; only the date is used. */
  datePublished: string;
  /** Absolute URL of the review, when the site's address is known. */
  url?: string;
  /** Name of the reviewing organisation (default "claimbook"). */
  reviewer?: string;
}

/**
 * A `ClaimReview` object for one verdict.
 *
 * @example
 * ```ts
 * const review = claimReview(verdict, document, { datePublished: "2025-11-23" });
 * review["@type"]; // "ClaimReview"
 * ```
 */
export function claimReview(
  verdict: VerdictData,
  document: DocumentRecord | undefined,
  context: ReviewContext,
): Record<string, unknown> {
  const rating = RATING[verdict.verdict];
  const claimAuthor = document ? authorsOf(document) : undefined;
  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    ...(context.url ? { url: context.url } : {}),
    datePublished: context.datePublished.slice(0, 10),
    author: { "@type": "Organization", name: context.reviewer ?? "claimbook" },
    claimReviewed: verdict.quote,
    reviewRating: {
      "@type": "Rating",
      ...(rating === undefined ? {} : { ratingValue: rating, worstRating: 1, bestRating: 3 }),
      alternateName: RATING_NAME[verdict.verdict],
      ratingExplanation: verdict.vintage ? `${verdict.reason} ${verdict.vintage.text}` : verdict.reason,
    },
    itemReviewed: {
      "@type": "Claim",
      ...(claimAuthor ? { author: claimAuthor } : {}),
      ...(document ? { datePublished: document.date } : {}),
      ...(document
        ? {
          appearance: {
            "@type": "CreativeWork",
            headline: document.title,
            ...(document.url ? { url: document.url } : {}),
            datePublished: document.date,
            publisher: { "@type": "Organization", name: document.publisher },
          },
        }
        : {}),
    },
  };
}

function authorsOf(document: DocumentRecord): Record<string, unknown> | Record<string, unknown>[] {
  if (document.authors.length === 0) return { "@type": "Organization", name: document.publisher };
  const people = document.authors.map((name) => ({ "@type": "Person", name }));
  return people.length === 1 ? people[0] : people;
}

/**
 * A `<script type="application/ld+json">` element. `<`, `>` and `&` are
 * escaped inside the JSON so no quote can close the element early.
 *
 * @example
 * ```ts
 * jsonLdScript({ a: "</script>" });
 * // '<script type="application/ld+json">{"a":"\\u003c/script\\u003e"}</script>'
 * ```
 */
export function jsonLdScript(data: Record<string, unknown>): string {
  const json = JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return `<script type="application/ld+json">${json}</script>`;
}
