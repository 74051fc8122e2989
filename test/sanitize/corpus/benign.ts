import type { Random } from './random.js';
import { BASE62, BASE64, DIGITS, UPPER, mixed } from './random.js';
import { cardNumber, hex, iban, luhnComplete } from './values.js';

/** A look-alike that must pass through untouched, and what it imitates. */
export interface BenignSample {
  category: string;
  text: string;
}

type Maker = (r: Random) => string;

function uuid(r: Random): string {
  const h = (n: number) => hex(r, n);
  return `${h(8)}-${h(4)}-4${h(3)}-${r.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
}

function failsLuhn(r: Random): string {
  const valid = cardNumber(r).digits;
  const last = Number(valid.slice(-1));
  return valid.slice(0, -1) + String((last + r.int(1, 9)) % 10);
}

const ACCOUNT = (r: Random) => r.chars(DIGITS, 12);

/** Benign categories from the precision list, plus the usual false-positive traps. */
export const BENIGN_MAKERS: Readonly<Record<string, readonly Maker[]>> = {
  placeholder: [
    () => 'API_KEY=${API_KEY}\nDB_PASSWORD=${DB_PASSWORD:-}\n',
    () => 'password: <YOUR_PASSWORD>\napi_key: "<YOUR_KEY>"\n',
    () => 'DB_PASSWORD=changeme\nADMIN_PASSWORD=change_me\n',
    () => '"password": "***",\n"token": "xxxxxxxxxxxxxxxx"\n',
    () => 'clientSecret: "{{ secrets.CLIENT_SECRET }}"\n',
    () => 'env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
    () => 'password = "your-password-here"\nsecret_key = "REPLACE_ME"\n',
    () => '"password": null, "apiKey": "", "token": "TODO"\n',
    () => 'STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx\n',
    () => 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
  ],
  reference: [
    () => 'const apiKey = process.env.API_KEY;\nconst token = process.env["GITHUB_TOKEN"];\n',
    () => 'password = os.environ["DB_PASSWORD"]\nsecret = os.getenv("APP_SECRET")\n',
    () => 'DbPassword: !Ref DatabasePassword\nMasterUserPassword: "{{resolve:secretsmanager:prod/db:SecretString:password}}"\n',
    () => 'password: ${file(./secrets.json):db_password}\n',
    () => 'tls:\n  private_key: /etc/ssl/private/server.key\n  keystorePassword: $KEYSTORE_PASSWORD\n',
    () => 'const password = await getSecret("db-password");\nconst token = req.headers.authorization;\n',
    () => 'let secret = config.jwt.secret;\nthis.password = password;\n',
    () => 'password := os.Getenv("DB_PASSWORD")\n',
    () => 'String password = System.getenv("DB_PASSWORD");\n',
    () => 'valueFrom:\n  secretKeyRef:\n    name: db-credentials\n    key: password\n',
  ],
  documented_example: [
    () => 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    () => '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n',
  ],
  uuid: [(r) => `request_id=${uuid(r)} trace=${uuid(r)}\n`, (r) => `{"id": "${uuid(r)}", "tenantId": "${uuid(r)}"}\n`],
  hash: [
    (r) => `commit ${hex(r, 40)}\nMerge: ${hex(r, 7)} ${hex(r, 7)}\n`,
    (r) => `sha256:${hex(r, 64)}\n`,
    (r) => `"integrity": "sha512-${mixed(r, BASE64, 86)}=="\n`,
    (r) => `password_hash: "$2b$12$${mixed(r, BASE62 + './', 53)}"\n`,
    (r) => `etag: "${hex(r, 32)}"\nchecksum: ${hex(r, 64)}\n`,
  ],
  arn: [
    (r) => `RoleArn: arn:aws:iam::${ACCOUNT(r)}:role/deploy-${r.int(1, 9)}\n`,
    (r) => `secretsManagerArn: arn:aws:secretsmanager:eu-west-1:${ACCOUNT(r)}:secret:prod/db-${mixed(r, BASE62, 6)}\n`,
    (r) => `"TopicArn": "arn:aws:sns:us-east-1:${ACCOUNT(r)}:orders-events"\n`,
    (r) => `account ${ACCOUNT(r)} in region us-east-1\n`,
  ],
  version: [
    (r) => `"version": "${r.int(0, 20)}.${r.int(0, 40)}.${r.int(0, 99)}"\n`,
    (r) => `node v${r.int(14, 22)}.${r.int(0, 19)}.${r.int(0, 9)}, npm ${r.int(7, 10)}.${r.int(0, 9)}.${r.int(0, 9)}\n`,
    (r) => `image: registry.internal/orders:${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 20)}-rc.${r.int(1, 5)}\n`,
    (r) => `lodash@${r.int(3, 4)}.${r.int(0, 17)}.${r.int(0, 21)} and @types/node@20.${r.int(0, 19)}.${r.int(0, 9)}\n`,
  ],
  timestamp: [
    (r) => `2024-0${r.int(1, 9)}-${r.int(10, 28)}T${r.int(10, 23)}:${r.int(10, 59)}:${r.int(10, 59)}.${r.int(100, 999)}Z GET /health 200\n`,
    (r) => `created_at=${1600000000 + r.int(0, 99999999)} updated_at_ms=${1600000000000 + r.int(0, 999999999)}\n`,
    (r) => `[${r.int(10, 28)}/Mar/2024:${r.int(10, 23)}:${r.int(10, 59)}:${r.int(10, 59)} +0000] "GET / HTTP/1.1"\n`,
    (r) => `date: 2024-${r.int(10, 12)}-${r.int(10, 28)} ${r.int(10, 23)}:${r.int(10, 59)}:00\n`,
  ],
  checksum_failure: [
    (r) => `card on file: ${failsLuhn(r)}\n`,
    (r) => `IBAN ${iban(r, true)}\n`,
    (r) => `SSN 000-${r.int(10, 99)}-${r.int(1000, 9999)} and 666-${r.int(10, 99)}-${r.int(1000, 9999)}\n`,
    (r) => `ssn ${r.int(900, 999)}-${r.int(10, 99)}-${r.int(1000, 9999)}\n`,
  ],
  prose_password: [
    () => 'Users must change their password every 90 days.\n',
    () => 'The password field is required and must be at least 12 characters.\n',
    () => 'Reset your password via the self-service portal; tokens expire after one hour.\n',
    () => 'We rotate the API key quarterly and store secrets in Vault.\n',
    () => 'password: must be at least 12 characters long\n',
    () => 'Token-based auth replaces the old session cookie; the secret is never logged.\n',
    () => 'The secret is base64-encoded before storage and the token is valid for 3600 seconds.\n',
    () => 'The API key is scoped to read-only access; the password is hashed with Argon2id.\n',
    () => 'Rotate the signing key, then the password is re-issued by the IdP.\n',
  ],
  key_name_lookalike: [
    (r) => `tokens_used: ${r.int(100, 99999)}\nmax_tokens: ${r.pick([1024, 4096, 8192])}\n`,
    () => 'passwordPolicy: strict\npassword_min_length: 12\n',
    () => 'token_type: bearer\nkeyId: signing-2024\n',
    () => 'primary_key: order_id\npartition_key: tenant_id\nsort_key: created_at\n',
    () => '"secretName": "prod/db", "secretsManagerArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"\n',
    (r) => `next_token: ${mixed(r, BASE62, 24)}\npage_token: ${mixed(r, BASE62, 16)}\n`,
    () => 'cache_key = f"user:{user_id}"\nidempotency_key: order-123\n',
    (r) => `public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${mixed(r, BASE64, 43)} deploy\n`,
    () => '"keyboard": "us", "monkey": "banana", "passthrough": true\n',
  ],
  network: [
    (r) => `upstream 10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}:8080 and 192.168.${r.int(0, 255)}.${r.int(1, 254)}\n`,
    (r) => `listen [::1]:${r.int(1000, 65000)}; server_name orders.internal;\n`,
    () => 'git clone git@github.com:acme/orders.git\n',
    () => 'https://github.com/acme/orders/blob/main/README.md\n',
    () => 'postgres://localhost:5432/orders (no credentials; uses IAM auth)\n',
  ],
  numbers: [
    (r) => `order ORD-${r.int(2020, 2024)}-${r.chars(DIGITS, 6)} total 1,${r.int(100, 999)}.${r.int(10, 99)} EUR\n`,
    (r) => `${r.int(100, 999)} ${r.int(10, 99)} ${r.int(1000, 9999)} rows processed\n`,
    (r) => `p95=${r.int(100, 999)}ms p99=${r.int(1000, 2000)}ms rps=${r.int(100, 9000)}\n`,
    (r) => `invoice ${r.chars(DIGITS, 10)} issued\n`,
    (r) => `build #${r.int(1000, 99999)} took ${r.int(1, 59)}m${r.int(1, 59)}s, exit code 0\n`,
    (r) => `dimensions ${r.int(100, 4000)}x${r.int(100, 4000)}, dpi 300, version 2.0.1\n`,
  ],
  email_lookalike: [
    () => 'assets/icon@2x.png and logo@3x.webp\n',
    () => 'npm install @scope/pkg@1.2.3\n',
    () => 'ssh deploy@bastion\n',
    () => '@Component({ selector: "app-root" })\n',
    (r) => `image: nginx@sha256:${hex(r, 64)}\n`,
  ],
  key_material_public: [
    (r) => `-----BEGIN PUBLIC KEY-----\n${mixed(r, BASE64, 64)}\n${mixed(r, BASE64, 64)}\n-----END PUBLIC KEY-----\n`,
    (r) => `-----BEGIN CERTIFICATE-----\n${mixed(r, BASE64, 64)}\n${mixed(r, BASE64, 40)}==\n-----END CERTIFICATE-----\n`,
  ],
  base64_blob: [
    (r) => `"thumbnail": "data:image/png;base64,${mixed(r, BASE64, r.int(600, 3000))}="\n`,
    (r) => `payload: ${mixed(r, BASE64, r.int(300, 1200))}==\n`,
  ],
  code: [
    () => 'function checkPassword(password) {\n  if (!password) throw new Error("password required");\n  return bcrypt.compare(password, user.passwordHash);\n}\n',
    () => 'def rotate_key(key_id: str) -> None:\n    client.rotate(KeyId=key_id)\n',
    () => 'if (token === undefined) { return res.status(401).end(); }\n',
    () => 'const { password, ...safeUser } = user;\nreturn safeUser;\n',
    () => 'for key, value in settings.items():\n    print(key, value)\n',
    () => 'export const AUTH_TOKEN_HEADER = "x-auth-token";\n',
  ],
  identifiers: [
    (r) => `"instanceId": "i-${hex(r, 17)}", "vpcId": "vpc-${hex(r, 8)}"\n`,
    (r) => `AROA${mixed(r, UPPER + DIGITS, 17, [UPPER, DIGITS])}:session-name\n`,
    (r) => `invalid card? ${luhnComplete('9' + r.chars(DIGITS, 14))}\n`,
  ],
};
