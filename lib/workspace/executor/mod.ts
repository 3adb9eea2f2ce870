/**
 * The notebook executor: reads and validates notebooks, executes each in its
 * own Deno kernel (several at once), records outputs as nbformat 4.5,
 * caches by source, lib/ and the data actually read, finds the verdicts
 * of the claim ledger (`../ledger/mod.ts`), and shows progress.
 *
 * @example
 * ```ts
 * import { runNotebooks } from "@lib/workspace/executor/mod.ts";
 * const run = await runNotebooks({ root: "/work/main", jobs: 2 });
 * run.outcomes.map((o) => `${o.notebook}: ${o.status}`);
 * ```
 * @module
 */

export * from "./notebook.ts";
export * from "./outputs.ts";
export * from "./events.ts";
export * from "./execute.ts";
export * from "./fingerprint.ts";
export * from "./cache.ts";
export * from "./pool.ts";
export * from "../atomic.ts";
export * from "./run.ts";
export * from "./progress.ts";
