/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight, in order of the items. `fn` must
 * not throw (map errors to results); the results are not collected, callers tally as they go.
 */
export async function runLanes<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, lane));
}
