import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWebhook, type FakeWebhook } from '../../test/support/fake-webhook.js';
import { createWebhookPublisher } from './webhook-publisher.js';
import { signWebhookBody } from './webhook-signature.js';

type Verify = (rawBody: string, headers: Record<string, unknown>, secret: string, toleranceSeconds?: number) => boolean;

/** The receiver sample of docs/aws.md, exactly as printed there. */
async function loadDocumentedVerifier(dir: string): Promise<Verify> {
  const doc = await readFile(new URL('../../docs/aws.md', import.meta.url), 'utf8');
  const block = /<!-- verify-webhook:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-webhook:end -->/.exec(doc)?.[1];
  if (!block) throw new Error('docs/aws.md lost its verify-webhook sample');
  const file = join(dir, 'verify.mjs');
  await writeFile(file, block);
  return ((await import(pathToFileURL(file).href)) as { verifySkafuWebhook: Verify }).verifySkafuWebhook;
}

describe('the webhook verification sample in docs/aws.md', () => {
  let hook: FakeWebhook;
  let dir: string;
  beforeAll(async () => {
    hook = await startFakeWebhook();
    dir = await mkdtemp(join(tmpdir(), 'skafu-docs-'));
  });
  afterAll(async () => {
    await hook.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts a real delivery and rejects a tampered body, a wrong secret and an old timestamp', async () => {
    const verify = await loadDocumentedVerifier(dir);
    const secret = 'whsec-docs-sample';
    await createWebhookPublisher({ url: hook.url, secret }).publish([{
      id: 'evt-docs', name: 'AIAnalysisStarted', occurredAt: new Date().toISOString(), orgId: 'acme', aggregateId: 'an-1',
      payload: { projectId: 'p1', analysisType: 'requirements' },
    }]);
    const [delivery] = hook.received;
    if (!delivery) throw new Error('no delivery received');
    expect(verify(delivery.body, delivery.headers, secret)).toBe(true);
    expect(verify(delivery.body.replace('acme', 'acmf'), delivery.headers, secret)).toBe(false);
    expect(verify(delivery.body, delivery.headers, 'another-secret')).toBe(false);
    // Correctly signed but 10 minutes old: refused by age alone (a wider tolerance accepts it).
    const oldTimestamp = Math.floor(Date.now() / 1000) - 600;
    const old = { ...delivery.headers, 'x-skafu-timestamp': String(oldTimestamp), 'x-skafu-signature': signWebhookBody(secret, oldTimestamp, delivery.body) };
    expect(verify(delivery.body, old, secret)).toBe(false);
    expect(verify(delivery.body, old, secret, 3600)).toBe(true);
  });
});
