/**
 * Running tasks a few at a time.
 *
 * @example
 * ```ts
 * const lengths = await mapConcurrent(["a", "bb"], 2, async (s) => s.length); // [1, 2]
 * ```
 * @module
 */

/**
 * Maps `items` through `task` with at most `limit` tasks running at once;
 * results keep the order of `items`. When `signal` aborts, no new task
 * starts (tasks already running are expected to watch the signal
 * themselves) and the missing results are `undefined`.
 *
 * @example
 * ```ts
 * await mapConcurrent(notebooks, 2, (nb) => executeNotebook(nb), signal);
 * ```
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
