/**
 * A read begun as the worker starts, handed to its first caller: a new worker's first decision
 * then finds the stored settings already read while its script was still starting, instead of
 * asking storage when its main thread is busiest (the engine's files, the lexicon). Later calls
 * read afresh; invalidate() (the stored values changed) drops the early read.
 */
export function readEarly<T>(read: () => Promise<T>): { get(): Promise<T>; invalidate(): void } {
  let early: Promise<T> | null = read();
  early.catch(() => undefined);
  return {
    get() {
      const e = early;
      early = null;
      return e ?? read();
    },
    invalidate() {
      early = null;
    },
  };
}
