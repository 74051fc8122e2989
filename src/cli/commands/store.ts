import { sqlitePath } from '../../store/open-store.js';
import type { RegisterCommand } from '../runtime.js';
import { writeJson } from '../write-output.js';

export const registerStoreCommand: RegisterCommand = (program, runtime) => {
  const store = program.command('store').description('manage the configured store');
  store.command('init')
    .description('create or migrate the store (SQLite schema, or DynamoDB table, indexes and TTL)')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: { json?: boolean }) => {
      const opened = await runtime.store();
      await opened.init();
      const kind = (runtime.io.env.SKAFU_AI_STORE || 'sqlite').toLowerCase();
      const where = kind === 'sqlite' ? sqlitePath(runtime.io.env, runtime.io.cwd) : runtime.io.env.SKAFU_AI_DYNAMODB_TABLE ?? '';
      if (flags.json) writeJson(runtime.io, { store: kind, location: where, ready: true });
      else runtime.io.stdout.write(`Store ready: ${kind} ${where}\n`);
    });
};
