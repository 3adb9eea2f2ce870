import assert from "node:assert/strict";
import {
  type Clock,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETRY_POLICY,
  FetchError,
  fetchWithRetry,
  formatBytes,
  parseRetryAfter,
  parseTryAgainIn,
  retryDelayMs,
} from "../../lib/workspace/update/fetch.ts";
import { HostState } from "../../lib/workspace/update/hosts.ts";

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

Deno.test("fetch: honours Retry-After in seconds and as an HTTP date, within the timeout", async () => {
  const { clock, sleeps } = fakeClock();
  // The fake clock advances by each sleep: the date is 30 s after the first 7 s wait.
  const date = new Date(clock.now() + 7000 + 30_000).toUTCString();
  const { fetchImpl } = scripted([
    new Response("slow down", { status: 429, headers: { "retry-after": "7" } }),
    new Response("slow down", { status: 429, headers: { "retry-after": date } }),
    new Response("{}", { status: 200 }),
  ]);
  await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 60_000, clock, fetchImpl });
  assert.deepEqual(sleeps, [7000, 30_000]);
});

Deno.test("fetch: a Retry-After longer than the timeout fails at once instead of waiting", async () => {
  const { clock, sleeps } = fakeClock();
  const { fetchImpl, calls } = scripted([
    new Response("slow down", { status: 429, headers: { "retry-after": "100000" } }),
  ]);
  const started = Date.now();
  const error = await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 5000, clock, fetchImpl }).catch((e) => e);
  assert.ok(error instanceof FetchError);
  assert.deepEqual(sleeps, [], "no wait at all");
  assert.equal(calls.length, 1);
  assert.ok(Date.now() - started < 1000);
  assert.equal(error.kind, "wait-too-long");
  assert.match(
    error.message,
    /HTTP 429 .*the publisher asked to wait 100000\.0 s before trying again, longer than the 5\.0 s allowed/,
  );
  assert.match(error.hint ?? "", /--timeout/);
});

Deno.test("fetch: Comtrade's 'Try again in N seconds' is honoured within the timeout", async () => {
  const { clock, sleeps } = fakeClock();
  const busy = () =>
    new Response('{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 3 seconds." }', {
      status: 429,
    });
  const { fetchImpl } = scripted([busy, new Response('{"count":0,"data":[],"error":""}')]);
  const result = await fetchWithRetry("https://comtradeapi.un.org/public/v1/preview/C/A/HS?period=2019", {
    timeoutMs: 10_000,
    clock,
    fetchImpl,
  });
  assert.equal(result.attempts, 2);
  assert.deepEqual(sleeps, [3000]);
  assert.equal(parseTryAgainIn("Rate limit is exceeded. Try again in 61 seconds."), 61_000);
  assert.equal(parseTryAgainIn("Too many requests"), undefined);

  const long = scripted([
    new Response("Rate limit is exceeded. Try again in 45 seconds.", { status: 429 }),
  ]);
  const error = await fetchWithRetry("https://comtradeapi.un.org/x", {
    timeoutMs: 10_000,
    clock,
    fetchImpl: long.fetchImpl,
  })
    .catch((e) => e);
  assert.ok(error instanceof FetchError);
  assert.match(error.message, /asked to wait 45\.0 s before trying again, longer than the 10\.0 s allowed/);
});

Deno.test("fetch: a 429 from a publisher that blocks (BEA) is not retried and says so", async () => {
  const { clock, sleeps } = fakeClock();
  const { fetchImpl, calls } = scripted([
    new Response("Too Many Requests", { status: 429, headers: { "retry-after": "3600" } }),
  ]);
  const error = await fetchWithRetry("https://apps.bea.gov/api/data?UserID=K&method=GetData", {
    timeoutMs: 30_000,
    clock,
    fetchImpl,
    onRateLimit: { stop: "BEA blocks the key for an hour" },
  }).catch((e) => e);
  assert.ok(error instanceof FetchError);
  assert.equal(calls.length, 1);
  assert.deepEqual(sleeps, []);
  assert.equal(error.kind, "blocked");
  assert.equal(error.hint, "BEA blocks the key for an hour");
  assert.match(error.message, /UserID=\*\*\*.*failed after 1 attempt: HTTP 429/);
});

Deno.test("fetch: a host name that does not resolve is said at once, not retried", async () => {
  const { clock, sleeps } = fakeClock();
  const dns = new TypeError("fetch failed", {
    cause: new Error(
      "error sending request for url (https://api.census.gov/data): client error (Connect): dns error: " +
        "failed to lookup address information: Name or service not known",
    ),
  });
  const { fetchImpl, calls } = scripted([dns, dns, dns, dns]);
  const error = await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 1000, clock, fetchImpl }).catch((e) => e);
  assert.ok(error instanceof FetchError);
  assert.equal(calls.length, 1, "not retried");
  assert.deepEqual(sleeps, []);
  assert.equal(error.kind, "dns");
  assert.match(error.message, /failed after 1 attempt: cannot resolve api\.census\.gov: no network\?$/);
});

Deno.test("fetch: a body over the cap fails while it streams, without reading the rest", async () => {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024);
  const endless = () =>
    new Response(
      new ReadableStream({
        pull(controller) {
          pulled++;
          controller.enqueue(chunk);
        },
      }),
      { status: 200 },
    );
  const { fetchImpl } = scripted([endless]);
  const error = await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 5000, fetchImpl, maxBodyBytes: 1_000_000 }).catch((e) =>
    e
  );
  assert.ok(error instanceof FetchError);
  assert.equal(error.kind, "too-large");
  assert.match(error.message, /the answer is larger than the 1\.0 MB cap \(1\.0 MB read, then stopped\)/);
  assert.match(error.hint ?? "", /--max-body-mb/);
  assert.ok(pulled < 40, `stopped reading after the cap (${pulled} chunks)`);

  const declared = scripted([
    new Response("x", { status: 200, headers: { "content-length": String(DEFAULT_MAX_BODY_BYTES + 1) } }),
  ]);
  const big = await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 5000, fetchImpl: declared.fetchImpl }).catch((e) => e);
  assert.ok(big instanceof FetchError);
  assert.match(big.message, /larger than the 200\.0 MB cap/);
  const ok = scripted([new Response("[1]", { status: 200 })]);
  assert.equal(
    (await fetchWithRetry(URL_WITH_KEY, { timeoutMs: 5000, fetchImpl: ok.fetchImpl, maxBodyBytes: 3 })).body,
    "[1]",
  );
});

Deno.test("fetch: extra headers are sent (an accept type, a key as a header)", async () => {
  let seen: Headers | undefined;
  const fetchImpl = ((_input: string, init?: RequestInit) => {
    seen = new Headers(init?.headers);
    return Promise.resolve(new Response("{}"));
  }) as typeof fetch;
  await fetchWithRetry("https://comtradeapi.un.org/data/v1/get/C/A/HS", {
    timeoutMs: 1000,
    fetchImpl,
    headers: { "Ocp-Apim-Subscription-Key": "S3CRET" },
  });
  assert.equal(seen?.get("ocp-apim-subscription-key"), "S3CRET");
  assert.equal(seen?.get("accept"), "application/json");
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

Deno.test("hosts: requests to one host are paced; a host that did not resolve or blocked is not asked again", async () => {
  const { clock, sleeps } = fakeClock();
  const hosts = new HostState(clock);
  await hosts.pace("https://apps.bea.gov/api/data?a", 700);
  await hosts.pace("https://api.census.gov/x", 700);
  await hosts.pace("https://apps.bea.gov/api/data?b", 700);
  assert.deepEqual(sleeps, [700], "only the second BEA request waited");

  const dns = new FetchError("https://api.census.gov/x", "cannot resolve api.census.gov: no network?", {
    attempts: 1,
    kind: "dns",
  });
  hosts.noteFailure("https://api.census.gov/x", dns);
  hosts.noteFailure("https://apps.bea.gov/api/data", new FetchError("u", "HTTP 500", { status: 500, attempts: 4 }));
  assert.throws(
    () => hosts.refuseIfStopped("https://api.census.gov/y", "https://api.census.gov/y"),
    /GET https:\/\/api\.census\.gov\/y not sent: cannot resolve api\.census\.gov: no network\? \(an earlier request/,
  );
  hosts.refuseIfStopped("https://apps.bea.gov/api/data?c", "…"); // a 500 does not stop the host
});
