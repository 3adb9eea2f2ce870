/**
 * Executes one notebook in its own Deno kernel, cell by cell, the way
 * nbclient does: outputs recorded as nbformat 4.5, stop on the first error
 * (unless the cell is tagged `raises-exception`; cells tagged
 * `skip-execution` and empty cells are not run), a time limit per cell
 * (interrupt, then kill), and a kernel that dies reported on its cell.
 * The kernel's catalog reads are collected for the cache.
 *
 * @example
 * ```ts
 * const source = await readNotebook("/work/main/notebooks/korus-kei-2018.ipynb", { root: "/work/main" });
 * const run = await executeNotebook(source, { timeoutSeconds: 60 });
 * run.status; // "ok"
 * ```
 * @module
 */

import stripAnsi from "strip-ansi";
import type { KernelSession } from "../kernel/session.ts";
import type { JupyterMessage } from "../kernel/wire.ts";
import { CellTimeoutError, ExecutionCancelledError, KernelDiedError } from "../kernel/errors.ts";
import type { ExecutionEvent } from "./events.ts";
import { type KernelSource, type NotebookKernel, startNotebookKernel } from "./kernels.ts";
import { kernelCwd, type LoadedNotebook, type Notebook, sourceText } from "./notebook.ts";
import { cellLabel } from "../notebook/format.ts";
import { collectLateOutput, needsBarrier, OutputBarrier } from "./output-barrier.ts";
import { OutputRecorder } from "./outputs.ts";
import { findSyntaxError, isSilentFailure } from "./syntax.ts";

/**
 * Default time limit of one cell, in seconds.
 *
 * @example
 * ```ts
 * await executeNotebook(source, { timeoutSeconds: DEFAULT_CELL_TIMEOUT_SECONDS * 2 });
 * ```
 */
export const DEFAULT_CELL_TIMEOUT_SECONDS = 60;

export { READS_FILE_ENV } from "./kernels.ts";

/** How long to wait, after a cell, for the kernel to relay the last of its printed output. */
const OUTPUT_BARRIER_MS = 20_000;

/** One catalog read reported by the kernel. */
export interface RecordedRead {
  resource: string;
  /** Path relative to the data folder. */
  path: string;
  sha256: string;
}

/** Why a notebook stopped. */
export type FailureKind = "error" | "timeout" | "kernel-died" | "kernel-start" | "invalid";

/** The failure of a notebook, located and explained. */
export interface NotebookFailure {
  kind: FailureKind;
  /** 0-based index of the failing cell among all cells (undefined when no cell ran). */
  cell?: number;
  /** 1-based number of that cell, as people count. */
  cellNumber?: number;
  cellId?: string;
  ename: string;
  evalue: string;
  /** The traceback, ANSI colour codes removed, lines joined. */
  traceback: string;
  /** One message naming the notebook file, the cell and what happened. */
  message: string;
}

/** Time spent, in milliseconds. */
export interface ExecutionTimings {
  /** From spawning the kernel to its `kernel_info_reply`. */
  kernelStartMs: number;
  /** Per executed cell: index and time from request to reply. */
  cells: { cell: number; ms: number }[];
  shutdownMs: number;
  totalMs: number;
}

/** The outcome of executing one notebook. */
export interface NotebookExecution {
  source: LoadedNotebook;
  /** The executed notebook (a copy; the source is untouched). */
  notebook: Notebook;
  status: "ok" | "failed" | "cancelled";
  failure?: NotebookFailure;
  /** Catalog reads made by the kernel, one per path. */
  reads: RecordedRead[];
  timings: ExecutionTimings;
  /**
   * Resolves when the kernel has exited and its files are gone. The result
   * comes first so that the next notebook need not wait for a kernel's exit;
   * await this before the program ends.
   */
  stopped: Promise<void>;
}

/** Options for {@link executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Per-cell limit in seconds; overrides the notebook's `metadata.claimbook.timeout` (default 60). */
  timeoutSeconds?: number;
  /** After an interrupt on timeout, seconds to wait before killing the kernel (default 3). */
  interruptGraceSeconds?: number;
  /** Limit for the kernel to become ready, in seconds (default 30). */
  startTimeoutSeconds?: number;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
  /** Cancels execution: the kernel is killed, the result has status "cancelled". */
  signal?: AbortSignal;
  /** Progress events. */
  onEvent?: (event: ExecutionEvent) => void;
  /** Where the kernel comes from (default: one started for this notebook); e.g. a `KernelWarmer`. */
  kernels?: KernelSource;
}

/**
 * Runs every code cell of a notebook in a fresh Deno kernel started in the
 * notebook's folder. Never throws for a failing notebook: the failure is in
 * the result, and the error output is in the failing cell.
 *
 * @example
 * ```ts
 * const run = await executeNotebook(source, { timeoutSeconds: 2 });
 * if (run.failure) console.error(run.failure.message);
 * ```
 */
export async function executeNotebook(
  source: LoadedNotebook,
  options: ExecuteNotebookOptions = {},
): Promise<NotebookExecution> {
  const started = performance.now();
  const notebook = structuredClone(source.notebook);
  const cells = notebook.cells;
  const codeCells = cells.flatMap((cell, index) => (cell.cell_type === "code" ? [index] : []));
  const timeoutSeconds = options.timeoutSeconds ?? source.timeoutSeconds ?? DEFAULT_CELL_TIMEOUT_SECONDS;
  const emit = options.onEvent ?? (() => {});
  const timings: ExecutionTimings = { kernelStartMs: 0, cells: [], shutdownMs: 0, totalMs: 0 };
  let stopped: Promise<void> = Promise.resolve();
  const result = (status: NotebookExecution["status"], failure?: NotebookFailure, reads: RecordedRead[] = []) => {
    timings.totalMs = performance.now() - started;
    // A getter: the shutdown is started in `finally`, after this object is made.
    return {
      source,
      notebook,
      status,
      failure,
      reads,
      timings,
      get stopped() {
        return stopped;
      },
    };
  };

  emit({ type: "notebook-start", notebook: source.relativePath, cells: codeCells.length });
  // The kernel reports its catalog reads (a local one in a file in its private folder, which goes with it).
  let taken: NotebookKernel | undefined;
  let kernel: KernelSession | undefined;
  try {
    try {
      const kernels = options.kernels ?? {
        take: (cwd: string, signal?: AbortSignal) =>
          startNotebookKernel({
            cwd,
            env: options.env,
            startTimeoutMs: (options.startTimeoutSeconds ?? 30) * 1000,
            signal,
          }),
      };
      taken = await kernels.take(kernelCwd(source.path), options.signal);
      kernel = taken.kernel;
    } catch (error) {
      if (error instanceof ExecutionCancelledError) return result("cancelled");
      const message = `${source.relativePath}: the Deno kernel did not start: ${(error as Error).message}`;
      return result("failed", {
        kind: "kernel-start",
        ename: (error as Error).name,
        evalue: (error as Error).message,
        traceback: "",
        message,
      });
    }
    timings.kernelStartMs = performance.now() - started;
    notebook.metadata.language_info = kernel.info.language_info;
    emit({ type: "kernel-ready", notebook: source.relativePath, ms: timings.kernelStartMs });

    const recorder = new OutputRecorder(cells);
    for (const [position, index] of codeCells.entries()) {
      const cell = cells[index];
      if (cell.cell_type !== "code") continue;
      // Like nbclient: empty cells and cells tagged skip-execution are left as they are.
      const tags = Array.isArray(cell.metadata.tags) ? cell.metadata.tags : [];
      if (sourceText(cell.source).trim() === "" || tags.includes("skip-execution")) continue;
      const allowErrors = tags.includes("raises-exception");
      recorder.begin(index);
      cell.metadata.execution = {};
      emit({ type: "cell-start", notebook: source.relativePath, cell: index, position, of: codeCells.length });
      const cellStarted = performance.now();
      const rejectedBefore = kernel.channels.rejected.length;
      const cpuTicksBefore = kernel.process.cpuTicks();
      const barrier = new OutputBarrier();
      const deliver = (message: JupyterMessage) => recorder.handle(index, message);
      let failure: NotebookFailure | undefined;
      try {
        const outcome = await kernel.execute(sourceText(cell.source), {
          timeoutMs: timeoutSeconds * 1000,
          interruptGraceMs: (options.interruptGraceSeconds ?? 3) * 1000,
          signal: options.signal,
          stopOnError: !allowErrors,
          onIopub: (message) => barrier.filter(message, deliver),
        });
        cell.execution_count = outcome.reply.execution_count;
        (cell.metadata.execution as Record<string, string>)["shell.execute_reply"] = new Date().toISOString();
        if (outcome.reply.status !== "ok" && !allowErrors) {
          let ename = outcome.reply.ename ?? (outcome.reply.status === "aborted" ? "ExecutionAborted" : "Error");
          let evalue = outcome.reply.evalue ?? "";
          let traceback = outcome.reply.traceback ?? [];
          if (isSilentFailure(ename, evalue, traceback)) {
            // The kernel says only "Execution failed" for a cell it cannot parse: ask Deno's parser why.
            const syntax = await findSyntaxError(sourceText(cell.source));
            if (syntax) {
              ({ ename, evalue, traceback } = syntax);
              recorder.append(index, {
                output_type: "error",
                ename,
                evalue,
                traceback: [`${ename}: ${evalue}`, ...traceback],
              });
            }
          }
          failure = cellFailure(source, index, cell.id, "error", ename, evalue, traceback);
        }
      } catch (error) {
        if (error instanceof ExecutionCancelledError) return result("cancelled");
        if (error instanceof CellTimeoutError) {
          const evalue = `${source.relativePath}, ${cellLabel(index)}: ${error.message}`;
          recorder.append(index, { output_type: "error", ename: "CellTimeoutError", evalue, traceback: [evalue] });
          failure = cellFailure(source, index, cell.id, "timeout", "CellTimeoutError", error.message, []);
        } else if (error instanceof KernelDiedError) {
          const evalue = `${source.relativePath}, ${cellLabel(index)}: ${error.message}`;
          recorder.append(index, { output_type: "error", ename: "DeadKernelError", evalue, traceback: [evalue] });
          failure = cellFailure(source, index, cell.id, "kernel-died", "DeadKernelError", error.message, []);
        } else {
          throw error;
        }
      }
      // Everything the cell printed, however late the kernel relays it, lands on this cell (see output-barrier.ts).
      if (kernel.process.running && needsBarrier(kernel, { rejectedBefore, cpuTicksBefore })) {
        let complete = false;
        try {
          complete = await collectLateOutput(kernel, barrier, deliver, {
            timeoutMs: OUTPUT_BARRIER_MS,
            rejectedBefore,
            signal: options.signal,
          });
        } catch (error) {
          if (error instanceof ExecutionCancelledError) return result("cancelled");
          // The kernel died or hung just after the cell: the next cell (or the end) reports it.
        }
        if (!complete && kernel.process.running) {
          recorder.append(index, {
            output_type: "stream",
            name: "stderr",
            text: `claimbook: the kernel did not confirm within ${
              OUTPUT_BARRIER_MS / 1000
            } s that all of this cell's printed output arrived; it may be incomplete.\n`,
          });
        }
      }
      const rejected = kernel.channels.rejected.slice(rejectedBefore);
      if (rejected.length > 0) {
        // Messages that fail verification are dropped (never trusted); say so where the output is missing.
        recorder.append(index, {
          output_type: "stream",
          name: "stderr",
          text: `claimbook: ${rejected.length} message(s) from the kernel were rejected (${
            rejected[0].error.message
          }); this cell's output may be incomplete. Very large outputs (several MB in one message) trip a Deno kernel bug: print them in smaller parts.\n`,
        });
        emit({
          type: "note",
          message: `${source.relativePath}, ${
            cellLabel(index)
          }: ${rejected.length} message(s) from the kernel rejected (${
            rejected[0].error.message
          }); the cell's output may be incomplete`,
        });
      }
      const ms = performance.now() - cellStarted;
      timings.cells.push({ cell: index, ms });
      emit({ type: "cell-done", notebook: source.relativePath, cell: index, position, ms, ok: !failure });
      if (failure) {
        if (failure.kind === "error") await kernel.settle();
        return result("failed", failure, await taken.reads());
      }
    }
    await kernel.settle();
    return result("ok", undefined, await taken.reads());
  } finally {
    const stopping = performance.now();
    const running = kernel;
    stopped = (async () => {
      if (running) await running.shutdown(options.signal?.aborted ? 0 : 2000);
      timings.shutdownMs = performance.now() - stopping;
    })();
  }
}

function cellFailure(
  source: LoadedNotebook,
  index: number,
  cellId: string,
  kind: FailureKind,
  ename: string,
  evalue: string,
  traceback: string[],
): NotebookFailure {
  const cleanTraceback = traceback.map((line) => stripAnsi(line)).join("\n");
  const cleanValue = stripAnsi(evalue);
  const lines = cleanTraceback ? cleanTraceback.split("\n") : [];
  // Deno's traceback starts with "Name: message"; do not say it twice.
  if (lines[0]?.trim() === `${ename}: ${cleanValue}`.trim()) lines.shift();
  const where = `${source.relativePath}, ${cellLabel(index, cellId)}`;
  return {
    kind,
    cell: index,
    cellNumber: index + 1,
    cellId,
    ename,
    evalue: cleanValue,
    traceback: cleanTraceback,
    message: `${where}: ${ename}: ${cleanValue}${lines.length ? `\n${indent(lines.join("\n"))}` : ""}`,
  };
}

function indent(text: string): string {
  return text.split("\n").map((line) => `  ${line}`).join("\n");
}
