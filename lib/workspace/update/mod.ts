/**
 * The updater behind `deno task update`: refreshes the resources that have a
 * publisher's API (Census, IMF IMTS, BEA ITA and International Services, UN
 * Comtrade) in a restricted child process, validates everything, writes
 * atomically or not at all, and reports which series, values, vintages and
 * verdicts moved; `--settle` fetches the queries claim records name.
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
export * from "../ledger/diff.ts";
export * from "./run.ts";
export * from "./spawn.ts";
export * from "./verdicts.ts";
export * from "./hosts.ts";
export * from "./settle.ts";
export * from "./command.ts";
