/**
 * The command as users run it: `deno task update --dry-run --base-url
 * http://127.0.0.1:PORT` against the fixture server (the issue's "done"
 * criterion), plus usage errors and --help. After the first test, the command's
 * `main` runs in this process (it still starts the restricted updater process).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { main } from "../../lib/workspace/cli/update.ts";
import { startFixtureServer } from "./fixture_server.ts";
import { loadPublisherData, publisherHandler, recordedImts } from "./publishers.ts";
import { copyData, hashDir, printedBy, ROOT } from "./workspace.ts";

/** What the fake publishers serve by default (the curated data itself), read once for the file's tests. */
const PUBLISHED = await loadPublisherData(join(ROOT, "data"));

async function task(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "update", ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", BEA_API_KEY: "" },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test("cli: deno task update --dry-run --base-url http://127.0.0.1:PORT reports and writes nothing", async () => {
  const dataDir = await copyData();
  const server = startFixtureServer(publisherHandler(PUBLISHED));
  try {
    const before = await hashDir(dataDir);
    const { code, stdout, stderr } = await task(["--dry-run", "--base-url", server.url, "--data-dir", dataDir]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, new RegExp(`network limited to 127\\.0\\.0\\.1:${server.port}`));
    // The last request (the count grows by two every new year) goes to Comtrade.
    assert.match(stderr, /\[(\d+)\/\1\] GET 127\.0\.0\.1:\d+\/public\/v1\/preview\/C\/A\/HS\?reporterCode=410.* 200 /);
    assert.match(stdout, /^census-goods-by-partner-monthly +([\d,]+) → \1 +\+0 \/ −0 +\+0 \/ −0 +0 +unchanged$/m);
    assert.match(stdout, /^bea-services-korea +— → 8 +\+4 \/ −0 +\+8 \/ −0 +0 +new$/m);
    assert.match(stdout, /Dry run: nothing written\./);
    assert.deepEqual(await hashDir(dataDir), before);
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("cli: the IMTS-era change report — vintage, years added from the recorded body, revisions", async () => {
  const dataDir = await copyData();
  // The recorded IMTS series (USA → world exports, 2023–2024) spliced into answers generated from data/,
  // plus a made-up revision of Korea's 2019 exports to Russia (+10%), so that the report has one to show.
  const data = {
    ...PUBLISHED,
    imts: await recordedImts(),
    dots: PUBLISHED.dots.map((r) =>
      r.reporter === "KOR" && r.partner === "RUS" && r.flow === "exports" && r.year === 2019
        ? { ...r, value: (r.value as number) * 1.1 }
        : r
    ),
  };
  const server = startFixtureServer(publisherHandler(data));
  try {
    const before = await hashDir(dataDir);
    const { code, stdout, stderr } = await printedBy(main, [
      "--dry-run",
      "--base-url",
      server.url,
      "--data-dir",
      dataDir,
      "--only",
      "imf-dots-annual",
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /update: imf-dots-annual → .* \(dry run: nothing will be written\)/);
    // The updater process's progress goes to this process's stderr: the fixture server saw the request instead.
    assert.ok(
      server.requests.some((r) =>
        /^\/external\/sdmx\/3\.0\/data\/dataflow\/IMF\.STA\/IMTS\/\+\/KOR\+RUS\+USA\./.test(r)
      ),
      server.requests.join("\n"),
    );
    assert.match(stdout, /^imf-dots-annual: 2 values added, 1 revised in 2 series$/m);
    assert.match(
      stdout,
      /^ {2}vintage: IMF DOTS workbooks as archived, figures to 2020 \(2022-02\) → IMF IMTS \(formerly DOTS\) figures as retrieved from http:\/\/127\.0\.0\.1:\d+ \(--base-url\), not the publisher's host \(\d{4}-\d{2}-\d{2}\)$/m,
    );
    assert.match(stdout, /^ {2}years added: 2023, 2024$/m);
    assert.match(stdout, /^ {4}USA WLD exports 2023 {2}value: 2,019,551\.635133$/m);
    assert.match(stdout, /^ {4}USA WLD exports 2024 {2}value: 2,065,411\.250609$/m);
    assert.match(stdout, /^ {2}revised between the two vintages \(largest first, 1 of 1\):$/m);
    assert.match(stdout, /^ {4}KOR RUS exports 2019 {2}value: 7,789\.791 → 8,568\.77\d* {2}\(\+10\.00%\)$/m);
    assert.deepEqual(await hashDir(dataDir), before);
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("cli: --json prints the report; failures exit 1 with the resource and URL", async () => {
  const dataDir = await copyData();
  const server = startFixtureServer((_request, url) =>
    new Response("<!DOCTYPE html><html><head><title>Bad Gateway</title></head></html>", {
      status: url.pathname.includes("/IMTS/") ? 502 : 404,
    })
  );
  try {
    const before = await hashDir(dataDir);
    const args = ["--base-url", server.url, "--data-dir", dataDir, "--only", "imf-dots-annual", "--retries", "0"];
    const json = await printedBy(main, [...args, "--json", "--quiet"]);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.ok, false);
    assert.equal(report.errors[0].resource, "imf-dots-annual");
    assert.match(report.errors[0].message, /HTTP 502 Bad Gateway \(Bad Gateway\)/);
    assert.equal(report.verdicts, null);
    const text = await printedBy(main, [...args, "--quiet"]);
    assert.equal(text.code, 1);
    assert.match(
      text.stdout,
      /✗ imf-dots-annual: GET http:\/\/127\.0\.0\.1:\d+\/external\/sdmx\/3\.0\/data\/dataflow\/IMF\.STA\/IMTS\/.* failed/,
    );
    assert.match(text.stdout, /Update failed: nothing was written/);
    assert.deepEqual(await hashDir(dataDir), before);
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("cli: --help and usage errors", async () => {
  const log = console.log;
  const error = console.error;
  const printed: string[] = [];
  console.log = (...args: unknown[]) => printed.push(args.join(" "));
  console.error = (...args: unknown[]) => printed.push(args.join(" "));
  try {
    assert.equal(await main(["--help"]), 0);
    assert.match(printed.join("\n"), /usage: deno task update \[options\]/);
    assert.match(printed.join("\n"), /census-goods-by-partner-monthly\n +api\.census\.gov/);
    printed.length = 0;
    assert.equal(await main(["--only", "no-such-resource"]), 2);
    assert.match(printed.join("\n"), /unknown resource\(s\) no-such-resource; updatable resources: census-goods/);
    assert.equal(await main(["--timeout", "soon"]), 2);
    assert.equal(await main(["--retries", "-1"]), 2);
    assert.equal(await main(["--max-body-mb", "0"]), 2);
    assert.match(printed.join("\n"), /--max-body-mb takes megabytes between 0 and 100000, got "0"/);
    assert.equal(await main(["--base-url", "http://127.0.0.1:1/mirror"]), 2);
    assert.equal(await main(["extra"]), 2);
    printed.length = 0;
    assert.equal(await main(["--settle", "--only", "imf-dots-annual"]), 2);
    assert.match(printed.join("\n"), /--settle fetches what the claim records name; drop --only/);
    assert.equal(await main(["--workspace", "/nonexistent-claimbook-copy"]), 2);
    assert.match(printed.join("\n"), /--workspace \/nonexistent-claimbook-copy: no notebooks\/ folder there/);
    assert.equal(await main(["--no-such-flag"]), 2);
  } finally {
    console.log = log;
    console.error = error;
  }
});
