/**
 * `report(...)`: show verdicts, charts and tables from a notebook cell so
 * that no front end loses them.
 *
 * Why not just end the cell with the value? The Deno kernel (2.9) sometimes
 * publishes a cell's result after it has announced that the cell is done
 * ("idle"); Jupyter front ends and `nbconvert --execute` stop listening at
 * that point and drop the output (about one cell in fifteen, measured).
 * `report` displays each item while the cell is still running, then waits
 * until the kernel has sent them to its clients (`kernel/iopub-flush.ts`),
 * so they come before the cell's "idle" whatever the load. Under claimbook's
 * own executor, which listens past "idle", it does not wait.
 *
 * @module
 */

import { type Broadcaster, flushDisplays, lateOutputCollected } from "./kernel/iopub-flush.ts";

/**
 * Milliseconds to wait after displaying where the kernel's IOPub cannot be
 * watched (no connection file on the kernel's command line): a guess that
 * is usually, not always, enough.
 */
export const REPORT_SETTLE_MS = 10;

interface JupyterNamespace extends Broadcaster {
  display(value: unknown, options?: { raw?: boolean }): Promise<void>;
}

function jupyterNamespace(): JupyterNamespace | undefined {
  return (Deno as unknown as { jupyter?: JupyterNamespace }).jupyter;
}

/**
 * Displays each item in the notebook (outside a kernel: prints its text).
 *
 * @example
 * ```ts
 * await report(check("news-exports-2016", exports2016, { sources: [census] }));
 * ```
 */
export async function report(...items: unknown[]): Promise<void> {
  const jupyter = jupyterNamespace();
  if (!jupyter) {
    for (const item of items) console.log(String(item));
    return;
  }
  for (const item of items) await jupyter.display(item);
  // claimbook's executor collects what comes after "idle" itself: nothing to wait for.
  if (lateOutputCollected() || await flushDisplays(jupyter)) return;
  await new Promise((resolve) => setTimeout(resolve, REPORT_SETTLE_MS));
}
