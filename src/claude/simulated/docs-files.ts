import type { GeneratedFile } from '../../domain/validation-result.js';
import type { ServiceSketch } from './service-sketch.js';

/** Documentation, API definition and deployment files of a generated service. */

function idParam(s: ServiceSketch): string {
  return s.language === 'python' ? `${s.entity}_id` : `${s.Entity[0]?.toLowerCase()}${s.Entity.slice(1)}Id`;
}

function fieldName(s: ServiceSketch, f: ServiceSketch['fields'][number]): string {
  return s.language === 'python' ? f.snake : f.camel;
}

function commands(s: ServiceSketch): { install: string; test: string } {
  return s.language === 'python'
    ? { install: 'pip install -r requirements-dev.txt', test: 'pytest' }
    : { install: 'npm ci', test: 'npm test' };
}

export function readme(s: ServiceSketch): GeneratedFile {
  const { install, test } = commands(s);
  return { path: 'README.md', content: `# ${s.serviceName}

${s.description}

An AWS SAM application: API Gateway (Cognito authorizer) → Lambda (${s.language === 'python' ? 'Python 3.12' : 'Node.js 20, TypeScript'}, arm64) → DynamoDB (encrypted, point-in-time recovery).

## Endpoints

| method | path | does |
| --- | --- | --- |
| POST | /${s.collection} | create a ${s.entity.replace(/_/g, ' ')} |
| GET | /${s.collection} | list (newest first, \`limit\` up to 100, pagination token) |
| GET | /${s.collection}/{${idParam(s)}} | read one |
| PUT | /${s.collection}/{${idParam(s)}} | replace one |
| DELETE | /${s.collection}/{${idParam(s)}} | delete one |

## Develop

\`\`\`
${install}
${test}
\`\`\`

## Deploy

\`\`\`
sam build
sam deploy --guided --parameter-overrides Stage=dev UserPoolArn=<your user pool ARN>
\`\`\`

Configuration comes from the template's parameters; no secret is stored in the code or the template.
` };
}

export function apiDoc(s: ServiceSketch): GeneratedFile {
  const fields = s.fields.map((f) => `| \`${fieldName(s, f)}\` | ${f.kind} | ${f.required ? 'yes' : 'no'} |`).join('\n');
  return { path: 'docs/api.md', content: `# ${s.serviceName} API

Every request needs a Cognito ID token: \`Authorization: <token>\`. Bodies are JSON. Errors are \`{"error": {"code", "message"}}\` with 400 (invalid input), 401 (no or bad token), 404 (unknown id), 405 (method not allowed).

## ${s.Entity}

| field | type | required |
| --- | --- | --- |
${fields}

\`id\`, \`${s.language === 'python' ? 'created_at' : 'createdAt'}\` and \`${s.language === 'python' ? 'updated_at' : 'updatedAt'}\` are set by the service.

## POST /${s.collection}

Creates a ${s.entity.replace(/_/g, ' ')}; unknown fields are rejected. Answers 201 with the stored item.

## GET /${s.collection}?limit=25

Lists the newest items first; pass the returned token to get the next page.

## GET, PUT, DELETE /${s.collection}/{${idParam(s)}}

Reads, replaces (same body as POST) or deletes one item; 404 when the id is unknown.
` };
}

export function architectureDoc(s: ServiceSketch): GeneratedFile {
  return { path: 'docs/architecture.md', content: `# ${s.serviceName} architecture

\`\`\`mermaid
flowchart LR
  client[Client] -->|HTTPS + Cognito token| api[API Gateway]
  api --> fn[${s.Entity} function]
  fn -->|GetItem / PutItem / Query| table[(${s.Entity} table)]
  fn --> logs[CloudWatch Logs and X-Ray]
\`\`\`

- One function serves the API routes; it validates every body against the ${s.Entity} model before it touches the table.
- The table's key is \`id\`; the \`by-created-at\` index lists items newest first.
- The function's role may only read and write its own table (SAM DynamoDBCrudPolicy).
- Data is encrypted at rest (DynamoDB SSE) and in transit (HTTPS only).
` };
}

export function operationsDoc(s: ServiceSketch): GeneratedFile {
  return { path: 'docs/operations.md', content: `# ${s.serviceName} runbook

## Alarms

- **ErrorsAlarm** (Lambda Errors ≥ 1 per minute): read the function's logs in CloudWatch Logs Insights, filter by the request id from the API access log.

## Common failures

| symptom | likely cause | remedy |
| --- | --- | --- |
| 401 for every request | token from another user pool | check the UserPoolArn parameter of the stack |
| 5xx and throttling errors | DynamoDB or Lambda throttles | check ConsumedCapacity and ConcurrentExecutions; raise limits |
| 400 on valid-looking input | a client sends unknown fields | compare the body with docs/api.md |

## Recovery

Point-in-time recovery is on for the table: restore to a new table at the wanted time, then switch the stack's table or copy the items back.
` };
}

export function accessPatternsDoc(s: ServiceSketch): GeneratedFile {
  const type = s.language === 'python' ? 'entity_type' : 'entityType';
  const created = s.language === 'python' ? 'created_at' : 'createdAt';
  return { path: 'docs/access-patterns.md', content: `# ${s.Entity} access patterns

| access pattern | key design | operation |
| --- | --- | --- |
| get one ${s.entity.replace(/_/g, ' ')} by id | table key \`id\` | GetItem |
| create without overwriting | \`attribute_not_exists(id)\` condition | PutItem |
| replace or delete an existing item | \`attribute_exists(id)\` condition | PutItem / DeleteItem |
| list newest first, paginated | index \`by-created-at\`: \`${type}\` (HASH), \`${created}\` (RANGE) | Query with Limit and ExclusiveStartKey |
` };
}

export function openApi(s: ServiceSketch): GeneratedFile {
  const id = idParam(s);
  const props = s.fields.map((f) => `        ${fieldName(s, f)}:\n          type: ${f.kind === 'list' ? 'array' : f.kind}${f.kind === 'list' ? '\n          items: {}' : ''}${f.kind === 'string' ? '\n          minLength: 1\n          maxLength: 1000' : ''}`).join('\n');
  const required = s.fields.filter((f) => f.required).map((f) => `        - ${fieldName(s, f)}`).join('\n');
  return { path: 'openapi.yaml', content: `openapi: 3.0.3
info:
  title: ${s.serviceName}
  version: 1.0.0
security:
  - cognito: []
paths:
  /${s.collection}:
    post:
      operationId: create${s.Entity}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/${s.Entity}Input"
      responses:
        "201": { description: Created }
        "400": { $ref: "#/components/responses/Error" }
    get:
      operationId: list${s.Entity}
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100 } }
      responses:
        "200": { description: A page of items }
  /${s.collection}/{${id}}:
    parameters:
      - { name: ${id}, in: path, required: true, schema: { type: string, pattern: "^[A-Za-z0-9-]{1,64}$" } }
    get:
      operationId: get${s.Entity}
      responses:
        "200": { description: The item }
        "404": { $ref: "#/components/responses/Error" }
    put:
      operationId: replace${s.Entity}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/${s.Entity}Input"
      responses:
        "200": { description: Replaced }
        "404": { $ref: "#/components/responses/Error" }
    delete:
      operationId: delete${s.Entity}
      responses:
        "204": { description: Deleted }
        "404": { $ref: "#/components/responses/Error" }
components:
  securitySchemes:
    cognito:
      type: apiKey
      in: header
      name: Authorization
  responses:
    Error:
      description: Error
      content:
        application/json:
          schema:
            type: object
            properties:
              error:
                type: object
                properties:
                  code: { type: string }
                  message: { type: string }
  schemas:
    ${s.Entity}Input:
      type: object
      additionalProperties: false
      required:
${required}
      properties:
${props}
` };
}

export function deploymentFiles(s: ServiceSketch): GeneratedFile[] {
  const { install, test } = commands(s);
  const setup = s.language === 'python'
    ? `      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.12"`
    : `      - uses: actions/setup-node@v4\n        with:\n          node-version: "20"`;
  return [
    { path: 'samconfig.toml', content: `version = 0.1

[default.deploy.parameters]
stack_name = "${s.serviceName}-dev"
capabilities = "CAPABILITY_IAM"
confirm_changeset = true
parameter_overrides = "Stage=dev"

[staging.deploy.parameters]
stack_name = "${s.serviceName}-staging"
capabilities = "CAPABILITY_IAM"
confirm_changeset = false
parameter_overrides = "Stage=staging"

[prod.deploy.parameters]
stack_name = "${s.serviceName}-prod"
capabilities = "CAPABILITY_IAM"
confirm_changeset = false
parameter_overrides = "Stage=prod"
` },
    { path: '.github/workflows/deploy.yml', content: `name: deploy ${s.serviceName}

on:
  push:
    branches: [main]

permissions:
  id-token: write
  contents: read

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${setup}
      - run: ${install}
      - run: ${test}

  staging:
    needs: test
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/setup-sam@v2
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.DEPLOY_ROLE_ARN }}
          aws-region: \${{ vars.AWS_REGION }}
      - run: sam build
      - run: sam deploy --config-env staging --no-fail-on-empty-changeset --parameter-overrides "Stage=staging UserPoolArn=\${{ vars.USER_POOL_ARN }}"

  production:
    needs: staging
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/setup-sam@v2
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.DEPLOY_ROLE_ARN }}
          aws-region: \${{ vars.AWS_REGION }}
      - run: sam build
      - run: sam deploy --config-env prod --no-fail-on-empty-changeset --parameter-overrides "Stage=prod UserPoolArn=\${{ vars.USER_POOL_ARN }}"
` },
    { path: 'docs/deployment.md', content: `# Deploying ${s.serviceName}

1. Every push to \`main\` runs the tests, then deploys to **staging**.
2. **production** needs an approval (GitHub environment protection), then deploys the same commit.
3. The pipeline assumes an IAM role through GitHub OIDC (\`DEPLOY_ROLE_ARN\`); no long-lived AWS keys exist.
4. The function is published behind the \`live\` alias with a 10% canary for 5 minutes; CodeDeploy rolls back automatically when ErrorsAlarm fires.

Roll back by hand: redeploy the previous commit, or in CodeDeploy stop the deployment with rollback.
` },
  ];
}
