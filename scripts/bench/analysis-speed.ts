/**
 * Page analysis benchmark: time to analyse 10 KB .. 5 MB of realistic page text, against one
 * toLowerCase() pass over the same text in the same run (the yardstick: at most 10x,
 * aim for 4x). Text is the visible text of the fixture corpus, repeated to size.
 */
import { readFileSync } from 'node:fs';
import type { Engine } from '../../src/core/engine';
import { htmlToSnapshot } from '../../src/extraction/html-to-snapshot';

export function corpusText(fixturesDir: string): string {
  const manifest = readFileSync(`${fixturesDir}/corpus.jsonl`, 'utf8').split('\n').filter(Boolean);
  const parts: string[] = [];
  for (const line of manifest) {
    const { url, file } = JSON.parse(line) as { url: string; file: string };
    parts.push(htmlToSnapshot(readFileSync(`${fixturesDir}/${file}`, 'utf8'), url).text);
  }
  return parts.join('\n');
}

export function textOfSize(source: string, bytes: number): string {
  let s = source;
  while (s.length < bytes) s += `\n${source}`;
  // A flat copy, as page text arrives from the DOM or a file.
  return JSON.parse(JSON.stringify(s.slice(0, bytes))) as string;
}

export interface AnalysisFigures {
  bytes: number;
  analyseMs: number;
  lowerCaseMs: number;
  ratio: number;
  microsPerKb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchAnalysis(engine: Engine, text: string, url = 'https://shop.example-bench.com/'): AnalysisFigures {
  const rounds = Math.max(5, Math.min(200, Math.floor(20_000_000 / text.length)));
  let sink = 0;
  for (let i = 0; i < 3; i++) sink += engine.analyzePage({ url, text }).score + text.toLowerCase().length;
  const analyse: number[] = [];
  const lower: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    sink += engine.analyzePage({ url, text }).score;
    analyse.push(performance.now() - t);
    t = performance.now();
    sink += text.toLowerCase().length;
    lower.push(performance.now() - t);
  }
  if (sink === 42) console.log('');
  const analyseMs = median(analyse);
  const lowerCaseMs = median(lower);
  return { bytes: text.length, analyseMs, lowerCaseMs, ratio: analyseMs / lowerCaseMs, microsPerKb: (analyseMs * 1000) / (text.length / 1024) };
}
