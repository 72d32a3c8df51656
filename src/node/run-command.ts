/**
 * What every RxRadar command-line program does around its main function: exit status from main,
 * usage errors reported with the usage text (status 2), anything else as an internal error
 * (status 1), and a reader that stops early (`| head`) is not an error.
 */

/** Bad arguments: reported on one line, followed by the usage text (`usage`, or the program's). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

export function runCommand(name: string, usage: string, main: (argv: string[]) => Promise<number>): void {
  const report = (message: string) => process.stderr.write(`${name}: ${message}\n`);
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        report(err.message);
        process.stderr.write(`\n${err.usage ?? usage}`);
        process.exitCode = 2;
        return;
      }
      report(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    },
  );
}
