import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_TYPES, GENERATION_TYPES, isAnalysisType, isGenerationType, OPERATIONS, operationForAnalysis, type AnalysisType, type Operation,
} from './operations.js';

describe('operationForAnalysis', () => {
  const expected: Record<AnalysisType, Operation> = {
    requirements: 'project_analysis',
    architecture: 'architecture_review',
    optimization: 'optimization_analysis',
    cost: 'optimization_analysis',
    performance: 'optimization_analysis',
    security: 'optimization_analysis',
    compliance: 'optimization_analysis',
  };

  it.each(Object.entries(expected))('counts analysis type %s as %s', (type, operation) => {
    expect(operationForAnalysis(type as AnalysisType)).toBe(operation);
  });

  it('covers every analysis type', () => {
    expect(Object.keys(expected).sort()).toEqual([...ANALYSIS_TYPES].sort());
  });
});

describe('vocabularies', () => {
  it('has the four operations of INTERFACE.md', () => {
    expect([...OPERATIONS]).toEqual(['project_analysis', 'code_generation', 'architecture_review', 'optimization_analysis']);
  });

  it('has the seven generation types', () => {
    expect([...GENERATION_TYPES]).toEqual(['service', 'api', 'database', 'config', 'tests', 'documentation', 'deployment']);
  });

  it.each([
    { value: 'requirements', analysis: true, generation: false },
    { value: 'compliance', analysis: true, generation: false },
    { value: 'service', analysis: false, generation: true },
    { value: 'deployment', analysis: false, generation: true },
    { value: 'Requirements', analysis: false, generation: false },
    { value: '', analysis: false, generation: false },
    { value: 'project_analysis', analysis: false, generation: false },
  ])('recognises "$value": analysis $analysis, generation $generation', ({ value, analysis, generation }) => {
    expect(isAnalysisType(value)).toBe(analysis);
    expect(isGenerationType(value)).toBe(generation);
  });
});
