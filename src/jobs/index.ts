export { createJobWorkerPool, type JobOutcome, type JobWorkerPool, type JobWorkerPoolOptions, type RecoveryOutcome, type StopReport } from './worker-pool.js';
