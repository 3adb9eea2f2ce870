/**
 * What the executor reports while it works, for progress displays and for
 * callers such as the live preview. Notebooks are named by their path
 * relative to the workspace.
 *
 * @example
 * ```ts
 * const onEvent = (e: ExecutionEvent) => { if (e.type === "notebook-done") console.log(e.notebook, e.status); };
 * ```
 * @module
 */

/** Every event, by `type`. */
export type ExecutionEvent =
  /** The notebooks of this run, before anything executes. */
  | { type: "plan"; notebooks: { notebook: string; cells: number }[]; jobs: number }
  /** A notebook was up to date and taken from the cache. */
  | { type: "cached"; notebook: string }
  /** A notebook's kernel is starting. */
  | { type: "notebook-start"; notebook: string; cells: number }
  | { type: "kernel-ready"; notebook: string; ms: number }
  /** A code cell was sent (`position` counts code cells from 0, `of` is their number). */
  | { type: "cell-start"; notebook: string; cell: number; position: number; of: number }
  | { type: "cell-done"; notebook: string; cell: number; position: number; ms: number; ok: boolean }
  /** A notebook finished (or failed, or could not even be read: then `message` says why). */
  | {
    type: "notebook-done";
    notebook: string;
    status: "ok" | "failed" | "cancelled";
    ms: number;
    message?: string;
  }
  /** A message for the person running the command (warnings). */
  | { type: "note"; message: string };
