/**
 * Runs once before the suite, in vitest's main process: builds the compiled CLI when the sources
 * are newer than it (`npm test` has just built it, so usually nothing happens), so that every test
 * file runs the command as users do without each building it, or racing to.
 */
import { buildCliIfStale } from './cli-process';

export default function setup(): void {
  buildCliIfStale();
}
