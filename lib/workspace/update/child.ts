/**
 * Entry point of the restricted updater process. The `update` command starts
 * it with network access to the publishers' hosts only, read access to the
 * workspace and write access to the data folder only; it receives the plan
 * as JSON in its first argument, writes progress to stderr and its report as
 * one JSON line to stdout, and exits 1 when the update failed.
 *
 * @module
 */

import { runUpdate, type UpdatePlan, type UpdateReport } from "./run.ts";

/**
 * Runs the plan given as JSON text.
 *
 * @example
 * ```ts
 * const report = await runChild(JSON.stringify(plan));
 * ```
 */
export async function runChild(planJson: string | undefined): Promise<UpdateReport> {
  let plan: UpdatePlan;
  try {
    plan = JSON.parse(planJson ?? "");
    if (typeof plan?.dataDir !== "string" || typeof plan.today !== "string") {
      throw new Error("dataDir and today are required");
    }
  } catch (error) {
    return failed("", `the updater process got no valid plan: ${(error as Error).message}`);
  }
  try {
    return await runUpdate(plan, {
      env: readEnv,
      progress: plan.quiet ? undefined : (line) => console.error(line),
    });
  } catch (error) {
    return failed(plan.dataDir, (error as Error)?.stack ?? String(error));
  }
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // not granted to this process
  }
}

function failed(dataDir: string, message: string): UpdateReport {
  return {
    ok: false,
    dryRun: true,
    dataDir,
    written: [],
    resources: [],
    errors: [{ resource: "(updater)", message, hint: "unexpected error in the updater; please report it" }],
  };
}

if (import.meta.main) {
  const report = await runChild(Deno.args[0]);
  console.log(JSON.stringify(report));
  Deno.exit(report.ok ? 0 : 1);
}
