/**
 * Starting the restricted updater process. The `update` command itself runs
 * with every permission (it re-renders notebooks afterwards); the part that
 * talks to the network and writes `data/` runs in a child Deno process that
 * may only reach the publishers' hosts (or the `--base-url` host), read the
 * workspace and the data folder, write the data folder (nothing at all on a
 * dry run) and read the API-key variables.
 *
 * @module
 */

import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { netAllowList, parseBaseUrl } from "./endpoints.ts";
import type { UpdatePlan, UpdateReport } from "./run.ts";
import { planResources, publisherHosts } from "./updatable.ts";

/** The permissions granted to the updater process. */
export interface ChildPermissions {
  /** Hosts (`host` or `host:port`) for `--allow-net`. */
  net: string[];
  /** Paths for `--allow-read`. */
  read: string[];
  /** Paths for `--allow-write` (empty: no write access). */
  write: string[];
  /** Variable names for `--allow-env` (empty: none). */
  env: string[];
}

/**
 * The module the updater process runs.
 *
 * @example
 * ```ts
 * CHILD_MODULE.endsWith("lib/workspace/update/child.ts"); // true
 * ```
 */
export const CHILD_MODULE: string = fileURLToPath(new URL("./child.ts", import.meta.url));

/**
 * The narrowest permissions that let a plan run.
 *
 * @example
 * ```ts
 * childPermissions({ ...plan, baseUrl: "http://127.0.0.1:8080" }, "/work/main").net; // ["127.0.0.1:8080"]
 * ```
 */
export function childPermissions(plan: UpdatePlan, root: string): ChildPermissions {
  const resources = planResources(plan);
  const base = plan.baseUrl ? parseBaseUrl(plan.baseUrl) : undefined;
  const dataDir = resolve(plan.dataDir);
  return {
    net: netAllowList(publisherHosts(resources), base),
    read: [...new Set([resolve(root), dataDir])],
    write: plan.dryRun ? [] : [dataDir],
    env: [...new Set(resources.flatMap((r) => r.env))].sort(),
  };
}

/**
 * The `deno run` arguments of the updater process. An empty allow-list flag
 * would grant everything in Deno (`--allow-net=` is `--allow-net`), so empty
 * lists are left out or refused.
 *
 * @example
 * ```ts
 * childArgs(plan, childPermissions(plan, root), root);
 * // ["run", "--no-prompt", "--config=/work/main/deno.json", "--allow-net=api.census.gov,…", …, "…/child.ts", "{…plan…}"]
 * ```
 */
export function childArgs(plan: UpdatePlan, permissions: ChildPermissions, root: string): string[] {
  if (permissions.net.length === 0) throw new Error("no host to fetch from: refusing to start the updater process");
  if (permissions.read.length === 0) throw new Error("no folder to read: refusing to start the updater process");
  const list = (items: string[]) => {
    for (const item of items) {
      if (item.trim() === "" || item.includes(",")) throw new Error(`cannot grant ${JSON.stringify(item)}`);
    }
    return items.join(",");
  };
  return [
    "run",
    "--no-prompt",
    `--config=${join(root, "deno.json")}`,
    `--allow-net=${list(permissions.net)}`,
    `--allow-read=${list(permissions.read)}`,
    ...(permissions.write.length > 0 ? [`--allow-write=${list(permissions.write)}`] : []),
    ...(permissions.env.length > 0 ? [`--allow-env=${list(permissions.env)}`] : []),
    CHILD_MODULE,
    JSON.stringify(plan),
  ];
}

/** Options of `spawnUpdater`. */
export interface SpawnOptions {
  /** Workspace root (config, lock file, and readable by the child). */
  root: string;
  /** Override the permissions (tests of the boundary). */
  permissions?: ChildPermissions;
  /** Where the child's progress goes: the terminal (default) or captured. */
  stderr?: "inherit" | "piped";
  /** Extra environment for the child. */
  env?: Record<string, string>;
  /** Stops the child (Ctrl-C, SIGTERM): it exits before writing, or — if already renaming — right after. */
  signal?: AbortSignal;
}

/** The child's report, and its stderr when captured. */
export interface SpawnResult {
  report: UpdateReport;
  stderr: string;
  code: number;
}

/**
 * Runs a plan in the restricted updater process and returns its report.
 * Throws only when the process ended without a report (e.g. it crashed).
 *
 * @example
 * ```ts
 * const { report } = await spawnUpdater(plan, { root: "/work/main" });
 * ```
 */
export async function spawnUpdater(plan: UpdatePlan, options: SpawnOptions): Promise<SpawnResult> {
  const permissions = options.permissions ?? childPermissions(plan, options.root);
  // stdin is the child's lifeline: it stops when the pipe closes, so it cannot outlive this process (even kill -9).
  const child = new Deno.Command(Deno.execPath(), {
    args: childArgs({ ...plan, watchParent: true }, permissions, options.root),
    cwd: options.root,
    stdin: "piped",
    stdout: "piped",
    stderr: options.stderr ?? "inherit",
    env: options.env,
  }).spawn();
  const stop = () => {
    child.stdin.close().catch(() => {});
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
  };
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener("abort", stop, { once: true });
  let output: Deno.CommandOutput;
  try {
    output = await child.output();
  } finally {
    options.signal?.removeEventListener("abort", stop);
  }
  const stdout = new TextDecoder().decode(output.stdout).trim();
  const stderr = options.stderr === "piped" ? new TextDecoder().decode(output.stderr) : "";
  const last = stdout.split("\n").pop() ?? "";
  try {
    const report = JSON.parse(last) as UpdateReport;
    if (typeof report.ok !== "boolean" || !Array.isArray(report.errors)) throw new Error("not a report");
    return { report, stderr, code: output.code };
  } catch {
    if (options.signal?.aborted) throw new UpdaterStopped(output.code);
    const tail = stderr.trim().split("\n").slice(-8).join("\n");
    throw new Error(
      `the updater process ended (exit ${output.code}) without a report${
        tail ? `:\n${tail}` : "; see the messages above"
      }\nIts writes are staged before any rename, so data/ is unchanged unless it died while renaming (check git status data/).`,
    );
  }
}

/**
 * The updater process was stopped on request (Ctrl-C, SIGTERM) before it
 * wrote anything.
 *
 * @example
 * ```ts
 * try { await spawnUpdater(plan, { root, signal }); } catch (e) { if (e instanceof UpdaterStopped) … }
 * ```
 */
export class UpdaterStopped extends Error {
  /** The child's exit code. */
  readonly code: number;

  constructor(code: number) {
    super(`the updater process was stopped before writing (exit ${code}); data/ is unchanged`);
    this.name = "UpdaterStopped";
    this.code = code;
  }
}
