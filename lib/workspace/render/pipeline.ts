/**
 * `renderWorkspace`: execute the notebooks (through the cache), write the
 * claim ledger (`_build/claims.json`), check it against `documents.json`,
 * and — when everything succeeded — build the static site. A failed
 * notebook or a bad ledger leaves the previous `_site/` untouched; a
 * cancelled run writes nothing at all.
 *
 * Importing this module has no side effects and loads neither the site
 * renderer nor the data libraries: the site is imported only when built.
 *
 * @example
 * ```ts
 * import { renderWorkspace } from "@lib/workspace/render/pipeline.ts";
 * const result = await renderWorkspace({ root: "/work/main", quiet: true });
 * result.ok; // true when every notebook ran and every claim has exactly one verdict
 * ```
 * @module
 */

import { basename, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DocumentsFile } from "../../analysis/claims/schema.ts";
import type { Ledger } from "../ledger/types.ts";
import { writeFileAtomic } from "../atomic.ts";
import type { ExecutionEvent } from "../executor/events.ts";
import { SitePreload } from "./site-preload.ts";
import type { FailureKind } from "../executor/execute.ts";
import { combinedHash, listFiles, sha256Hex } from "../executor/fingerprint.ts";
import { HISTORY_FILE } from "../ledger/history.ts";
import { buildLedger } from "../ledger/build.ts";
import {
  checkLedger,
  DocumentsFileError,
  formatLedgerProblems,
  type LedgerProblem,
  readDocumentsFile,
} from "../ledger/check.ts";
import { LEDGER_FILE, readLedgerFile, sameLedger, writeLedger } from "../ledger/file.ts";
import { diffLedgers, type VerdictChange, verdictChangeLines } from "../ledger/diff.ts";
import { createProgress } from "../executor/progress.ts";
import {
  listNotebooks,
  locateNotebook,
  type NotebookOutcome,
  runNotebooks,
  type RunNotebooksResult,
} from "../executor/run.ts";
import { preflight, PreflightError } from "./preflight.ts";
import { connectKernelServer, type KernelServerSettings } from "../executor/remote-kernels.ts";
import { KernelServerError } from "../kernel/remote/errors.ts";

/** Options for {@link renderWorkspace}. */
export interface RenderOptions {
  /** Workspace root. */
  root: string;
  /** Re-execute every notebook, ignoring the cache. */
  force?: boolean;
  /** Kernels at once (default: CPU cores). */
  jobs?: number;
  /** Per-cell time limit in seconds (over the notebooks' own `metadata.claimbook.timeout`). */
  timeout?: number;
  /** After interrupting a cell that timed out, seconds to wait before killing its kernel (default 3). */
  interruptGrace?: number;
  /**
   * Without `onEvent`: show the default progress display on stdout unless
   * quiet. With `onEvent`, nothing is shown; events go to the callback.
   */
  quiet?: boolean;
  /** Only these notebooks (paths or names); the ledger then checks only their documents' claims. */
  notebooks?: string[];
  /** Build the site after a successful run (default true). */
  site?: boolean;
  onEvent?: (event: ExecutionEvent) => void;
  /** Cancels the run (Ctrl-C): kernels are killed, nothing is written. */
  signal?: AbortSignal;
  /** Build folder (default `<root>/_build`). */
  buildDir?: string;
  /** Site folder (default `<root>/_site`). */
  siteDir?: string;
  /** Data folder (default `$CLAIMBOOK_DATA_DIR`, else `<root>/data`). */
  dataDir?: string;
  /** The site's public address: canonical, og: and twitter: tags, ClaimReview urls (`render --base-url`). */
  baseUrl?: string;
  /** Folder of the notebooks (default `<root>/notebooks`). */
  notebooksDir?: string;
  /** Run the kernels on a kernel server (`--kernel-server`); it is asked once, before any notebook runs. */
  kernelServer?: KernelServerSettings;
}

/** A notebook that failed, located. */
export interface RenderFailure {
  notebook: string;
  kind: FailureKind;
  /** 1-based cell number, when a cell failed. */
  cell?: number;
  cellId?: string;
  ename: string;
  message: string;
}

/** What a render did. */
export interface RenderResult {
  /** Every notebook ran or was cached, the ledger is sound, and the site (if asked) was built. */
  ok: boolean;
  cancelled: boolean;
  /** Whether the site was asked for. */
  siteRequested: boolean;
  /** Notebooks executed in this run (paths relative to the workspace). */
  ran: string[];
  /** Notebooks taken from the cache. */
  cached: string[];
  failed: RenderFailure[];
  /** Per notebook, with reasons and timings. */
  notebooks: NotebookOutcome[];
  /** The ledger written to `_build/claims.json` (absent when a notebook failed or the run was cancelled). */
  ledger?: Ledger;
  /**
   * The claims whose verdict or computed figure differ from the ledger this render replaced (the data or a
   * notebook changed since); absent when there was no ledger before. Claims added or removed are not moves.
   */
  moves?: VerdictChange[];
  ledgerProblems: LedgerProblem[];
  /** A problem that is neither a notebook's nor the ledger's (e.g. documents.json unreadable, site build error). */
  errors: string[];
  /** What the notebooks' authors should know but does not fail the render (e.g. data read around the cache). */
  warnings: string[];
  /** Set when the render was refused before any notebook ran (an output folder that must not be used, …). */
  refused?: { message: string; exitCode: number };
  /** The site built (or, when `reused`, left as it was because none of its inputs changed). */
  site?: { pages: string[]; dir: string; reused: boolean };
  timings: { totalMs: number; executeMs: number; ledgerMs: number; siteMs: number };
}

/**
 * Executes, writes the ledger, checks it, and builds the site (see the module doc).
 *
 * @example
 * ```ts
 * const result = await renderWorkspace({ root, site: false, notebooks: ["korus-kei-2018"] });
 * for (const f of result.failed) console.error(f.message);
 * ```
 */
export async function renderWorkspace(options: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const buildDir = resolve(options.buildDir ?? join(root, "_build"));
  const siteDir = resolve(options.siteDir ?? join(root, "_site"));
  const notebooksDir = resolve(options.notebooksDir ?? join(root, "notebooks"));
  try {
    await preflight({
      root,
      buildDir,
      siteDir: options.site === false ? undefined : siteDir,
      dataDir: resolve(options.dataDir ?? dataDirFromEnv() ?? join(root, "data")),
      notebooksDir,
      stems: await notebookStems(root, notebooksDir, options.notebooks),
    });
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    return refusedRender(options, error.message, error.exitCode, started);
  }
  let kernelServer;
  try {
    kernelServer = options.kernelServer ? await connectKernelServer(options.kernelServer) : undefined;
  } catch (error) {
    if (!(error instanceof KernelServerError)) throw error;
    return refusedRender(options, error.message, 1, started);
  }
  const progress = options.onEvent ? undefined : await createProgress({ quiet: options.quiet });
  const show = options.onEvent ?? progress?.onEvent;
  // A computed specifier: Deno would otherwise load the whole site renderer
  // (markdown, highlighting, sanitizing) at start-up, even for a cached run.
  const siteModule = new URL("../site/build.ts", import.meta.url).href;
  const site = new SitePreload(() => import(siteModule) as Promise<typeof import("../site/build.ts")>);
  const onEvent = options.site === false ? show : (event: ExecutionEvent) => {
    site.onEvent(event);
    show?.(event);
  };
  let run;
  try {
    run = await runNotebooks({
      root,
      buildDir,
      dataDir: options.dataDir,
      notebooksDir: options.notebooksDir,
      notebooks: options.notebooks,
      force: options.force,
      jobs: options.jobs,
      timeout: options.timeout,
      interruptGrace: options.interruptGrace,
      signal: options.signal,
      onEvent,
      kernelServer,
      // The last kernels stop while the ledger and the site are written.
      returnBeforeKernelsStop: true,
      // A finished notebook's code cells are highlighted and its outputs sanitized while others still run.
      onExecuted: options.site === false
        ? undefined
        : (notebook, executed) => site.whenLoaded((module) => module.warmNotebookCells(executed, notebook)),
    });
  } finally {
    progress?.stop();
  }
  try {
    return await ledgerAndSite(run, options, { started, root, siteDir, site });
  } finally {
    await run.kernelsStopped;
    await site.idle(); // no page preparation outlives the render either
  }
}

/** After the notebooks ran: the ledger, then the site (unless its inputs are those of the site already there). */
async function ledgerAndSite(
  run: RunNotebooksResult,
  options: RenderOptions,
  { started, root, siteDir, site }: {
    started: number;
    root: string;
    siteDir: string;
    site: SitePreload<typeof import("../site/build.ts")>;
  },
): Promise<RenderResult> {
  const executeMs = performance.now() - started;
  const result: RenderResult = {
    ok: false,
    cancelled: run.cancelled,
    siteRequested: options.site !== false,
    ran: run.outcomes.filter((o) => o.status === "ran").map((o) => o.notebook),
    cached: run.outcomes.filter((o) => o.status === "cached").map((o) => o.notebook),
    failed: run.outcomes.filter((o) => o.status === "failed").map(failureOf),
    notebooks: run.outcomes,
    ledgerProblems: [],
    errors: [],
    warnings: run.outcomes.flatMap((o) => o.warnings),
    timings: { totalMs: 0, executeMs, ledgerMs: 0, siteMs: 0 },
  };
  const done = (): RenderResult => {
    result.ok = !result.cancelled && result.failed.length === 0 && result.ledgerProblems.length === 0 &&
      result.errors.length === 0;
    result.timings.totalMs = performance.now() - started;
    return result;
  };
  if (run.cancelled || result.failed.length > 0) return done();

  const ledgerStarted = performance.now();
  let documents: DocumentsFile;
  try {
    documents = await readDocumentsFile(run.dataDir);
  } catch (error) {
    if (!(error instanceof DocumentsFileError)) throw error;
    result.errors.push(error.message);
    return done();
  }
  const scope = options.notebooks?.length
    ? new Set(run.outcomes.map((o) => o.documentId).filter((id): id is string => !!id))
    : undefined;
  const ledger = buildLedger({
    documents,
    scope,
    notebooks: run.outcomes.map((o) => ({
      notebook: o.notebook,
      documentId: o.documentId ?? o.stem,
      verdicts: o.verdicts,
    })),
  });
  result.ledgerProblems = [...run.outcomes.flatMap((o) => o.verdictProblems), ...checkLedger(ledger, documents, scope)];
  const ledgerPath = join(run.buildDir, LEDGER_FILE);
  const previous = await readLedgerFile(ledgerPath).catch(() => null);
  // Same verdicts as last time: keep the file (and its time stamp), so that the site need not change either.
  if (previous && sameLedger(previous, ledger)) ledger.generated = previous.generated;
  else await writeLedger(ledgerPath, ledger);
  result.ledger = ledger;
  if (previous) {
    result.moves = diffLedgers(previous, ledger).filter((c) => c.kind === "verdict" || c.kind === "computed");
  }
  result.timings.ledgerMs = performance.now() - ledgerStarted;
  if (result.ledgerProblems.length > 0 || options.site === false) return done();
  // Ctrl-C after the notebooks finished: the ledger is written, but no site is started.
  if (options.signal?.aborted) {
    result.cancelled = true;
    return done();
  }

  const siteStarted = performance.now();
  const notebooks = run.outcomes.map((o) => ({
    stem: o.stem,
    documentId: o.documentId,
    executedPath: o.executedPath!,
    sourcePath: o.notebook,
  }));
  // The site depends only on these: when none changed and the site is there, it is left as it is.
  const stampPath = join(run.buildDir, "site-stamp.json");
  const inputs = sha256Hex(JSON.stringify({
    siteDir,
    environment: await run.cache.environmentHash(),
    // The renderer itself (templates, style sheet, script): a new site code means a new site.
    siteCode: await combinedHash(
      run.cache.hasher,
      root,
      await listFiles(fileURLToPath(new URL("../site/", import.meta.url))),
    ),
    documents: await run.cache.hasher.hash(join(run.dataDir, "documents.json")),
    // How verdicts moved after updates, and the address the pages are published at, show on the pages too.
    history: await run.cache.hasher.hash(join(run.dataDir, HISTORY_FILE)),
    baseUrl: options.baseUrl ?? null,
    notebooks: await Promise.all(
      notebooks.map(async (n) => ({ ...n, sha256: await run.cache.hasher.hash(n.executedPath) })),
    ),
    ledger,
  }));
  const stamp = await readJson<{ inputs: string; pages: string[] }>(stampPath);
  if (stamp?.inputs === inputs && await exists(join(siteDir, "index.html"))) {
    result.site = { pages: stamp.pages, dir: siteDir, reused: true };
    result.timings.siteMs = performance.now() - siteStarted;
    return done();
  }
  await Deno.remove(stampPath).catch(() => {});
  try {
    const { buildSite } = await site.module();
    await site.idle();
    const built = await buildSite({
      root,
      buildDir: run.buildDir,
      siteDir,
      ledger,
      documents,
      notebooks,
      dataDir: run.dataDir,
      baseUrl: options.baseUrl,
    });
    result.site = { pages: built.pages, dir: siteDir, reused: false };
    await writeFileAtomic(stampPath, JSON.stringify({ inputs, pages: built.pages }) + "\n");
  } catch (error) {
    result.errors.push(
      `the site could not be built (the previous ${siteDir} is unchanged): ${(error as Error).message}`,
    );
  }
  result.timings.siteMs = performance.now() - siteStarted;
  return done();
}

/** A render refused before any notebook ran. */
function refusedRender(options: RenderOptions, message: string, exitCode: number, started: number): RenderResult {
  return {
    ok: false,
    cancelled: false,
    siteRequested: options.site !== false,
    ran: [],
    cached: [],
    failed: [],
    notebooks: [],
    ledgerProblems: [],
    errors: [message],
    warnings: [],
    refused: { message, exitCode },
    timings: { totalMs: performance.now() - started, executeMs: 0, ledgerMs: 0, siteMs: 0 },
  };
}

/** The file stems of the notebooks a render will run (the ones named, or all of the folder). */
async function notebookStems(root: string, notebooksDir: string, named: string[] | undefined): Promise<string[]> {
  const paths = named?.length
    ? named.map((name) => locateNotebook(name, root, notebooksDir)).filter((l) => l.found).map((l) => l.path)
    : await listNotebooks(notebooksDir);
  return paths.map((path) => basename(path, extname(path)));
}

function dataDirFromEnv(): string | undefined {
  try {
    return Deno.env.get("CLAIMBOOK_DATA_DIR") || undefined;
  } catch {
    return undefined; // no --allow-env: the workspace's data/
  }
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as T;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

function failureOf(outcome: NotebookOutcome): RenderFailure {
  const failure = outcome.failure;
  return {
    notebook: outcome.notebook,
    kind: failure?.kind ?? "error",
    cell: failure?.cellNumber,
    cellId: failure?.cellId,
    ename: failure?.ename ?? "Error",
    message: failure?.message ?? `${outcome.notebook}: failed`,
  };
}

/**
 * A one-paragraph report of a render: what ran, what failed and why, the verdict counts, the verdicts and
 * computed figures that moved since the last render, and the warnings.
 *
 * @example
 * ```ts
 * const { text, errors, warnings } = summarizeRender(result);
 * for (const warning of warnings) console.error(`⚠ ${warning}`);
 * console.log(text);
 * ```
 */
export function summarizeRender(result: RenderResult): { text: string; errors: string[]; warnings: string[] } {
  const warnings = result.warnings;
  const errors = [
    ...result.failed.map((f) => f.message),
    ...(result.ledgerProblems.length ? [formatLedgerProblems(result.ledgerProblems)] : []),
    ...result.errors,
  ];
  const total = result.notebooks.length;
  const seconds = (result.timings.totalMs / 1000).toFixed(2);
  if (result.refused) return { text: "✘ refused before any notebook ran; nothing was written", errors, warnings };
  if (result.cancelled) {
    const what = result.ledger
      ? "the notebooks and the ledger were written, the site was not (the previous _site/ is unchanged)"
      : "nothing was written (the previous _build/ and _site/ are unchanged)";
    return { text: `✘ cancelled after ${seconds} s; ${what}`, errors, warnings };
  }
  const parts = [`${total} notebook(s): ${result.ran.length} ran, ${result.cached.length} cached`];
  if (result.failed.length) parts.push(`${result.failed.length} failed`);
  if (result.ledger) {
    const t = result.ledger.totals;
    parts.push(
      `${result.ledger.verdicts.length} verdict(s): ${t.confirmed} confirmed, ${t.approximate} approximate, ` +
        `${t.discrepant} discrepant, ${t.unverifiable} unverifiable`,
    );
  }
  if (result.site) {
    const how = result.site.reused ? "unchanged" : "written";
    parts.push(`site: ${result.site.pages.length} page(s) ${how} in ${result.site.dir}`);
  }
  const mark = result.ok ? "✔" : "✘";
  let text = `${mark} ${parts.join(" · ")} · ${seconds} s`;
  const moves = result.moves ?? [];
  if (moves.length > 0) {
    const changed = moves.filter((c) => c.kind === "verdict").length;
    const moved = moves.length - changed;
    text += `\n  since the last render: ${changed} verdict(s) changed, ${moved} computed figure(s) moved\n` +
      verdictChangeLines(moves).join("\n");
  }
  const unchanged = "the previous _site/ is unchanged";
  if (result.failed.length) {
    text += `\n  the claim ledger was not written${
      result.siteRequested ? `; the site was not built (${unchanged})` : ""
    }`;
  } else if (!result.ok && result.siteRequested && !result.site) {
    text += `\n  the site was not built (${unchanged})`;
  }
  return { text, errors, warnings };
}
