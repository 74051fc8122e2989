import { describe, expect, it } from 'vitest';
import { RedactionSession } from './index.js';

describe('RedactionSession.redactJson', () => {
  it('replaces the value of secret-named keys only, by exact key tokens', () => {
    const input = {
      apiKey: 'q8Zr2LmX0vTn5KcW',
      client_secret: 's3cr3t-value',
      DB_PASSWORD: 'hunter2xyz',
      tokens_used: 1234,
      passwordPolicy: 'strict-policy-v2',
      secretsManagerArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
      token_type: 'bearer-token-x9',
    };
    const { value, findings } = new RedactionSession().redactJson(input);
    expect(value).toEqual({
      ...input,
      apiKey: '[[GENERIC_SECRET_1]]',
      client_secret: '[[GENERIC_SECRET_2]]',
      DB_PASSWORD: '[[PASSWORD_1]]',
    });
    expect(findings.map((f) => f.path)).toEqual(['$.apiKey', '$.client_secret', '$.DB_PASSWORD']);
    expect(findings[0]).toMatchObject({ start: 0, end: 16, type: 'generic_secret' });
  });

  it('leaves placeholders and references under secret-named keys, and does not mutate the input', () => {
    const input = { password: '${DB_PASSWORD}', token: '{{ secrets.TOKEN }}', apiKey: '<YOUR_KEY>', secret: null };
    const copy = structuredClone(input);
    const { value, findings } = new RedactionSession().redactJson(input);
    expect(value).toEqual(copy);
    expect(value).not.toBe(input);
    expect(findings).toEqual([]);
    expect(input).toEqual(copy);
  });

  it('types a secret-named value by its format when it has one', () => {
    const { value } = new RedactionSession().redactJson({ token: 'Bearer-less', key: 'x', AWS_ACCESS_KEY_ID: 'AKIAZ3MXQ7RBTY4WPL2N' });
    expect(value).toEqual({ token: '[[GENERIC_SECRET_1]]', key: 'x', AWS_ACCESS_KEY_ID: '[[AWS_ACCESS_KEY_ID_1]]' });
  });

  it('scans other strings as text and redacts only the span', () => {
    const { value, findings } = new RedactionSession().redactJson({ notes: ['ping alice@acme-corp.io today'] });
    expect(value).toEqual({ notes: ['ping [[EMAIL_1]] today'] });
    expect(findings).toEqual([{ type: 'email', start: 5, end: 23, placeholder: '[[EMAIL_1]]', path: '$.notes[0]' }]);
  });

  it('handles Kubernetes-style {name, value} pairs and service-account JSON', () => {
    const { value } = new RedactionSession().redactJson({
      env: [{ name: 'DB_PASSWORD', value: 'pw-9999-x' }, { name: 'LOG_LEVEL', value: 'debug' }],
      sa: { type: 'service_account', private_key_id: 'a'.repeat(8) + 'b1c2d3e4f5'.repeat(3) + '01', private_key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' },
    });
    expect(value).toMatchObject({
      env: [{ name: 'DB_PASSWORD', value: '[[PASSWORD_1]]' }, { name: 'LOG_LEVEL', value: 'debug' }],
      sa: { private_key_id: '[[GCP_SERVICE_ACCOUNT_KEY_1]]', private_key: '[[GCP_SERVICE_ACCOUNT_KEY_2]]' },
    });
  });

  it('passes large base64 blobs through intact', () => {
    const blob = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg'.repeat(20);
    const input = { image: `data:image/png;base64,${blob}==`, raw: blob, certificate: `MIIC${blob}` };
    const { value, findings } = new RedactionSession().redactJson(input);
    expect(value).toEqual(input);
    expect(findings).toEqual([]);
  });

  it('still redacts a blob-sized value that is itself a token', () => {
    const token = `IQoJb3JpZ2luX2Vj${'q8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4w'.repeat(12)}`;
    const { value } = new RedactionSession().redactJson({ data: token });
    expect(value).toEqual({ data: '[[AWS_SESSION_TOKEN_1]]' });
  });

  it('walks 100 000 levels of nesting without a stack overflow', () => {
    let deep: unknown = { password: 'hunter2xyz' };
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { child: deep };
    const { value, findings } = new RedactionSession().redactJson(deep);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.path.length).toBeGreaterThan(100_000);
    let node = value;
    while (typeof node === 'object' && node !== null && !('password' in node)) node = Array.isArray(node) ? node[0] : (node as { child: unknown }).child;
    expect(node).toEqual({ password: '[[PASSWORD_1]]' });
  });

  it('redacts property names and builds paths from redacted names only', () => {
    const { value, findings } = new RedactionSession().redactJson({ users: { 'alice@acme-corp.io': { role: 'admin' } } });
    expect(value).toEqual({ users: { '[[EMAIL_1]]': { role: 'admin' } } });
    expect(findings).toEqual([{ type: 'email', start: 0, end: 18, placeholder: '[[EMAIL_1]]', path: '$.users["[[EMAIL_1]]"]', inKey: true }]);
  });

  it('keeps numbers, booleans and null; walks toJSON values; survives cycles and __proto__ keys', () => {
    const cyclic: Record<string, unknown> = { n: 1, ok: true, none: null, when: new Date(0) };
    cyclic['self'] = cyclic;
    const { value } = new RedactionSession().redactJson(cyclic);
    const out = value as Record<string, unknown>;
    expect(out['n']).toBe(1);
    expect(out['when']).toBe('1970-01-01T00:00:00.000Z');
    expect(out['self']).toBe(out);
    const proto = new RedactionSession().redactJson(JSON.parse('{"__proto__": {"password": "hunter2xyz"}}')).value as object;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(JSON.stringify(proto)).toBe('{"__proto__":{"password":"[[PASSWORD_1]]"}}');
  });

  it('redacts a bare string root', () => {
    expect(new RedactionSession().redactJson('DB_PASSWORD=hunter2xyz').value).toBe('DB_PASSWORD=[[PASSWORD_1]]');
  });
});

describe('RedactionSession.redactJson on lists', () => {
  it('treats the strings of a list named by a (plural) secret noun as secret values', () => {
    const { value } = new RedactionSession().redactJson({ apiKeys: ['q8Zr2LmX0vTn5KcW', '${KEY_2}'], passwords: ['hunter2xyz'], keys: ['id', 'name'] });
    expect(value).toEqual({ apiKeys: ['[[GENERIC_SECRET_1]]', '${KEY_2}'], passwords: ['[[PASSWORD_1]]'], keys: ['id', 'name'] });
  });
});
