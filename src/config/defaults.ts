import type { Operation } from '../domain/operations.js';
import type { ScopeLimitsInput } from './schema.js';

/** The seed's defaults, as INTERFACE.md documents them. */
export const DEFAULT_USER_LIMITS: Required<ScopeLimitsInput> = {
  requestsPerDay: { project_analysis: 100, code_generation: 50, architecture_review: 25, optimization_analysis: 25 },
  requestsPerMonth: { project_analysis: 2000, code_generation: 1000, architecture_review: 500, optimization_analysis: 500 },
  tokensPerDay: 2_000_000,
  budgetUsdPerDay: 10,
  budgetUsdPerMonth: 100,
  maxConcurrent: 4,
  requestsPerMinute: 30,
};

export const DEFAULT_ORG_LIMITS: Required<ScopeLimitsInput> = {
  requestsPerDay: { project_analysis: null, code_generation: null, architecture_review: null, optimization_analysis: null },
  requestsPerMonth: { project_analysis: null, code_generation: null, architecture_review: null, optimization_analysis: null },
  tokensPerDay: null,
  budgetUsdPerDay: 100,
  budgetUsdPerMonth: null,
  maxConcurrent: null,
  requestsPerMinute: null,
};

export const DEFAULT_MAX_REQUEST_BYTES = 262_144;

export const DEFAULT_MODEL = 'claude-sonnet-5-5';

export const DEFAULT_CACHE_TTL_SECONDS: Record<Operation, number> = {
  project_analysis: 3600,
  code_generation: 1800,
  architecture_review: 3600,
  optimization_analysis: 3600,
};

export const DEFAULT_MAX_TOKENS: Record<Operation, number> = {
  project_analysis: 8192,
  code_generation: 16384,
  architecture_review: 4096,
  optimization_analysis: 4096,
};

export const DEFAULT_TIMEOUT_SECONDS = 120;
export const DEFAULT_MEMORY_CACHE_ENTRIES = 500;

/**
 * Plans every deployment has besides `default`; each states only what differs from `default`.
 * A plan of the same name in the config file replaces the built-in one.
 */
export const BUILT_IN_PLANS: Record<string, { perUser?: ScopeLimitsInput; perOrganization?: ScopeLimitsInput }> = {
  free: {
    perUser: {
      requestsPerDay: { project_analysis: 10, code_generation: 5, architecture_review: 3, optimization_analysis: 3 },
      requestsPerMonth: { project_analysis: 100, code_generation: 50, architecture_review: 30, optimization_analysis: 30 },
      tokensPerDay: 200_000,
      budgetUsdPerDay: 1,
      budgetUsdPerMonth: 10,
      maxConcurrent: 1,
      requestsPerMinute: 5,
    },
    perOrganization: { budgetUsdPerDay: 10, budgetUsdPerMonth: 100 },
  },
  pro: {
    perUser: {
      requestsPerDay: { project_analysis: 500, code_generation: 250, architecture_review: 125, optimization_analysis: 125 },
      requestsPerMonth: { project_analysis: 10_000, code_generation: 5000, architecture_review: 2500, optimization_analysis: 2500 },
      tokensPerDay: 10_000_000,
      budgetUsdPerDay: 50,
      budgetUsdPerMonth: 500,
      maxConcurrent: 8,
      requestsPerMinute: 60,
    },
    perOrganization: { budgetUsdPerDay: 1000 },
  },
  enterprise: {
    perUser: {
      requestsPerDay: { project_analysis: 2000, code_generation: 1000, architecture_review: 500, optimization_analysis: 500 },
      requestsPerMonth: { project_analysis: 40_000, code_generation: 20_000, architecture_review: 10_000, optimization_analysis: 10_000 },
      tokensPerDay: 50_000_000,
      budgetUsdPerDay: 200,
      budgetUsdPerMonth: 2000,
      maxConcurrent: 16,
      requestsPerMinute: 120,
    },
    perOrganization: { budgetUsdPerDay: 10_000 },
  },
};
