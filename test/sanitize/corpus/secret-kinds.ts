import type { Random } from './random.js';
import { BASE62, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, mixed } from './random.js';
import { base64Secret, checksummedToken, hex, jwt, password, pemBlock } from './values.js';

/**
 * One kind of planted secret: how to make a value, the names it is usually stored under, and how to
 * wrap it (for values that live inside a larger string, such as a webhook URL).
 */
export interface PlantedKind {
  type: string;
  make(r: Random): string;
  names: readonly string[];
  /** Contexts to use; undefined = all. */
  contexts?: readonly string[];
  /** Builds the text around the value when the value is only part of what is pasted. */
  wrap?(r: Random, value: string): string;
}

const ANY_NAME = ['CONFIG_VALUE', 'settings', 'upstream', 'integration'];

export const SECRET_KINDS: readonly PlantedKind[] = [
  { type: 'aws_access_key_id', make: (r) => r.pick(['AKIA', 'ASIA']) + mixed(r, UPPER + '234567', 16, [UPPER, '234567']), names: ['AWS_ACCESS_KEY_ID', 'accessKeyId', ...ANY_NAME] },
  { type: 'aws_secret_access_key', make: (r) => base64Secret(r, 40), names: ['AWS_SECRET_ACCESS_KEY', 'aws_secret_access_key', 'SecretAccessKey'], contexts: ['env', 'envQuoted', 'yaml', 'json', 'toml', 'ini', 'python', 'k8s', 'log'] },
  { type: 'github_token', make: (r) => checksummedToken(r, r.pick(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'])), names: ['GITHUB_TOKEN', 'GH_TOKEN', ...ANY_NAME] },
  { type: 'github_token', make: (r) => `github_pat_${mixed(r, BASE62, 22)}_${mixed(r, BASE62, 59)}`, names: ['GITHUB_PAT', ...ANY_NAME] },
  { type: 'gitlab_token', make: (r) => `glpat-${mixed(r, BASE62 + '-_', 20)}`, names: ['GITLAB_TOKEN', 'CI_JOB_SECRET', ...ANY_NAME] },
  { type: 'npm_token', make: (r) => checksummedToken(r, 'npm_'), names: ['NPM_TOKEN', 'authToken', ...ANY_NAME] },
  { type: 'pypi_token', make: (r) => `pypi-AgEIcHlwaS5vcmc${mixed(r, BASE64URL, r.int(60, 160))}`, names: ['PYPI_TOKEN', 'TWINE_PASSWORD', ...ANY_NAME] },
  { type: 'slack_token', make: (r) => `xox${r.pick(['b', 'p'])}-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${mixed(r, BASE62, 24)}`, names: ['SLACK_BOT_TOKEN', ...ANY_NAME] },
  {
    type: 'slack_webhook',
    make: (r) => `T${mixed(r, UPPER + DIGITS, 8, [UPPER, DIGITS])}/B${mixed(r, UPPER + DIGITS, 10, [UPPER, DIGITS])}/${mixed(r, BASE62, 24)}`,
    names: ['SLACK_WEBHOOK_URL', 'alertsWebhook', ...ANY_NAME],
    wrap: (_r, v) => `https://hooks.slack.com/services/${v}`,
  },
  { type: 'stripe_key', make: (r) => `${r.pick(['sk_live_', 'rk_live_', 'sk_test_'])}${mixed(r, BASE62, r.int(24, 99))}`, names: ['STRIPE_SECRET_KEY', 'stripeKey', ...ANY_NAME] },
  { type: 'twilio_key', make: (r) => `SK${mixed(r, HEX, 32, ['abcdef', DIGITS])}`, names: ['TWILIO_API_KEY', ...ANY_NAME] },
  { type: 'sendgrid_key', make: (r) => `SG.${mixed(r, BASE64URL, 22)}.${mixed(r, BASE64URL, 43)}`, names: ['SENDGRID_API_KEY', ...ANY_NAME] },
  { type: 'openai_api_key', make: (r) => r.pick([`sk-proj-${mixed(r, BASE64URL, 74)}T3BlbkFJ${mixed(r, BASE64URL, 74)}`, `sk-${mixed(r, BASE62, 20)}T3BlbkFJ${mixed(r, BASE62, 20)}`]), names: ['OPENAI_API_KEY', ...ANY_NAME] },
  { type: 'anthropic_api_key', make: (r) => `sk-ant-api03-${mixed(r, BASE64URL, 93)}AA`, names: ['ANTHROPIC_API_KEY', ...ANY_NAME] },
  { type: 'gcp_api_key', make: (r) => `AIza${mixed(r, BASE62 + '-_', 35)}`, names: ['GOOGLE_MAPS_API_KEY', 'firebaseApiKey', ...ANY_NAME] },
  {
    type: 'gcp_service_account_key',
    make: (r) => pemBlock(r, 'PRIVATE KEY', 8, '\\n'),
    names: ['credentials'],
    contexts: ['raw'],
    wrap: (r, v) =>
      `{\n  "type": "service_account",\n  "project_id": "orders-${r.int(100, 999)}",\n  "private_key_id": "${hex(r, 40)}",\n  "private_key": "${v}\\n",\n  "client_email": "deployer@orders-1.iam.gserviceaccount.com"\n}`,
  },
  { type: 'azure_storage_key', make: (r) => `${base64Secret(r, 86)}==`, names: ['AZURE_STORAGE_KEY', 'storageAccountKey'], contexts: ['env', 'envQuoted', 'yaml', 'json', 'toml', 'ini', 'k8s', 'python'] },
  {
    type: 'azure_connection_string',
    make: (r) => `${base64Secret(r, 86)}==`,
    names: ['AZURE_STORAGE_CONNECTION_STRING', ...ANY_NAME],
    wrap: (r, v) => `DefaultEndpointsProtocol=https;AccountName=orders${r.int(10, 99)};AccountKey=${v};EndpointSuffix=core.windows.net`,
  },
  {
    type: 'private_key',
    make: (r) => r.pick([
      () => pemBlock(r, 'RSA PRIVATE KEY', 12),
      () => pemBlock(r, 'EC PRIVATE KEY', 3),
      () => pemBlock(r, 'OPENSSH PRIVATE KEY', 6),
      () => pemBlock(r, 'PRIVATE KEY', 10),
      () => pemBlock(r, 'PGP PRIVATE KEY BLOCK', 9),
    ])(),
    names: ['tls.key'],
    contexts: ['raw', 'chat', 'prose'],
    wrap: (_r, v) => `\n${v}\n`,
  },
  { type: 'jwt', make: jwt, names: ['ID_TOKEN', 'sessionToken', ...ANY_NAME] },
  {
    type: 'jwt',
    make: jwt,
    names: ['Authorization'],
    contexts: ['chat', 'log'],
    wrap: (r, v) => `curl -s -H "Authorization: Bearer ${v}" https://api.orders-${r.int(1, 9)}.internal/v1/orders`,
  },
  {
    type: 'bearer_token',
    make: (r) => mixed(r, BASE62 + '._-', r.int(32, 64)),
    names: ['Authorization'],
    contexts: ['chat', 'log', 'markdown'],
    wrap: (_r, v) => `Authorization: Bearer ${v}`,
  },
  { type: 'password', make: (r) => password(r), names: ['DB_PASSWORD', 'password', 'adminPassword', 'MYSQL_ROOT_PASSWORD', 'redis_pass', 'smtpPasswd', 'keystorePassphrase'], contexts: ['env', 'envQuoted', 'yaml', 'yamlQuoted', 'json', 'toml', 'ini', 'xml', 'js', 'python', 'go', 'java', 'cli', 'log', 'k8s', 'markdown', 'chatKeyed', 'jsonInLog', 'compose', 'pythonDict'] },
  {
    type: 'connection_string',
    make: (r) => password(r, true),
    names: ['DATABASE_URL', 'mongoUri', 'REDIS_URL', ...ANY_NAME],
    wrap: (r, v) => r.pick([
      `postgres://app_user:${v}@db-${r.int(1, 9)}.internal:5432/orders`,
      `postgresql://svc:${v}@10.0.${r.int(0, 9)}.${r.int(1, 250)}/billing?sslmode=require`,
      `mysql://root:${v}@mysql.prod:3306/shop`,
      `mongodb+srv://admin:${v}@cluster0.ab${r.int(10, 99)}cd.mongodb.net/app?retryWrites=true`,
      `redis://:${v}@cache.internal:6379/0`,
      `amqp://guest2:${v}@rabbit.internal:5672/vhost`,
    ]),
  },
  {
    type: 'basic_auth',
    make: (r) => password(r, true),
    names: ['REGISTRY_URL', 'mirror', ...ANY_NAME],
    wrap: (r, v) => r.pick([
      `https://deploy-bot:${v}@git.internal.${r.pick(['corp', 'lan'])}/platform/infra.git`,
      `curl -fsS -u ci-bot:${v} https://artifacts.internal/api/upload`,
    ]),
  },
  {
    type: 'basic_auth',
    make: (r) => Buffer.from(`svc-${r.chars(LOWER, 5)}:${password(r)}`).toString('base64'),
    names: ['Authorization'],
    contexts: ['log', 'chat'],
    wrap: (_r, v) => `Authorization: Basic ${v}`,
  },
  {
    type: 'generic_secret',
    make: (r) => r.pick([() => mixed(r, BASE62, r.int(20, 48)), () => hex(r, r.int(32, 64)), () => mixed(r, BASE64, 44)])(),
    names: ['API_KEY', 'clientSecret', 'client_secret', 'SECRET_KEY', 'x-api-key', 'authToken', 'webhookSecret', 'JWT_SECRET', 'encryptionKey', 'access_token', 'refreshToken', 'appSecret', 'signingKey'],
    contexts: ['env', 'envQuoted', 'yaml', 'yamlQuoted', 'json', 'toml', 'ini', 'xml', 'js', 'python', 'go', 'java', 'cli', 'log', 'k8s', 'markdown', 'chatKeyed', 'jsonInLog', 'compose', 'pythonDict'],
  },
];
