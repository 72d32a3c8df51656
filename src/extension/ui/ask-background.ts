/**
 * Asks the background and waits for an answer. A message sent while the service worker (or
 * Firefox's event page) is starting or being replaced can fail or come back empty; a page that
 * shows the user a verdict asks again a few times instead of showing nothing.
 */
export async function askBackground<T>(
  ask: () => Promise<T | undefined>,
  o: { waitsMs?: readonly number[]; wait?: (ms: number) => Promise<void> } = {},
): Promise<T | undefined> {
  const waits = o.waitsMs ?? [100, 250, 500, 1_000, 2_000];
  const wait = o.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let k = 0; ; k++) {
    const answer = await ask().catch(() => undefined);
    if (answer !== undefined) return answer;
    if (k >= waits.length) return undefined;
    await wait(waits[k]!);
  }
}
