/**
 * Engine start-up in Node, the way the extension's worker starts it: data prepared at build time
 * (validated lexicons and lists as one JSON string, the community list as a PackedHostTable file),
 * parsed and indexed, against the path the CLI takes (schemas run on the raw files, the community
 * list parsed from its text). Each figure is the first run in a fresh process (cold, what a woken
 * worker pays) and the median of later runs (warm).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface EngineStartupFigures {
  /** Prepared data → engine answering address verdicts (ms). */
  prepared: { cold: number; warm: number };
  /** The same plus page analysis ready (the compiled lexicon opened, the scanner warmed up). */
  preparedWithAnalysis: { cold: number; warm: number };
  /** createEngine from the raw files and the list text (the CLI's path). */
  fromText: { cold: number; warm: number };
}

const child = fileURLToPath(new URL('./engine-startup-child.ts', import.meta.url));

export function benchEngineStartup(processes = 5): EngineStartupFigures {
  const runs: EngineStartupFigures[] = [];
  for (let i = 0; i < processes; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    runs.push(JSON.parse(out.trim().split('\n').pop()!) as EngineStartupFigures);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const pick = (k: keyof EngineStartupFigures) => ({ cold: mid(runs.map((r) => r[k].cold)), warm: mid(runs.map((r) => r[k].warm)) });
  return { prepared: pick('prepared'), preparedWithAnalysis: pick('preparedWithAnalysis'), fromText: pick('fromText') };
}
