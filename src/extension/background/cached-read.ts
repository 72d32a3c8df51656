/**
 * A read of stored values, begun as the worker starts and kept until they change: a new worker's
 * first decision finds the stored settings already read while its script was still starting, and
 * later decisions do not ask storage again. Asking storage during a navigation is slow (the
 * browser is busy with the navigation: four reads in parallel took about 25 ms there, against 1 ms
 * when idle), and each verdict waited for it.
 *
 * The caller calls invalidate() whenever the values may have changed (its own writes, once they
 * are done; storage.onChanged for the rest). A read that was under way then is not kept (it may
 * have read the values before the change); a failed read is not kept either. The engine's files
 * (early-data.ts) are read the same way and never invalidated: a failed read is asked again.
 */
export function cachedRead<T>(read: () => Promise<T>): { get(): Promise<T>; invalidate(): void } {
  let kept: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const p = read();
    kept = p;
    p.catch(() => {
      if (kept === p) kept = null;
    });
    return p;
  };
  void start();
  return {
    get: () => kept ?? start(),
    invalidate() {
      kept = null;
    },
  };
}
