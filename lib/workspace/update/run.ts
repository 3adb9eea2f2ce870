/**
 * One update run, as the restricted updater process performs it: fetch each
 * resource's endpoints, turn the answers into rows, build the CSV exactly as
 * `data:import` does and validate it against the resource's schema, compare
 * it with the current file, and — only when every resource succeeded, no
 * series shrank (unless allowed) and it is not a dry run — write the changed
 * CSV files and `datapackage.json` together (all staged before any rename).
 * On any failure nothing is written.
 *
 * @module
 */

import { join, relative } from "node:path";
import { parseCsvRows } from "../../analysis/catalog/csv.ts";
import {
  type PackageDescriptor,
  parseDescriptor,
  type ResourceDescriptor,
} from "../../analysis/catalog/datapackage.ts";
import { CatalogError } from "../../analysis/catalog/errors.ts";
import { sha256 } from "../../analysis/catalog/reads.ts";
import { validateRows } from "../../analysis/catalog/validate.ts";
import { type PendingFile, writeFilesAtomic } from "../atomic.ts";
import { toCsv } from "../data/csv-out.ts";
import { sortRows } from "../data/sort-rows.ts";
import { FormatError } from "../data/errors.ts";
import { parseBaseUrl, rebaseUrl, redactUrl } from "./endpoints.ts";
import { type Clock, DEFAULT_RETRY_POLICY, FetchError, fetchWithRetry, SYSTEM_CLOCK } from "./fetch.ts";
import { HostState } from "./hosts.ts";
import { compareTables, type ResourceChange, shrinkRefusal, type TypedRow } from "./report.ts";
import type { EndpointResponse, PlanContext, UpdatableResource } from "./types.ts";
import { planResources } from "./updatable.ts";
import type { SettleQuery } from "../../analysis/claims/settle.ts";
import { retrievedVintage } from "./sources/vintage.ts";

/** What to update and how (serialised to the updater process as JSON). */
export interface UpdatePlan {
  /** Absolute path of the data folder. */
  dataDir: string;
  /** `scheme://host[:port]` replacing the publishers' hosts. */
  baseUrl?: string;
  /** Resource names (all when absent or empty). */
  only?: string[];
  dryRun: boolean;
  allowShrink: boolean;
  /** Per request. */
  timeoutSeconds: number;
  retries: number;
  quiet: boolean;
  /** ISO date of the run. */
  today: string;
  /** First backoff delay in milliseconds (default 1000; tests shorten it). */
  backoffMs?: number;
  /** Largest response body read, in bytes (default 200 MB). */
  maxBodyBytes?: number;
  /** Settle queries (`--settle`): fetch exactly the resources they name instead of the updatable ones. */
  settle?: SettleQuery[];
  /** Stop when stdin closes (set by `spawnUpdater`: the parent holds the pipe, so the child cannot outlive it). */
  watchParent?: boolean;
}

/** The outcome for one resource. */
export interface ResourceOutcome {
  name: string;
  /** File name inside the data folder. */
  path: string;
  status: "unchanged" | "changed" | "new" | "skipped" | "failed";
  /** Why it was skipped or failed. */
  note?: string;
  change?: ResourceChange;
  /** URLs fetched (credentials masked). */
  urls: string[];
}

/** A failure, named by resource and URL, with what to do about it. */
export interface UpdateIssue {
  resource: string;
  url?: string;
  message: string;
  hint: string;
}

/** What the updater process reports (printed as JSON on its stdout). */
export interface UpdateReport {
  ok: boolean;
  dryRun: boolean;
  dataDir: string;
  /** Files written, relative to the data folder (empty on a dry run or failure). */
  written: string[];
  resources: ResourceOutcome[];
  errors: UpdateIssue[];
}

/** What a run may be given instead of the real world (tests). */
export interface UpdateDeps {
  fetchImpl?: typeof fetch;
  clock?: Clock;
  /** Reads an environment variable (only the names the resources declare are asked for). */
  env?: (name: string) => string | undefined;
  /** Receives progress lines; omit for quiet. */
  progress?: (line: string) => void;
  /** Once aborted, nothing is written (checked before the first file is staged). */
  signal?: AbortSignal;
  /** Told when the write phase (staging and renaming) starts and ends, so a stop request can wait for its end. */
  onWriting?: (active: boolean) => void;
}

interface Prepared {
  resource: UpdatableResource;
  csv: string;
  bytes: number;
  hash: string;
  inputs: { path: string; sha256: string }[];
}

/**
 * Runs an update and returns its report (it never throws for a publisher's
 * failure: those are listed in `errors`, and nothing is written).
 *
 * @example
 * ```ts
 * const report = await runUpdate({
 *   dataDir: "/abs/data", dryRun: true, allowShrink: false, timeoutSeconds: 30, retries: 3, quiet: false, today: "2026-11-23",
 * });
 * report.resources.map((r) => `${r.name}: ${r.status}`);
 * ```
 */
export async function runUpdate(plan: UpdatePlan, deps: UpdateDeps = {}): Promise<UpdateReport> {
  const report: UpdateReport = {
    ok: false,
    dryRun: plan.dryRun,
    dataDir: plan.dataDir,
    written: [],
    resources: [],
    errors: [],
  };
  const base = plan.baseUrl ? parseBaseUrl(plan.baseUrl) : undefined;
  const resources = planResources(plan);
  const descriptorPath = join(plan.dataDir, "datapackage.json");
  let descriptor: PackageDescriptor;
  try {
    descriptor = parseDescriptor(await Deno.readTextFile(descriptorPath), descriptorPath);
  } catch (error) {
    report.errors.push({
      resource: "datapackage.json",
      message: `cannot read ${descriptorPath}: ${(error as Error).message}`,
      hint: "point --data-dir at a data folder with a valid datapackage.json (deno task data:import builds one)",
    });
    return report;
  }

  const contextFor = (resource: UpdatableResource): PlanContext => ({
    today: plan.today,
    baseUrl: base ? `${base.protocol}//${base.host}` : undefined,
    env: (name) => (resource.env.includes(name) ? deps.env?.(name) || undefined : undefined),
  });
  const planned = resources.map((resource) => ({ resource, plan: resource.plan(contextFor(resource)) }));
  const total = planned.reduce((n, p) => n + ("requests" in p.plan ? p.plan.requests.length : 0), 0);
  let position = 0;
  const prepared: Prepared[] = [];
  const hosts = new HostState(deps.clock ?? SYSTEM_CLOCK);

  for (const { resource, plan: requests } of planned) {
    const name = resource.descriptor.name;
    const outcome: ResourceOutcome = { name, path: resource.descriptor.path, status: "failed", urls: [] };
    report.resources.push(outcome);
    if ("skip" in requests) {
      outcome.status = "skipped";
      outcome.note = requests.skip;
      continue;
    }
    const existing = descriptor.resources.find((r) => r.name === name);
    if (plan.settle && existing && existing.producedBy?.importer !== resource.module) {
      outcome.note = `${name} is already a resource of ${descriptorPath}, made by ${
        existing.producedBy?.importer ?? "another importer"
      }; a settling query may not replace it`;
      report.errors.push({
        resource: name,
        message: outcome.note,
        hint: "give the settleBy query of the claim record another resource name",
      });
      continue;
    }
    let lastUrl: string | undefined;
    try {
      const responses: EndpointResponse[] = [];
      const inputs: Prepared["inputs"] = [];
      for (const request of requests.requests) {
        const url = rebaseUrl(request.url, base);
        lastUrl = redactUrl(url);
        hosts.refuseIfStopped(url, lastUrl);
        await hosts.pace(url, resource.limits?.minIntervalMs ?? 0);
        const fetched = await fetchWithRetry(url, {
          timeoutMs: plan.timeoutSeconds * 1000,
          policy: { ...DEFAULT_RETRY_POLICY, retries: plan.retries, baseDelayMs: plan.backoffMs ?? 1000 },
          clock: deps.clock,
          fetchImpl: deps.fetchImpl,
          progress: deps.progress,
          position: { index: ++position, total },
          headers: request.headers,
          maxBodyBytes: plan.maxBodyBytes,
          onRateLimit: resource.limits?.blockedHint ? { stop: resource.limits.blockedHint } : "retry",
        }).catch((error) => {
          hosts.noteFailure(url, error);
          throw error;
        });
        outcome.urls.push(fetched.url);
        responses.push({ request, url: fetched.url, status: fetched.status, body: fetched.body });
        inputs.push({ path: fetched.url, sha256: sha256(fetched.body) });
      }
      lastUrl = undefined;
      const rows = resource.rows(responses);
      if (rows.length === 0) {
        throw new FormatError(outcome.urls[0] ?? name, "the answers hold no rows; refusing to write an empty table");
      }
      const file = join(plan.dataDir, resource.descriptor.path);
      const built = buildCsv(resource.descriptor, rows, file, outcome.urls);
      const current = await Deno.readFile(file).catch((error) => {
        if (error instanceof Deno.errors.NotFound) return undefined;
        throw error;
      });
      const bytes = new TextEncoder().encode(built.csv);
      const same = current !== undefined && sameBytes(current, bytes);
      // A current file with the very bytes just built and validated reads as the same rows: not parsed again.
      const before = current === undefined ? null : same ? built.rows : currentRows(current, resource.descriptor, file);
      const change = compareTables(name, shapeOf(resource), before, built.rows);
      change.vintage = {
        before: descriptor.resources.find((r) => r.name === name)?.vintage ?? null,
        after: retrievedVintage(contextFor(resource), vintageLabelOf(resource)),
      };
      outcome.status = same ? "unchanged" : current === undefined ? "new" : "changed";
      change.status = outcome.status === "new" ? "new" : same ? "unchanged" : "changed";
      outcome.change = change;
      const refusal = shrinkRefusal(change);
      if (refusal && !plan.allowShrink) {
        outcome.status = "failed";
        outcome.note = refusal;
        report.errors.push({
          resource: name,
          url: outcome.urls[0],
          message: refusal,
          hint: "check the publisher's answer; if the series really lost periods, run again with --allow-shrink",
        });
        continue;
      }
      if (!same) prepared.push({ resource, csv: built.csv, bytes: bytes.length, hash: sha256(bytes), inputs });
    } catch (error) {
      outcome.status = "failed";
      const issue = describeFailure(name, error, lastUrl ?? outcome.urls[0]);
      outcome.note = issue.message;
      report.errors.push(issue);
    }
  }

  if (report.errors.length > 0 || plan.dryRun || prepared.length === 0) {
    report.ok = report.errors.length === 0;
    return report;
  }
  if (deps.signal?.aborted) {
    report.errors.push({
      resource: "(write)",
      message: "stopped before writing (interrupted)",
      hint: "nothing was written; run the update again",
    });
    return report;
  }
  const files: PendingFile[] = prepared.map((p) => ({
    path: join(plan.dataDir, p.resource.descriptor.path),
    data: p.csv,
  }));
  files.push({
    path: descriptorPath,
    data: JSON.stringify(updatedDescriptor(descriptor, prepared, contextFor), null, 2) + "\n",
  });
  deps.onWriting?.(true);
  try {
    const written = await writeFilesAtomic(files);
    report.written = written.map((path) => relative(plan.dataDir, path));
    report.ok = true;
  } catch (error) {
    report.errors.push({
      resource: "(write)",
      message: `could not write to ${plan.dataDir}: ${(error as Error).message}`,
      hint: "nothing was replaced (every file is staged before the first rename); check permissions and free space",
    });
  } finally {
    deps.onWriting?.(false);
  }
  return report;
}

/**
 * Builds a resource's CSV as `data:import` would (rows sorted by primary
 * key, same number formatting) and validates it against the schema exactly
 * as `load()` reads it. Returns the text and the typed rows.
 *
 * @example
 * ```ts
 * const { csv, rows } = buildCsv(descriptor, [{ year: 2019, value: 1.5 }], "data/x.csv", ["https://…"]);
 * ```
 */
export function buildCsv(
  descriptor: Pick<ResourceDescriptor, "name" | "schema">,
  rows: Record<string, string | number | boolean | null>[],
  file: string,
  urls: string[],
): { csv: string; rows: TypedRow[] } {
  const csv = toCsv(sortRows(rows, descriptor.schema.primaryKey ?? []), descriptor.schema.fields.map((f) => f.name));
  const parsed = parseCsvRows(csv, file);
  const { columns, problems } = validateRows(parsed, descriptor.schema, file);
  if (problems.length > 0) {
    const from = urls.length === 1 ? urls[0] : `${urls.length} URLs, first ${urls[0]}`;
    throw new FormatError(
      from ?? descriptor.name,
      `the fetched data breaks the schema of ${descriptor.name} (nothing written):\n${
        new CatalogError(problems).message
      }`,
    );
  }
  return { csv, rows: rowsOf(columns, parsed.rows.length) };
}

/** Reads the current file with the same schema; a file that no longer validates stops the update. */
function currentRows(
  bytes: Uint8Array,
  descriptor: Pick<ResourceDescriptor, "name" | "schema">,
  file: string,
): TypedRow[] {
  const parsed = parseCsvRows(new TextDecoder().decode(bytes), file);
  const { columns, problems } = validateRows(parsed, descriptor.schema, file);
  if (problems.length > 0) {
    throw new CatalogError([
      ...problems.slice(0, 5),
      { file, reason: "the current file does not validate; rebuild it with deno task data:import first" },
    ]);
  }
  return rowsOf(columns, parsed.rows.length);
}

function rowsOf(columns: Record<string, (string | number | boolean | null)[]>, count: number): TypedRow[] {
  const names = Object.keys(columns);
  const rows: TypedRow[] = [];
  for (let i = 0; i < count; i++) {
    const row: TypedRow = {};
    for (const name of names) row[name] = columns[name][i];
    rows.push(row);
  }
  return rows;
}

function shapeOf(resource: UpdatableResource) {
  return {
    fields: resource.descriptor.schema.fields.map((f) => ({ name: f.name, type: f.type })),
    series: resource.series,
    period: resource.period,
    labels: resource.labels,
  };
}

/** The package with the updated resources' entries replaced (or appended when new); others untouched. */
function updatedDescriptor(
  descriptor: PackageDescriptor,
  prepared: Prepared[],
  contextFor: (resource: UpdatableResource) => PlanContext,
): PackageDescriptor {
  const resources = [...descriptor.resources];
  for (const p of prepared) {
    const context = contextFor(p.resource);
    const entry: ResourceDescriptor = {
      ...p.resource.descriptor,
      vintage: retrievedVintage(context, vintageLabelOf(p.resource)),
      sources: p.resource.sources(context),
      bytes: p.bytes,
      hash: `sha256:${p.hash}`,
      producedBy: { importer: p.resource.module, inputs: p.inputs },
    };
    const at = resources.findIndex((r) => r.name === entry.name);
    if (at === -1) resources.push(entry);
    else resources[at] = entry;
  }
  return { ...descriptor, resources };
}

function vintageLabelOf(resource: UpdatableResource): string {
  const d = resource.descriptor;
  return resource.vintageLabel ?? `${d.sources.find((s) => s.publisher)?.publisher ?? d.title ?? d.name} figures`;
}

function describeFailure(resource: string, error: unknown, url: string | undefined): UpdateIssue {
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof FetchError) {
    if (error.hint) return { resource, url: error.url, message, hint: error.hint };
    const hint = error.permission
      ? "the updater process may only reach the publishers' hosts (or the --base-url host); this endpoint is outside them"
      : error.status !== undefined && error.status < 500 && error.status !== 429 && error.status !== 408
      ? "the publisher refused the request: check the API key and whether the endpoint moved"
      : "the publisher's service did not answer in time or failed; try again later, or raise --timeout / --retries";
    return { resource, url: error.url, message, hint };
  }
  if (error instanceof FormatError) {
    const source = error.source.split(" ")[0];
    return {
      resource,
      url: /^https?:\/\//.test(source) ? source : url,
      message,
      hint: "the answer is not in the format the importer expects (format change, error page, or bad values); " +
        "check the URL in a browser and update the importer if the publisher changed its format",
    };
  }
  if (error instanceof CatalogError) {
    return { resource, url, message, hint: "fix the current file (deno task data:import) and run again" };
  }
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return {
      resource,
      url,
      message,
      hint: "the updater process may only read the workspace and write the data folder",
    };
  }
  return { resource, url, message, hint: "unexpected error in the updater; please report it with this message" };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
