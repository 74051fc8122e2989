import type { FindingKind } from './types.js';

/** Secrets and credentials: replaced, and never restored into an answer. */
export const SECRET_TYPES = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'azure_storage_key',
  'azure_connection_string',
  'azure_sas_token',
  'gcp_api_key',
  'gcp_service_account_key',
  'github_token',
  'gitlab_token',
  'npm_token',
  'pypi_token',
  'slack_token',
  'slack_webhook',
  'stripe_key',
  'twilio_key',
  'sendgrid_key',
  'openai_api_key',
  'anthropic_api_key',
  'huggingface_token',
  'digitalocean_token',
  'shopify_token',
  'google_oauth_client_secret',
  'private_key',
  'jwt',
  'bearer_token',
  'basic_auth',
  'connection_string',
  'password',
  'generic_secret',
] as const;

/** Personal data: replaced, and restorable into the model's answer when configured. */
export const PERSONAL_TYPES = ['email', 'phone', 'credit_card', 'us_ssn', 'iban'] as const;

/** The documented vocabulary of finding types (see src/sanitize/README.md). */
export const FINDING_TYPES: readonly string[] = Object.freeze([...SECRET_TYPES, ...PERSONAL_TYPES]);

const PERSONAL = new Set<string>(PERSONAL_TYPES);

export function kindOf(type: string): FindingKind {
  return PERSONAL.has(type) ? 'personal' : 'secret';
}

/** `[[EMAIL_1]]`, `[[AWS_SECRET_ACCESS_KEY_2]]` ... */
export function placeholderFor(type: string, ordinal: number): string {
  return `[[${type.toUpperCase()}_${ordinal}]]`;
}

/** Matches any placeholder this module writes; group 1 is the type in upper case, group 2 the ordinal. */
export const PLACEHOLDER_PATTERN = /\[\[([A-Z][A-Z0-9_]*?)_(\d{1,9})\]\]/g;

export const PRIORITY = { provider: 40, structure: 30, assignment: 20, personal: 10 } as const;
