import Table from 'cli-table3';
import type { ApiKeyRecord } from '../../ports/store.js';
import type { Colors } from './colors.js';

/** `keys list` for people: one aligned row per key under a header, never the key itself. */
export function renderKeys(c: Colors, records: ApiKeyRecord[]): string {
  const table = new Table({
    head: ['Id', 'Prefix', 'Organisation', 'User', 'Role', 'Created (UTC)', 'State'].map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
  });
  for (const r of records) {
    const state = r.revokedAt ? c.red(`revoked ${r.revokedAt}`) : c.green('active');
    table.push([r.id, `${r.prefix}…`, r.orgId, r.userId, r.role, r.createdAt, state]);
  }
  return table.toString();
}
