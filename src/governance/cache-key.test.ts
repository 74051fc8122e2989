import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson } from './cache-key.js';

const parts = { operation: 'project_analysis', promptVersion: 'requirements@1', model: 'claude-sonnet-5-5', parameters: { maxTokens: 8192 }, sanitizedInput: { b: 1, a: [{ y: 2, x: 1 }] }, scope: 'acme' };

describe('cache keys', () => {
  it('canonical JSON sorts keys at every depth but keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('equal inputs written in another key order give the same key', () => {
    expect(cacheKey(parts)).toBe(cacheKey({ ...parts, sanitizedInput: { a: [{ x: 1, y: 2 }], b: 1 } }));
    expect(cacheKey(parts)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['operation', { operation: 'architecture_review' }],
    ['prompt version', { promptVersion: 'requirements@2' }],
    ['model', { model: 'claude-opus-5' }],
    ['parameters', { parameters: { maxTokens: 4096 } }],
    ['input', { sanitizedInput: { b: 2, a: [] } }],
    ['scope', { scope: 'globex' }],
  ])('a different %s gives a different key', (_name, change) => {
    expect(cacheKey({ ...parts, ...change })).not.toBe(cacheKey(parts));
  });
});
