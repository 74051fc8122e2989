import { isBase64Char, isTokenChar, isTokenCharOrDash } from '../char-classes.js';
import { passesPrefixedCrc32 } from '../checksums.js';
import { PRIORITY } from '../finding-types.js';
import { isPlaceholderValue, looksRandom } from '../placeholder-values.js';
import type { PatternRule } from '../types.js';

const TOKEN_EDGE = isTokenChar;
const TOKEN_EDGE_DASH = isTokenCharOrDash;

/** A provider format: every match starts with one of its keywords (its fixed prefix). */
function provider(rule: Omit<PatternRule, 'kind' | 'priority'>): PatternRule {
  return { kind: 'secret', priority: PRIORITY.provider, anchoredOnKeywords: true, ...rule };
}

/** Random part after a fixed prefix must not be a mask, an example or a placeholder (rejects ghp_xxxx..., sk_test_example...). */
const randomAfter = (prefixLength: number, minDistinct = 8) => (value: string) =>
  looksRandom(value.slice(prefixLength), minDistinct) && !isPlaceholderValue(value);

/**
 * A real token's last six characters are a CRC32 of the rest. A made-up one (tests, docs) fails it
 * but has the exact form and prefix all the same: it counts unless it is a mask.
 */
const randomAfterPrefix = randomAfter(4);
const checksumOrRandom = (value: string): boolean => passesPrefixedCrc32(value) || randomAfterPrefix(value);

/** A service-account key file says `"type": "service_account"` within a few thousand characters. */
function inServiceAccountFile(text: string, at: number): boolean {
  return text.slice(Math.max(0, at - 4000), at + 4000).includes('service_account');
}

/** Cloud providers, code hosts, package registries, SaaS APIs: formats with a fixed prefix. */
export const PROVIDER_RULES: readonly PatternRule[] = [
  provider({
    id: 'aws-access-key-id',
    type: 'aws_access_key_id',
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    pattern: /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}/g,
    boundary: TOKEN_EDGE,
    validate: randomAfter(4, 6),
  }),
  provider({
    id: 'aws-secret-after-key-id',
    type: 'aws_secret_access_key',
    keywords: ['AKIA', 'ASIA'],
    pattern: /(?:AKIA|ASIA)[A-Z0-9]{16}[\s,;:|"'=]{1,10}(?<v>[A-Za-z0-9/+]{40})/dg,
    boundary: isBase64Char,
    validate: (v) => /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && !isPlaceholderValue(v),
  }),
  provider({
    id: 'aws-session-token',
    type: 'aws_session_token',
    keywords: ['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdzE'],
    pattern: /(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+]{100,2000}={0,2}/g,
    boundary: isBase64Char,
  }),
  provider({
    id: 'github-classic-token',
    type: 'github_token',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /gh[pousr]_[A-Za-z0-9]{36}/g,
    boundary: TOKEN_EDGE,
    validate: checksumOrRandom,
  }),
  provider({
    id: 'github-fine-grained-token',
    type: 'github_token',
    keywords: ['github_pat_'],
    pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}/g,
    boundary: TOKEN_EDGE,
    validate: randomAfter(11),
  }),
  provider({
    id: 'gitlab-token',
    type: 'gitlab_token',
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glcbt-', 'glptt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-', 'GR1348941'],
    pattern: /(?:gl(?:pat|dt|rt|cbt|ptt|ft|imt|agent|oas|soat)-|GR1348941)[A-Za-z0-9_-]{20,300}(?:\.[A-Za-z0-9_-]{1,40}){0,3}/g,
    boundary: TOKEN_EDGE_DASH,
    validate: (v) => randomAfter(v.indexOf('-') + 1 || 9)(v),
  }),
  provider({
    id: 'npm-token',
    type: 'npm_token',
    keywords: ['npm_'],
    pattern: /npm_[A-Za-z0-9]{36}/g,
    boundary: TOKEN_EDGE,
    validate: checksumOrRandom,
  }),
  provider({
    id: 'pypi-token',
    type: 'pypi_token',
    keywords: ['pypi-AgE'],
    pattern: /pypi-AgE[A-Za-z0-9_-]{50,1000}/g,
    boundary: TOKEN_EDGE_DASH,
  }),
  provider({
    id: 'slack-token',
    type: 'slack_token',
    keywords: ['xox', 'xapp-'],
    pattern: /xox[abposr]-\d{6,15}-[A-Za-z0-9-]{8,200}|xapp-\d-[A-Z0-9]{6,15}-\d{6,15}-[a-f0-9]{32,80}|xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{100,250}/g,
    boundary: TOKEN_EDGE_DASH,
    validate: randomAfter(5),
  }),
  provider({
    id: 'slack-webhook',
    type: 'slack_webhook',
    keywords: ['hooks.slack'],
    pattern: /hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/(?<v>[A-Za-z0-9_/-]{20,150})/dg,
    validate: (v) => looksRandom(v),
  }),
  provider({
    id: 'stripe-key',
    type: 'stripe_key',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'],
    pattern: /(?:[sr]k_(?:live|test)_|whsec_)[A-Za-z0-9]{20,250}/g,
    boundary: TOKEN_EDGE,
    validate: (v) => randomAfter(v.indexOf('_', 3) + 1)(v),
  }),
  provider({
    id: 'twilio-api-key',
    type: 'twilio_key',
    keywords: ['SK'],
    pattern: /SK[0-9a-f]{32}/g,
    boundary: TOKEN_EDGE,
    validate: randomAfter(2),
  }),
  provider({
    id: 'sendgrid-key',
    type: 'sendgrid_key',
    keywords: ['SG.'],
    pattern: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g,
    boundary: TOKEN_EDGE_DASH,
    validate: randomAfter(3),
  }),
  provider({
    id: 'anthropic-key',
    type: 'anthropic_api_key',
    keywords: ['sk-ant-'],
    pattern: /sk-ant-[a-z]{2,8}\d{2}-[A-Za-z0-9_-]{20,300}/g,
    boundary: TOKEN_EDGE_DASH,
    validate: randomAfter(14),
  }),
  provider({
    id: 'openai-key',
    type: 'openai_api_key',
    keywords: ['sk-'],
    pattern: /sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,300}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48}/g,
    boundary: TOKEN_EDGE_DASH,
    validate: randomAfter(3),
  }),
  provider({
    id: 'gcp-api-key',
    type: 'gcp_api_key',
    keywords: ['AIza'],
    pattern: /AIza[0-9A-Za-z_-]{35}/g,
    boundary: TOKEN_EDGE_DASH,
    validate: randomAfter(4),
  }),
  provider({
    id: 'google-oauth-client-secret',
    type: 'google_oauth_client_secret',
    keywords: ['GOCSPX-'],
    pattern: /GOCSPX-[A-Za-z0-9_-]{28}/g,
    boundary: TOKEN_EDGE_DASH,
    validate: randomAfter(7),
  }),
  provider({
    id: 'huggingface-token',
    type: 'huggingface_token',
    keywords: ['hf_'],
    pattern: /hf_[A-Za-z]{34}/g,
    boundary: TOKEN_EDGE,
    validate: randomAfter(3, 12),
  }),
  provider({
    id: 'digitalocean-token',
    type: 'digitalocean_token',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    pattern: /do[por]_v1_[a-f0-9]{64}/g,
    boundary: TOKEN_EDGE,
    validate: randomAfter(7),
  }),
  provider({
    id: 'shopify-token',
    type: 'shopify_token',
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    pattern: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/g,
    boundary: TOKEN_EDGE,
    validate: randomAfter(6),
  }),
  provider({
    id: 'azure-connection-string-key',
    type: 'azure_connection_string',
    keywords: ['AccountKey=', 'SharedAccessKey='],
    pattern: /(?:AccountKey|SharedAccessKey)=(?<v>[A-Za-z0-9+/]{20,120}={0,2})/dg,
    validate: (v) => !isPlaceholderValue(v) && looksRandom(v),
  }),
  provider({
    id: 'azure-sas-signature',
    type: 'azure_sas_token',
    keywords: ['sig='],
    pattern: /sig=(?<v>[A-Za-z0-9%/+]{30,200}={0,2})/dg,
    validate: (v, { text }, _s, _e, matchStart) => '?&;'.includes(text.charAt(matchStart - 1) || 'x') && !isPlaceholderValue(v) && looksRandom(v),
  }),
  provider({
    id: 'gcp-service-account-private-key',
    type: 'gcp_service_account_key',
    keywords: ['"private_key"'],
    pattern: /"private_key"\s{0,5}:\s{0,5}"(?<v>-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[^"]{20,10000})"/dg,
    validate: (_v, { text }, start) => inServiceAccountFile(text, start),
  }),
  provider({
    id: 'gcp-service-account-private-key-id',
    type: 'gcp_service_account_key',
    keywords: ['"private_key_id"'],
    pattern: /"private_key_id"\s{0,5}:\s{0,5}"(?<v>[a-f0-9]{40})"/dg,
    validate: (_v, { text }, start) => inServiceAccountFile(text, start),
  }),
];
