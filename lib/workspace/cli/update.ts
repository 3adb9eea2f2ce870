/**
 * `deno task update`: refresh `data/` from the publishers' APIs, validate
 * everything, write atomically (or nothing), print what moved, then
 * re-render the notebooks and list the claim verdicts that changed.
 *
 * The fetching and writing run in a restricted child process (see
 * `lib/workspace/update/spawn.ts`); this command only plans, prints and
 * re-renders.
 *
 * @module
 */

import { join, resolve } from "node:path";
import { parseBaseUrl } from "../update/endpoints.ts";
import { parseDocuments } from "../../analysis/claims/registry.ts";
import { type CommandOptions, runUpdateCommand } from "../update/command.ts";
import type { UpdatePlan } from "../update/run.ts";
import { settleEntries } from "../update/settle.ts";
import { selectUpdatable, UPDATABLE } from "../update/updatable.ts";
import { type CommandSpec, EXIT, type OptionValues, parseCommandLine, usageError, workspaceRoot } from "./args.ts";

const ROOT = workspaceRoot();

const SPEC = {
  name: "update",
  synopsis: "[options]",
  description: `Refreshes data/ from the publishers' APIs and reports what moved: which series
changed, which values were revised (old → new, % change), which periods were
added or removed, and — after re-rendering the notebooks — which claim
verdicts changed. Every answer is parsed and validated against the resource's
schema first; files are written only if every resource succeeded, all staged
before the first rename. On any failure data/ stays byte-identical.

The fetching runs in a separate Deno process allowed to reach only the
publishers' hosts (or only the --base-url host), to read only the workspace
and the data folder, and to write only the data folder (nothing on --dry-run).`,
  options: {
    "dry-run": {
      type: "boolean",
      help:
        "fetch, validate and report; write nothing, render nothing\n(with --settle: list what would be fetched, fetch nothing)",
    },
    settle: {
      type: "boolean",
      help: `fetch exactly the queries the claim records name
(settleBy in documents.json), write them as resources,
re-render, and list the claims that left unverifiable`,
    },
    workspace: {
      type: "string",
      value: "DIR",
      help: `re-render this copy of the workspace (its notebooks/,
data/, _build/, _site/) instead of this one`,
    },
    only: { type: "string", value: "NAME[,NAME]", help: "update only these resources (default: all of them)" },
    "base-url": {
      type: "string",
      value: "URL",
      help: `send every request to this scheme://host[:port] instead
of the publishers' hosts, keeping paths and queries
(a mirror or a test server); network access is then
limited to that host`,
    },
    "data-dir": {
      type: "string",
      value: "DIR",
      help: `data folder to update (default: $CLAIMBOOK_DATA_DIR, else
the workspace's data/); verdicts are compared only for
the folder the notebooks read`,
    },
    "allow-shrink": { type: "boolean", help: "write even if a series lost periods (refused otherwise)" },
    timeout: {
      type: "string",
      value: "S",
      help: `seconds allowed per request (default 30); a publisher
asking to wait longer than this (Retry-After, "Try
again in N seconds") fails the request at once`,
    },
    retries: {
      type: "string",
      value: "N",
      help: `retries per request on network errors, timeouts, 5xx
and 429 (exponential backoff with jitter, Retry-After
honoured; default 3); a host name that does not
resolve is not retried`,
    },
    "max-body-mb": {
      type: "string",
      value: "N",
      help: "refuse an answer larger than N MB, stopping as it\nstreams in (default 200)",
    },
    "no-render": { type: "boolean", help: "do not re-render the notebooks nor compare verdicts" },
    json: { type: "boolean", help: "print the report as JSON on stdout" },
    quiet: { type: "boolean", help: "no progress lines" },
  },
  footer: `resources (endpoint; credentials):
${UPDATABLE.map((r) => `  ${r.descriptor.name}\n      ${r.summary}`).join("\n")}

environment:
  CENSUS_API_KEY   key for api.census.gov (appended as &key=); Census now asks
                   for one, and without it allows few requests a day
  BEA_API_KEY      required for the two BEA resources (UserID=); without it
                   they are skipped (with --base-url a placeholder is sent).
                   BEA blocks a key for an hour past 100 requests or 30
                   errors a minute: requests are paced, and a block stops
                   BEA's part of the run
  COMTRADE_API_KEY optional: the keyed data/v1/get endpoint, the key sent as
                   the Ocp-Apim-Subscription-Key header; without it the
                   keyless preview (500 records an answer)
Keys are never printed nor recorded: URLs show key=***, datapackage.json
names the endpoint without them.

exit status: 0 done (or nothing to do); 1 a request, a format check, a
validation or the write failed, or a series shrank — nothing was written —
or data/ was written but re-rendering failed; 2 bad usage; 130 / 143
stopped by Ctrl-C / SIGTERM (the updater process stops before writing).`,
} satisfies CommandSpec;

/**
 * Runs the command.
 *
 * @example
 * ```ts
 * await main(["--dry-run", "--only", "imf-dots-annual"]);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "number") return parsed;
  let plan: UpdatePlan;
  let options: CommandOptions;
  try {
    ({ plan, options } = planFrom(parsed.values));
  } catch (error) {
    return usageError(SPEC, (error as Error).message);
  }
  if (parsed.values.settle) {
    const file = join(options.workspaceDataDir, "documents.json");
    try {
      options.settle = settleEntries(parseDocuments(await Deno.readTextFile(file), file));
    } catch (error) {
      console.error(`update --settle: ${(error as Error).message}`);
      return EXIT.failed;
    }
  }
  return await runUpdateCommand(plan, options);
}

/** The data folder the notebooks of a workspace read: `$CLAIMBOOK_DATA_DIR` for this workspace, else its `data/`. */
function dataDirOf(root: string): string {
  const fromEnv = Deno.env.get("CLAIMBOOK_DATA_DIR");
  return fromEnv && root === ROOT ? resolve(fromEnv) : join(root, "data");
}

function planFrom(values: OptionValues<typeof SPEC.options>): { plan: UpdatePlan; options: CommandOptions } {
  values.timeout ??= "30";
  values.retries ??= "3";
  values["max-body-mb"] ??= "200";
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 3600) {
    throw new Error(`--timeout takes seconds between 0 and 3600, got ${JSON.stringify(values.timeout)}`);
  }
  const retries = Number(values.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw new Error(`--retries takes a whole number from 0 to 10, got ${JSON.stringify(values.retries)}`);
  }
  const maxBodyMb = Number(values["max-body-mb"]);
  if (!Number.isFinite(maxBodyMb) || maxBodyMb <= 0 || maxBodyMb > 100_000) {
    throw new Error(`--max-body-mb takes megabytes between 0 and 100000, got ${JSON.stringify(values["max-body-mb"])}`);
  }
  const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
  selectUpdatable(only); // fails early on an unknown name
  if (values.settle && only.length > 0) throw new Error("--settle fetches what the claim records name; drop --only");
  if (values["base-url"] !== undefined) parseBaseUrl(values["base-url"]);
  const root = values.workspace === undefined ? ROOT : resolve(values.workspace);
  if (values.workspace !== undefined && !isDirectory(join(root, "notebooks"))) {
    throw new Error(`--workspace ${values.workspace}: no notebooks/ folder there`);
  }
  const workspaceDataDir = dataDirOf(root);
  return {
    plan: {
      dataDir: resolve(values["data-dir"] ?? workspaceDataDir),
      baseUrl: values["base-url"],
      only,
      dryRun: values["dry-run"] ?? false,
      allowShrink: values["allow-shrink"] ?? false,
      timeoutSeconds: timeout,
      retries,
      maxBodyBytes: Math.round(maxBodyMb * 1e6),
      quiet: values.quiet ?? false,
      today: new Date().toISOString().slice(0, 10),
    },
    options: { codeRoot: ROOT, root, workspaceDataDir, json: values.json ?? false, render: !values["no-render"] },
  };
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
