import type { GeneratedFile } from '../../domain/validation-result.js';
import type { ServiceSketch } from './service-sketch.js';

export interface TemplateOptions {
  /** Include the function and its API (false: the data layer only). */
  api: boolean;
  /** Canary deployments guarded by alarms (the deployment bundle). */
  gradualDeployment?: boolean;
}

/**
 * A SAM template that a security review passes: Cognito authorizer on the API by default,
 * throttling and access logs, a least-privilege policy template scoped to the table, an encrypted
 * table with point-in-time recovery, log groups with retention, alarms.
 */
export function samTemplate(s: ServiceSketch, options: TemplateOptions): GeneratedFile {
  const python = s.language === 'python';
  const fn = `${s.Entity}Function`;
  const table = `${s.Entity}Table`;
  const idParam = python ? `${s.entity}_id` : `${s.Entity[0]?.toLowerCase()}${s.Entity.slice(1)}Id`;
  const typeKey = python ? 'entity_type' : 'entityType';
  const createdKey = python ? 'created_at' : 'createdAt';
  const route = (name: string, path: string, method: string): string => `        ${name}:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: ${path}
            Method: ${method}`;
  const functionPart = `
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      TracingEnabled: true
      Auth:
        DefaultAuthorizer: CognitoAuthorizer
        Authorizers:
          CognitoAuthorizer:
            UserPoolArn: !Ref UserPoolArn
      AccessLogSetting:
        DestinationArn: !GetAtt ApiAccessLogs.Arn
        Format: '{"requestId":"$context.requestId","status":"$context.status","path":"$context.resourcePath","latency":"$context.responseLatency"}'
      MethodSettings:
        - ResourcePath: "/*"
          HttpMethod: "*"
          ThrottlingBurstLimit: 100
          ThrottlingRateLimit: 50

  ApiAccessLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 30

  ${fn}:
    Type: AWS::Serverless::Function
    Properties:
      Description: ${s.serviceName} API handler
${python ? `      CodeUri: src/
      Handler: app.handler` : `      CodeUri: ./
      Handler: handler.handler`}${options.gradualDeployment ? `
      AutoPublishAlias: live
      DeploymentPreference:
        Type: Canary10Percent5Minutes
        Alarms:
          - !Ref ErrorsAlarm` : ''}
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref ${table}
      Events:
${route('Create', `/${s.collection}`, 'post')}
${route('List', `/${s.collection}`, 'get')}
${route('Get', `/${s.collection}/{${idParam}}`, 'get')}
${route('Replace', `/${s.collection}/{${idParam}}`, 'put')}
${route('Delete', `/${s.collection}/{${idParam}}`, 'delete')}${python ? '' : `
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints:
          - src/handler.ts
        Target: es2022
        Minify: true
        Sourcemap: true`}

  ${fn}Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/\${${fn}}
      RetentionInDays: 30

  ErrorsAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: ${s.serviceName} function errors
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions:
        - Name: FunctionName
          Value: !Ref ${fn}
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      TreatMissingData: notBreaching
`;
  const content = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: ${s.serviceName} - ${s.description.replace(/[\r\n]+/g, ' ').replace(/[:#]/g, ' ').slice(0, 200)}

Parameters:
  Stage:
    Type: String
    Default: dev
    AllowedValues:
      - dev
      - staging
      - prod${options.api ? `
  UserPoolArn:
    Type: String
    Description: ARN of the Cognito user pool whose users may call the API` : ''}

Globals:
  Function:
    Runtime: ${python ? 'python3.12' : 'nodejs20.x'}
    Architectures:
      - arm64
    MemorySize: 256
    Timeout: 10
    Tracing: Active
    Environment:
      Variables:
        LOG_LEVEL: INFO
        TABLE_NAME: !Ref ${table}

Resources:${options.api ? functionPart : ''}
  ${table}:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
        - AttributeName: ${typeKey}
          AttributeType: S
        - AttributeName: ${createdKey}
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      GlobalSecondaryIndexes:
        - IndexName: by-created-at
          KeySchema:
            - AttributeName: ${typeKey}
              KeyType: HASH
            - AttributeName: ${createdKey}
              KeyType: RANGE
          Projection:
            ProjectionType: ALL
      SSESpecification:
        SSEEnabled: true
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true

Outputs:${options.api ? `
  ApiUrl:
    Description: Base URL of the ${s.serviceName} API
    Value: !Sub "https://\${Api}.execute-api.\${AWS::Region}.amazonaws.com/\${Stage}"` : ''}
  TableName:
    Value: !Ref ${table}
`;
  return { path: 'template.yaml', content };
}
