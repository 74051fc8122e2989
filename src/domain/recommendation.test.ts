import { describe, expect, it } from 'vitest';
import { ModelOutputError } from './errors.js';
import {
  IMPACTS, InvalidRecommendationError, parseRecommendation, PRIORITIES, RECOMMENDATION_CATEGORIES, sameRecommendation, type Recommendation,
} from './recommendation.js';

const base: Recommendation = {
  title: 'Add a read replica',
  description: 'Offload reporting queries from the primary.',
  priority: 'medium',
  category: 'performance',
  impact: 'medium',
};

describe('sameRecommendation (the seed rule: title, description and category)', () => {
  it.each([
    { why: 'identical', other: { ...base }, same: true },
    { why: 'only the priority differs', other: { ...base, priority: 'critical' as const }, same: true },
    { why: 'only the impact differs', other: { ...base, impact: 'low' as const }, same: true },
    { why: 'only optional fields differ', other: { ...base, implementationEffort: 'high' as const, estimatedMonthlySavingsUsd: 40 }, same: true },
    { why: 'the title differs', other: { ...base, title: 'Add two read replicas' }, same: false },
    { why: 'the description differs', other: { ...base, description: 'Something else.' }, same: false },
    { why: 'the category differs', other: { ...base, category: 'cost' as const }, same: false },
    { why: 'the title differs only in case', other: { ...base, title: 'add a read replica' }, same: false },
  ])('is $same when $why', ({ other, same }) => {
    expect(sameRecommendation(base, other)).toBe(same);
    expect(sameRecommendation(other, base)).toBe(same);
  });
});

describe('parseRecommendation', () => {
  it('returns the recommendation with its optional fields', () => {
    const full = { ...base, implementationEffort: 'low', estimatedMonthlySavingsUsd: 120, risks: ['replica lag'], benefits: ['faster reports'] };
    expect(parseRecommendation(full)).toEqual(full);
  });

  it('drops keys the schema does not know', () => {
    expect(parseRecommendation({ ...base, technicalDetails: { x: 1 } })).toEqual(base);
  });

  it('throws an InvalidRecommendationError, a ModelOutputError, naming the field', () => {
    expect(() => parseRecommendation({ ...base, priority: 'urgent' })).toThrow(InvalidRecommendationError);
    expect(() => parseRecommendation({ ...base, priority: 'urgent' })).toThrow(ModelOutputError);
    expect(() => parseRecommendation({ ...base, priority: 'urgent' })).toThrow(/^Invalid recommendation: priority: /);
  });

  it('prefixes the field with the given location', () => {
    expect(() => parseRecommendation({ ...base, impact: 'huge' }, 'recommendations[4]')).toThrow(/recommendations\[4\]\.impact/);
  });

  it('refuses something that is not an object', () => {
    expect(() => parseRecommendation('a string')).toThrow(/^Invalid recommendation: recommendation: /);
  });

  it('refuses more than 20 risks and a risk over 500 characters', () => {
    expect(() => parseRecommendation({ ...base, risks: Array.from({ length: 21 }, () => 'r') })).toThrow(/risks/);
    expect(() => parseRecommendation({ ...base, benefits: ['b'.repeat(501)] })).toThrow(/benefits\.0/);
  });

  it('lists exactly the documented vocabularies', () => {
    expect([...PRIORITIES]).toEqual(['critical', 'high', 'medium', 'low']);
    expect([...RECOMMENDATION_CATEGORIES]).toEqual(['architecture', 'security', 'performance', 'cost', 'compliance', 'maintenance', 'deployment']);
    expect([...IMPACTS]).toEqual(['high', 'medium', 'low']);
  });
});
