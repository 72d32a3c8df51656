/**
 * The command line's input errors and output: small on purpose, so that every command can import
 * it without loading the scanner.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const MAX_SHOWN_INPUT = 200;

/** A problem with the user's input (not a bug): reported on one line, the batch goes on. */
export class InputError extends Error {
  constructor(message: string) {
    super(oneLine(message));
    this.name = 'InputError';
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Input quoted for an error message: JSON-quoted and shortened. */
export function quote(s: string): string {
  const q = JSON.stringify(s);
  return q.length > MAX_SHOWN_INPUT ? `${q.slice(0, MAX_SHOWN_INPUT - 2)}…"` : q;
}

/** A file-system error in words, for one-line messages that name the file. */
export function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return `cannot read file (${code ?? (err instanceof Error ? err.message : String(err))})`;
  }
}

/** Writes one line; waits for 'drain' when the stream's buffer is full. */
export async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}
