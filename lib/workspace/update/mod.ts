/**
 * The updater behind `deno task update`: refreshes the resources that have a
 * publisher's API (Census, IMF DOTS, BEA ITA, UN Comtrade) in a restricted
 * child process, validates everything, writes atomically or not at all, and
 * reports which series, values and verdicts moved.
 *
 * @example
 * ```ts
 * import { spawnUpdater } from "./lib/workspace/update/mod.ts";
 * const { report } = await spawnUpdater(
 *   { dataDir: "/work/main/data", dryRun: true, allowShrink: false, timeoutSeconds: 30, retries: 3, quiet: false, today: "2026-11-23" },
 *   { root: "/work/main" },
 * );
 * ```
 * @module
 */

export * from "./types.ts";
export * from "./endpoints.ts";
export * from "./fetch.ts";
export * from "./updatable.ts";
export * from "./report.ts";
export * from "./ledger-diff.ts";
export * from "./run.ts";
export * from "./spawn.ts";
export * from "./verdicts.ts";
