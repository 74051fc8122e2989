export { runClusterPrimary, WorkersKeepExitingError, type ClusterPrimaryOptions } from './primary.js';
export { workerLink, type WorkerLink } from './worker-link.js';
