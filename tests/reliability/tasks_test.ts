/**
 * The workspace's tasks set themselves up: Deno uses `node_modules/` as it is
 * (`"nodeModulesDir": "manual"`, no lockfile check at each process start), so
 * every task must first bring it up to date from the frozen lockfile.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "jsonc-parser";
import { ROOT } from "../helpers/paths.ts";

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
  // The files named before `tests/` only start first (the longest ones); `tests/` runs every file.
  assert.match(command, / tests\/$/, "the test task ends with the whole tests/ folder");
  for (const file of command.split(/\s+/).filter((word) => word.endsWith("_test.ts"))) {
    assert.ok((await Deno.stat(join(ROOT, file))).isFile, `${file} named in the test task exists`);
  }
  if (command.includes("--no-check")) {
    assert.match(command, /tests\/reliability\/typecheck_test\.ts/, "without Deno's own check, the check is a test");
  }
});
