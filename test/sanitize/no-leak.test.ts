import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { createRandom } from './corpus/random.js';
import { base64Secret, cardNumber, checksummedToken, email, formatCard, iban, jwt, pemBlock } from './corpus/values.js';

const r = createRandom(20261125);
const secrets = {
  awsKeyId: `AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  awsSecret: base64Secret(r, 40),
  github: checksummedToken(r, 'ghp_'),
  jwt: jwt(r),
  privateKey: pemBlock(r, 'RSA PRIVATE KEY', 6),
  dbPassword: `Pw-${r.chars('abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', 18)}`,
  email: email(r),
  card: formatCard(cardNumber(r), ' '),
  iban: iban(r),
  stripe: `sk_live_${r.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 32)}`,
};
/** Pieces that identify each secret (a PEM block is checked by a line of its body). */
const needles = Object.entries(secrets).map(([name, value]) => [name, name === 'privateKey' ? (value.split('\n')[2] ?? value) : value] as const);

let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake.close();
});

function assertNoSecret(where: string, haystack: string): void {
  for (const [name, needle] of needles) {
    expect(haystack.includes(needle), `${name} leaked into ${where}`).toBe(false);
  }
}

describe('no secret or personal data leaves the process or is stored', () => {
  it('analyze and generate with secrets planted in every input field leak nothing', async () => {
    const dir = tempDir();
    const requirements = [
      '# Payments service',
      `Contact the owner at ${secrets.email} for access.`,
      'The deploy pipeline uses these settings:',
      `AWS_ACCESS_KEY_ID=${secrets.awsKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${secrets.awsSecret}`,
      `DATABASE_URL=postgres://app:${secrets.dbPassword}@db.internal:5432/payments`,
      `Refunds go to ${secrets.iban}; the test card is ${secrets.card}.`,
      `A sample session token: ${secrets.jwt}`,
      '',
      secrets.privateKey,
    ].join('\n');
    writeFileSync(join(dir, 'requirements.md'), requirements);
    writeFileSync(join(dir, 'context.json'), JSON.stringify({ githubToken: secrets.github, stripe: { apiKey: secrets.stripe }, owner: { email: secrets.email }, notes: [`password: ${secrets.dbPassword}`] }));
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({
      name: 'payments',
      language: 'python',
      description: `Charges cards. Ops contact ${secrets.email}.`,
      environment: { STRIPE_SECRET_KEY: secrets.stripe, GITHUB_TOKEN: secrets.github, DB_PASSWORD: secrets.dbPassword },
      fixtures: [{ card: secrets.card, iban: secrets.iban }],
      signingKey: secrets.privateKey,
      includeTests: true,
    }));
    const env = { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url, SKAFU_AI_DB: join(dir, 'skafu.db'), SKAFU_AI_LOG: 'debug' };

    const analyzed = await runCli(['analyze', join(dir, 'requirements.md'), '--context', join(dir, 'context.json'), '--json'], { env });
    expect(analyzed.code, analyzed.stderr).toBe(0);
    const analysis = JSON.parse(analyzed.stdout) as { redactions: { type: string; count: number }[] };
    expect(analysis.redactions.length).toBeGreaterThanOrEqual(6);
    const generated = await runCli(['generate', join(dir, 'spec.json'), '--context', join(dir, 'context.json'), '--json'], { env });
    expect([0, 1]).toContain(generated.code);
    expect((JSON.parse(generated.stdout) as { redactions: unknown[] }).redactions.length).toBeGreaterThan(0);

    expect(fake.requests.length).toBeGreaterThanOrEqual(2);
    assertNoSecret('the requests the model server received', JSON.stringify(fake.requests.map((q) => ({ headers: q.headers, body: q.body }))));
    assertNoSecret('the log output', analyzed.stderr + generated.stderr);
    assertNoSecret('the results printed', analyzed.stdout + generated.stdout);
    for (const file of readdirSync(dir).filter((f) => f.startsWith('skafu.db'))) {
      assertNoSecret(`the SQLite file ${file}`, readFileSync(join(dir, file)).toString('latin1'));
    }
    // Events are logged by the default log publisher when the CLI delivers its outbox.
    expect(analyzed.stderr + generated.stderr).toContain('AIAnalysisCompleted');

    const shown = await runCli(['list', '--json'], { env });
    assertNoSecret('stored results', shown.stdout);
  });
});
