/**
 * Runs a set of notebooks through the cache: reads and validates each, takes
 * up-to-date ones from `_build/`, executes the others a few at a time (each
 * in its own kernel), then writes the executed notebooks
 * (`_build/notebooks/<stem>.ipynb`) and the cache — atomically, and not at
 * all when the run is cancelled, so an interrupted run leaves the previous
 * build as it was.
 *
 * @example
 * ```ts
 * const run = await runNotebooks({ root: "/work/main" });
 * run.outcomes.filter((o) => o.status === "failed").map((o) => o.failure?.message);
 * ```
 * @module
 */

import { basename, extname, isAbsolute, join, resolve } from "node:path";
import type { LedgerEntry } from "../ledger/types.ts";
import { writeFileAtomic } from "../atomic.ts";
import { type ExecutionCache, openCache } from "./cache.ts";
import type { ExecutionEvent } from "./events.ts";
import { executeNotebook, type ExecutionTimings, type NotebookFailure } from "./execute.ts";
import { verdictsOf } from "../ledger/build.ts";
import type { LedgerProblem } from "../ledger/check.ts";
import { KernelWarmer, type NotebookKernel } from "./kernels.ts";
import { type RemoteKernelsOptions, remoteKernelStarter } from "./remote-kernels.ts";
import {
  displayPath,
  kernelCwd,
  type LoadedNotebook,
  type Notebook,
  NotebookError,
  readNotebook,
  serializeNotebook,
} from "./notebook.ts";
import { thisMachineJobs } from "./jobs.ts";
import { mapConcurrent } from "./pool.ts";
import { withSourceText } from "./text-cells.ts";
import { untrackedReads, untrackedReadWarning } from "./untracked-reads.ts";

/** Options for {@link runNotebooks}. */
export interface RunNotebooksOptions {
  /** Workspace root (holds `deno.json`, `lib/`, `notebooks/`). */
  root: string;
  /** Build folder (default `<root>/_build`). */
  buildDir?: string;
  /** Data folder the kernels read (default `$CLAIMBOOK_DATA_DIR`, else `<root>/data`). */
  dataDir?: string;
  /** Folder searched when no notebooks are named (default `<root>/notebooks`). */
  notebooksDir?: string;
  /** Notebooks to run: paths, or names in the notebooks folder (default: all of it). */
  notebooks?: string[];
  /** Re-run even up-to-date notebooks. */
  force?: boolean;
  /** Kernels at once (default: the number of CPU cores). */
  jobs?: number;
  /** Per-cell time limit in seconds, over any notebook's own `metadata.claimbook.timeout`. */
  timeout?: number;
  /** After interrupting a cell that timed out, seconds to wait before killing its kernel (default 3). */
  interruptGrace?: number;
  /** Extra environment for every kernel. */
  env?: Record<string, string>;
  /** Cancels the run: kernels are killed, nothing is written. */
  signal?: AbortSignal;
  onEvent?: (event: ExecutionEvent) => void;
  /** Run the kernels on this kernel server instead of this machine (`--kernel-server`). */
  kernelServer?: RemoteKernelsOptions;
  /**
   * Return as soon as the executed notebooks are written, while the last kernels still shut down (about 0.15 s
   * each); the caller must then await {@link RunNotebooksResult.kernelsStopped} before it ends. Default false:
   * no kernel outlives the run.
   */
  returnBeforeKernelsStop?: boolean;
  /** Called with each notebook that ran to its end, as executed, before it is written (e.g. to prepare its page). */
  onExecuted?: (notebook: string, executed: Notebook) => void;
}

/** What happened to one notebook. */
export interface NotebookOutcome {
  /** Path relative to the workspace (as named in messages). */
  notebook: string;
  /** Absolute source path. */
  path: string;
  stem: string;
  /** The document it checks (unknown when the file could not be read). */
  documentId?: string;
  status: "ran" | "cached" | "failed" | "cancelled";
  /** Absolute path of the executed notebook, once written (or from the cache). */
  executedPath?: string;
  failure?: NotebookFailure;
  verdicts: LedgerEntry[];
  /** Verdict outputs that are not verdicts. */
  verdictProblems: LedgerProblem[];
  /** Why it ran or came from the cache. */
  reason: string;
  /** What the person running it should know, e.g. a cell reading data the cache does not track. */
  warnings: string[];
  ms: number;
  timings?: ExecutionTimings;
}

/** The result of {@link runNotebooks}. */
export interface RunNotebooksResult {
  outcomes: NotebookOutcome[];
  cancelled: boolean;
  root: string;
  buildDir: string;
  dataDir: string;
  /** The cache (its hasher knows the files hashed in this run). */
  cache: ExecutionCache;
  ms: number;
  /** Resolves once every kernel of the run has stopped (already resolved unless `returnBeforeKernelsStop`). */
  kernelsStopped: Promise<void>;
}

/**
 * Runs notebooks (see the module doc).
 *
 * @example
 * ```ts
 * await runNotebooks({ root, notebooks: ["korus-kei-2018"], force: true, jobs: 1 });
 * ```
 */
export async function runNotebooks(options: RunNotebooksOptions): Promise<RunNotebooksResult> {
  const kernels: { warmer?: KernelWarmer<NotebookKernel> } = {};
  try {
    return await runWithKernels(options, kernels);
  } finally {
    // Kernels started ahead and never taken (a notebook found invalid, a cancelled run) are stopped.
    await kernels.warmer?.close();
  }
}

async function runWithKernels(
  options: RunNotebooksOptions,
  kernels: { warmer?: KernelWarmer<NotebookKernel> },
): Promise<RunNotebooksResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const buildDir = resolve(options.buildDir ?? join(root, "_build"));
  const dataDir = resolve(options.dataDir ?? dataDirFromEnv() ?? join(root, "data"));
  const emit = options.onEvent ?? (() => {});
  const cache = await openCache({ root, buildDir });
  const finish = (outcomes: NotebookOutcome[], cancelled: boolean): RunNotebooksResult => ({
    outcomes,
    cancelled,
    root,
    buildDir,
    dataDir,
    cache,
    ms: performance.now() - started,
    kernelsStopped: stopping,
  });
  let stopping: Promise<void> = Promise.resolve();

  const located = options.notebooks?.length
    ? options.notebooks.map((name) => ({ name, ...locateNotebook(name, root, options.notebooksDir) }))
    : (await listNotebooks(resolve(options.notebooksDir ?? join(root, "notebooks"))))
      .map((path) => ({ name: path, path, found: true, tried: [path] }));
  const paths = located.map((l) => l.path);
  // Kernels boot while the notebooks are read and checked: one per notebook (in the same folder), a few ahead.
  const jobs = options.jobs ?? thisMachineJobs();
  const kernelFolder = paths.length > 0 ? kernelCwd(paths[0]) : "";
  const warmer = kernels.warmer = new KernelWarmer<NotebookKernel>({
    cwd: kernelFolder,
    env: { ...options.env, CLAIMBOOK_DATA_DIR: dataDir },
    signal: options.signal,
    start: options.kernelServer ? remoteKernelStarter({ ...options.kernelServer, root }) : undefined,
  });
  if (options.force) warmer.expect(paths.filter((path) => kernelCwd(path) === kernelFolder).length, jobs);
  const loaded = await Promise.all(located.map(async ({ name, path, found, tried }) => {
    if (!found) {
      const places = tried.map((p) => displayPath(p, root)).join(", ");
      return new NotebookError(
        name,
        `no such notebook (looked for ${places}); name a file, or a notebook of notebooks/`,
      );
    }
    try {
      return await readNotebook(path, { root });
    } catch (error) {
      if (error instanceof NotebookError) return error;
      throw error;
    }
  }));

  const outcomes: NotebookOutcome[] = [];
  const toRun: { source: LoadedNotebook; reason: string; slot: number }[] = [];
  // Executed copies that take their source's new Markdown, written with the rest at the end.
  const textRefreshes: { source: LoadedNotebook; executedPath: string; text: string; verdicts: LedgerEntry[] }[] = [];
  const stems = new Map<string, string>();
  for (const [i, item] of loaded.entries()) {
    const path = paths[i];
    const shown = displayPath(path, root);
    const stem = basename(path, extname(path));
    if (item instanceof NotebookError) {
      outcomes.push(invalid(path, shown, stem, item.message));
      continue;
    }
    const clash = stems.get(stem);
    if (clash) {
      const message = `${shown}: another notebook, ${clash}, has the same name; executed notebooks are ` +
        `written to _build/notebooks/<name>.ipynb, so rename one of them`;
      outcomes.push(invalid(path, shown, stem, message));
      continue;
    }
    stems.set(stem, shown);
    const slot = outcomes.length;
    const warnings = untrackedReads(item.notebook).map((read) => untrackedReadWarning(item.relativePath, read));
    const lookup = options.force
      ? { entry: undefined, why: "--force" }
      : await cache.lookup(item.relativePath, item.bytes, dataDir, item.notebook);
    const refreshed = lookup.entry && lookup.textOnly ? await withNewText(item, lookup.entry.executedPath) : undefined;
    if (lookup.entry && lookup.textOnly && !refreshed) {
      const why = "its Markdown changed and the executed copy no longer matches its code";
      outcomes.push(placeholder(item, why, warnings));
      toRun.push({ source: item, reason: why, slot });
      continue;
    }
    if (lookup.entry) {
      if (refreshed) textRefreshes.push({ source: item, executedPath: lookup.entry.executedPath, ...refreshed });
      outcomes.push({
        notebook: item.relativePath,
        path,
        stem,
        documentId: item.documentId,
        status: "cached",
        executedPath: lookup.entry.executedPath,
        verdicts: refreshed?.verdicts ?? lookup.entry.verdicts,
        verdictProblems: [],
        reason: lookup.why,
        warnings,
        ms: 0,
      });
      continue;
    }
    outcomes.push(placeholder(item, lookup.why, warnings));
    toRun.push({ source: item, reason: lookup.why, slot });
  }

  emit({
    type: "plan",
    // One outcome was made per path, in order, so outcomes[i] belongs to loaded[i].
    notebooks: outcomes.map((outcome, i) => {
      const source = loaded[i];
      const cells = source instanceof NotebookError ? [] : source.notebook.cells.filter((c) => c.cell_type === "code");
      return { notebook: outcome.notebook, cells: cells.length };
    }),
    jobs,
  });
  for (const outcome of outcomes) {
    if (outcome.status === "cached") emit({ type: "cached", notebook: outcome.notebook });
    if (outcome.status === "failed") {
      emit({
        type: "notebook-done",
        notebook: outcome.notebook,
        status: "failed",
        ms: 0,
        message: outcome.failure?.message,
      });
    }
  }

  // Longest first (by the last run's time; unknown counts as longest): the run ends sooner with several kernels.
  const expectedMs = (job: { source: LoadedNotebook }) =>
    cache.entry(job.source.relativePath)?.ms ?? Number.POSITIVE_INFINITY;
  toRun.sort((a, b) => expectedMs(b) - expectedMs(a) || a.slot - b.slot);
  warmer.expect(toRun.filter((job) => kernelCwd(job.source.path) === kernelFolder).length, jobs);
  const executed = await mapConcurrent(toRun, jobs, async (job) => {
    const run = await executeNotebook(job.source, {
      timeoutSeconds: options.timeout,
      interruptGraceSeconds: options.interruptGrace,
      env: { ...options.env, CLAIMBOOK_DATA_DIR: dataDir },
      signal: options.signal,
      onEvent: emit,
      kernels: warmer,
    });
    if (run.status === "ok") options.onExecuted?.(job.source.relativePath, run.notebook);
    emit({
      type: "notebook-done",
      notebook: job.source.relativePath,
      status: run.status,
      ms: run.timings.totalMs,
      message: run.failure?.message,
    });
    return run;
  }, options.signal);

  // Kernels shut down in the background while later notebooks run; none may outlive the run (or, when the
  // caller takes that on, the caller's work after it).
  stopping = Promise.all(executed.map((run) => run?.stopped)).then(() => {});
  if (!options.returnBeforeKernelsStop || options.signal?.aborted) await stopping;
  if (options.signal?.aborted) {
    for (const job of toRun) outcomes[job.slot].status = "cancelled";
    return finish(outcomes, true);
  }

  await Promise.all(toRun.map(async (job, i) => {
    const run = executed[i];
    const outcome = outcomes[job.slot];
    if (!run || run.status === "cancelled") {
      outcome.status = "cancelled";
      return;
    }
    const executedPath = join(buildDir, "notebooks", `${job.source.stem}.ipynb`);
    await writeFileAtomic(executedPath, serializeNotebook(run.notebook));
    const found = verdictsOf(job.source.relativePath, run.notebook);
    Object.assign(outcome, {
      status: run.status === "ok" ? "ran" : "failed",
      executedPath,
      failure: run.failure,
      verdicts: found.verdicts,
      verdictProblems: found.problems,
      ms: run.timings.totalMs,
      timings: run.timings,
    });
    if (run.status === "ok") {
      await cache.record({
        notebook: job.source.relativePath,
        sourceBytes: job.source.bytes,
        source: job.source.notebook,
        dataDir,
        reads: run.reads,
        executedPath,
        documentId: job.source.documentId,
        verdicts: found.verdicts,
        executedAt: new Date().toISOString(),
        ms: run.timings.totalMs,
      });
    } else {
      cache.forget(job.source.relativePath);
    }
  }));
  for (const refresh of textRefreshes) {
    await writeFileAtomic(refresh.executedPath, refresh.text);
    cache.refreshText(refresh.source.relativePath, refresh.source.bytes, refresh.verdicts);
  }
  if (cache.dirty) await cache.save();
  return finish(outcomes, false);
}

function dataDirFromEnv(): string | undefined {
  try {
    return Deno.env.get("CLAIMBOOK_DATA_DIR") || undefined;
  } catch {
    return undefined; // no --allow-env: the workspace's data/
  }
}

function placeholder(source: LoadedNotebook, reason: string, warnings: string[]): NotebookOutcome {
  return {
    notebook: source.relativePath,
    path: source.path,
    stem: source.stem,
    documentId: source.documentId,
    status: "cancelled",
    verdicts: [],
    verdictProblems: [],
    reason,
    warnings,
    ms: 0,
  };
}

function invalid(path: string, shown: string, stem: string, message: string): NotebookOutcome {
  return {
    notebook: shown,
    path,
    stem,
    status: "failed",
    failure: { kind: "invalid", ename: "NotebookError", evalue: message, traceback: "", message },
    verdicts: [],
    verdictProblems: [],
    reason: "invalid notebook",
    warnings: [],
    ms: 0,
  };
}

/**
 * The `.ipynb` files of a folder (not its subfolders), sorted.
 *
 * @example
 * ```ts
 * await listNotebooks("/work/main/notebooks"); // ["/work/main/notebooks/korea-russia-kita-2020.ipynb", …]
 * ```
 */
export async function listNotebooks(dir: string): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".ipynb") && !entry.name.startsWith(".")) {
        found.push(join(dir, entry.name));
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found.sort();
}

/**
 * Resolves a notebook named on the command line: a path (from the current
 * folder, then from the workspace root), or a bare name in the notebooks
 * folder, with or without `.ipynb`. `found` is false when no reading of the
 * name is a file; `tried` lists the paths looked at.
 *
 * @example
 * ```ts
 * locateNotebook("korus-kei-2018", "/work/main").path; // "/work/main/notebooks/korus-kei-2018.ipynb"
 * ```
 */
export function locateNotebook(
  name: string,
  root: string,
  notebooksDir?: string,
): { path: string; found: boolean; tried: string[] } {
  const withExtension = name.endsWith(".ipynb") ? name : `${name}.ipynb`;
  const folder = resolve(notebooksDir ?? join(root, "notebooks"));
  const candidates = isAbsolute(name)
    ? [name]
    : [...new Set([resolve(name), resolve(root, name), join(folder, withExtension), resolve(withExtension)])];
  for (const candidate of candidates) {
    try {
      if (Deno.statSync(candidate).isFile) return { path: candidate, found: true, tried: candidates };
    } catch {
      // Try the next reading of the name.
    }
  }
  return { path: candidates[0], found: false, tried: candidates };
}

/**
 * The executed copy with its source's new Markdown (outputs kept), and the verdicts at their new cell positions;
 * undefined when the executed copy cannot be read or its code cells no longer match the source's.
 */
async function withNewText(
  source: LoadedNotebook,
  executedPath: string,
): Promise<{ text: string; verdicts: LedgerEntry[] } | undefined> {
  let executed: Notebook;
  try {
    executed = JSON.parse(await Deno.readTextFile(executedPath)) as Notebook;
  } catch {
    return undefined;
  }
  if (!Array.isArray(executed?.cells)) return undefined;
  const merged = withSourceText(source.notebook, executed);
  if (!merged) return undefined;
  const found = verdictsOf(source.relativePath, merged);
  if (found.problems.length > 0) return undefined;
  return { text: serializeNotebook(merged), verdicts: found.verdicts };
}
