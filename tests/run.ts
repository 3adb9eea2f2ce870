/**
 * `deno task test`: runs `deno test` with its arguments, one test file more
 * at a time than the machine has cores (`DENO_JOBS`, when set, decides
 * instead). The end-to-end files spend part of their time waiting on
 * kernels, servers and browsers to start; a file more than cores keeps the
 * cores busy meanwhile (on two cores: about 10 s less for the suite than two
 * files at a time).
 *
 * Without a file or folder among its arguments it runs the whole suite
 * (`FULL_RUN`, with `--no-check`: the type check is a test file of its own);
 * with one, only what is named (`deno task test tests/site/share_test.ts`),
 * type-checked as `deno test` does.
 *
 *   deno run --allow-read --allow-write --allow-run --allow-env tests/run.ts -A --parallel
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { groupModule, groupModulePath, listTestFiles, pathArguments, planTestRun } from "./test-groups.ts";

/**
 * The whole suite, relative to the workspace: the longest files and groups
 * first, so that they start first (the type check, the real site in
 * Chromium, the remote kernels, Notebook 6, then the executor and
 * reliability groups), and `tests/` last for everything else (each file
 * once: what is named earlier is not taken again).
 */
export const FULL_RUN: readonly string[] = [
  "tests/reliability/typecheck_test.ts",
  "tests/site/browser_real_test.ts",
  "tests/remote/remote_kernels_test.ts",
  "tests/jupyter/notebook_ui_test.ts",
  "tests/executor/",
  "tests/reliability/",
  "tests/notebooks/compat_test.ts",
  "tests/site/browser_test.ts",
  "tests/update/update_test.ts",
  "tests/data/curate_test.ts",
  "tests/update/settle_test.ts",
  "tests/data/bad_input_test.ts",
  "tests/executor/execute_test.ts",
  "tests/scaffold/sixth_document_test.ts",
  "tests/",
];

/**
 * `deno test`'s arguments for the task's arguments: as given when they name
 * a file or folder; else the whole suite (`FULL_RUN`, under `workspace`)
 * without `deno test`'s own type check (unless `--check` is given), which
 * `typecheck_test.ts` runs beside the other files.
 *
 * @example
 * ```ts
 * testArguments(["-A", "tests/site/share_test.ts"], "/w"); // ["-A", "tests/site/share_test.ts"]
 * testArguments(["-A", "--filter", "css"], "/w").at(-1); // "/w/tests/"
 * ```
 */
export function testArguments(args: string[], workspace: string): string[] {
  if (pathArguments(args).length > 0) return args;
  const checkAsked = args.some((arg) => /^--(no-)?check\b/.test(arg)); // `--check=all`, say: as asked
  return [...args, ...(checkAsked ? [] : ["--no-check"]), ...FULL_RUN.map((path) => join(workspace, path))];
}

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
  const workspace = dirname(dirname(fileURLToPath(import.meta.url)));
  const plan = planTestRun(
    testArguments(Deno.args, workspace),
    cwd,
    listTestFiles,
    (name) => groupModulePath(scratch, name),
  );
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
