import { InvalidInputError } from '../../domain/errors.js';
import type { ApiKeyRecord, ApiKeyRepository, Role } from '../../ports/store.js';
import type { SqliteConnection } from './sqlite-connection.js';

interface ApiKeyRow {
  id: string;
  hash: string;
  prefix: string;
  org_id: string;
  user_id: string;
  role: Role;
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = 'id, hash, prefix, org_id, user_id, role, created_at, revoked_at';

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    hash: row.hash,
    prefix: row.prefix,
    orgId: row.org_id,
    userId: row.user_id,
    role: row.role,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** API keys by SHA-256 hash (unique); the key itself is never stored. */
export class SqliteApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async create(record: ApiKeyRecord): Promise<void> {
    await this.conn.write(() => {
      const taken = this.conn.statement('SELECT 1 FROM api_keys WHERE id = ? OR hash = ?').get(record.id, record.hash);
      if (taken !== undefined) throw new InvalidInputError(`An API key with id ${record.id} or the same hash already exists; generate a new key.`, ['apiKey']);
      this.conn.statement(`INSERT INTO api_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
        record.id, record.hash, record.prefix, record.orgId, record.userId, record.role, record.createdAt, record.revokedAt,
      );
    });
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.conn.query(() => this.conn.statement(`SELECT ${COLUMNS} FROM api_keys WHERE hash = ?`).get(hash)) as ApiKeyRow | undefined;
    return row ? toRecord(row) : null;
  }

  async list(orgId?: string): Promise<ApiKeyRecord[]> {
    const rows = this.conn.query(() => (orgId === undefined
      ? this.conn.statement(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`).all()
      : this.conn.statement(`SELECT ${COLUMNS} FROM api_keys WHERE org_id = ? ORDER BY created_at, id`).all(orgId))) as ApiKeyRow[];
    return rows.map(toRecord);
  }

  async revoke(id: string, now: string): Promise<boolean> {
    return this.conn.write(() => {
      const found = this.conn.statement('SELECT 1 FROM api_keys WHERE id = ?').get(id);
      if (found === undefined) return false;
      this.conn.statement('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id);
      return true;
    });
  }
}
