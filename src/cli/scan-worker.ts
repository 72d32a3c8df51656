/**
 * A worker thread of `rxradar scan --workers N`: builds its own engine once, then answers each
 * job (scan-records.ts) with its outcome. Started by scan-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createScanContext, type ScanJob, scanJob } from './scan-records';

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread of rxradar scan');
const ctx = createScanContext((workerData as { community: boolean }).community);
port.on('message', (job: ScanJob) => port.postMessage(scanJob(ctx, job)));
