/**
 * Runs `task(i)` for i in [0, count) with at most `limit` in flight. Tasks must not throw (they
 * record their own failures); resolves when all have settled.
 */
export async function forEachBounded(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  const lanes: Promise<void>[] = [];
  for (let i = 0; i < Math.min(limit, count); i++) lanes.push(lane());
  await Promise.all(lanes);
}
