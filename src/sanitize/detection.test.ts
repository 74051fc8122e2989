import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base62 } from './checksums.js';
import { findSecrets, sanitizeText } from './index.js';

function githubToken(prefix: string, body = 'Zq8Lm2Xv0Tn5Kc9pYbR3sD7fG1hJ4w'): string {
  return `${prefix}${body}${base62(crc32(body) >>> 0, 6)}`;
}

/** n characters of a fixed random-looking base62 text (no sequences a filler check would reject). */
const R = 'q8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE6uI0oPqA1sD2fG3hJ4kL5zX6cV7bN8mQ9tY0rE2wQ4aZ6xC8vB1nM3'.repeat(3);
const rnd = (n: number, from = 0) => R.slice(from, from + n);

const PEM = `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq9Xw2LmQz8Kc3Vn5Tr1Yh6Jd0Fs4Pa9Gx2Ub7Ne3Ri5Wo8Zk\nq1Lp4Mv7Ct0Dx6Hy2Bf9Ja3Eg5Kh8Qs1Uw4Zr7Tn0Vm3Xp6Yc9Ad2Fb5Ge8Hj1Ik\n-----END RSA PRIVATE KEY-----`;
const JWT = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"42","name":"Ada"}').toString('base64url')}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk`;

/** [input, the exact sensitive value, expected type] */
const POSITIVES: ReadonlyArray<[string, string, string]> = [
  ['AWS_ACCESS_KEY_ID=AKIAZ3MXQ7RBTY4WPL2N', 'AKIAZ3MXQ7RBTY4WPL2N', 'aws_access_key_id'],
  ['aws_secret_access_key = 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', 'q8Zr2LmX0vTn5KcW9pYb+R3sD7fG1hJ4wE6uI0o/', 'aws_secret_access_key'],
  ['AKIAZ3MXQ7RBTY4WPL2N,q8Zr2LmX0vTn5KcW9pYb+R3sD7fG1hJ4wE6uI0o/', 'q8Zr2LmX0vTn5KcW9pYb+R3sD7fG1hJ4wE6uI0o/', 'aws_secret_access_key'],
  [`token: ${githubToken('ghp_')}`, githubToken('ghp_'), 'github_token'],
  [`git push https://x-access-token:${githubToken('ghs_')}@github.com/o/r`, githubToken('ghs_'), 'github_token'],
  [`github_pat_${rnd(22)}_${rnd(59, 7)}`, `github_pat_${rnd(22)}_${rnd(59, 7)}`, 'github_token'],
  ['CI uses glpat-q8Zr2LmX0vTn5KcW9pYb today', 'glpat-q8Zr2LmX0vTn5KcW9pYb', 'gitlab_token'],
  [`//registry.npmjs.org/:_authToken=${githubToken('npm_')}`, githubToken('npm_'), 'npm_token'],
  ['password = pypi-AgEIcHlwaS5vcmcCJGE4ZjA2Yzk4LTk0ZGItNGI0Ny04YjY3LWY5NmQ0NGM1NjQ2MgACKlsz', 'pypi-AgEIcHlwaS5vcmcCJGE4ZjA2Yzk4LTk0ZGItNGI0Ny04YjY3LWY5NmQ0NGM1NjQ2MgACKlsz', 'pypi_token'],
  ['SLACK=xoxb-583920174630-7305918264735-q8Zr2LmX0vTn5KcW9pYbR3sD', 'xoxb-583920174630-7305918264735-q8Zr2LmX0vTn5KcW9pYbR3sD', 'slack_token'],
  ['url: https://hooks.slack.com/services/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', 'T0ABC1234/B0DEF56789/q8Zr2LmX0vTn5KcW9pYbR3sD', 'slack_webhook'],
  ['stripe: sk_live_51Hq8Zr2LmX0vTn5KcW9pYbR3sD7fG1', 'sk_live_51Hq8Zr2LmX0vTn5KcW9pYbR3sD7fG1', 'stripe_key'],
  ['SK9f3a7c1e5b2d8f04a6c3e9b1d7f25a80 is the twilio key', 'SK9f3a7c1e5b2d8f04a6c3e9b1d7f25a80', 'twilio_key'],
  ['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', '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', 'sendgrid_key'],
  ['key sk-proj-q8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE6uI0oPqT3BlbkFJq8Zr2LmX0vTn5KcW9pYb', 'sk-proj-q8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE6uI0oPqT3BlbkFJq8Zr2LmX0vTn5KcW9pYb', 'openai_api_key'],
  ['ANTHROPIC_API_KEY=sk-ant-api03-q8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE6uI0oPq-_A1sD2fG3hJ4kL5zX6cV7bN8mQ9AA', 'sk-ant-api03-q8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE6uI0oPq-_A1sD2fG3hJ4kL5zX6cV7bN8mQ9AA', 'anthropic_api_key'],
  ['maps: AIzaSyq8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE', 'AIzaSyq8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE', 'gcp_api_key'],
  [`AZURE_STORAGE_KEY=${rnd(86, 3)}==`, `${rnd(86, 3)}==`, 'azure_storage_key'],
  ['DefaultEndpointsProtocol=https;AccountName=x;AccountKey=q8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE6uI0oPq==;EndpointSuffix=core.windows.net', 'q8Zr2LmX0vTn5KcW9pYbR3sD7fG1hJ4wE6uI0oPq==', 'azure_connection_string'],
  [`here:\n${PEM}\nthanks`, PEM, 'private_key'],
  [`{"type": "service_account", "private_key": "${PEM.replace(/\n/g, '\\n')}"}`, PEM.replace(/\n/g, '\\n'), 'gcp_service_account_key'],
  [`curl -H "Authorization: Bearer ${JWT}"`, JWT, 'jwt'],
  ['Authorization: Bearer q8Zr2LmX0vTn5KcW9pYbR3sD7fG1', 'q8Zr2LmX0vTn5KcW9pYbR3sD7fG1', 'bearer_token'],
  [`Authorization: Basic ${Buffer.from('svc:Pa55word!').toString('base64')}`, Buffer.from('svc:Pa55word!').toString('base64'), 'basic_auth'],
  ['DATABASE_URL=postgres://app:S3cretPass@db.internal:5432/app', 'S3cretPass', 'connection_string'],
  ['mongodb+srv://admin:Zx9-Qw8_Er7@cluster0.ab12cd.mongodb.net/app', 'Zx9-Qw8_Er7', 'connection_string'],
  ['redis://:R3d1sPass@cache:6379/0', 'R3d1sPass', 'connection_string'],
  ['https://deploy:T0kenPass@git.internal/x.git', 'T0kenPass', 'basic_auth'],
  ['DB_PASSWORD=hunter2xyz', 'hunter2xyz', 'password'],
  ['password: "Tr0ub4dor&3"', 'Tr0ub4dor&3', 'password'],
  ['{"apiKey": "q8Zr2LmX0vTn5KcW"}', 'q8Zr2LmX0vTn5KcW', 'generic_secret'],
  ['[db]\npassword = s3cr3t-value-123\n', 's3cr3t-value-123', 'password'],
  ['client_secret = "q8Zr2LmX0vTn5KcW9pYb"', 'q8Zr2LmX0vTn5KcW9pYb', 'generic_secret'],
  ['<password>secretpw1</password>', 'secretpw1', 'password'],
  ['Server=db;Database=x;User Id=sa;Password=Str0ng!Pass;', 'Str0ng!Pass', 'password'],
  ['env:\n  - name: DB_PASSWORD\n    value: supersecret99\n', 'supersecret99', 'password'],
  ['mytool --api-token q8Zr2LmX0vTn5KcW --verbose', 'q8Zr2LmX0vTn5KcW', 'generic_secret'],
  ['fyi the db password is Kafka2024!x', 'Kafka2024!x', 'password'],
  ['Contact alice.smith@acme-corp.io today', 'alice.smith@acme-corp.io', 'email'],
  ['call +44 20 7946 0958 now', '+44 20 7946 0958', 'phone'],
  ['or (415) 555-2671.', '(415) 555-2671', 'phone'],
  ['phone: 415-555-2671', '415-555-2671', 'phone'],
  ['tel 01 23 45 67 89', '01 23 45 67 89', 'phone'],
  ['call 0044 20 7946 0958 after six', '0044 20 7946 0958', 'phone'],
  ['Tel.: 0049 30 12345678', '0049 30 12345678', 'phone'],
  ['SSN: 536 22 1234', '536 22 1234', 'us_ssn'],
  ['card 4539 1488 0343 6467 exp 12/27', '4539 1488 0343 6467', 'credit_card'],
  ['amex 3798-765432-10120', '3798-765432-10120', 'credit_card'],
  ['SSN 536-22-1234.', '536-22-1234', 'us_ssn'],
  ['ssn: 536221234', '536221234', 'us_ssn'],
  ['IBAN DE89 3704 0044 0532 0130 00, thanks', 'DE89 3704 0044 0532 0130 00', 'iban'],
  ['pay to GB82WEST12345698765432', 'GB82WEST12345698765432', 'iban'],
  // What people test with: published test numbers, documentation domains, made-up tokens of the exact form.
  ['contact john.doe@example.com today', 'john.doe@example.com', 'email'],
  ['card 4111 1111 1111 1111 exp 12/28', '4111 1111 1111 1111', 'credit_card'],
  ['stripe test card 4242424242424242', '4242424242424242', 'credit_card'],
  ['SSN 123-45-6789', '123-45-6789', 'us_ssn'],
  ['call (555) 123-4567', '(555) 123-4567', 'phone'],
  ['phone: 123-456-7890', '123-456-7890', 'phone'],
  ['GITHUB_TOKEN ghp_1234567890abcdefghijklmnopqrstuvwxyz', 'ghp_1234567890abcdefghijklmnopqrstuvwxyz', 'github_token'],
  [`token ghp_${'Zq8Lm2Xv0Tn5Kc9pYbR3sD7fG1hJ4wABCDEF'} (checksum does not match)`, `ghp_${'Zq8Lm2Xv0Tn5Kc9pYbR3sD7fG1hJ4wABCDEF'}`, 'github_token'],
];

describe('detectors find each kind and replace only its span', () => {
  it.each(POSITIVES)('%j', (input, value, type) => {
    const { text, findings } = sanitizeText(input);
    const start = input.indexOf(value);
    const finding = findings.find((f) => f.start === start && f.end === start + value.length);
    expect(finding, JSON.stringify(findings)).toBeDefined();
    expect(finding?.type).toBe(type);
    expect(text).not.toContain(value);
    if (findings.length === 1) expect(text).toBe(input.slice(0, start) + finding?.placeholder + input.slice(start + value.length));
  });
});

/** The precision list, and the usual traps. Nothing here may be touched. */
const NEGATIVES: readonly string[] = [
  'API_KEY=${API_KEY}',
  'api_key: <YOUR_KEY>',
  'password: changeme',
  'const apiKey = process.env.API_KEY;',
  'password = os.environ["DB_PASSWORD"]',
  'token: "{{ secrets.GITHUB_TOKEN }}"',
  'password: "***"',
  'api_key = xxxxxxxxxxxxxxxx',
  'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'request 550e8400-e29b-41d4-a716-446655440000 done',
  'commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b and sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'RoleArn: arn:aws:iam::123456789012:role/deploy',
  'secretsManagerArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
  'version 1.2.3, node v20.19.0, lodash@4.17.21',
  'at 2024-01-15T10:30:00.123Z, epoch 1705314600, ms 1705314600123',
  'card 4539 1488 0343 6468',
  'rows 0044 20 7946 0958 of the export',
  'IBAN DE88 3704 0044 0532 0130 00',
  'SSN 000-12-3456, 666-12-3456, 912-12-3456',
  'Users must change their password every 90 days.',
  'The password field is required.',
  'tokens_used: 1234\nmax_tokens: 4096\npasswordPolicy: strict',
  '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7bq9Xw2LmQz8Kc3Vn5Tr1Yh6\n-----END PUBLIC KEY-----',
  'git clone git@github.com:acme/orders.git',
  'const password = getPassword();',
  'if (token === undefined) return;',
  'Reset your password via the portal; the token is valid for 3600 seconds.',
  'permissions:\n  id-token: write\n  contents: read',
  'Every request needs a Cognito ID token: `Authorization: <token>`.',
];

describe('precision: placeholders, references, examples, ids, hashes, numbers failing checksums, prose', () => {
  it.each(NEGATIVES)('%j is kept intact', (input) => {
    expect(sanitizeText(input)).toEqual({ text: input, findings: [] });
  });
});

describe('findSecrets', () => {
  it('reports secrets and credentials but no personal data', () => {
    const text = 'const apiKey = "q8Zr2LmX0vTn5KcW";\n// contact alice@acme-corp.io, +44 20 7946 0958';
    expect(findSecrets(text)).toEqual([{ type: 'generic_secret', start: 16, end: 32 }]);
  });

  it('finds the hard-coded AWS key pair in source (CWE-798)', () => {
    const text = 'const s3 = new S3({ accessKeyId: "AKIAZ3MXQ7RBTY4WPL2N", secretAccessKey: "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" });';
    expect(findSecrets(text).map((m) => m.type)).toEqual(['aws_access_key_id', 'aws_secret_access_key']);
  });
});
