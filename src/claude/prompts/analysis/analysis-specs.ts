import type { AnalysisType } from '../../../domain/operations.js';
import type { OperationSpec } from '../operation-spec.js';
import { architectureSpec } from './architecture.js';
import { complianceSpec } from './compliance.js';
import { costSpec } from './cost.js';
import { optimizationSpec } from './optimization.js';
import { performanceSpec } from './performance.js';
import { requirementsSpec } from './requirements.js';
import { securitySpec } from './security.js';

export const ANALYSIS_SPECS: Readonly<Record<AnalysisType, OperationSpec>> = {
  requirements: requirementsSpec,
  architecture: architectureSpec,
  optimization: optimizationSpec,
  cost: costSpec,
  performance: performanceSpec,
  security: securitySpec,
  compliance: complianceSpec,
};
