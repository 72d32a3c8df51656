/**
 * The progress line of `rxradar scan` on stderr, redrawn at most once a second, only when stderr
 * is a terminal (never in logs or pipes): records, pages per second, flagged so far.
 */
import type { Writable } from 'node:stream';

export class ProgressLine {
  private records = 0;
  private flagged = 0;
  private failed = 0;
  private readonly started = performance.now();
  /** The first record draws at once (performance.now() counts from the process start, which may be under a second ago). */
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly out: Writable & { isTTY?: boolean },
    private readonly enabled = out.isTTY === true,
  ) {}

  count(ok: boolean, flagged: boolean): void {
    this.records++;
    if (!ok) this.failed++;
    if (flagged) this.flagged++;
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw >= 1000) {
      this.lastDraw = now;
      this.draw();
    }
  }

  /** Clears the line before another message goes to stderr. */
  clear(): void {
    if (this.enabled && this.drawn) this.out.write('\r\x1b[K');
  }

  finish(): void {
    if (!this.enabled) return;
    this.draw();
    this.out.write('\n');
  }

  text(): string {
    const secs = (performance.now() - this.started) / 1000;
    const rate = secs > 0 ? this.records / secs : 0;
    return `rxradar scan: ${this.records.toLocaleString('en-US')} records, ${rate.toFixed(0)} pages/s, ${this.flagged.toLocaleString('en-US')} flagged, ${this.failed} failed`;
  }

  private draw(): void {
    this.out.write(`\r\x1b[K${this.text()}`);
    this.drawn = true;
  }
}
