import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonError, runCli, tempDir } from '../support/cli.js';

let dir: string;
let db: Record<string, string>;

beforeEach(() => {
  dir = tempDir('skafu-ai-identity-');
  db = { SKAFU_AI_DB: join(dir, 'skafu.db') };
});

describe('the identity of CLI calls (SKAFU_AI_ORG, SKAFU_AI_USER)', () => {
  it('keeps two users and two organisations on one store apart; org-wide sums the users of one organisation', async () => {
    const as = (org: string, user: string): Record<string, string> => ({ ...db, SKAFU_AI_ORG: org, SKAFU_AI_USER: user });
    const requirements = (name: string): string => {
      const path = join(dir, `${name}.md`);
      writeFileSync(path, `# ${name}\n\nA service that books rooms for ${name}.\n`);
      return path;
    };
    expect((await runCli(['analyze', requirements('one'), '--simulate', '--json'], { env: as('acme', 'alice') })).code).toBe(0);
    expect((await runCli(['analyze', requirements('two'), '--simulate', '--json'], { env: as('acme', 'bob') })).code).toBe(0);
    expect((await runCli(['review', requirements('three'), '--simulate', '--json'], { env: as('acme', 'bob') })).code).toBe(0);
    const usage = async (env: Record<string, string>, ...flags: string[]): Promise<{ totalRequests: number; scope: unknown }> =>
      JSON.parse((await runCli(['usage', '--json', ...flags], { env })).stdout) as { totalRequests: number; scope: unknown };
    expect(await usage(as('acme', 'alice'))).toMatchObject({ totalRequests: 1, scope: { orgId: 'acme', userId: 'alice' } });
    expect(await usage(as('acme', 'bob'))).toMatchObject({ totalRequests: 2, scope: { orgId: 'acme', userId: 'bob' } });
    expect(await usage(as('acme', 'carol'), '--org-wide')).toMatchObject({ totalRequests: 3, scope: { orgId: 'acme', userId: null } });
    expect(await usage(as('globex', 'alice'))).toMatchObject({ totalRequests: 0 });
    expect(await usage(as('globex', 'alice'), '--org-wide')).toMatchObject({ totalRequests: 0 });
    const limits = JSON.parse((await runCli(['limits', '--json'], { env: as('acme', 'alice') })).stdout) as { limits: { limit: string; used: number }[] };
    expect(limits.limits.find((l) => l.limit === 'perUser.requestsPerDay.project_analysis')?.used).toBe(1);
    expect(limits.limits.find((l) => l.limit === 'perOrganization.requestsPerDay.project_analysis')?.used).toBe(2);
  });

  it('empty means the default, local / local', async () => {
    const run = await runCli(['usage', '--json'], { env: { ...db, SKAFU_AI_ORG: '', SKAFU_AI_USER: '' } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scope: { orgId: 'local', userId: 'local' } });
  });

  it.each([
    ['SKAFU_AI_ORG', 'a:b', '"a:b"'],
    ['SKAFU_AI_USER', 'b:c', '"b:c"'],
    ['SKAFU_AI_ORG', ' acme', '" acme"'],
    ['SKAFU_AI_USER', 'alice\nbob', '"alice\\nbob"'],
    ['SKAFU_AI_ORG', 'x'.repeat(65), '"xxxxx'],
  ])('%s=%j is refused with exit 2, saying what an id may hold, before anything is stored', async (name, value, shown) => {
    const run = await runCli(['analyze', '-', '--simulate', '--json'], { env: { ...db, [name]: value }, stdin: 'A booking service.\n' });
    expect(run.code).toBe(2);
    const error = jsonError(run.stdout);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(`${name} must be an id of 1–64 letters, digits, ".", "_" or "-"`);
    expect(error.message).toContain(`got ${shown}`);
    const usage = await runCli(['usage', '--json', '--org-wide'], { env: db });
    expect(JSON.parse(usage.stdout)).toMatchObject({ totalRequests: 0 });
  });

  it('ids with dots, dashes and underscores are accepted', async () => {
    const run = await runCli(['usage', '--json'], { env: { ...db, SKAFU_AI_ORG: 'acme.corp-eu', SKAFU_AI_USER: 'jane_doe-2' } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scope: { orgId: 'acme.corp-eu', userId: 'jane_doe-2' } });
  });
});
