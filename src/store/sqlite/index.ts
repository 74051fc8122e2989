export { createSqliteStore, DEFAULT_BUSY_TIMEOUT_MS, type SqliteStoreOptions } from './sqlite-store.js';
