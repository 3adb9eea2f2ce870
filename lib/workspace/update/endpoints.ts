/**
 * Endpoints and the network boundary of the updater: which hosts it may
 * reach, how `--base-url` redirects every endpoint to one host (keeping the
 * publisher's paths and queries, so a mirror or a test server sees realistic
 * requests), and how API keys are masked before a URL is printed or
 * recorded.
 *
 * @module
 */

/**
 * Query parameters that carry credentials: their values never reach a log or `datapackage.json`.
 *
 * @example
 * ```ts
 * SECRET_PARAMETERS.includes("UserID"); // true (BEA)
 * ```
 */
export const SECRET_PARAMETERS: readonly string[] = ["key", "UserID", "subscription-key", "api_key"];

/**
 * Parses and checks a `--base-url`: scheme and host (and port) only.
 *
 * @example
 * ```ts
 * parseBaseUrl("http://127.0.0.1:8080").host; // "127.0.0.1:8080"
 * ```
 */
export function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--base-url ${JSON.stringify(text)} is not a URL; expected e.g. http://127.0.0.1:8080`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`--base-url must be http:// or https://, got ${url.protocol}`);
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || url.username) {
    throw new Error(
      `--base-url takes scheme://host[:port] only (the publishers' paths are kept), got ${JSON.stringify(text)}`,
    );
  }
  return url;
}

/**
 * Replaces scheme, host and port of an endpoint with those of `base`,
 * keeping path and query.
 *
 * @example
 * ```ts
 * rebaseUrl("https://api.census.gov/data/timeseries/intltrade/exports/hs?get=CTY_CODE&YEAR=2018", new URL("http://127.0.0.1:8080"));
 * // "http://127.0.0.1:8080/data/timeseries/intltrade/exports/hs?get=CTY_CODE&YEAR=2018"
 * ```
 */
export function rebaseUrl(endpoint: string, base?: URL): string {
  if (!base) return endpoint;
  const url = new URL(endpoint);
  return `${base.protocol}//${base.host}${url.pathname}${url.search}`;
}

/**
 * The `--allow-net` list: the given publisher hosts, or only the base URL's
 * host and port.
 *
 * @example
 * ```ts
 * netAllowList(["api.census.gov"], new URL("http://127.0.0.1:8080")); // ["127.0.0.1:8080"]
 * ```
 */
export function netAllowList(publisherHosts: readonly string[], base?: URL): string[] {
  return base ? [base.host] : [...new Set(publisherHosts)].sort();
}

/**
 * Masks credentials in a URL's query (`key=***`).
 *
 * @example
 * ```ts
 * redactUrl("https://apps.bea.gov/api/data?UserID=abc123&method=GetData"); // "https://apps.bea.gov/api/data?UserID=***&method=GetData"
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(
    new RegExp(`([?&](?:${SECRET_PARAMETERS.map(escapeRegExp).join("|")})=)[^&#]*`, "g"),
    "$1***",
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
}
