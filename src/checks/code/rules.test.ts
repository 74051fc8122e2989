import { describe, expect, it } from 'vitest';
import { createValidator } from '../index.js';

const validator = createValidator();

async function findings(files: Record<string, string>) {
  const report = await validator.validateFiles(Object.entries(files).map(([path, content]) => ({ path, content })));
  return report.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.category}`);
}

describe('data flow decides between a finding and a false alarm', () => {
  it('flags SQL formatted from the event, not SQL formatted from configuration', async () => {
    const py = [
      'import os',
      'TABLE = os.environ["TABLE"]',
      'def handler(event, context):',
      '    cur.execute(f"SELECT * FROM {TABLE} WHERE id = %s", (event["id"],))',
      '    uid = event["id"]',
      '    cur.execute(f"SELECT * FROM {TABLE} WHERE id = {uid}")',
      '    n = int(event["limit"])',
      '    cur.execute(f"SELECT * FROM t LIMIT {n}")',
    ].join('\n');
    expect(await findings({ 'h.py': py })).toEqual(['h.py:6 error CWE-89']);
  });

  it('follows input into helper functions of the same file and across the bundle', async () => {
    const handler = "import { runReport } from './reports.js';\nexport const handler = async (event: { body: string }) => runReport(JSON.parse(event.body).name);\n";
    const reports = "import { execSync } from 'node:child_process';\nexport function runReport(name: string) {\n  return execSync(`report ${name}`);\n}\nexport function daily() {\n  return execSync('report daily');\n}\n";
    expect(await findings({ 'src/handler.ts': handler, 'src/reports.ts': reports })).toEqual(['src/reports.ts:3 error CWE-78']);
    expect(await findings({ 'src/reports.ts': reports })).toEqual(['src/reports.ts:3 warning CWE-78']);
  });

  it('follows input across CommonJS requires', async () => {
    const app = "const { lookup } = require('./db');\nconst db = require('./db');\nexports.handler = async (event) => [await lookup(event.id), await db.find(event.q)];\n";
    const db = "exports.lookup = (id) => pool.query(`SELECT * FROM t WHERE id = ${id}`);\nfunction find(q) {\n  return pool.query('SELECT * FROM t WHERE name = \\'' + q + '\\'');\n}\nexports.find = find;\n";
    expect(await findings({ 'app.js': app, 'db.js': db })).toEqual(['db.js:1 error CWE-89', 'db.js:3 error CWE-89']);
  });

  it('treats the parameters of web framework routes as input', async () => {
    const py = [
      'from fastapi import FastAPI',
      'app = FastAPI()',
      '@app.get("/files/{name}")',
      'def read_file(name: str, db=Depends(get_db)):',
      '    return open(f"/srv/files/{name}").read()',
      'def helper(name):',
      '    return open(f"/srv/files/{name}").read()',
    ].join('\n');
    expect(await findings({ 'main.py': py })).toEqual(['main.py:5 error CWE-22']);
  });

  it('treats basename and Path(...).name as path normalisation', async () => {
    const py = [
      'import os',
      'from pathlib import Path',
      'def handler(event, context):',
      '    a = os.path.basename(event["f"])',
      '    open(os.path.join("/data", a))',
      '    open(os.path.join("/data", Path(event["g"]).name))',
      '    open(os.path.join("/data", event["h"]))',
    ].join('\n');
    expect(await findings({ 'h.py': py })).toEqual(['h.py:7 error CWE-22']);
  });

  it('flags requests whose host comes from input, not those with a fixed host', async () => {
    const py = [
      'import requests',
      'API = "https://api.example.com"',
      'def handler(event, context):',
      '    requests.get(f"https://api.example.com/users/{event[\'id\']}", timeout=5)',
      '    requests.get(f"{API}/users/{event[\'id\']}", timeout=5)',
      '    requests.get(f"https://{event[\'host\']}/x", timeout=5)',
      '    requests.get(event["url"], timeout=5)',
    ].join('\n');
    expect(await findings({ 'h.py': py })).toEqual(['h.py:6 error CWE-918', 'h.py:7 error CWE-918']);
  });

  it('takes a URL looked up in an allow-list by input as fixed, and the input itself as input', async () => {
    const py = [
      'import requests',
      'ALLOWED = {"billing": "https://billing.internal/api", "crm": "https://crm.internal/api"}',
      'def handler(event, context):',
      '    url = ALLOWED.get(event["target"])',
      '    if url:',
      '        requests.get(url, timeout=5)',
      '    requests.get(event.get("callback"), timeout=5)',
    ].join('\n');
    const ts = [
      "const ALLOWED = new Map([['billing', 'https://billing.internal/api']]);",
      'export const handler = async (event: { target: string; url: string }) => {',
      '  await fetch(ALLOWED.get(event.target) ?? "https://billing.internal/api");',
      '  await fetch(event.url);',
      '};',
    ].join('\n');
    expect(await findings({ 'h.py': py, 'h.ts': ts })).toEqual(['h.py:7 error CWE-918', 'h.ts:4 error CWE-918']);
  });

  it('flags weak hashes and predictable random numbers only for credentials and identifiers', async () => {
    const py = [
      'import hashlib, random',
      'def etag(body):',
      '    return hashlib.md5(body).hexdigest()',
      'def hash_password(password):',
      '    return hashlib.sha1(password.encode()).hexdigest()',
      'def jitter():',
      '    return random.uniform(0, 1)',
      'def new_token():',
      '    return "".join(random.choices("abc", k=16))',
      'def hash_pw(pw):',
      '    return hashlib.md5(pw.encode()).hexdigest()',
    ].join('\n');
    expect(await findings({ 'h.py': py })).toEqual(['h.py:5 error CWE-328', 'h.py:9 error CWE-330', 'h.py:11 error CWE-328']);
  });

  it('flags broken ciphers and ECB mode, not AES-GCM', async () => {
    const py = [
      'import os',
      'from Crypto.Cipher import DES, AES',
      'from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes',
      'def seal(key, data):',
      '    a = DES.new(key, DES.MODE_CBC)',
      '    b = AES.new(key, AES.MODE_ECB)',
      '    c = AES.new(key, AES.MODE_GCM)',
      '    d = Cipher(algorithms.AES(key), modes.ECB())',
      '    e = Cipher(algorithms.AES(key), modes.GCM(os.urandom(12)))',
      '    return a, b, c, d, e',
    ].join('\n');
    const ts = [
      "import { createCipher, createCipheriv, randomBytes } from 'node:crypto';",
      "const ALGORITHM = 'des-ede3-cbc';",
      'export function seal(key: Buffer) {',
      "  const a = createCipher('aes-256-cbc', 'pw');",
      '  const b = createCipheriv(ALGORITHM, key, randomBytes(8));',
      "  const c = createCipheriv('aes-128-ecb', key, null);",
      "  const d = createCipheriv('aes-256-gcm', key, randomBytes(12));",
      '  return [a, b, c, d];',
      '}',
    ].join('\n');
    expect(await findings({ 'h.py': py, 'h.ts': ts })).toEqual([
      'h.py:5 error CWE-327', 'h.py:6 error CWE-327', 'h.py:8 error CWE-327',
      'h.ts:4 error CWE-327', 'h.ts:5 error CWE-327', 'h.ts:6 error CWE-327',
    ]);
  });

  it('flags logging of the whole event or of secrets, not of chosen fields', async () => {
    const ts = [
      'export const handler = async (event: any, context: any) => {',
      '  console.log("request", context.awsRequestId, event.path);',
      '  console.log(event);',
      '  const apiKey = process.env.API_KEY;',
      '  console.info(`key ${apiKey}`);',
      '};',
    ].join('\n');
    expect(await findings({ 'h.ts': ts })).toEqual(['h.ts:3 error CWE-532', 'h.ts:5 error CWE-532']);
  });

  it('flags a timer given request data as its code, not a timer given a function or a method', async () => {
    const ts = [
      'export function handler(event: { body: string }) {',
      '  const body = JSON.parse(event.body);',
      '  setTimeout(body.code, 10);',
      '  setTimeout(() => body.code, 10);',
      '  setInterval(this.tick, 5);',
      '  const tick = () => 1;',
      '  setInterval(tick, 5);',
      '}',
    ].join('\n');
    expect(await findings({ 'h.ts': ts })).toEqual(['h.ts:3 error CWE-95']);
  });

  it('understands yaml loaders and literal-only eval', async () => {
    const py = 'import yaml\ndef f(t):\n    yaml.load(t, Loader=yaml.SafeLoader)\n    yaml.load(t, Loader=yaml.FullLoader)\n    eval("1 + 1")\n    eval(t)\n';
    expect(await findings({ 'h.py': py })).toEqual(['h.py:4 error CWE-502', 'h.py:6 warning CWE-95']);
  });
});

describe('SAM and CloudFormation rules', () => {
  it('reads intrinsics and policy templates instead of flagging them', async () => {
    const yaml = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Policies:',
      '        - DynamoDBCrudPolicy: { TableName: !Ref Table }',
      '        - S3CrudPolicy:',
      '            BucketName: "*"',
      '        - Statement:',
      '            - Effect: Allow',
      '              Action: [s3:GetObject]',
      '              Resource: "*"',
      '            - Effect: Allow',
      '              Action: !If [IsProd, "s3:PutObject", "s3:*"]',
      '              Resource: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"',
      '      Events:',
      '        Health:',
      '          Type: Api',
      '          Properties: { Path: /reports, Method: get, Auth: { Authorizer: NONE } }',
    ].join('\n');
    expect(await findings({ 'template.yaml': yaml })).toEqual(['template.yaml:8 error CWE-732', 'template.yaml:18 warning CWE-306']);
  });

  it('accepts a default authorizer from Globals for implicit APIs', async () => {
    const yaml = [
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Api:',
      '    Auth: { DefaultAuthorizer: AWS_IAM }',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Events:',
      '        Get: { Type: Api, Properties: { Path: /x, Method: get } }',
    ].join('\n');
    expect(await findings({ 'template.yaml': yaml })).toEqual([]);
  });
});
