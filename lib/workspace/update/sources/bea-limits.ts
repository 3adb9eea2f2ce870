/**
 * BEA's limits, shared by every BEA resource: past 100 requests, 30 errors
 * or about 100 MB a minute, BEA answers 429 and blocks the key for an
 * hour. The updater keeps well under the pace and stops asking BEA at the
 * first block.
 *
 * @module
 */

import type { PublisherLimits } from "../types.ts";

/**
 * At most one request every 0.7 s (under 100 a minute), and a 429 ends BEA's part of the run.
 *
 * @example
 * ```ts
 * BEA_LIMITS.minIntervalMs; // 700
 * ```
 */
export const BEA_LIMITS: PublisherLimits = {
  minIntervalMs: 700,
  blockedHint:
    "BEA blocks a key for an hour after more than 100 requests, 30 errors or about 100 MB in a minute (HTTP 429); " +
    "the updater stopped asking BEA: wait an hour, then run again",
};

/**
 * Key sent when `--base-url` points at a mirror or test server and no `BEA_API_KEY` is set.
 *
 * @example
 * ```ts
 * beaKey({ today: "2026-11-23", env: () => undefined, baseUrl: "http://127.0.0.1:8123" }); // "NO-KEY-BASE-URL"
 * ```
 */
export const PLACEHOLDER_BEA_KEY = "NO-KEY-BASE-URL";

/**
 * Why a BEA resource is skipped without a key.
 *
 * @example
 * ```ts
 * BEA_NO_KEY.startsWith("BEA_API_KEY is not set"); // true
 * ```
 */
export const BEA_NO_KEY =
  "BEA_API_KEY is not set; get a free key at https://apps.bea.gov/api/signup/ and run again with BEA_API_KEY=<key>";

/**
 * The key to send: `BEA_API_KEY`, or a placeholder when `--base-url` is given, or undefined (skip).
 *
 * @example
 * ```ts
 * beaKey({ today: "2026-11-23", env: (n) => (n === "BEA_API_KEY" ? "K" : undefined) }); // "K"
 * ```
 */
export function beaKey(context: { env(name: string): string | undefined; baseUrl?: string }): string | undefined {
  return context.env("BEA_API_KEY") ?? (context.baseUrl ? PLACEHOLDER_BEA_KEY : undefined);
}
