/**
 * `npm run eval`: scans every labelled corpus through the compiled CLI (built first when the sources are newer; one process per corpus, all at
 * once) and prints the evaluation report in markdown, for the README and release notes. The same
 * figures `npm test` prints (tests/corpus/corpus.test.ts), without running the suite.
 *
 *   npm run -s eval                 all corpora
 *   npm run -s eval -- blind real   only these (training, holdout, blind, real)
 */
import { evaluateCorpus, formatEvaluation } from '../tests/corpus/evaluation';
import { CORPORA, scanCorpus } from '../tests/corpus/scan-corpus';
import { buildCliIfStale } from '../tests/support/cli-process';

type CorpusKey = keyof typeof CORPORA;

async function main(args: string[]): Promise<number> {
  const known = Object.keys(CORPORA) as CorpusKey[];
  const unknown = args.filter((a) => !known.includes(a as CorpusKey));
  if (unknown.length > 0) {
    process.stderr.write(`eval: unknown corpus ${unknown.join(', ')} (known: ${known.join(', ')})\n`);
    return 2;
  }
  const chosen = args.length > 0 ? (args as CorpusKey[]) : known;
  buildCliIfStale();
  const started = performance.now();
  const reports = await Promise.all(
    chosen.map(async (key) => {
      const spec = CORPORA[key];
      const t0 = performance.now();
      const rows = await scanCorpus(spec);
      const seconds = (performance.now() - t0) / 1000;
      return `${formatEvaluation(evaluateCorpus(spec.name, rows), { listMismatches: spec.listMismatches })}\n\n_Scanned in ${seconds.toFixed(1)} s (one CLI process)._`;
    }),
  );
  const total = (performance.now() - started) / 1000;
  process.stdout.write(`## Detection figures\n\n${reports.join('\n\n')}\n\n_All corpora scanned in ${total.toFixed(1)} s wall clock._\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
