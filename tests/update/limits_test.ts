/**
 * The publishers' limits as one run keeps them: BEA's requests are paced
 * (under 100 a minute), and BEA's 429 — a one-hour block — stops every
 * later BEA request of the run instead of retrying into a longer block.
 * In process, with a scripted fetch and a clock that only records waits.
 */

import assert from "node:assert/strict";
import { runUpdate } from "../../lib/workspace/update/run.ts";
import { FIXTURES } from "./publishers.ts";
import { copyData } from "./workspace.ts";

const BEA_ONLY = ["bea-services-korea", "bea-services-korea-by-type"];

async function runBea(
  answer: (url: URL) => Response,
): Promise<{ calls: string[]; sleeps: number[]; report: Awaited<ReturnType<typeof runUpdate>> }> {
  const dataDir = await copyData();
  try {
    const calls: string[] = [];
    const sleeps: number[] = [];
    let now = 0;
    const clock = {
      now: () => now,
      sleep: (ms: number) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
      random: () => 0.5,
    };
    const fetchImpl = ((input: string | URL | Request) => {
      calls.push(String(input));
      return Promise.resolve(answer(new URL(String(input))));
    }) as typeof fetch;
    const report = await runUpdate(
      {
        dataDir,
        only: BEA_ONLY,
        dryRun: true,
        allowShrink: false,
        timeoutSeconds: 30,
        retries: 3,
        quiet: true,
        today: "2026-11-23",
      },
      { fetchImpl, clock, env: (name) => (name === "BEA_API_KEY" ? "K" : undefined) },
    );
    return { calls, sleeps, report };
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

Deno.test("limits: two BEA requests in a row are 0.7 s apart at least", async () => {
  const ita = await Deno.readTextFile(new URL("bea-ita-korea.json", FIXTURES));
  const services = await Deno.readTextFile(new URL("bea-intlserv-korea.json", FIXTURES));
  const { calls, sleeps, report } = await runBea((url) =>
    new Response(url.searchParams.get("datasetname") === "IntlServTrade" ? services : ita)
  );
  assert.deepEqual(report.errors, []);
  assert.equal(calls.length, 2);
  assert.deepEqual(sleeps, [700], "the second request waited for BEA's pace");
});

Deno.test("limits: BEA's 429 is not retried, and the run stops asking BEA", async () => {
  const { calls, sleeps, report } = await runBea(() =>
    new Response("Too Many Requests", { status: 429, headers: { "retry-after": "3600" } })
  );
  assert.equal(calls.length, 1, "one request, then BEA is left alone");
  assert.deepEqual(sleeps, []);
  assert.deepEqual(report.errors.map((e) => e.resource), BEA_ONLY);
  assert.match(report.errors[0].message, /UserID=\*\*\*.* failed after 1 attempt: HTTP 429/);
  assert.match(report.errors[0].hint, /BEA blocks a key for an hour .* wait an hour, then run again/);
  assert.match(report.errors[1].message, /not sent: the publisher blocked an earlier request of this run/);
  assert.ok(!JSON.stringify(report).includes("UserID=K&"), "the key is masked everywhere");
});
