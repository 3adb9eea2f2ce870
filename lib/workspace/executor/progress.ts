/**
 * Progress of a run on the terminal: in a terminal, a live block with one
 * line per notebook (a spinner and the running cell, cells done, elapsed
 * time), redrawn in place with `log-update`; when stdout is not a terminal
 * or `CI` is set, one plain line per notebook event; with `quiet`, nothing
 * (errors and the summary are printed by the command).
 *
 * @example
 * ```ts
 * const progress = await createProgress({ quiet: false });
 * await runNotebooks({ root, onEvent: progress.onEvent });
 * progress.stop();
 * ```
 * @module
 */

import cliSpinners from "cli-spinners";
import type { ExecutionEvent } from "./events.ts";

/** A progress display fed with execution events. */
export interface ProgressDisplay {
  readonly mode: ProgressMode;
  onEvent(event: ExecutionEvent): void;
  /** Draws the final state and releases the terminal. */
  stop(): void;
}

/** How progress is shown. */
export type ProgressMode = "live" | "plain" | "none";

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  quiet?: boolean;
  /** Force a mode (default: live in a terminal, plain otherwise or under CI, none when quiet). */
  mode?: ProgressMode;
  /** Where plain lines go (default: stdout). */
  writeLine?: (line: string) => void;
}

/**
 * The mode {@link createProgress} picks by default.
 *
 * @example
 * ```ts
 * progressMode({ quiet: true }); // "none"
 * ```
 */
export function progressMode(options: { quiet?: boolean } = {}): ProgressMode {
  if (options.quiet) return "none";
  const ci = envVar("CI");
  if (ci && ci !== "false" && ci !== "0") return "plain";
  return Deno.stdout.isTerminal() ? "live" : "plain";
}

/**
 * Creates a progress display (loading the terminal library only in live mode).
 *
 * @example
 * ```ts
 * const progress = await createProgress({ mode: "plain" });
 * progress.onEvent({ type: "cached", notebook: "notebooks/x.ipynb" }); // prints "cached   notebooks/x.ipynb"
 * ```
 */
export async function createProgress(options: ProgressOptions = {}): Promise<ProgressDisplay> {
  const mode = options.mode ?? progressMode(options);
  if (mode === "none") return { mode, onEvent: () => {}, stop: () => {} };
  if (mode === "plain") return plainProgress(options.writeLine ?? ((line) => console.log(line)));
  // A computed specifier keeps log-update (and its dependencies) out of start-up when not drawing live.
  const logUpdateModule = "log-update";
  const { createLogUpdate } = await import(logUpdateModule) as typeof import("log-update");
  const process = (await import("node:process")).default;
  // showCursor: hiding it would make log-update install exit hooks that re-raise Ctrl-C before our cleanup runs.
  // The Node types of log-update and of Deno's node:process differ slightly; the stream is the real stdout.
  const stdout = process.stdout as unknown as Parameters<typeof createLogUpdate>[0];
  const log = createLogUpdate(stdout, { showCursor: true });
  return liveProgress(log);
}

function plainProgress(writeLine: (line: string) => void): ProgressDisplay {
  return {
    mode: "plain",
    onEvent(event) {
      switch (event.type) {
        case "plan":
          writeLine(`claimbook: ${event.notebooks.length} notebook(s), up to ${event.jobs} at once`);
          break;
        case "cached":
          writeLine(`cached   ${event.notebook}`);
          break;
        case "notebook-start":
          writeLine(`run      ${event.notebook} (${event.cells} code cells)`);
          break;
        case "notebook-done":
          if (event.status === "ok") writeLine(`done     ${event.notebook} in ${seconds(event.ms)}`);
          else if (event.status === "failed") writeLine(`FAILED   ${event.notebook}`);
          else writeLine(`stopped  ${event.notebook}`);
          break;
        case "note":
          writeLine(event.message);
          break;
      }
    },
    stop() {},
  };
}

interface NotebookLine {
  state: "waiting" | "running" | "ok" | "failed" | "cancelled" | "cached";
  cells: number;
  done: number;
  current?: number;
  started?: number;
  ms?: number;
}

/** What the live display draws with: log-update's function (redraws the block in place), `done()` and `clear()`. */
export type LiveLog = ((...text: string[]) => void) & { done(): void; clear(): void };

/**
 * The live display (one line per notebook, redrawn in place), drawing with `log`;
 * notes (such as messages from the kernel that were rejected) stay listed under
 * the notebooks, so that none is lost when the block is redrawn.
 *
 * @example
 * ```ts
 * const progress = liveProgress(createLogUpdate(process.stdout));
 * progress.onEvent({ type: "note", message: "notebooks/x.ipynb, cell 3: …" });
 * ```
 */
export function liveProgress(log: LiveLog): ProgressDisplay {
  const spinner = cliSpinners.dots;
  const lines = new Map<string, NotebookLine>();
  const notes: string[] = [];
  const started = performance.now();
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const render = () => {
    const width = Math.max(...[...lines.keys()].map((n) => n.length), 10);
    const rows = [...lines].map(([name, line]) => {
      const mark = line.state === "running"
        ? spinner.frames[frame % spinner.frames.length]
        : { waiting: "·", ok: "✔", failed: "✘", cancelled: "■", cached: "↺" }[line.state];
      const detail = line.state === "running"
        ? `cell ${(line.current ?? 0) + 1}/${line.cells}  ${seconds(performance.now() - (line.started ?? started))}`
        : line.state === "ok"
        ? `${line.cells} cells  ${seconds(line.ms ?? 0)}`
        : line.state === "failed"
        ? `failed at cell ${(line.current ?? 0) + 1}/${line.cells}`
        : line.state;
      return ` ${mark} ${name.padEnd(width)}  ${detail}`;
    });
    const all = [...lines.values()];
    const finished = all.filter((l) => l.state !== "waiting" && l.state !== "running").length;
    const running = all.filter((l) => l.state === "running").length;
    rows.push(`   ${finished}/${all.length} done · ${running} running · ${seconds(performance.now() - started)}`);
    for (const note of notes) rows.push(` ⚠ ${note}`);
    log(rows.join("\n"));
  };

  return {
    mode: "live",
    onEvent(event) {
      switch (event.type) {
        case "plan":
          for (const nb of event.notebooks) lines.set(nb.notebook, { state: "waiting", cells: nb.cells, done: 0 });
          timer ??= setInterval(() => {
            frame++;
            render();
          }, spinner.interval);
          break;
        case "cached":
          lines.set(event.notebook, { ...(lines.get(event.notebook) ?? { cells: 0, done: 0 }), state: "cached" });
          break;
        case "notebook-start":
          lines.set(event.notebook, { state: "running", cells: event.cells, done: 0, started: performance.now() });
          break;
        case "cell-start": {
          const line = lines.get(event.notebook);
          if (line) line.current = event.position;
          break;
        }
        case "cell-done": {
          const line = lines.get(event.notebook);
          if (line) line.done = event.position + 1;
          break;
        }
        case "notebook-done": {
          const line = lines.get(event.notebook) ?? { state: "waiting", cells: 0, done: 0 };
          line.state = event.status === "ok" ? "ok" : event.status;
          line.ms = event.ms;
          lines.set(event.notebook, line);
          break;
        }
        case "note":
          notes.push(event.message);
          break;
      }
      // Cell events are drawn by the spinner's next tick; the rest at once.
      if (event.type !== "cell-start" && event.type !== "cell-done") render();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (lines.size > 0) render();
      log.done();
    },
  };
}

function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: behave as outside CI
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
