/**
 * Offline: a host name that does not resolve is said at once ("cannot
 * resolve api.census.gov: no network?"), not retried, and not asked again
 * by the rest of the run. In process, with a fetch that fails as Deno's does
 * when DNS fails, so that no test depends on the machine's resolver.
 */

import assert from "node:assert/strict";
import { runUpdate } from "../../lib/workspace/update/run.ts";
import { copyData, hashDir } from "./workspace.ts";

function offlineFetch(calls: string[]): typeof fetch {
  return ((input: string | URL | Request) => {
    const url = String(input);
    calls.push(url);
    return Promise.reject(
      new TypeError("fetch failed", {
        cause: new Error(
          `error sending request for url (${url}): client error (Connect): dns error: ` +
            "failed to lookup address information: Name or service not known",
        ),
      }),
    );
  }) as typeof fetch;
}

const plan = (dataDir: string, baseUrl?: string) => ({
  dataDir,
  baseUrl,
  dryRun: false,
  allowShrink: false,
  timeoutSeconds: 30,
  retries: 3,
  quiet: true,
  today: "2026-11-23",
});

Deno.test("offline: each publisher's host fails once, at once, as 'cannot resolve …: no network?'", async () => {
  const dataDir = await copyData();
  try {
    const before = await hashDir(dataDir);
    const calls: string[] = [];
    const sleeps: number[] = [];
    const clock = {
      now: () => Date.now(),
      sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()),
      random: () => 0,
    };
    const report = await runUpdate(plan(dataDir), { fetchImpl: offlineFetch(calls), clock, env: () => undefined });
    assert.equal(report.ok, false);
    assert.deepEqual(sleeps, [], "no backoff: nothing was retried");
    assert.deepEqual(calls.map((u) => new URL(u).host), ["api.census.gov", "api.imf.org", "comtradeapi.un.org"]);
    assert.deepEqual(
      report.errors.map((e) => [e.resource, e.message.replace(/^GET \S+ /, "")]),
      [
        ["census-goods-by-partner-monthly", "failed after 1 attempt: cannot resolve api.census.gov: no network?"],
        ["imf-dots-annual", "failed after 1 attempt: cannot resolve api.imf.org: no network?"],
        ["comtrade-korea-partners", "failed after 1 attempt: cannot resolve comtradeapi.un.org: no network?"],
      ],
    );
    assert.match(report.errors[0].hint, /did not resolve \(no network, or no DNS\)/);
    assert.ok(report.errors.every((e) => !/did not answer in time/.test(e.hint)));
    assert.deepEqual(await hashDir(dataDir), before);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("offline: one host for every resource (--base-url) is asked once; the rest are not sent", async () => {
  const dataDir = await copyData();
  try {
    const calls: string[] = [];
    const report = await runUpdate(plan(dataDir, "http://mirror.invalid:8080"), {
      fetchImpl: offlineFetch(calls),
      env: () => undefined,
    });
    assert.equal(calls.length, 1);
    assert.equal(report.errors.length, 5);
    assert.match(report.errors[0].message, /failed after 1 attempt: cannot resolve mirror\.invalid: no network\?$/);
    for (const later of report.errors.slice(1)) {
      assert.match(
        later.message,
        /^GET http:\/\/mirror\.invalid:8080\/\S+ not sent: cannot resolve mirror\.invalid: no network\? \(an earlier request of this run failed so\)$/,
      );
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
