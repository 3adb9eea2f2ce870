/**
 * The updater process's boundary: it reaches only the hosts it is allowed,
 * writes only the data folder, and its command line never carries an empty
 * (= unlimited) allow-list.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { childArgs, childPermissions } from "../../lib/workspace/update/spawn.ts";
import { startFixtureServer } from "./fixture_server.ts";
import { imtsObservations, imtsXmlBody, loadPublisherData, publisherHandler } from "./publishers.ts";
import { copyData, hashDir, planFor, ROOT, runPlan } from "./workspace.ts";

const PUBLISHED = await loadPublisherData(join(ROOT, "data"));

Deno.test("permissions: the child may only reach the publishers' hosts, or only the --base-url host", () => {
  const plan = planFor("/tmp/data", "http://127.0.0.1:8123");
  assert.deepEqual(childPermissions(plan, ROOT), {
    net: ["127.0.0.1:8123"],
    read: [ROOT, "/tmp/data"],
    write: ["/tmp/data"],
    env: ["BEA_API_KEY", "CENSUS_API_KEY", "COMTRADE_API_KEY"],
  });
  const real = childPermissions({ ...plan, baseUrl: undefined, only: ["imf-dots-annual"] }, ROOT);
  assert.deepEqual(real.net, ["api.imf.org"]);
  assert.deepEqual(real.env, []);
  const args = childArgs({ ...plan, only: ["imf-dots-annual"] }, real, ROOT);
  assert.ok(args.includes("--allow-net=api.imf.org"));
  assert.ok(!args.some((a) => a.startsWith("--allow-env")), "no env access at all rather than an empty (= any) list");
  assert.ok(!args.includes("-A") && !args.some((a) => a === "--allow-all" || /^--allow-(run|ffi|sys)/.test(a)));
});

Deno.test("permissions: a dry run gets no write access; empty allow-lists are refused", () => {
  const dry = childPermissions(planFor("/tmp/data", "http://127.0.0.1:8123", { dryRun: true }), ROOT);
  assert.deepEqual(dry.write, []);
  const args = childArgs(planFor("/tmp/data", "http://127.0.0.1:8123"), dry, ROOT);
  assert.ok(!args.some((a) => a.startsWith("--allow-write")));
  assert.throws(() => childArgs(planFor("/tmp/data", "x"), { ...dry, net: [] }, ROOT), /no host to fetch from/);
  assert.throws(() => childArgs(planFor("/tmp/data", "x"), { ...dry, net: [""] }, ROOT), /cannot grant ""/);
});

Deno.test("permissions: an endpoint outside the allowed hosts is blocked, named, and nothing is written", async () => {
  const dataDir = await copyData();
  const server = startFixtureServer(publisherHandler(PUBLISHED));
  try {
    const before = await hashDir(dataDir);
    // Allowed: the fixture server. Asked for: another address, as if an endpoint pointed elsewhere.
    const plan = planFor(dataDir, `http://127.0.0.2:${server.port}`, { only: ["imf-dots-annual"], retries: 2 });
    const permissions = { ...childPermissions(plan, ROOT), net: [`127.0.0.1:${server.port}`] };
    const { report } = await runPlan(plan, { permissions });
    assert.equal(report.ok, false);
    const [error] = report.errors;
    assert.equal(error.resource, "imf-dots-annual");
    assert.ok(error.url?.startsWith(`http://127.0.0.2:${server.port}/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/`));
    assert.match(
      error.message,
      /failed after 1 attempt: blocked by the updater's permissions \(Requires net access to "127\.0\.0\.2:\d+"/,
    );
    assert.match(error.hint, /may only reach the publishers' hosts/);
    assert.deepEqual(server.requests, [], "the request never left the process");
    assert.deepEqual(await hashDir(dataDir), before);
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("permissions: the child cannot write outside the data folder it was given", async () => {
  const allowedDir = await copyData();
  const otherDir = await copyData();
  const revised = PUBLISHED.dots.map((r) =>
    r.reporter === "KOR" && r.partner === "RUS" && r.flow === "exports" && r.year === 2019 ? { ...r, value: 7900.5 } : r
  );
  const server = startFixtureServer((_request, url) =>
    url.pathname.includes("/IMTS/")
      ? new Response(imtsXmlBody(imtsObservations(revised)))
      : new Response("", { status: 404 })
  );
  try {
    const before = { allowed: await hashDir(allowedDir), other: await hashDir(otherDir) };
    const plan = planFor(otherDir, server.url, { only: ["imf-dots-annual"] });
    const permissions = { ...childPermissions(plan, ROOT), write: [allowedDir] };
    const { report } = await runPlan(plan, { permissions });
    assert.equal(report.ok, false);
    const [error] = report.errors;
    assert.equal(error.resource, "(write)");
    assert.match(error.message, new RegExp(`could not write to ${otherDir}: Requires write access to "${otherDir}/`));
    assert.match(error.hint, /nothing was replaced/);
    assert.deepEqual(await hashDir(otherDir), before.other);
    assert.deepEqual(await hashDir(allowedDir), before.allowed);
  } finally {
    await server.close();
    await Deno.remove(allowedDir, { recursive: true });
    await Deno.remove(otherDir, { recursive: true });
  }
});
