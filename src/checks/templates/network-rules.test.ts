import { describe, expect, it } from 'vitest';
import { createValidator } from '../index.js';

const validator = createValidator();

async function accessFindings(template: string): Promise<string[]> {
  const report = await validator.validateFiles([{ path: 'template.yaml', content: template }]);
  return report.findings.filter((f) => f.category === 'CWE-284').map((f) => `${f.line} ${f.ruleId} ${f.severity}`);
}

const securityGroup = (ingress: string): string => [
  'Resources:',
  '  AppSecurityGroup:',
  '    Type: AWS::EC2::SecurityGroup',
  '    Properties:',
  '      GroupDescription: app',
  '      SecurityGroupIngress:',
  ingress,
  '',
].join('\n');

describe('network exposure in templates (CWE-284)', () => {
  it.each([
    ['SSH from anywhere', '        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }'],
    ['PostgreSQL from anywhere over IPv6', '        - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIpv6: "::/0" }'],
    ['every protocol from anywhere', '        - { IpProtocol: "-1", CidrIp: 0.0.0.0/0 }'],
    ['a port range that includes 443', '        - { IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 0.0.0.0/0 }'],
  ])('%s is an error', async (_name, ingress) => {
    expect(await accessFindings(securityGroup(ingress))).toEqual(['7 network/open-ingress error']);
  });

  it.each([
    ['HTTPS from anywhere', '        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }'],
    ['SSH from the VPC only', '        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/16 }'],
    ['PostgreSQL from the app\'s security group', '        - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref AppSecurityGroup }'],
  ])('%s passes', async (_name, ingress) => {
    expect(await accessFindings(securityGroup(ingress))).toEqual([]);
  });

  it('a standalone ingress resource is checked too', async () => {
    const template = 'Resources:\n  OpenSsh:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !Ref Sg\n      IpProtocol: tcp\n      FromPort: 22\n      ToPort: 22\n      CidrIp: 0.0.0.0/0\n';
    expect(await accessFindings(template)).toEqual(['9 network/open-ingress error']);
  });

  it('a publicly accessible database is an error; a private one passes', async () => {
    const database = (publiclyAccessible: boolean): string => `Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      StorageEncrypted: true\n      PubliclyAccessible: ${publiclyAccessible}\n`;
    expect(await accessFindings(database(true))).toEqual(['7 rds/publicly-accessible error']);
    expect(await accessFindings(database(false))).toEqual([]);
  });
});
