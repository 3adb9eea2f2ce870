/**
 * How many kernels run at once when `--jobs` is not given. A notebook's
 * kernel is not busy all the time — every cell is a round trip of messages,
 * and outputs are drained after each — so on this 2-core machine four
 * kernels at once finish the four notebooks about a quarter sooner than two
 * (measured: `render --force` 3.5 s against 4.7 s). Each kernel holds about
 * 300 MiB, so memory bounds the default as well: twice the cores, at most
 * one kernel per 512 MiB of available memory, and at least one.
 *
 * @example
 * ```ts
 * defaultJobs({ cores: 2, availableBytes: 16 * 2 ** 30 }); // 4
 * defaultJobs({ cores: 16, availableBytes: 4 * 2 ** 30 }); // 8
 * ```
 * @module
 */

/** Memory set aside per kernel when choosing the default. */
export const BYTES_PER_KERNEL: number = 512 * 2 ** 20;

/**
 * The default number of kernels at once for a machine.
 *
 * @example
 * ```ts
 * defaultJobs({ cores: 1, availableBytes: 100 * 2 ** 20 }); // 1
 * ```
 */
export function defaultJobs(machine: { cores: number; availableBytes: number }): number {
  const byCores = 2 * Math.max(1, Math.floor(machine.cores));
  const byMemory = Math.floor(machine.availableBytes / BYTES_PER_KERNEL);
  return Math.max(1, Math.min(byCores, byMemory));
}

/**
 * {@link defaultJobs} for this machine (its cores, and its available memory when Deno can read it).
 *
 * @example
 * ```ts
 * thisMachineJobs() >= 1; // true
 * ```
 */
export function thisMachineJobs(): number {
  const cores = navigator.hardwareConcurrency;
  let availableBytes = Number.POSITIVE_INFINITY;
  try {
    availableBytes = Deno.systemMemoryInfo().available;
  } catch {
    // Unknown memory: the cores decide.
  }
  return defaultJobs({ cores, availableBytes });
}
