import type { Migration } from './migration.js';

/**
 * The first schema. Aggregates are JSON plus the columns they are found and ordered by; times that
 * are compared are stored as epoch milliseconds so ISO spellings cannot disorder them.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE analyses (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX analyses_by_project ON analyses (org_id, project_id, created_at_ms DESC, id DESC);

CREATE TABLE generations (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX generations_by_project ON generations (org_id, project_id, created_at_ms DESC, id DESC);

CREATE TABLE quota_counters (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX quota_counters_by_expiry ON quota_counters (expires_at_ms);

CREATE TABLE quota_reservations (
  id TEXT PRIMARY KEY,
  lease_expires_at_ms INTEGER NOT NULL,
  increments TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX quota_reservations_by_lease ON quota_reservations (lease_expires_at_ms);

CREATE TABLE usage_ledger (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  operation TEXT NOT NULL,
  model TEXT NOT NULL,
  aggregate_id TEXT,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_creation_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  tokens TEXT NOT NULL,
  cost_micro_usd INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  cached INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  occurred_at_ms INTEGER NOT NULL
);
CREATE INDEX usage_ledger_by_org ON usage_ledger (org_id, occurred_at_ms);

CREATE TABLE usage_rollups (
  scope TEXT NOT NULL,
  day TEXT NOT NULL,
  operation TEXT NOT NULL,
  model TEXT NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (scope, day, operation, model)
) WITHOUT ROWID;

CREATE TABLE cache_entries (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
CREATE INDEX cache_entries_by_expiry ON cache_entries (expires_at_ms);

CREATE TABLE outbox (
  event_id TEXT PRIMARY KEY,
  occurred_at_ms INTEGER NOT NULL,
  event TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER NOT NULL,
  lease_until_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_by_due ON outbox (next_attempt_at_ms, occurred_at_ms);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  prefix TEXT NOT NULL,
  org_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (hash);
CREATE INDEX api_keys_by_org ON api_keys (org_id);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  org_id TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  lease_owner TEXT,
  lease_expires_at TEXT,
  lease_expires_at_ms INTEGER,
  created_at TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE INDEX jobs_by_state_age ON jobs (state, created_at_ms, id);
CREATE INDEX jobs_by_state_lease ON jobs (state, lease_expires_at_ms);
`,
};
