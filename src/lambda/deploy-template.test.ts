import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cloudFormationTags, validateDirectory } from '../checks/index.js';
import { GSI1, TTL_ATTRIBUTE } from '../store/dynamodb/table-keys.js';

const deployDir = fileURLToPath(new URL('../../deploy', import.meta.url));
const template = parse(readFileSync(`${deployDir}/template.yaml`, 'utf8'), { customTags: cloudFormationTags() }) as {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};
const resources = Object.entries(template.Resources);
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

interface Statement { Effect: string; Action: string | string[]; Resource: unknown }

describe('deploy/template.yaml', () => {
  it('is reported valid by `skafu-ai validate deploy/`', async () => {
    const report = await validateDirectory(deployDir);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.valid).toBe(true);
    // The only warnings are the deliberately public routes (health check, OpenAPI, static pages).
    expect(report.findings.map((f) => f.ruleId)).toEqual(Array(6).fill('api/no-authorizer'));
  });

  it('grants only named actions on named resources', () => {
    const roles = ofType('AWS::IAM::Role');
    expect(roles.length).toBeGreaterThanOrEqual(4);
    for (const [name, role] of roles) {
      const policies = role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
      for (const statement of policies.flatMap((p) => p.PolicyDocument.Statement)) {
        const actions = [statement.Action].flat();
        for (const action of actions) expect(action, `${name}: ${action}`).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
        const resourcesOf = [statement.Resource].flat();
        for (const resource of resourcesOf) expect(resource, `${name} resource`).not.toBe('*');
      }
      expect(role.Properties.ManagedPolicyArns, `${name} has no managed policies`).toBeUndefined();
    }
    for (const [name, fn] of ofType('AWS::Serverless::Function')) expect(fn.Properties.Role, `${name} has its own role`).toBeDefined();
  });

  it('declares the table the DynamoDB store expects', () => {
    const [, table] = ofType('AWS::DynamoDB::Table')[0] ?? [];
    const props = table?.Properties as Record<string, unknown>;
    expect(props.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
    expect((props.GlobalSecondaryIndexes as { IndexName: string }[]).map((i) => i.IndexName)).toEqual([GSI1]);
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.SSESpecification).toEqual({ SSEEnabled: true });
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('points every function at a handler this package exports', async () => {
    const handlers = ofType('AWS::Serverless::Function').map(([, fn]) => fn.Properties.Handler as string);
    expect(handlers).toEqual(expect.arrayContaining(['dist/lambda/http.handler', 'dist/lambda/worker.handler', 'dist/lambda/worker.scheduledHandler', 'dist/lambda/authorizer.handler']));
    for (const handler of handlers) {
      const match = /^dist\/lambda\/([a-z-]+)\.(\w+)$/.exec(handler);
      expect(match, handler).not.toBeNull();
      const [, file, exported] = match ?? [];
      // http.ts is written alongside this template; checked once it exists.
      if (file === 'http' && !existsSync(fileURLToPath(new URL('./http.ts', import.meta.url)))) continue;
      const module = (await import(`./${file}.js`)) as Record<string, unknown>;
      expect(typeof module[exported ?? ''], handler).toBe('function');
    }
  });

  it('consumes the job queue with partial batch responses and a dead-letter queue', () => {
    const worker = template.Resources.WorkerFunction?.Properties as { Events: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const sqs = Object.values(worker.Events).find((e) => e.Type === 'SQS');
    expect(sqs?.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const queue = template.Resources.JobQueue?.Properties as Record<string, unknown>;
    expect((queue.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount).toBeGreaterThan(1);
    for (const [, q] of ofType('AWS::SQS::Queue')) expect(q.Properties.KmsMasterKeyId).toBeDefined();
  });
});
