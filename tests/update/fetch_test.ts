import assert from "node:assert/strict";
import {
  type Clock,
  DEFAULT_RETRY_POLICY,
  FetchError,
  fetchWithRetry,
  formatBytes,
  parseRetryAfter,
  retryDelayMs,
} from "../../lib/workspace/update/fetch.ts";

/** A clock that only pretends to wait, recording every sleep. */
function fakeClock(): { clock: Clock; sleeps: number[] } {
  let now = Date.parse("2026-11-23T12:00:00Z");
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
      random: () => 0.5,
    },
  };
}

/** A fetch that answers from a script, one entry per call. */
function scripted(answers: (Response | Error | (() => Response))[]): { fetchImpl: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchImpl = ((input: string | URL | Request) => {
    calls.push(String(input));
    const next = answers.shift();
    if (next === undefined) return Promise.reject(new Error("script exhausted"));
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve(typeof next === "function" ? next() : next);
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const URL_WITH_KEY = "https://api.census.gov/data/timeseries/intltrade/exports/hs?get=CTY_CODE&YEAR=2018&key=SECRET123";

Deno.test("fetch: retries a 500 with exponential backoff and jitter, then succeeds", async () => {
  const { clock, sleeps } = fakeClock();
  const { fetchImpl, calls } = scripted([
    new Response("oops", { status: 500 }),
    new Response("busy", { status: 503 }),
    new Response('[["A"]]', { status: 200 }),
  ]);
  const lines: string[] = [];
  const result = await fetchWithRetry(URL_WITH_KEY, {
    timeoutMs: 1000,
    clock,
    fetchImpl,
    progress: (l) => lines.push(l),
    position: { index: 3, total: 24 },
  });
  assert.equal(result.status, 200);
  assert.equal(result.attempts, 3);
  assert.equal(calls.length, 3);
  // equal jitter with random() = 0.5: 1 s → 0.75 s, 2 s → 1.5 s
  assert.deepEqual(sleeps, [750, 1500]);
  assert.match(
    lines[0],
    /^\[3\/24\] GET api\.census\.gov\/data\/timeseries\/intltrade\/exports\/hs\?.* 500; retry 1\/3 in 0\.8 s$/,
  );
  assert.match(lines[2], /^\[3\/24\] GET .* 200 7 B \d+\.\d s$/);
  assert.ok(lines.every((l) => !l.includes("SECRET123")), "keys are masked in progress lines");
});

Deno.test("fetch: honours Retry-After in seconds and as an HTTP date, capped", async () => {
  const { clock, sleeps } = fakeClock();
  // The fake clock advances by each sleep: the date is 30 s after the first 7 s wait.
  const date = new Date(clock.now() + 7000 + 30_000).toUTCString();
  const { fetchImpl } = scripted([
    new Response("slow down", { status: 429, headers: { "retry-after": "7" } }),
    new Response("slow down", { status: 429, headers: { "retry-after": date } }),
    new Response("slow down", { status: 429, headers: { "retry-after": "86400" } }),
    new Response("{}", { status: 200 }),
  ]);
  await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 1000, clock, fetchImpl });
  assert.deepEqual(sleeps, [7000, 30_000, DEFAULT_RETRY_POLICY.maxRetryAfterMs]);
});

Deno.test("fetch: does not retry a 404 and names URL (key masked), status and attempts", async () => {
  const { clock, sleeps } = fakeClock();
  const { fetchImpl, calls } = scripted([new Response("error: unknown variable 'ALL_VAL_MOX'", { status: 404 })]);
  const error = await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 1000, clock, fetchImpl }).catch((e) => e);
  assert.ok(error instanceof FetchError);
  assert.equal(calls.length, 1);
  assert.deepEqual(sleeps, []);
  assert.equal(error.status, 404);
  assert.match(error.message, /GET https:\/\/api\.census\.gov\/.*key=\*\*\* failed after 1 attempt: HTTP 404/);
  assert.match(error.message, /unknown variable 'ALL_VAL_MOX'/);
  assert.ok(!error.message.includes("SECRET123"));
});

Deno.test("fetch: retries network errors and gives up after the allowed retries", async () => {
  const { clock, sleeps } = fakeClock();
  const refused = new TypeError("fetch failed", {
    cause: new Error("tcp connect error: Connection refused (os error 111)"),
  });
  const { fetchImpl, calls } = scripted([refused, refused, refused]);
  const error = await fetchWithRetry(URL_WITH_KEY, {
    timeoutMs: 1000,
    clock,
    fetchImpl,
    policy: { ...DEFAULT_RETRY_POLICY, retries: 2 },
  }).catch((e) => e);
  assert.ok(error instanceof FetchError);
  assert.equal(calls.length, 3);
  assert.equal(sleeps.length, 2);
  assert.match(error.message, /failed after 3 attempts: connection refused/);
});

Deno.test("fetch: a request that outlives the timeout fails with a timeout message", async () => {
  const fetchImpl = ((_input: string, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
    })) as typeof fetch;
  const { clock } = fakeClock();
  const error = await fetchWithRetry(URL_WITH_KEY, {
    timeoutMs: 30,
    clock,
    fetchImpl,
    policy: { ...DEFAULT_RETRY_POLICY, retries: 1 },
  }).catch((e) => e);
  assert.ok(error instanceof FetchError);
  assert.match(error.message, /failed after 2 attempts: no complete response within 0\.0 s \(timeout/);
});

Deno.test("fetch: a permission denial is not retried and says which hosts are allowed", async () => {
  const { clock, sleeps } = fakeClock();
  const { fetchImpl } = scripted([
    new Deno.errors.NotCapable('Requires net access to "127.0.0.2:8080", run again with the --allow-net flag'),
  ]);
  const error = await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 1000, clock, fetchImpl }).catch((e) => e);
  assert.ok(error instanceof FetchError);
  assert.equal(error.permission, true);
  assert.deepEqual(sleeps, []);
  assert.match(error.message, /blocked by the updater's permissions \(Requires net access to "127\.0\.0\.2:8080"/);
});

Deno.test("fetch: 204 succeeds with an empty body", async () => {
  const { fetchImpl } = scripted([new Response(null, { status: 204 })]);
  const result = await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 1000, fetchImpl });
  assert.equal(result.status, 204);
  assert.equal(result.body, "");
  assert.equal(result.url, URL_WITH_KEY.replace("SECRET123", "***"));
});

Deno.test("fetch: backoff delays and Retry-After parsing", () => {
  const clock = { now: () => 0, sleep: () => Promise.resolve(), random: () => 1 };
  assert.equal(retryDelayMs(1, null, DEFAULT_RETRY_POLICY, clock), 1000);
  assert.equal(retryDelayMs(3, null, DEFAULT_RETRY_POLICY, clock), 4000);
  assert.equal(retryDelayMs(10, null, DEFAULT_RETRY_POLICY, clock), DEFAULT_RETRY_POLICY.maxDelayMs);
  assert.equal(retryDelayMs(1, "2", DEFAULT_RETRY_POLICY, clock), 2000);
  assert.equal(parseRetryAfter("120", 0), 120_000);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:30 GMT")), 30_000);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 08:00:00 GMT")), 0);
  assert.equal(parseRetryAfter("soon", 0), undefined);
  assert.equal(parseRetryAfter(null, 0), undefined);
  assert.equal(formatBytes(812), "812 B");
  assert.equal(formatBytes(12_345), "12.3 kB");
  assert.equal(formatBytes(1_234_567), "1.2 MB");
});
