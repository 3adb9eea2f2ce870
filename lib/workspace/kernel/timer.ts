/**
 * Timers of any length. `setTimeout` keeps its delay in a signed 32-bit
 * integer: a delay of 2³¹ ms (24.8 days) or more fires almost at once (with
 * a warning), so a cell limit of `--timeout 3000000` would end every cell
 * within a second. Long delays are waited in steps below that bound.
 *
 * @example
 * ```ts
 * const cancel = setLongTimeout(() => console.log("a month later"), 30 * 24 * 3600 * 1000);
 * cancel();
 * ```
 * @module
 */

/**
 * The longest delay one `setTimeout` honours, in milliseconds (2³¹ − 1).
 *
 * @example
 * ```ts
 * MAX_TIMER_MS; // 2147483647
 * ```
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `callback` after `ms` milliseconds, however long; returns a function
 * that cancels it. A delay that is not a finite number never fires.
 *
 * @example
 * ```ts
 * const cancel = setLongTimeout(() => controller.abort(), 3_000_000_000);
 * ```
 */
export function setLongTimeout(callback: () => void, ms: number, step = MAX_TIMER_MS): () => void {
  if (!Number.isFinite(ms)) return () => {};
  const deadline = Date.now() + Math.max(ms, 0);
  let timer: ReturnType<typeof setTimeout>;
  const arm = (left: number) => {
    timer = setTimeout(() => {
      const remaining = deadline - Date.now();
      if (remaining > 0 && left > step) arm(remaining);
      else callback();
    }, Math.min(left, step));
  };
  arm(Math.max(ms, 0));
  return () => clearTimeout(timer);
}
