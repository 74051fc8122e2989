import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FINDING_TYPES, RedactionSession, sanitizeText } from './index.js';

const EMAIL = 'alice.smith@acme-corp.io';
const PASSWORD = 'hunter2xyz';

describe('RedactionSession.redactText', () => {
  it('gives the same value the same placeholder within a request, and new values new ordinals', () => {
    const session = new RedactionSession();
    const a = session.redactText(`mail ${EMAIL} and bob@globex.com`);
    const b = session.redactText(`again ${EMAIL}`);
    expect(a.text).toBe('mail [[EMAIL_1]] and [[EMAIL_2]]');
    expect(b.text).toBe('again [[EMAIL_1]]');
    expect(session.counts()).toEqual([{ type: 'email', count: 3 }]);
  });

  it('reports offsets into the original text', () => {
    const input = `DB_PASSWORD=${PASSWORD}\nowner: ${EMAIL}\n`;
    const { findings } = new RedactionSession().redactText(input);
    expect(findings.map((f) => [f.type, input.slice(f.start, f.end)])).toEqual([['password', PASSWORD], ['email', EMAIL]]);
  });

  it('is idempotent: sanitized text has nothing left to redact', () => {
    const once = sanitizeText(`DB_PASSWORD=${PASSWORD}\npostgres://u:S3cretPass@h/db ${EMAIL} "apiKey": "q8Zr2LmX0vTn5KcW"`);
    expect(sanitizeText(once.text).findings).toEqual([]);
  });

  it('uses only the documented finding types', () => {
    const { findings } = sanitizeText(`DB_PASSWORD=${PASSWORD} ${EMAIL} 536-22-1234 Authorization: Bearer q8Zr2LmX0vTn5KcW9pYbR3sD7fG1`);
    for (const f of findings) expect(FINDING_TYPES).toContain(f.type);
  });
});

describe('RedactionSession.restore', () => {
  it('puts personal data back but never secrets, when configured', () => {
    const session = new RedactionSession({ restorePersonalData: true });
    const { text } = session.redactText(`owner ${EMAIL} uses DB_PASSWORD=${PASSWORD}`);
    const answer = text.replace('owner', 'Notify');
    const restored = session.restore(answer);
    expect(restored).toContain(EMAIL);
    expect(restored).not.toContain(PASSWORD);
    expect(restored).toContain('[[PASSWORD_1]]');
  });

  it('is the identity when restoring is not configured', () => {
    const session = new RedactionSession();
    const { text } = session.redactText(`owner ${EMAIL}`);
    expect(session.restore(text)).toBe(text);
    const tree = { a: text };
    expect(session.restore(tree)).toBe(tree);
  });

  it('restores inside JSON trees, keys included, without touching the input tree', () => {
    const session = new RedactionSession({ restorePersonalData: true });
    session.redactText(`${EMAIL} and +44 20 7946 0958`);
    const answer = { owners: ['[[EMAIL_1]]'], contact: { '[[EMAIL_1]]': 'call [[PHONE_1]]' } };
    expect(session.restore(answer)).toEqual({ owners: [EMAIL], contact: { [EMAIL]: 'call +44 20 7946 0958' } });
    expect(answer.owners[0]).toBe('[[EMAIL_1]]');
  });

  it('leaves placeholders it did not issue alone', () => {
    const session = new RedactionSession({ restorePersonalData: true });
    session.redactText(EMAIL);
    expect(session.restore('[[EMAIL_9]] [[EMAIL_1]]')).toBe(`[[EMAIL_9]] ${EMAIL}`);
  });
});

describe('RedactionSession never exposes values', () => {
  it('serialises and inspects as counts only', () => {
    const session = new RedactionSession({ restorePersonalData: true });
    session.redactText(`${EMAIL} DB_PASSWORD=${PASSWORD}`);
    for (const shown of [JSON.stringify(session), inspect(session, { showHidden: true, depth: 10 }), String(Object.entries(session))]) {
      expect(shown).not.toContain(EMAIL);
      expect(shown).not.toContain(PASSWORD);
    }
    expect(JSON.parse(JSON.stringify(session))).toEqual({ counts: [{ type: 'email', count: 1 }, { type: 'password', count: 1 }] });
  });
});
