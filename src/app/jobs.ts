import { AIAnalysis } from '../domain/ai-analysis.js';
import { CodeGeneration } from '../domain/code-generation.js';
import { NotFoundError } from '../domain/errors.js';
import { isTerminal } from '../domain/status.js';
import type { JobRecord } from '../ports/store.js';
import type { CallOptions, RecoverOptions } from './ai-integration.js';
import { changeContext, persistAnalysis, persistGeneration } from './aggregate-io.js';
import type { AnalysesUseCase } from './analyses.js';
import type { AIIntegrationDeps } from './deps.js';
import type { GenerationsUseCase } from './generations.js';

/** A job is retried once after its worker vanished; then it times out. */
const MAX_ATTEMPTS = 2;
/**
 * How long a job waits for room on a limit that frees itself (its user's running requests, a
 * per-minute limit) before it fails with the refusal: a queued job has no caller waiting on it.
 */
const JOB_WAIT_FOR_ROOM_MS = 15 * 60_000;

/** Durable jobs: running a claimed job, and recovering one whose worker vanished. */
export class JobsUseCase {
  constructor(private readonly deps: AIIntegrationDeps, private readonly analyses: AnalysesUseCase, private readonly generations: GenerationsUseCase) {}

  async run(jobId: string, callOptions: CallOptions = {}): Promise<void> {
    const job = await this.job(jobId);
    const options = { maxWaitForRoomMs: JOB_WAIT_FOR_ROOM_MS, ...callOptions };
    if (job.kind === 'analysis') {
      const record = await this.deps.store.analyses.get(job.orgId, job.id);
      if (!record) throw new NotFoundError(`The analysis of job ${job.id} no longer exists.`);
      if (record.status !== 'queued') return;
      await this.analyses.runQueued(AIAnalysis.fromRecord(record), { ...options, noCache: job.noCache });
      return;
    }
    const record = await this.deps.store.generations.get(job.orgId, job.id);
    if (!record) throw new NotFoundError(`The generation of job ${job.id} no longer exists.`);
    if (record.status !== 'queued') return;
    await this.generations.runQueued(CodeGeneration.fromRecord(record), { ...options, noCache: job.noCache });
  }

  async recover(jobId: string, options: RecoverOptions = {}): Promise<'retried' | 'timed_out' | 'already_finished'> {
    const { store, clock, ids } = this.deps;
    const job = await this.job(jobId);
    const load = job.kind === 'analysis'
      ? await store.analyses.get(job.orgId, job.id).then((r) => (r ? AIAnalysis.fromRecord(r) : null))
      : await store.generations.get(job.orgId, job.id).then((r) => (r ? CodeGeneration.fromRecord(r) : null));
    if (!load || isTerminal(load.status)) {
      await store.jobs.complete(job.id);
      return 'already_finished';
    }
    const aggregate = load;
    const ctx = changeContext(clock, ids);
    const retry = options.handBack === true || job.attempts < MAX_ATTEMPTS;
    // An aggregate still `queued` never started (its worker vanished first): it stays as it is.
    if (!retry) aggregate.timeOut(ctx);
    else if (aggregate.status === 'in_progress') aggregate.retry(ctx, options.handBack === true ? 'handed_back' : 'lease_expired');
    if (aggregate instanceof AIAnalysis) await persistAnalysis(store, aggregate);
    else await persistGeneration(store, aggregate);
    if (retry) {
      await store.jobs.requeue(job.id, { refundAttempt: options.handBack === true });
      return 'retried';
    }
    await store.jobs.complete(job.id);
    return 'timed_out';
  }

  private async job(jobId: string): Promise<JobRecord> {
    const job = await this.deps.store.jobs.get(jobId);
    if (!job) throw new NotFoundError(`There is no job ${jobId}.`);
    return job;
  }
}
