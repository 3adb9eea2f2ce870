/**
 * Small statistics and timing helpers for the benchmarks: medians of
 * repeated runs, and ratios computed from runs interleaved in one session,
 * because this machine is shared and noisy.
 *
 * @module
 */

/**
 * Median of a list of numbers.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times an async function in milliseconds.
 *
 * @example
 * ```ts
 * const { ms, value } = await timed(() => fetchSomething());
 * ```
 */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * Runs two contenders alternately (a, b, a, b, …) `rounds` times and returns
 * each one's times, so that load on the machine falls on both alike.
 *
 * @example
 * ```ts
 * const { a, b } = await interleave(3, () => ours(), () => theirs());
 * console.log(median(b) / median(a));
 * ```
 */
export async function interleave(
  rounds: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<{ a: number[]; b: number[] }> {
  const times = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    times.a.push((await timed(a)).ms);
    times.b.push((await timed(b)).ms);
  }
  return times;
}

/**
 * Seconds with two decimals.
 *
 * @example
 * ```ts
 * seconds(1234); // "1.23 s"
 * ```
 */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
