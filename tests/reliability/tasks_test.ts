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
