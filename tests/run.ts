/**
 * `deno task test`: runs `deno test` with its arguments, one test file more
 * at a time than the machine has cores (`DENO_JOBS`, when set, decides
 * instead). The end-to-end files spend part of their time waiting on
 * kernels, servers and browsers to start; a file more than cores keeps the
 * cores busy meanwhile (on two cores: about 10 s less for the suite than two
 * files at a time).
 *
 *   deno run --allow-run --allow-env tests/run.ts -A --parallel tests/
 *
 * @module
 */

import { dirname } from "node:path";
import { groupModule, groupModulePath, listTestFiles, planTestRun } from "./test-groups.ts";

/**
 * How many test files run at once: `DENO_JOBS` when it is a positive whole
 * number, else one more than the cores.
 *
 * @example
 * ```ts
 * testJobs(undefined, 2); // 3
 * testJobs("1", 8); // 1
 * ```
 */
export function testJobs(fromEnvironment: string | undefined, cores: number): number {
  const asked = Number(fromEnvironment);
  return Number.isInteger(asked) && asked > 0 ? asked : Math.max(1, cores) + 1;
}

if (import.meta.main) {
  const cwd = Deno.cwd();
  const scratch = await Deno.makeTempDir({ prefix: "claimbook-test-groups-" });
  // Named after the folder or file, so that `deno test` says "running 40 tests from …/tests.executor_test.ts".
  const plan = planTestRun(Deno.args, cwd, listTestFiles, (name) => groupModulePath(scratch, name));
  for (const group of plan.groups) {
    await Deno.mkdir(dirname(group.module), { recursive: true });
    await Deno.writeTextFile(group.module, groupModule(group, cwd));
  }
  const jobs = testJobs(Deno.env.get("DENO_JOBS"), navigator.hardwareConcurrency);
  // Ctrl-C reaches `deno test` too (the same process group): this process waits for it to end and passes on its code.
  Deno.addSignalListener("SIGINT", () => {});
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", ...plan.args],
    env: { DENO_JOBS: String(jobs) },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  Deno.addSignalListener("SIGTERM", () => child.kill("SIGTERM"));
  const { code } = await child.status; // 128 + the signal's number when a signal ended it
  await Deno.remove(scratch, { recursive: true });
  Deno.exit(code);
}
