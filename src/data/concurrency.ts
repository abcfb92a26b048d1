/** Bounded concurrency for decoder calls: sharp works on libuv's thread pool, so a handful of files in
 * flight keeps every core busy without queueing the whole epoch at once. */

/** Runs `fn` on every item with at most `limit` calls in flight; results keep the items' order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Decodes in flight per batch: libuv's pool size (4 unless UV_THREADPOOL_SIZE says otherwise). */
export function decodeConcurrency(): number {
  const n = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 4;
}
