/**
 * Fetching a publisher's endpoint politely and predictably: one request at a
 * time, a timeout per attempt, retries with exponential backoff and jitter on
 * network errors, 5xx, 408 and 429 (honouring `Retry-After`, or a body's "Try
 * again in N seconds", only when the wait fits within the timeout), no retry
 * on other client errors nor on a name that does not resolve, a cap on the
 * body read while it streams, and a progress line per request. The clock is
 * injectable so that tests of the backoff do not wait.
 *
 * @module
 */

import { redactUrl } from "./endpoints.ts";

/** Time and randomness, injectable for tests. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
}

/**
 * The real clock.
 *
 * @example
 * ```ts
 * await SYSTEM_CLOCK.sleep(10);
 * ```
 */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** How often and how long to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = try once). */
  retries: number;
  /** Delay before the first retry; doubles on each retry. */
  baseDelayMs: number;
  /** Upper bound of the exponential delay. */
  maxDelayMs: number;
  /** Upper bound of a delay asked for by `Retry-After`. */
  maxRetryAfterMs: number;
}

/**
 * Defaults: 3 retries, 1 s, 2 s, 4 s (± jitter), at most 30 s; `Retry-After` honoured up to 2 min.
 *
 * @example
 * ```ts
 * const policy = { ...DEFAULT_RETRY_POLICY, retries: 0 }; // try once
 * ```
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * The default cap on a response body: 200 MB (`--max-body-mb` raises it).
 *
 * @example
 * ```ts
 * DEFAULT_MAX_BODY_BYTES / 1e6; // 200
 * ```
 */
export const DEFAULT_MAX_BODY_BYTES = 200_000_000;

/** A request's outcome. */
export interface FetchedBody {
  /** The URL fetched, with keys masked (safe to print and record). */
  url: string;
  status: number;
  body: string;
  /** Size of the body in bytes. */
  bytes: number;
  attempts: number;
  /** Milliseconds taken by the successful attempt. */
  ms: number;
}

/** Options of `fetchWithRetry`. */
export interface FetchOptions {
  /** Timeout of each attempt (headers and body), in milliseconds. */
  timeoutMs: number;
  policy?: RetryPolicy;
  clock?: Clock;
  fetchImpl?: typeof fetch;
  /** Receives progress lines (omit for quiet). */
  progress?: (line: string) => void;
  /** Position of this request among all requests, for the progress line. */
  position?: { index: number; total: number };
  /** Extra request headers (e.g. an API key or an `accept` type); never printed. */
  headers?: Record<string, string>;
  /** Largest body read, in bytes (default `DEFAULT_MAX_BODY_BYTES`); a larger one fails while it streams. */
  maxBodyBytes?: number;
  /**
   * What a 429 means: `retry` (default: wait as asked, within the timeout) or
   * `stop` (the publisher blocks for a long time, e.g. BEA's one-hour block:
   * fail at once with this hint).
   */
  onRateLimit?: "retry" | { stop: string };
}

/**
 * A request failed for good: names the URL (keys masked), the last status
 * or network error, and how many attempts were made.
 *
 * @example
 * ```ts
 * new FetchError("https://api.census.gov/…", "HTTP 500 Internal Server Error", { status: 500, attempts: 4 });
 * ```
 */
export class FetchError extends Error {
  readonly url: string;
  readonly status?: number;
  readonly attempts: number;
  /** Denied by the process's permissions (not retried). */
  readonly permission: boolean;
  /** Why it failed, in a word the run and its report act on. */
  readonly kind: FetchFailureKind;
  /** What to do about it, when the fetcher knows better than a generic hint. */
  readonly hint?: string;

  constructor(
    url: string,
    reason: string,
    details: { status?: number; attempts: number; permission?: boolean; kind?: FetchFailureKind; hint?: string },
  ) {
    const tries = details.attempts === 1 ? "1 attempt" : `${details.attempts} attempts`;
    super(details.attempts === 0 ? `GET ${url} not sent: ${reason}` : `GET ${url} failed after ${tries}: ${reason}`);
    this.name = "FetchError";
    this.url = url;
    this.status = details.status;
    this.attempts = details.attempts;
    this.permission = details.permission ?? false;
    this.kind = details.permission ? "permission" : details.kind ?? (details.status ? "status" : "network");
    this.hint = details.hint;
  }
}

/**
 * Why a request failed: a refused or failed status, a network error, a host
 * name that does not resolve (offline), a permission denial, a body over the
 * cap, a publisher asking to wait longer than the timeout, or a rate-limit
 * block.
 */
export type FetchFailureKind =
  | "status"
  | "network"
  | "dns"
  | "permission"
  | "too-large"
  | "wait-too-long"
  | "blocked";

/**
 * GETs a URL as text, retrying transient failures. Statuses 200–299 succeed
 * (204 with an empty body); anything else fails after the retries the
 * policy allows.
 *
 * @example
 * ```ts
 * const { body } = await fetchWithRetry("https://api.census.gov/data/timeseries/intltrade/exports/hs?…", {
 *   timeoutMs: 30_000,
 *   progress: (line) => console.error(line),
 * });
 * ```
 */
export async function fetchWithRetry(url: string, options: FetchOptions): Promise<FetchedBody> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const fetchImpl = options.fetchImpl ?? fetch;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const shown = redactUrl(url);
  const prefix = options.position ? `[${options.position.index}/${options.position.total}] ` : "";
  const say = (text: string) => options.progress?.(`${prefix}GET ${shortUrl(shown)} ${text}`);
  const attempts = policy.retries + 1;
  for (let attempt = 1;; attempt++) {
    const started = clock.now();
    let failure: { reason: string; status?: number; waitMs?: number };
    try {
      const response = await fetchImpl(url, {
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { accept: "application/json", "user-agent": "claimbook-update/1 (+deno)", ...options.headers },
      });
      if (response.ok) {
        const bytes = await readCapped(response, maxBodyBytes);
        if (typeof bytes === "number") {
          say(`${response.status} more than ${formatBytes(maxBodyBytes)}: stopped reading`);
          throw new FetchError(
            shown,
            `the answer is larger than the ${formatBytes(maxBodyBytes)} cap (${formatBytes(bytes)} read, then stopped)`,
            {
              status: response.status,
              attempts: attempt,
              kind: "too-large",
              hint: "if so large an answer is expected, raise the cap with --max-body-mb; otherwise the endpoint " +
                "answered with something other than the data asked for",
            },
          );
        }
        const body = new TextDecoder().decode(bytes);
        const ms = clock.now() - started;
        say(`${response.status} ${formatBytes(bytes.length)} ${formatSeconds(ms)}`);
        return { url: shown, status: response.status, body, bytes: bytes.length, attempts: attempt, ms };
      }
      const text = await response.text().catch(() => "");
      const excerpt = bodyExcerpt(text);
      failure = {
        reason: `HTTP ${response.status} ${response.statusText}${excerpt ? ` (${excerpt})` : ""}`.trim(),
        status: response.status,
        waitMs: parseRetryAfter(response.headers.get("retry-after"), clock.now()) ?? parseTryAgainIn(text),
      };
      if (response.status === 429 && options.onRateLimit && options.onRateLimit !== "retry") {
        say("429: blocked, not retried");
        throw new FetchError(shown, failure.reason, {
          status: 429,
          attempts: attempt,
          kind: "blocked",
          hint: options.onRateLimit.stop,
        });
      }
      if (!isRetryableStatus(response.status)) {
        say(`${response.status} (not retried)`);
        throw new FetchError(shown, failure.reason, { status: response.status, attempts: attempt });
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
        say("blocked by permissions");
        throw new FetchError(
          shown,
          `blocked by the updater's permissions (${
            (error as Error).message
          }); the updater may only reach the publishers' hosts, or only the --base-url host when one is given`,
          { attempts: attempt, permission: true },
        );
      }
      const unresolved = unresolvedHost(error, url);
      if (unresolved) {
        say("cannot resolve the host: not retried");
        throw new FetchError(shown, `cannot resolve ${unresolved}: no network?`, {
          attempts: attempt,
          kind: "dns",
          hint: `the name ${unresolved} did not resolve (no network, or no DNS); check the connection and run again`,
        });
      }
      failure = { reason: networkReason(error, options.timeoutMs) };
    }
    if (attempt >= attempts) {
      say(`${failure.status ?? "failed"}: giving up`);
      throw new FetchError(shown, failure.reason, { status: failure.status, attempts: attempt });
    }
    const bound = Math.min(policy.maxRetryAfterMs, options.timeoutMs);
    if (failure.waitMs !== undefined && failure.waitMs > bound) {
      say(`${failure.status}: asked to wait ${formatSeconds(failure.waitMs)}; not waiting`);
      throw new FetchError(
        shown,
        `${failure.reason}; the publisher asked to wait ${formatSeconds(failure.waitMs)} before trying again, ` +
          `longer than the ${formatSeconds(bound)} allowed`,
        {
          status: failure.status,
          attempts: attempt,
          kind: "wait-too-long",
          hint: "try again later, or allow a longer wait with --timeout (a wait is honoured up to the timeout)",
        },
      );
    }
    const delay = failure.waitMs ?? backoffDelayMs(attempt, policy, clock);
    say(`${failure.status ?? failure.reason}; retry ${attempt}/${policy.retries} in ${formatSeconds(delay)}`);
    await clock.sleep(delay);
  }
}

/**
 * Whether a status is worth retrying: server errors, 408 and 429.
 *
 * @example
 * ```ts
 * isRetryableStatus(503); // true
 * isRetryableStatus(404); // false
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * The wait before retry number `attempt` (1-based): `Retry-After` when the
 * server sent one (capped), else exponential backoff with "equal jitter"
 * (half fixed, half random), capped.
 *
 * @example
 * ```ts
 * const clock = { now: () => 0, sleep: async () => {}, random: () => 0.5 };
 * retryDelayMs(2, null, DEFAULT_RETRY_POLICY, clock); // 1500 (2 s backoff: 1 s + 0.5 × 1 s)
 * retryDelayMs(1, "7", DEFAULT_RETRY_POLICY, clock); // 7000
 * ```
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, policy: RetryPolicy, clock: Clock): number {
  const asked = parseRetryAfter(retryAfter, clock.now());
  if (asked !== undefined) return Math.min(asked, policy.maxRetryAfterMs);
  return backoffDelayMs(attempt, policy, clock);
}

function backoffDelayMs(attempt: number, policy: RetryPolicy, clock: Clock): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * clock.random());
}

/**
 * Reads the wait a rate-limit message asks for in its text, as UN Comtrade
 * words it ("Rate limit is exceeded. Try again in 12 seconds."). Returns
 * milliseconds, or undefined.
 *
 * @example
 * ```ts
 * parseTryAgainIn('{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 12 seconds." }'); // 12000
 * ```
 */
export function parseTryAgainIn(body: string): number | undefined {
  const match = /try again in (\d+) seconds?/i.exec(body);
  return match ? Number(match[1]) * 1000 : undefined;
}

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date. Returns
 * milliseconds from `nowMs`, or undefined when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter("120", 0); // 120000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:30 GMT")); // 30000
 * ```
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * A size for humans.
 *
 * @example
 * ```ts
 * formatBytes(1_234_567); // "1.2 MB"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Host, path and a shortened query: enough to recognise the request on one line. */
function shortUrl(url: string): string {
  const parsed = new URL(url);
  const query = parsed.search.length > 72 ? `${parsed.search.slice(0, 70)}…` : parsed.search;
  return `${parsed.host}${parsed.pathname}${query}`;
}

/** Reads the body, or returns the bytes read when it passed the cap (reading stops there). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | number> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    return declared;
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return total;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** The host whose name did not resolve, when that is why the request failed. */
function unresolvedHost(error: unknown, url: string): string | undefined {
  const cause = (error as { cause?: unknown })?.cause;
  const text = `${(error as Error)?.message ?? ""} ${cause instanceof Error ? cause.message : String(cause ?? "")}`;
  if (
    !/dns error|failed to lookup address|name or service not known|temporary failure in name resolution|nodename nor servname/i
      .test(text)
  ) {
    return undefined;
  }
  return new URL(url).hostname;
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as Error;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") {
    return `no complete response within ${formatSeconds(timeoutMs)} (timeout; raise it with --timeout)`;
  }
  const cause = (e as { cause?: unknown })?.cause;
  const detail = cause instanceof Error ? cause.message : e?.message ?? String(error);
  if (/connection refused/i.test(detail)) return `connection refused (${detail})`;
  return `network error (${detail})`;
}

/** The first words of an error body, tags removed, so an HTML error page reads as its text. */
function bodyExcerpt(body: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
