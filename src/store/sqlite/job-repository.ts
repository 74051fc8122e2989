import type { JobKind, JobRecord, JobRepository } from '../../ports/store.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { toMs } from './time.js';

interface JobRow {
  id: string;
  kind: JobKind;
  org_id: string;
  state: JobRecord['state'];
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  no_cache: number;
}

const COLUMNS = 'id, kind, org_id, state, attempts, lease_owner, lease_expires_at, created_at, no_cache';

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    orgId: row.org_id,
    state: row.state,
    attempts: row.attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    createdAt: row.created_at,
    noCache: row.no_cache === 1,
  };
}

/** The async job queue: exclusive oldest-first claims with leases. */
export class SqliteJobRepository implements JobRepository {
  constructor(private readonly conn: SqliteConnection) {}

  /** Puts the job as given; enqueuing an existing id replaces it (as a DynamoDB PutItem would). */
  async enqueue(job: JobRecord): Promise<void> {
    const leaseMs = job.leaseExpiresAt === null ? null : toMs(job.leaseExpiresAt, 'leaseExpiresAt');
    const createdMs = toMs(job.createdAt, 'createdAt');
    await this.conn.write(() => {
      this.conn.statement(`INSERT INTO jobs (${COLUMNS}, lease_expires_at_ms, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, no_cache = excluded.no_cache, org_id = excluded.org_id, state = excluded.state,
          attempts = excluded.attempts, lease_owner = excluded.lease_owner, lease_expires_at = excluded.lease_expires_at,
          created_at = excluded.created_at, lease_expires_at_ms = excluded.lease_expires_at_ms, created_at_ms = excluded.created_at_ms`)
        .run(job.id, job.kind, job.orgId, job.state, job.attempts, job.leaseOwner, job.leaseExpiresAt, job.createdAt, job.noCache ? 1 : 0, leaseMs, createdMs);
    });
  }

  async claimNext(owner: string, now: string, leaseExpiresAt: string): Promise<JobRecord | null> {
    toMs(now, 'now');
    const leaseMs = toMs(leaseExpiresAt, 'leaseExpiresAt');
    const row = await this.conn.write(() => this.conn.statement(`UPDATE jobs
      SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, lease_expires_at_ms = ?
      WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at_ms, id LIMIT 1)
      RETURNING ${COLUMNS}`).get(owner, leaseExpiresAt, leaseMs)) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  async claim(id: string, owner: string, now: string, leaseExpiresAt: string): Promise<JobRecord | null> {
    toMs(now, 'now');
    const leaseMs = toMs(leaseExpiresAt, 'leaseExpiresAt');
    const row = await this.conn.write(() => this.conn.statement(`UPDATE jobs
      SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, lease_expires_at_ms = ?
      WHERE id = ? AND state = 'queued'
      RETURNING ${COLUMNS}`).get(owner, leaseExpiresAt, leaseMs, id)) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  async heartbeat(id: string, owner: string, leaseExpiresAt: string): Promise<boolean> {
    const leaseMs = toMs(leaseExpiresAt, 'leaseExpiresAt');
    return this.conn.write(() => this.conn.statement(`UPDATE jobs SET lease_expires_at = ?, lease_expires_at_ms = ?
      WHERE id = ? AND state = 'running' AND lease_owner = ?`).run(leaseExpiresAt, leaseMs, id, owner).changes === 1);
  }

  async complete(id: string): Promise<void> {
    await this.conn.write(() => {
      this.conn.statement(`UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, lease_expires_at_ms = NULL
        WHERE id = ?`).run(id);
    });
  }

  async requeue(id: string, options: { refundAttempt?: boolean } = {}): Promise<void> {
    await this.conn.write(() => {
      this.conn.statement(`UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, lease_expires_at_ms = NULL,
          attempts = MAX(attempts - ?, 0)
        WHERE id = ? AND state = 'running'`).run(options.refundAttempt ? 1 : 0, id);
    });
  }

  async listExpired(now: string, limit: number): Promise<JobRecord[]> {
    const nowMs = toMs(now, 'now');
    const rows = this.conn.query(() => this.conn.statement(`SELECT ${COLUMNS} FROM jobs
      WHERE state = 'running' AND lease_expires_at_ms < ? ORDER BY lease_expires_at_ms, id LIMIT ?`).all(nowMs, limit)) as JobRow[];
    return rows.map(toRecord);
  }

  async get(id: string): Promise<JobRecord | null> {
    const row = this.conn.query(() => this.conn.statement(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id)) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  async countQueued(): Promise<number> {
    return this.conn.query(() => this.conn.statement("SELECT COUNT(*) FROM jobs WHERE state = 'queued'").pluck().get()) as number;
  }
}
