import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { createApiKey } from '../../http/auth/create-api-key.js';
import type { ApiKeyRecord, Role } from '../../ports/store.js';
import { colors } from '../render/colors.js';
import { renderKeys } from '../render/keys.js';
import type { RegisterCommand } from '../runtime.js';
import { writeJson } from '../write-output.js';

function listing(record: ApiKeyRecord): Omit<ApiKeyRecord, 'hash'> {
  const { hash: _hash, ...shown } = record;
  return shown;
}

export const registerKeysCommand: RegisterCommand = (program, runtime) => {
  const keys = program.command('keys').description('API keys of the HTTP service (`skafu-ai serve`)');

  keys.command('create')
    .description('create an API key for a user of an organisation and print it once')
    .requiredOption('--org <id>', 'organisation id')
    .requiredOption('--user <id>', 'user id')
    .option('--role <role>', 'admin (sees the organisation\'s usage and limits) or member', 'member')
    .option('--json', 'print {key, id, orgId, userId, role} as JSON on stdout')
    .action(async (flags: { org: string; user: string; role: string; json?: boolean }) => {
      if (flags.role !== 'admin' && flags.role !== 'member') throw new InvalidInputError(`--role must be admin or member; got "${flags.role}".`, ['role']);
      const { key, record } = await createApiKey(await runtime.store(), runtime.clock, { orgId: flags.org, userId: flags.user, role: flags.role as Role });
      if (flags.json) {
        writeJson(runtime.io, { key, id: record.id, orgId: record.orgId, userId: record.userId, role: record.role });
        return;
      }
      const c = colors(runtime.color);
      runtime.io.stdout.write(`${key}\n`);
      runtime.io.stderr.write(`${c.bold('Created')} ${record.id} for ${record.userId} of ${record.orgId} (${record.role}). `
        + `This is the only time the key is shown: store it now. Send it as \`Authorization: Bearer <key>\`.\n`);
    });

  keys.command('list')
    .description('list API keys (never the keys themselves: id, prefix, owner, role, state)')
    .option('--org <id>', 'only this organisation')
    .option('--json', 'print the list as JSON on stdout')
    .action(async (flags: { org?: string; json?: boolean }) => {
      const records = await (await runtime.store()).apiKeys.list(flags.org);
      if (flags.json) {
        writeJson(runtime.io, records.map(listing));
        return;
      }
      if (records.length === 0) {
        runtime.io.stdout.write(`No API keys${flags.org ? ` for ${flags.org}` : ''}; create one with \`skafu-ai keys create --org <id> --user <id>\`.\n`);
        return;
      }
      runtime.io.stdout.write(`${renderKeys(colors(runtime.color), records)}\n`);
    });

  keys.command('revoke')
    .description('revoke an API key; requests with it answer 401 from then on')
    .argument('<id>', 'the key id from `keys list`')
    .option('--json', 'print {id, revoked: true} as JSON on stdout')
    .action(async (id: string, flags: { json?: boolean }) => {
      const store = await runtime.store();
      const earlier = (await store.apiKeys.list()).find((record) => record.id === id)?.revokedAt ?? null;
      const revoked = await store.apiKeys.revoke(id, runtime.clock.now().toISOString());
      if (!revoked) throw new NotFoundError(`There is no API key ${id}; see \`skafu-ai keys list\`.`);
      if (flags.json) writeJson(runtime.io, { id, revoked: true });
      else runtime.io.stdout.write(earlier ? `${id} was already revoked (at ${earlier}).\n` : `Revoked ${id}.\n`);
    });
};
