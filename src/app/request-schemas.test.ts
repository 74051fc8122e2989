import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../domain/errors.js';
import { analyzeRequestSchema, generateRequestSchema, hasContent, parseRequest } from './request-schemas.js';

function refusal(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('hasContent', () => {
  it('finds a non-blank string, a number or a boolean at any depth', () => {
    for (const value of ['x', 0, false, { a: '', b: { c: [null, ' y '] } }, [[], [{}, [1]]], { templates: [{ path: 'a.yaml', content: '' }] }]) {
      expect(hasContent(value), JSON.stringify(value)).toBe(true);
    }
  });

  it('finds nothing in blank strings, null, undefined and empty or all-empty objects and arrays', () => {
    for (const value of ['', ' \n\t', null, undefined, {}, [], { a: '', b: null }, [[], {}, ['  ']], { context: {} }]) {
      expect(hasContent(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hasContent(deep)).toBe(false);
  });
});

describe('analyzeRequestSchema', () => {
  it('refuses an input whose values are all empty, naming the field', () => {
    for (const input of [{}, { requirements: '' }, { requirements: null }, { requirements: '   \n' }, { requirements: '', context: {} }, { templates: [] }]) {
      const error = refusal(() => parseRequest(analyzeRequestSchema, { analysisType: 'requirements', input }));
      expect(error.fields, JSON.stringify(input)).toEqual(['input']);
      expect(error.message).toContain('input: has nothing to analyse');
    }
  });

  it('accepts every input with some content, beside empty values too', () => {
    const inputs = [
      { requirements: 'A todo service' },
      { requirements: 'A todo service', context: { team: 'core' } },
      { architecture: 'API Gateway + Lambda', requirements: '' },
      { templates: [{ path: 'template.yaml', content: 'Resources: {}' }] },
      { design: 'an API', context: {} },
      { requirements: '', context: { budgetUsd: 100 } },
    ];
    for (const input of inputs) expect(parseRequest(analyzeRequestSchema, { analysisType: 'requirements', input }).input).toEqual(input);
  });
});

describe('generateRequestSchema', () => {
  it('refuses an empty specification object or blank text, naming the field', () => {
    for (const specification of [{}, '', '  ', { name: '' }]) {
      const error = refusal(() => parseRequest(generateRequestSchema, { generationType: 'service', specification }));
      expect(error.fields, JSON.stringify(specification)).toEqual(['specification']);
      expect(error.message).toContain('specification: is empty');
    }
  });

  it('says what a specification or an input of the wrong kind should be', () => {
    for (const specification of [['a', 'b'], 42, null]) {
      const error = refusal(() => parseRequest(generateRequestSchema, { generationType: 'service', specification }));
      expect(error.message).toContain('specification: must be a JSON object (e.g. {"name": "orders", "endpoints": [...]}) or text describing the code');
    }
    for (const input of [['requirements'], 'A todo service']) {
      const error = refusal(() => parseRequest(analyzeRequestSchema, { analysisType: 'requirements', input }));
      expect(error.message).toContain('input: must be a JSON object of named material, e.g. {"requirements": "..."}');
    }
  });

  it('accepts a specification with content, as text or as an object', () => {
    for (const specification of ['An order service', { service: 'orders' }, { name: 'booking-service', entities: [] }]) {
      expect(parseRequest(generateRequestSchema, { generationType: 'service', specification, templateContext: {} }).specification).toEqual(specification);
    }
  });
});
