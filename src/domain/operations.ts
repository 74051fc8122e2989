/** The quota and usage vocabulary. */
export const OPERATIONS = ['project_analysis', 'code_generation', 'architecture_review', 'optimization_analysis'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const ANALYSIS_TYPES = ['requirements', 'architecture', 'optimization', 'cost', 'performance', 'security', 'compliance'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

export const GENERATION_TYPES = ['service', 'api', 'database', 'config', 'tests', 'documentation', 'deployment'] as const;
export type GenerationType = (typeof GENERATION_TYPES)[number];

export function operationForAnalysis(type: AnalysisType): Operation {
  if (type === 'requirements') return 'project_analysis';
  if (type === 'architecture') return 'architecture_review';
  return 'optimization_analysis';
}

export function isAnalysisType(value: string): value is AnalysisType {
  return (ANALYSIS_TYPES as readonly string[]).includes(value);
}

export function isGenerationType(value: string): value is GenerationType {
  return (GENERATION_TYPES as readonly string[]).includes(value);
}
