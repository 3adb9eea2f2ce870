/**
 * Memory of a process tree (the runner and the kernels it starts), read
 * from /proc: resident set size summed over a process and its descendants,
 * sampled while a task runs, keeping the peak.
 *
 * @module
 */

/**
 * Resident memory in bytes of `pid` and all its descendants now (Linux).
 *
 * @example
 * ```ts
 * treeRss(Deno.pid);
 * ```
 */
export function treeRss(pid: number): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const id = Number(entry.name);
      parents.set(id, Number(fields[1]));
      rss.set(id, Number(fields[21]) * 4096);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [pid];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    total += rss.get(current) ?? 0;
    for (const [child, parent] of parents) if (parent === current) stack.push(child);
  }
  return total;
}

/**
 * Runs a task while sampling the memory of this process's tree every
 * `everyMs`; returns the task's value and the peak in bytes.
 *
 * @example
 * ```ts
 * const { value, peak } = await peakTreeRss(() => runNotebooks(options));
 * ```
 */
export async function peakTreeRss<T>(task: () => Promise<T>, everyMs = 100): Promise<{ value: T; peak: number }> {
  let peak = treeRss(Deno.pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(Deno.pid))), everyMs);
  try {
    const value = await task();
    peak = Math.max(peak, treeRss(Deno.pid));
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Mebibytes with one decimal.
 *
 * @example
 * ```ts
 * mib(1048576); // "1.0 MiB"
 * ```
 */
export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}
