import { describe, expect, it } from 'vitest';
import { createValidator } from './index.js';

const validator = createValidator();
const STRIPE = ['sk', 'live', '51HxYzAbCdEfGhIjKlMnOpQr'].join('_');
const JWT = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.');

async function credentialLines(path: string, content: string): Promise<string[]> {
  const report = await validator.validateFiles([{ path, content }]);
  return report.findings.filter((f) => f.category === 'CWE-798').map((f) => `${f.file}:${f.line}:${f.column} ${f.severity}`);
}

describe('secrets written into files that are not programs (CWE-798)', () => {
  it.each([
    // A password or connection string in configuration may be a local default: a warning. A key recognised by its format: an error.
    ['.env', `DB_PASSWORD=Sup3rS3cretPw\nSTRIPE_KEY=${STRIPE}\n`, ['.env:1:13 warning', '.env:2:12 error']],
    ['config/settings.json', '{\n  "database": { "host": "db", "password": "Sup3rS3cretPw" }\n}\n', ['config/settings.json:2:44 warning']],
    ['docker-compose.yml', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n      DATABASE_URL: postgres://app:postgres@db:5432/app\n', ['docker-compose.yml:4:26 warning', 'docker-compose.yml:5:36 warning']],
    ['Dockerfile', `FROM node:20\nENV API_KEY=${STRIPE}\n`, ['Dockerfile:2:13 error']],
    ['requirements.txt', '--extra-index-url https://deploy:Zq8Lm2Xv0Tn5@pypi.internal/simple\nboto3==1.34.100\n', ['requirements.txt:1:34 error']],
    // In documentation a JWT is the example of an Authorization header: a warning; a key is still an error.
    ['docs/api.md', `Send \`Authorization: Bearer ${JWT}\`.\nSTRIPE_KEY=${STRIPE}\n    curl -u admin:Secr3tPass https://api.example.com/admin\n`, ['docs/api.md:1:29 warning', 'docs/api.md:2:12 error', 'docs/api.md:3:19 warning']],
    ['config/auth.env', `SERVICE_TOKEN=${JWT}\n`, ['config/auth.env:1:15 error']],
  ])('%s', async (path, content, expected) => {
    expect(await credentialLines(path, content)).toEqual(expected);
  });

  it('reports a template password once, whichever rule sees it', async () => {
    const template = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Environment:',
      '        Variables:',
      '          DB_PASSWORD: Sup3rS3cretPw',
      '  Db:',
      '    Type: AWS::RDS::DBInstance',
      '    Properties:',
      '      MasterUserPassword: hunter2hunter2',
      '',
    ].join('\n');
    expect(await credentialLines('template.yaml', template)).toEqual(['template.yaml:7:11 error', 'template.yaml:11:27 error']);
  });

  it.each([
    ['.env.example', 'DB_PASSWORD=changeme\nSTRIPE_KEY=${STRIPE_KEY}\nAPI_TOKEN=<your-token>\n'],
    ['template.yaml', 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: !Ref DbPassword\n      MasterUsername: "{{resolve:secretsmanager:db:SecretString:username}}"\n'],
    ['.github/workflows/deploy.yml', 'permissions:\n  id-token: write\n  contents: read\njobs:\n  x:\n    steps:\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n'],
    ['docs/api.md', 'Every request needs a Cognito ID token: `Authorization: <token>`. Reset your password via the portal.\n'],
    ['package-lock.json', '{"packages": {"node_modules/lodash": {"integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXGFsSzF2yDqIEMPQq4fz1u4RhFRqQ=="}}}\n'],
    ['tests/fixtures/users.json', '[{"name": "alice", "password": "alice-test-pw1"}]\n'],
  ])('%s holds no credential', async (path, content) => {
    expect(await credentialLines(path, content)).toEqual([]);
  });
});
