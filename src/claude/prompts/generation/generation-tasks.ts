import type { GenerationType } from '../../../domain/operations.js';

/** What each generation type must produce; the shared code rules apply to all of them. */
export const GENERATION_TASKS: Readonly<Record<GenerationType, string>> = {
  service: `Your task: generate a complete, deployable microservice from the service specification in the material.
Produce:
- one Lambda handler per operation of the specification (or one router handler for a small service), with input validation, error handling that maps to HTTP status codes, and structured logging;
- a model module with the data models of the specification and their validation;
- a data-access module (repository) with one function per access pattern, using parameterised DynamoDB expressions;
- template.yaml: the AWS SAM template with the functions, their API events on an AWS::Serverless::Api (or HttpApi) with an authorizer, the DynamoDB table(s) with SSE and point-in-time recovery, least-privilege policies, Globals for runtime, timeout, memory and tracing, and log groups with a retention period;
- unit tests for every handler and the repository (success, invalid input, not found), with AWS mocked;
- the dependency file (requirements.txt, or package.json for TypeScript) with exact versions, and a short README.md.`,
  api: `Your task: generate the API layer for the specification in the material.
Produce:
- openapi.yaml: an OpenAPI 3 definition of every endpoint with request and response schemas, error responses and the security scheme;
- request and response models with validation;
- a handler per endpoint (or a router) that validates input, calls the domain or data layer and maps errors to status codes;
- template.yaml: the API (AWS::Serverless::Api or HttpApi) with an authorizer, throttling, access logging and CORS limited to the origins the specification gives, and the functions with least-privilege policies;
- tests for every endpoint (success, validation failure, unauthorised where it applies, not found);
- the dependency file with exact versions.`,
  database: `Your task: generate the data layer for the specification in the material.
Produce:
- template.yaml: the DynamoDB table(s) with keys and global secondary indexes chosen for the access patterns, SSESpecification with SSEEnabled true, PointInTimeRecoverySpecification enabled, TTL where data expires, and DeletionPolicy and UpdateReplacePolicy Retain;
- the model module(s) for the entities;
- a repository module with one function per access pattern (parameterised key conditions and expressions; conditional writes for uniqueness and optimistic locking; pagination with LastEvaluatedKey);
- tests for the repository with DynamoDB mocked;
- docs/access-patterns.md: each access pattern with the key design that serves it;
- the dependency file with exact versions.`,
  config: `Your task: generate the configuration for the service described in the material.
Produce:
- template.yaml: Parameters (with allowed values and defaults), Globals, environment variables per function, and SSM Parameter Store or Secrets Manager references for every secret (never the secret itself);
- samconfig.toml with one section per environment (for example dev, staging, prod);
- a config module that reads and validates the environment variables at start-up and fails fast with a clear message when one is missing or malformed;
- tests for the config module;
- the dependency file with exact versions.`,
  tests: `Your task: generate a test suite for the code or service described in the material.
Produce:
- unit tests for each handler and module (success, invalid input, error and edge cases), with AWS mocked (moto, botocore Stubber or injected clients for Python; injected clients or aws-sdk-client-mock for TypeScript);
- shared fixtures (conftest.py, or a test helper module);
- the test configuration (pytest.ini or vitest.config.ts) and the test dependencies with exact versions.
Generate only tests and test support, unless the material includes code that the tests need in order to run; then include that code unchanged.`,
  documentation: `Your task: generate the documentation for the service or system described in the material.
Produce Markdown files only:
- README.md: overview, architecture summary, prerequisites, setup, configuration, how to run, test and deploy;
- docs/api.md: every endpoint with method, path, authentication, request and response examples and error codes;
- docs/architecture.md: components, data flow and a Mermaid diagram;
- docs/operations.md: a runbook with alarms, dashboards, common failures and their remedies.
Use the names of the material. Examples must not contain real secrets or personal data.`,
  deployment: `Your task: generate the deployment setup for the service described in the material.
Produce:
- template.yaml: a complete AWS SAM template (functions, API with an authorizer, tables, queues, least-privilege policies, encryption), with AutoPublishAlias and DeploymentPreference (Canary or Linear) guarded by CloudWatch alarms on errors and latency;
- samconfig.toml with one section per environment;
- .github/workflows/deploy.yml: a CI/CD pipeline that runs the tests, then sam build and sam deploy per environment, authenticating with GitHub OIDC and an IAM role (never long-lived access keys), with a manual approval before production;
- CloudWatch alarms and a dashboard for the service;
- a short docs/deployment.md explaining the pipeline and how to roll back.`,
};
