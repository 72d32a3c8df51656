/**
 * Runs scan jobs in input order: in the main thread (one worker), or in N worker threads while
 * the main thread reads. Results are written in input order whatever order the workers finish
 * in; at most WINDOW_PER_WORKER jobs per worker are in flight, so memory stays bounded whatever
 * the input size (a slow reader of stdout holds the whole pipeline back). Jobs go to the workers
 * in batches of JOBS_PER_MESSAGE.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type ScanContext, type ScanJob, type ScanOutcome, scanJob } from './scan-records';

export const WINDOW_PER_WORKER = 16;
/**
 * Jobs sent to a worker in one message (their page buffers transferred, not copied), and answered
 * in one: a message per page cost more than reading small pages. Two batches per worker fit in
 * the window, so a worker has the next batch while it scans one.
 */
export const JOBS_PER_MESSAGE = WINDOW_PER_WORKER / 2;

export interface PoolOptions {
  workers: number;
  community: boolean;
}

/**
 * A worker thread running scan-worker: the compiled module beside this one, or, when the CLI runs
 * from TypeScript source (tsx), the source with tsx's loader registered in the worker first.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./scan-worker.mjs', import.meta.url), { workerData });
  const source = new URL('./scan-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export async function runScan(
  jobs: AsyncIterable<ScanJob>,
  opts: PoolOptions,
  context: () => ScanContext,
  emit: (outcome: ScanOutcome) => Promise<void>,
): Promise<void> {
  if (opts.workers <= 1) {
    const ctx = context();
    for await (const job of jobs) await emit(scanJob(ctx, job));
    return;
  }
  await runInWorkers(jobs, opts, emit);
}

async function runInWorkers(jobs: AsyncIterable<ScanJob>, opts: PoolOptions, emit: (outcome: ScanOutcome) => Promise<void>): Promise<void> {
  const workers = Array.from({ length: opts.workers }, () => startWorker({ community: opts.community }));
  const load = new Array<number>(workers.length).fill(0);
  const done = new Map<number, ScanOutcome>();
  let nextToWrite = 0;
  let inFlight = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const waitForWorkers = () => new Promise<void>((res) => (wake = res));

  workers.forEach((worker, i) => {
    worker.on('message', (outcomes: ScanOutcome[]) => {
      load[i]! -= outcomes.length;
      inFlight -= outcomes.length;
      for (const outcome of outcomes) done.set(outcome.seq, outcome);
      signal();
    });
    worker.on('error', (err) => {
      failure ??= err;
      signal();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`scan worker ${i} stopped (exit code ${code})`);
      signal();
    });
  });

  const flush = async () => {
    for (let o = done.get(nextToWrite); o !== undefined; o = done.get(nextToWrite)) {
      done.delete(nextToWrite);
      nextToWrite++;
      await emit(o);
    }
  };
  const check = () => {
    if (failure) throw failure;
  };

  // Jobs read but not yet sent: they count as in flight (the window bounds them too).
  let batch: ScanJob[] = [];
  const send = () => {
    if (batch.length === 0) return;
    let pick = 0;
    for (let i = 1; i < load.length; i++) if (load[i]! < load[pick]!) pick = i;
    load[pick]! += batch.length;
    const transfer: ArrayBuffer[] = [];
    for (const job of batch) if (job.bytes) transfer.push(job.bytes.buffer as ArrayBuffer);
    workers[pick]!.postMessage(batch, transfer);
    batch = [];
  };

  try {
    for await (const job of jobs) {
      check();
      if (job.error !== undefined) done.set(job.seq, { seq: job.seq, ok: false, error: job.error });
      else {
        while (inFlight >= WINDOW_PER_WORKER * workers.length) {
          send();
          await waitForWorkers();
          check();
          await flush();
        }
        inFlight++;
        batch.push(job);
        if (batch.length >= JOBS_PER_MESSAGE) send();
      }
      await flush();
    }
    send();
    while (inFlight > 0) {
      await waitForWorkers();
      check();
      await flush();
    }
    await flush();
  } finally {
    await Promise.all(
      workers.map(async (w) => {
        const exited = once(w, 'exit').catch(() => {});
        await w.terminate();
        await exited;
      }),
    );
  }
}
