import type { AnalysisRecord } from '../domain/ai-analysis.js';
import type { GenerationRecord } from '../domain/code-generation.js';
import { microsToUsd } from '../domain/money.js';
import type { Recommendation } from '../domain/recommendation.js';
import type { RedactionCount } from '../domain/redaction.js';
import type { Status } from '../domain/status.js';
import type { Finding, GeneratedFile, ValidationResult } from '../domain/validation-result.js';

export interface TokensUsedView {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
}

/** Fields every result has. */
interface ResultCommon {
  id: string;
  projectId: string;
  status: Status;
  tokensUsed: TokensUsedView;
  costUsd: number;
  cached: boolean;
  model: string | null;
  createdAt: string;
  completedAt: string | null;
  errorMessage?: string;
  redactions: RedactionCount[];
}

/** The analysis result of INTERFACE.md (CLI `--json`, `GET /v1/analyses/{id}`). */
export interface AnalysisResult extends ResultCommon {
  analysisType: string;
  recommendations: Recommendation[];
  confidenceScore: number;
  output: unknown;
}

/** The generation result of INTERFACE.md (`generate --json`, `GET /v1/generations/{id}`). */
export interface GenerationResult extends ResultCommon {
  generationType: string;
  files: GeneratedFile[];
  validationResults: ValidationResult[];
  findings: Finding[];
}

function tokensView(t: AnalysisRecord['tokensUsed']): TokensUsedView {
  return { input: t.input, output: t.output, cacheCreation: t.cacheCreation, cacheRead: t.cacheRead };
}

/** The fields every result maps the same way. */
function commonView(r: AnalysisRecord | GenerationRecord): Omit<ResultCommon, 'id' | 'projectId' | 'status'> {
  return {
    tokensUsed: tokensView(r.tokensUsed),
    costUsd: microsToUsd(r.costMicroUsd),
    cached: r.cached,
    model: r.model,
    createdAt: r.createdAt,
    completedAt: r.completedAt,
    ...(r.errorMessage ? { errorMessage: r.errorMessage } : {}),
    redactions: r.redactions,
  };
}

export function toAnalysisResult(r: AnalysisRecord): AnalysisResult {
  return {
    id: r.id,
    projectId: r.projectId,
    analysisType: r.analysisType,
    status: r.status,
    recommendations: r.recommendations,
    confidenceScore: r.confidenceScore,
    output: r.output,
    ...commonView(r),
  };
}

export function toGenerationResult(r: GenerationRecord): GenerationResult {
  return {
    id: r.id,
    projectId: r.projectId,
    generationType: r.generationType,
    status: r.status,
    files: r.files,
    validationResults: r.validationResults,
    findings: r.findings,
    ...commonView(r),
  };
}
