/**
 * Notices when the event loop falls behind: a timer that fires late says by how much. After a lag
 * over `maxDelayMs` the server counts as under pressure for the cool-down (default one second), and
 * from the moment its timer is overdue by more than that.
 */
export function watchEventLoop(maxDelayMs: number, o: { coolDownMs?: number; now?: () => number } = {}): { lagging: () => boolean; stop: () => void } {
  const now = o.now ?? (() => performance.now());
  const coolDownMs = o.coolDownMs ?? 1_000;
  const interval = Math.max(10, Math.min(500, Math.floor(maxDelayMs / 2)));
  let expected = now() + interval;
  let laggingUntil = 0;
  const timer = setInterval(() => {
    const t = now();
    if (t - expected > maxDelayMs) laggingUntil = t + coolDownMs;
    expected = t + interval;
  }, interval);
  timer.unref?.();
  return {
    // A timer overdue by more than the bound is a lag already, before the late timer has run.
    lagging: () => {
      const t = now();
      return t < laggingUntil || t - expected > maxDelayMs;
    },
    stop: () => clearInterval(timer),
  };
}
