import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { authenticate } from '../../src/http/auth/authenticate.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const dir = mkdtempSync(join(tmpdir(), 'skafu-keys-'));
const env = { SKAFU_AI_DB: join(dir, 'skafu.db'), NO_COLOR: '1', PATH: process.env.PATH ?? '' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr, env, cwd: dir });
  return { code, stdout: out, stderr: err };
}

describe('skafu-ai keys', () => {
  it('create prints the key once, list never shows it, revoke makes it unusable', async () => {
    const created = await cli('keys', 'create', '--org', 'acme', '--user', 'ann', '--role', 'admin', '--json');
    expect(created.code).toBe(0);
    const json = JSON.parse(created.stdout) as { key: string; id: string; orgId: string; userId: string; role: string };
    expect(Object.keys(json).sort()).toEqual(['id', 'key', 'orgId', 'role', 'userId']);
    expect(json).toMatchObject({ orgId: 'acme', userId: 'ann', role: 'admin' });
    expect(json.key).toMatch(/^sk_[A-Za-z0-9_-]{32}$/);

    const human = await cli('keys', 'create', '--org', 'acme', '--user', 'bob');
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toMatch(/^sk_[A-Za-z0-9_-]{32}$/);
    expect(human.stderr).toContain('only time the key is shown');

    const listed = await cli('keys', 'list', '--org', 'acme', '--json');
    expect(listed.code).toBe(0);
    const keys = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(keys.map((k) => k.userId).sort()).toEqual(['ann', 'bob']);
    expect(listed.stdout).not.toContain(json.key);
    expect(keys.every((k) => !('hash' in k))).toBe(true);
    expect((await cli('keys', 'list', '--org', 'nobody', '--json')).stdout.trim()).toBe('[]');

    const store = createSqliteStore({ path: env.SKAFU_AI_DB });
    try {
      await expect(authenticate(store, `Bearer ${json.key}`)).resolves.toMatchObject({ orgId: 'acme', userId: 'ann', role: 'admin' });
      expect((await cli('keys', 'revoke', json.id)).code).toBe(0);
      await expect(authenticate(store, `Bearer ${json.key}`)).rejects.toMatchObject({ httpStatus: 401 });
      expect((await cli('keys', 'list', '--json')).stdout).toContain('"revokedAt": "');
    } finally {
      await store.close();
    }
  });

  it('lists keys for people as aligned columns under a header, and says when a key was already revoked', async () => {
    const created = JSON.parse((await cli('keys', 'create', '--org', 'lister', '--user', 'carol', '--role', 'admin', '--json')).stdout) as { id: string; key: string };
    await cli('keys', 'create', '--org', 'lister', '--user', 'dan');
    const listed = await cli('keys', 'list', '--org', 'lister');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('\u001b[');
    expect(listed.stdout).not.toContain(created.key);
    const lines = listed.stdout.split('\n').filter((line) => /key_|Id/.test(line));
    expect(lines[0]).toMatch(/Id\s.*Prefix\s.*Organisation\s.*User\s.*Role\s.*Created \(UTC\)\s.*State/);
    expect(lines).toHaveLength(3);
    // Aligned: every column starts at the same place on every line.
    const columnStarts = (line: string): number[] => [...line.matchAll(/│/g)].map((m) => m.index);
    expect(new Set(lines.map((line) => columnStarts(line).join(','))).size).toBe(1);
    expect(lines.find((line) => line.includes(created.id))).toMatch(/lister\s+│ carol\s+│ admin\s+│.*active/);

    expect((await cli('keys', 'revoke', created.id)).stdout).toBe(`Revoked ${created.id}.\n`);
    const again = await cli('keys', 'revoke', created.id);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^${created.id} was already revoked \\(at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\.\\n$`));
    expect((await cli('keys', 'list', '--org', 'lister')).stdout).toMatch(/carol.*revoked \d{4}-/);
  });

  it('refuses a bad role and an unknown key id with the usage exit codes', async () => {
    expect((await cli('keys', 'create', '--org', 'acme', '--user', 'ann', '--role', 'owner')).code).toBe(2);
    expect((await cli('keys', 'create', '--org', 'ac me', '--user', 'ann')).code).toBe(2);
    const missing = await cli('keys', 'revoke', 'key_nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no API key key_nope');
  });
});
