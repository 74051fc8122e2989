import { planFor } from '../config/app-config.js';
import { formatFindingsForRepair } from '../checks/format-findings.js';
import { checkGeneratedPaths } from '../checks/generated-paths.js';
import { generationSpec, renderUserContent } from '../claude/index.js';
import { CodeGeneration, type GenerationRecord } from '../domain/code-generation.js';
import { ModelOutputError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import type { GeneratedFile, ValidationReport } from '../domain/validation-result.js';
import { Bill } from '../governance/bill.js';
import type { Governance } from '../governance/governed-call.js';
import { RedactionSession } from '../sanitize/index.js';
import type { CallOptions, GenerateRequest, Submitted, SubmitOptions } from './ai-integration.js';
import { assertRequestSize, changeContext, persistGeneration } from './aggregate-io.js';
import type { AIIntegrationDeps } from './deps.js';
import { emit, type ProgressBus } from './progress-bus.js';
import { runToEnd, saveStartInBackground } from './run-to-end.js';
import { generateRequestSchema, parseRequest } from './request-schemas.js';
import { toGenerationResult, type GenerationResult } from './results.js';
import { sanitize } from './sanitize-input.js';

interface GenerationAnswer {
  files: GeneratedFile[];
  report: ValidationReport;
  output: unknown;
}

/** Whether the user asked for tests, so a bundle without any is reported. */
function expectsTests(generationType: string, specification: unknown): boolean {
  if (generationType === 'tests') return true;
  if (specification && typeof specification === 'object') {
    const spec = specification as Record<string, unknown>;
    return spec.includeTests === true || spec.tests === true || Array.isArray(spec.tests);
  }
  return typeof specification === 'string' && /\btests?\b/i.test(specification);
}

/** Code generation: the model writes files, the validator checks every one, one repair round. */
export class GenerationsUseCase {
  constructor(private readonly deps: AIIntegrationDeps, private readonly governance: Governance, private readonly progress: ProgressBus) {}

  async generate(identity: Identity, raw: GenerateRequest, options: CallOptions = {}): Promise<GenerationResult> {
    const { generation, session, input } = this.prepare(identity, raw);
    const [sanitized, redactions] = sanitize(session, input);
    generation.start(changeContext(this.deps.clock, this.deps.ids), sanitized as { specification: unknown; templateContext: unknown }, redactions);
    return this.execute(identity, generation, options, session, this.saveStart(generation, options));
  }

  async submit(identity: Identity, raw: GenerateRequest, options: SubmitOptions = {}): Promise<Submitted> {
    const { generation, session, input } = this.prepare(identity, raw);
    const [sanitized, redactions] = sanitize(session, input);
    generation.queue(sanitized as { specification: unknown; templateContext: unknown }, redactions);
    const { operation, modelId, key } = this.callOf(identity, generation.view());
    // A job its limits would certainly refuse is refused now (429), not accepted only to fail later.
    await this.governance.refuseIfCertain({ identity, operation, aggregateId: generation.id, modelId, key, noCache: options.noCache ?? false });
    const queued = await persistGeneration(this.deps.store, generation);
    await this.deps.store.jobs.enqueue({ id: queued.id, kind: 'generation', orgId: identity.orgId, state: 'queued', attempts: 0, leaseOwner: null, leaseExpiresAt: null, createdAt: this.deps.clock.now().toISOString(), noCache: options.noCache ?? false });
    await this.deps.onJobSubmitted?.({ id: queued.id, kind: 'generation' });
    return { id: queued.id, status: queued.status };
  }

  async runQueued(generation: CodeGeneration, options: CallOptions): Promise<GenerationResult> {
    generation.start(changeContext(this.deps.clock, this.deps.ids));
    const record = generation.view();
    return this.execute({ orgId: record.orgId, userId: record.userId }, generation, options, null, this.saveStart(generation, options));
  }

  private saveStart(generation: CodeGeneration, options: CallOptions): Promise<void> {
    return saveStartInBackground(persistGeneration(this.deps.store, generation), this.progress, options);
  }

  private prepare(identity: Identity, raw: GenerateRequest): { generation: CodeGeneration; session: RedactionSession; input: { specification: unknown; templateContext: unknown } } {
    const request = parseRequest(generateRequestSchema, raw);
    const plan = planFor(this.deps.config, identity.orgId);
    assertRequestSize(request, plan.maxRequestBytes, plan.name);
    const generation = CodeGeneration.create({ id: this.deps.ids.newId(), identity, projectId: request.projectId ?? 'default', generationType: request.generationType, now: this.deps.clock.now().toISOString() });
    const session = new RedactionSession({ restorePersonalData: this.deps.config.sanitize.restorePersonalData });
    return { generation, session, input: { specification: request.specification, templateContext: request.templateContext ?? {} } };
  }

  /** The operation, model, input and cache key of a generation's model call. */
  private callOf(identity: Identity, record: Readonly<GenerationRecord>) {
    const spec = generationSpec(record.generationType);
    const operation = 'code_generation' as const;
    const modelId = this.deps.modelIdFor(operation);
    const maxTokens = this.deps.config.maxTokens[operation];
    const sanitizedInput = { specification: record.specification, templateContext: record.templateContext };
    const key = this.governance.keyFor(identity, { operation, promptVersion: spec.promptVersion, model: modelId, parameters: { generationType: record.generationType, maxTokens }, sanitizedInput });
    return { spec, operation, modelId, maxTokens, sanitizedInput, key };
  }

  private async execute(identity: Identity, generation: CodeGeneration, options: CallOptions, session: RedactionSession | null, startSaved: Promise<void>): Promise<GenerationResult> {
    const { deps, governance } = this;
    const record = generation.view();
    const { spec, operation, modelId, maxTokens, sanitizedInput, key } = this.callOf(identity, record);
    const userContent = renderUserContent(sanitizedInput, record.generationType);
    const expectTests = expectsTests(record.generationType, record.specification);
    const limits = { maxFiles: deps.config.validation.maxFiles, maxFileBytes: deps.config.validation.maxFileBytes };
    const bill = new Bill();
    const call = {
      identity, operation, aggregateId: record.id, model: deps.model, modelId,
      system: spec.system, schema: spec.schema, userContent, maxTokens, stream: true, ready: startSaved,
      onProgress: (p: { outputTokens: number }) => emit(this.progress, options, { type: 'tokens', id: record.id, outputTokens: p.outputTokens }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.maxWaitForRoomMs !== undefined ? { maxWaitMs: options.maxWaitForRoomMs } : {}),
      ...(options.timings ? { timings: options.timings } : {}),
      onWait: (wait: { limit: string; resetsAt: string | null }) => emit(this.progress, options, { type: 'waiting', id: record.id, ...wait }),
    };
    const validate = async (output: unknown): Promise<GenerationAnswer> => {
      const files = ((output as { files?: GeneratedFile[] }).files ?? []).map((f) => ({ path: f.path, content: f.content }));
      const problems = checkGeneratedPaths(files, limits);
      if (problems.length > 0) {
        throw new ModelOutputError(`The generated bundle was rejected: ${problems.slice(0, 10).join('; ')}.`);
      }
      const report = await deps.validator.validateFiles(files, { expectTests, ...limits });
      emit(this.progress, options, { type: 'validation', id: record.id, valid: report.valid, errors: report.findings.filter((f) => f.severity === 'error').length, warnings: report.findings.filter((f) => f.severity === 'warning').length });
      return { files, report, output };
    };
    const { aggregate: ended, completed } = await runToEnd({
      aggregate: generation, startSaved, bill, deps, progress: this.progress, options,
      persist: (g) => persistGeneration(deps.store, g),
      work: async () => {
        const answer = await governance.answer<GenerationAnswer>({
          identity, operation, aggregateId: record.id, key, bill,
          noCache: options.noCache ?? false,
          ...(options.timings ? { timings: options.timings } : {}),
          ttlSeconds: deps.config.cache.ttlSeconds[operation],
          produce: async (b) => {
            let checked = await validate(await governance.invokeStructured(call, b, `${record.generationType} code generation`));
            if (!checked.report.valid && deps.config.validation.repair) {
              emit(this.progress, options, { type: 'repair', id: record.id, round: 1 });
              const repaired = await governance.invokeStructured({ ...call, repair: { previousOutput: JSON.stringify(checked.output), problems: [formatFindingsForRepair(checked.report)] } }, b, `${record.generationType} code repair`);
              checked = await validate(repaired);
            }
            return { output: checked, cacheable: checked.report.valid, model: b.model ?? modelId };
          },
        });
        const { files, report } = answer.output;
        generation.finish(changeContext(deps.clock, deps.ids), {
          files,
          validationResults: report.files,
          findings: report.findings,
          tokensUsed: answer.bill.usage,
          costMicroUsd: answer.bill.costMicroUsd,
          model: answer.model,
          cached: answer.cached,
        });
        return { cacheFilled: answer.cacheFilled };
      },
    });
    const result = toGenerationResult(ended.view());
    if (completed && session && deps.config.sanitize.restorePersonalData) return { ...result, files: session.restore(result.files) };
    return result;
  }
}
