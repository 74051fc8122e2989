import type { AppConfig } from '../config/app-config.js';
import { ConfigError } from '../domain/errors.js';

export interface EventDestinations {
  webhook: { url: string; secret: string } | null;
  eventBusName: string | null;
}

/**
 * Where domain events go, from the environment (`SKAFU_AI_WEBHOOK_URL` + `SKAFU_AI_WEBHOOK_SECRET`,
 * `SKAFU_AI_EVENT_BUS`), which wins over `events` in the config file; refuses a half-configured or
 * non-HTTP webhook. Cheap and free of SDKs, so entry points check it at start-up, before any work
 * whose events could then not be delivered.
 */
export function eventDestinations(config: AppConfig, env: NodeJS.ProcessEnv): EventDestinations {
  const url = env.SKAFU_AI_WEBHOOK_URL || config.events.webhookUrl;
  const secret = env.SKAFU_AI_WEBHOOK_SECRET || config.events.webhookSecret;
  if (url && !secret) {
    throw new ConfigError('A webhook URL is configured without a secret: set SKAFU_AI_WEBHOOK_SECRET (or events.webhookSecret) so deliveries can be signed.');
  }
  if (secret && !url) {
    throw new ConfigError('A webhook secret is configured without a URL: set SKAFU_AI_WEBHOOK_URL (or events.webhookUrl), or remove the secret.');
  }
  if (url && !isHttpUrl(url)) {
    throw new ConfigError('The webhook URL must be an http:// or https:// address (SKAFU_AI_WEBHOOK_URL or events.webhookUrl).');
  }
  return {
    webhook: url && secret ? { url, secret } : null,
    eventBusName: env.SKAFU_AI_EVENT_BUS || config.events.eventBusName || null,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
