/**
 * Worker thread entry of a parallel audit (`engine/parallel.ts`): audits the groups in `workerData`
 * and posts `{ file }` per audited group, then `{ result }` or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runWorkerJob } from './audit.js';
import type { WorkerJob } from './parallel.js';

const port = parentPort!;
const job = workerData as WorkerJob;
runWorkerJob(job, job.progress ? (file) => port.postMessage({ file }) : undefined).then(
  (result) => port.postMessage({ result }),
  (e: unknown) => port.postMessage({ error: String((e as Error)?.message ?? e).split('\n')[0] }),
);
