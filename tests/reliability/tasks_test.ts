/**
 * The workspace's tasks set themselves up: Deno uses `node_modules/` as it is
 * (`"nodeModulesDir": "manual"`, no lockfile check at each process start), so
 * every task must first bring it up to date from the frozen lockfile.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "jsonc-parser";
import { ROOT, TEST_RUNNER } from "../helpers/paths.ts";
import { FULL_RUN, testArguments, testJobs } from "../run.ts";
import { pathArguments } from "../test-groups.ts";

interface TaskObject {
  command: string;
  dependencies?: string[];
}

const config = parse(await Deno.readTextFile(join(ROOT, "deno.json"))) as {
  nodeModulesDir?: string;
  tasks: Record<string, string | TaskObject>;
};

Deno.test("Deno uses node_modules as installed, and the install task keeps to deno.lock", () => {
  assert.equal(config.nodeModulesDir, "manual");
  const install = config.tasks.install;
  const command = typeof install === "string" ? install : install?.command;
  assert.match(command ?? "", /^deno install --frozen\b/, "the install task installs from the lockfile, unchanged");
});

Deno.test("every task installs the npm packages first, so it works from a fresh clone", () => {
  const missing = Object.entries(config.tasks)
    .filter(([name]) => name !== "install")
    .filter(([, task]) => typeof task === "string" || !(task.dependencies ?? []).includes("install"))
    .map(([name]) => name);
  assert.deepEqual(missing, [], `tasks without "dependencies": ["install"]: ${missing.join(", ")}`);
});

Deno.test("the test task runs every test file, and the type check runs as one of them", async () => {
  const test = config.tasks.test;
  const command = typeof test === "string" ? test : test.command;
  const words = command.split(/\s+/);
  const taskArgs = words.slice(words.indexOf("tests/run.ts") + 1);
  assert.deepEqual(pathArguments(taskArgs), [], "the task names no file: tests/run.ts runs FULL_RUN");
  // The files named before `tests/` only start first (the longest ones); `tests/` runs every file.
  assert.equal(FULL_RUN.at(-1), "tests/", "the whole suite ends with the whole tests/ folder");
  for (const path of FULL_RUN) assert.ok(await Deno.stat(join(ROOT, path)), `${path} in FULL_RUN exists`);
  const full = testArguments(["-A", "--parallel"], "/w");
  assert.ok(full.includes("--no-check"));
  assert.ok(full.includes("/w/tests/reliability/typecheck_test.ts"), "without Deno's own check, the check is a test");
  assert.deepEqual(full.slice(0, 2), ["-A", "--parallel"]);
  assert.ok(!testArguments(["--check=all"], "/w").includes("--no-check"), "a type check asked for is kept");
  // With a filter but no path: still the whole suite, filtered.
  assert.equal(testArguments(["--filter", "tests"], "/w").at(-1), "/w/tests/");
  // A file or folder named: only that, and type-checked as `deno test` does.
  assert.deepEqual(testArguments(["-A", "tests/site/share_test.ts"], "/w"), ["-A", "tests/site/share_test.ts"]);
  assert.deepEqual(testArguments(["tests/analysis/"], "/w"), ["tests/analysis/"]);
});

Deno.test("the test task runs one file more at a time than there are cores, unless DENO_JOBS says how many", () => {
  const test = config.tasks.test;
  const command = typeof test === "string" ? test : test.command;
  assert.match(command, /^deno run --allow-read --allow-write --allow-run --allow-env tests\/run\.ts -A --parallel\b/);
  assert.equal(testJobs(undefined, 2), 3);
  assert.equal(testJobs(undefined, 8), 9);
  assert.equal(testJobs("1", 2), 1);
  assert.equal(testJobs("4", 2), 4);
  assert.equal(testJobs("", 2), 3);
  assert.equal(testJobs("two", 2), 3);
  assert.equal(testJobs("0", 2), 3);
});

Deno.test("tests/run.ts passes its arguments to deno test with DENO_JOBS set, and its exit code back", async () => {
  const scratch = await Deno.makeTempDir({ prefix: "claimbook-run-" });
  try {
    const file = join(scratch, "jobs_test.ts");
    await Deno.writeTextFile(
      file,
      'Deno.test("jobs", () => { if (Deno.env.get("DENO_JOBS") !== "5") throw new Error(Deno.env.get("DENO_JOBS")); });\n',
    );
    const run = (env: Record<string, string>) =>
      new Deno.Command(Deno.execPath(), {
        args: [...TEST_RUNNER, "-A", "--no-check", file],
        cwd: scratch,
        env: { NO_COLOR: "1", ...env },
        stdout: "piped",
        stderr: "piped",
      }).output();
    const five = await run({ DENO_JOBS: "5" });
    assert.equal(five.code, 0, new TextDecoder().decode(five.stdout));
    assert.match(new TextDecoder().decode(five.stdout), /ok \| 1 passed \| 0 failed/);
    const three = await run({ DENO_JOBS: "3" });
    assert.equal(three.code, 1, "a failing test fails the run");
    assert.match(new TextDecoder().decode(three.stdout), /FAILED \| 0 passed \| 1 failed/);
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
});
