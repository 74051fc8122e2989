import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fitToSchema } from './fit-to-schema.js';

const schema = z.object({
  title: z.string().min(1).max(10),
  confidence: z.number().min(0).max(1),
  rating: z.number().int().min(1).max(10),
  priority: z.enum(['high', 'low']),
  tags: z.array(z.string().max(3)).max(2),
  nested: z.object({ items: z.array(z.object({ score: z.number().max(5) })) }),
  optional: z.union([z.string().max(4), z.null()]),
});
const json = z.toJSONSchema(schema) as Record<string, unknown>;

describe('fitting an answer to the soft limits of its schema', () => {
  it('cuts long strings and arrays, clamps numbers, rounds integers, matches enums case-insensitively', () => {
    const fitted = fitToSchema({
      title: 'A title far longer than ten characters',
      confidence: 87,
      rating: 11.6,
      priority: 'High',
      tags: ['alpha', 'be', 'gamma'],
      nested: { items: [{ score: 9 }, { score: 2 }] },
      optional: 'too long',
      extra: 'kept',
    }, json);
    expect(fitted).toEqual({
      title: 'A title f…',
      confidence: 1,
      rating: 10,
      priority: 'high',
      tags: ['al…', 'be'],
      nested: { items: [{ score: 5 }, { score: 2 }] },
      optional: 'too…',
      extra: 'kept',
    });
    expect(schema.safeParse(fitted).success).toBe(true);
  });

  it('never changes types: a wrong type still fails the schema', () => {
    const fitted = fitToSchema({ title: 42, confidence: 'high', rating: 3, priority: 'medium', tags: [], nested: { items: [] }, optional: null }, json);
    expect(fitted).toMatchObject({ title: 42, confidence: 'high', priority: 'medium' });
    expect(schema.safeParse(fitted).success).toBe(false);
  });

  it('reads numbers and booleans written as strings where the schema wants them, and clamps them like numbers', () => {
    const flags = z.object({ on: z.boolean(), count: z.number().int().nullable(), label: z.string() });
    const flagsJson = z.toJSONSchema(flags) as Record<string, unknown>;
    const fitted = fitToSchema({
      title: 'ok', confidence: '0.85', rating: ' 11 ', priority: 'low', tags: [], nested: { items: [{ score: '2.5e0' }] }, optional: null,
    }, json);
    expect(fitted).toMatchObject({ confidence: 0.85, rating: 10, nested: { items: [{ score: 2.5 }] } });
    expect(schema.safeParse(fitted).success).toBe(true);
    const read = fitToSchema({ on: 'TRUE', count: '7', label: '12' }, flagsJson);
    expect(read).toEqual({ on: true, count: 7, label: '12' });
    expect(flags.safeParse(read).success).toBe(true);
    expect(fitToSchema({ on: 'yes', count: '7 apples', label: 12 }, flagsJson)).toEqual({ on: 'yes', count: '7 apples', label: 12 });
    expect(fitToSchema({ confidence: 'NaN', rating: 'Infinity', title: '1e999' }, json)).toMatchObject({ confidence: 'NaN', rating: 'Infinity', title: '1e999' });
  });

  it('does not touch the input it was given', () => {
    const input = { title: 'x'.repeat(20), confidence: 2, rating: 1, priority: 'low', tags: [], nested: { items: [] }, optional: null };
    fitToSchema(input, json);
    expect(input.title).toHaveLength(20);
    expect(input.confidence).toBe(2);
  });
});
