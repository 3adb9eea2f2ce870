/**
 * Helpers of the updater's end-to-end tests: a temporary copy of `data/`,
 * the SHA-256 of every file in a folder (to prove a failed update left it
 * byte-identical, and left no temp file behind), a plan pointed at a
 * fixture server, and two ways to run it: in the restricted updater process
 * (`runPlan`, for what the process boundary itself does) or in this process
 * (`runPlanHere`, the same update without a Deno start-up per run).
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../../lib/analysis/catalog/reads.ts";
import type { Clock } from "../../lib/workspace/update/fetch.ts";
import { runUpdate, type UpdatePlan } from "../../lib/workspace/update/run.ts";
import { type SpawnOptions, type SpawnResult, spawnUpdater } from "../../lib/workspace/update/spawn.ts";

/** The workspace root. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/**
 * Copies the workspace's `data/` into a new temporary folder.
 *
 * @example
 * ```ts
 * const dataDir = await copyData();
 * ```
 */
export async function copyData(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-update-test-" });
  for await (const entry of Deno.readDir(join(ROOT, "data"))) {
    if (entry.isFile) await Deno.copyFile(join(ROOT, "data", entry.name), join(dir, entry.name));
  }
  return dir;
}

/**
 * File name → SHA-256 of every file in a folder, subfolders left out (temp
 * files included, so a leftover shows up as a difference).
 *
 * @example
 * ```ts
 * const before = await hashDir(dataDir);
 * ```
 */
export async function hashDir(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const names = [];
  for await (const entry of Deno.readDir(dir)) if (entry.isFile) names.push(entry.name);
  for (const name of names.sort()) hashes[name] = sha256(await Deno.readFile(join(dir, name)));
  return hashes;
}

let committedHashes: Promise<Record<string, string>> | undefined;

/**
 * {@link hashDir} of the workspace's `data/`, computed once per test file: what
 * every {@link copyData} copy holds before an update, without hashing each copy.
 *
 * @example
 * ```ts
 * assert.deepEqual(await hashDir(dataDir), await dataHashes(), "the copy is as it was made");
 * ```
 */
export function dataHashes(): Promise<Record<string, string>> {
  return committedHashes ??= hashDir(join(ROOT, "data"));
}

/**
 * A plan for a test run: the fixture server as base URL, quick backoff.
 *
 * @example
 * ```ts
 * planFor(dataDir, server.url, { only: ["imf-dots-annual"] });
 * ```
 */
export function planFor(dataDir: string, baseUrl: string, overrides: Partial<UpdatePlan> = {}): UpdatePlan {
  return {
    dataDir,
    baseUrl,
    dryRun: false,
    allowShrink: false,
    timeoutSeconds: 10,
    retries: 0,
    quiet: true,
    today: "2026-11-23",
    backoffMs: 20,
    ...overrides,
  };
}

/**
 * A clock whose waits return at once, its time moving on by each wait: for runs whose waits (a publisher's pacing,
 * the backoff between retries) are not what they test. limits_test.ts proves the pacing with a clock of its own.
 *
 * @example
 * ```ts
 * await runPlanHere(planFor(dataDir, server.url), { clock: skippingClock() });
 * ```
 */
export function skippingClock(): Clock {
  let skipped = 0;
  return {
    now: () => Date.now() + skipped,
    sleep: (ms) => {
      skipped += ms;
      return Promise.resolve();
    },
    random: () => Math.random(),
  };
}

/**
 * Runs a plan in the restricted updater process, capturing its stderr.
 *
 * @example
 * ```ts
 * const { report } = await runPlan(planFor(dataDir, server.url));
 * ```
 */
export function runPlan(plan: UpdatePlan, options: Partial<SpawnOptions> = {}): Promise<SpawnResult> {
  return spawnUpdater(plan, { root: ROOT, stderr: "piped", ...options });
}

/**
 * Runs a plan in this process as the updater process would run it: the same
 * `runUpdate`, its progress lines collected as its stderr, the environment
 * variables it may read taken from `env` first (as `Deno.Command` adds them
 * to the inherited environment), its waits on `clock` (default: the real one),
 * and its report passed through JSON as the process prints it. No permission boundary: `permissions_test.ts` and one
 * `runPlan` test cover the process itself.
 *
 * @example
 * ```ts
 * const { report, stderr } = await runPlanHere(planFor(dataDir, server.url), { env: { BEA_API_KEY: "k" } });
 * ```
 */
export async function runPlanHere(
  plan: UpdatePlan,
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<Omit<SpawnResult, "code">> {
  let stderr = "";
  const report = await runUpdate(plan, {
    clock: options.clock,
    env: (name) => options.env?.[name] ?? Deno.env.get(name),
    progress: plan.quiet ? undefined : (line) => stderr += `${line}\n`,
  });
  return { report: JSON.parse(JSON.stringify(report)), stderr };
}

/** What a command printed: console.log lines as stdout, console.error lines as stderr. */
export interface Printed {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command's `main` in this process, collecting what it prints through
 * `console.log` and `console.error` (a child process it starts writes to this
 * process's own stderr, uncollected). One subprocess test per command covers
 * the command as users start it.
 *
 * @example
 * ```ts
 * const { code, stdout } = await printedBy(main, ["--help"]);
 * ```
 */
export async function printedBy(main: (args: string[]) => Promise<number>, args: string[]): Promise<Printed> {
  const { log, error } = console;
  const stdout: string[] = [];
  const stderr: string[] = [];
  console.log = (...items: unknown[]) => stdout.push(`${items.join(" ")}\n`);
  console.error = (...items: unknown[]) => stderr.push(`${items.join(" ")}\n`);
  try {
    const code = await main(args);
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    console.log = log;
    console.error = error;
  }
}
