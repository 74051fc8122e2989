import { describe, expect, it } from 'vitest';
import { orgScope, userScope } from './usage-record.js';

describe('usage roll-up scopes', () => {
  it('keep two users apart whatever characters their ids hold', () => {
    expect(userScope({ orgId: 'a:b', userId: 'c' })).not.toBe(userScope({ orgId: 'a', userId: 'b:c' }));
    expect(orgScope('a:b')).not.toBe(orgScope('a%3Ab'));
  });

  it('are the plain ids for the ids API keys allow', () => {
    expect(userScope({ orgId: 'acme', userId: 'ann.lee_2' })).toBe('user:acme:ann.lee_2');
    expect(orgScope('acme-eu')).toBe('org:acme-eu');
  });
});
