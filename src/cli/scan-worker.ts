/**
 * A worker thread of `rxradar scan --workers N`: builds its own engine once, then answers each
 * batch of jobs (scan-records.ts) with their outcomes, in one message. Started by scan-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createScanContext, type ScanJob, scanJob } from './scan-records';

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread of rxradar scan');
const ctx = createScanContext((workerData as { community: boolean }).community);
port.on('message', (jobs: ScanJob[]) => port.postMessage(jobs.map((job) => scanJob(ctx, job))));
