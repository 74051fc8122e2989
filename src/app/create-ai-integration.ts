import type { Identity } from '../domain/identity.js';
import { Governance } from '../governance/governed-call.js';
import type { AIIntegration, AnalyzeRequest, CallOptions, GenerateRequest } from './ai-integration.js';
import { AnalysesUseCase } from './analyses.js';
import type { AIIntegrationDeps } from './deps.js';
import { GenerationsUseCase } from './generations.js';
import { JobsUseCase } from './jobs.js';
import { limitsReport } from './limits-query.js';
import { ProgressBus } from './progress-bus.js';
import { ResultQueries } from './queries.js';
import { usageMetrics } from './usage-query.js';

/**
 * Builds the library core from its dependencies. Entry points (CLI, HTTP, Lambda) and other Skafu
 * services call this; `createAIIntegrationFromEnv` assembles the dependencies from the environment.
 */
export function createAIIntegration(deps: AIIntegrationDeps): AIIntegration {
  const governance = new Governance({ store: deps.store, config: deps.config, prices: deps.prices, clock: deps.clock, ids: deps.ids, logger: deps.logger, estimateInputTokens: deps.estimateInputTokens, ...(deps.estimateSchemaTokens ? { estimateSchemaTokens: deps.estimateSchemaTokens } : {}) });
  const progress = new ProgressBus();
  const analyses = new AnalysesUseCase(deps, governance, progress);
  const generations = new GenerationsUseCase(deps, governance, progress);
  const jobs = new JobsUseCase(deps, analyses, generations);
  const queries = new ResultQueries(deps.store);
  return {
    analyze: (identity: Identity, request: AnalyzeRequest, options?: CallOptions) => analyses.analyze(identity, request, options),
    generate: (identity: Identity, request: GenerateRequest, options?: CallOptions) => generations.generate(identity, request, options),
    submitAnalysis: (identity, request, options) => analyses.submit(identity, request, options),
    submitGeneration: (identity, request, options) => generations.submit(identity, request, options),
    runJob: (jobId, options) => jobs.run(jobId, options),
    recoverJob: (jobId, options) => jobs.recover(jobId, options),
    getAnalysis: (identity, id) => queries.analysis(identity, id),
    getGeneration: (identity, id) => queries.generation(identity, id),
    listAnalyses: (identity, projectId, page) => queries.analyses(identity, projectId, page),
    listGenerations: (identity, projectId, page) => queries.generations(identity, projectId, page),
    usage: (identity, options) => usageMetrics(deps.store, deps.clock, identity, options),
    limits: (identity, options) => limitsReport(deps.store, deps.config, deps.clock, identity, options),
    onProgress: (id, listener) => progress.subscribe(id, listener),
    validate: (files) => deps.validator.validateFiles(files),
    close: () => deps.store.close(),
  };
}
