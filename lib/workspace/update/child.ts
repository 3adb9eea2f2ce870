/**
 * Entry point of the restricted updater process. The `update` command starts
 * it with network access to the publishers' hosts only, read access to the
 * workspace and write access to the data folder only; it receives the plan
 * as JSON in its first argument, writes progress to stderr and its report as
 * one JSON line to stdout, and exits 1 when the update failed.
 *
 * It stops — without writing — on SIGTERM or SIGINT, and when its stdin
 * closes (the parent holds that pipe: if the parent dies, even by
 * `kill -9`, the child follows). A stop that arrives while the files are
 * being renamed waits for the renames to finish, so `data/` is never left
 * half-updated.
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
  const stopper = plan.watchParent ? stopOnRequest() : undefined;
  try {
    return await runUpdate(plan, {
      env: readEnv,
      progress: plan.quiet ? undefined : (line) => console.error(line),
      signal: stopper?.signal,
      onWriting: stopper?.writing,
    });
  } catch (error) {
    return failed(plan.dataDir, (error as Error)?.stack ?? String(error));
  }
}

/** Exits at once on SIGTERM, SIGINT or the end of stdin — unless writing, which then completes first. */
function stopOnRequest(): { signal: AbortSignal; writing: (active: boolean) => void } {
  const controller = new AbortController();
  let writing = false;
  let code = 143;
  const stop = (exitCode: number) => () => {
    code = exitCode;
    controller.abort();
    if (!writing) Deno.exit(code);
  };
  Deno.addSignalListener("SIGTERM", stop(143));
  Deno.addSignalListener("SIGINT", stop(130));
  (async () => {
    for await (const _ of Deno.stdin.readable) {
      // nothing is sent on the lifeline; it only closes
    }
  })().catch(() => {}).finally(stop(143));
  return {
    signal: controller.signal,
    writing: (active) => {
      writing = active;
      if (!active && controller.signal.aborted) console.error(`stopped after writing (exit ${code})`);
    },
  };
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
