// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected values are CloudFormation Fn::Sub text.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../local/infra/config';
import {
  AL2023_ARM64_IMAGE,
  BROKER_ADMIN_FILE,
  BROKER_SCRIPT_FILE,
  KAFKA_RELEASE,
  USER_DATA_LIMIT_BYTES,
} from '../../resources/stack/ec2-broker';
import { awsLimit, awsResponse, iamResourceTypesOf, publicParametersOf } from '../support/aws-fixtures';
import { ACCOUNT, documentedResolution, PARTITION, REGION, resolveIntrinsics } from './support/intrinsics';
import type { Cfn } from './support/package';
import { mapping, resource, resourcesOfType, template } from './support/template';

/**
 * kafkaMode=ec2 as `sls package --param="kafkaMode=ec2"` writes it: what is open to whom, what is
 * encrypted, what the instance may do, and that the user data carries the boot script the local
 * tests run, with no secret in it.
 */
const ec2 = () => template('ec2');
const props = (id: string): Cfn => resource(ec2(), id).Properties as Cfn;

/** The user data as the instance receives it, with the template's references resolved. */
function userData(): string {
  const t = ec2();
  const joined = resolveIntrinsics(props('BrokerInstance').UserData['Fn::Base64'], documentedResolution(t));
  return String(joined);
}

/** A file the user data writes through `base64 -d <<'STOCK_TICKS_EOF' | gunzip > <target>`. */
function unpacked(text: string, target: string): string {
  const match = new RegExp(
    `base64 -d <<'STOCK_TICKS_EOF' \\| gunzip > ${target}\\n([\\s\\S]*?)\\nSTOCK_TICKS_EOF`,
  ).exec(text);
  if (!match) throw new Error(`the user data does not write ${target}`);
  return gunzipSync(Buffer.from(match[1]!.replace(/\n/g, ''), 'base64')).toString('utf8');
}

describe('kafkaMode=ec2: the network', () => {
  it('opens one port to clients, SASL_SSL 9096, and no SSH', () => {
    const group = props('BrokerSecurityGroup');
    expect(group.SecurityGroupIngress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 9096, ToPort: 9096, CidrIp: '0.0.0.0/0' }),
    ]);
    expect(resourcesOfType(ec2(), 'AWS::EC2::SecurityGroupIngress')).toEqual([]);
    expect(props('BrokerInstance')).not.toHaveProperty('KeyName');
    expect(resourcesOfType(ec2(), 'AWS::EC2::KeyPair')).toEqual([]);
  });

  it('lets out only HTTPS, and the client port to its own address for the boot check', () => {
    expect(props('BrokerSecurityGroup').SecurityGroupEgress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }),
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 9096,
        ToPort: 9096,
        CidrIp: { 'Fn::Sub': '${BrokerIp.PublicIp}/32' },
      }),
    ]);
  });

  it('keeps its address across stop/start: an Elastic IP on the instance interface, advertised and dialled', () => {
    expect(props('BrokerIpAssociation')).toEqual({
      AllocationId: { 'Fn::GetAtt': ['BrokerIp', 'AllocationId'] },
      NetworkInterfaceId: { Ref: 'BrokerNetworkInterface' },
    });
    expect(props('BrokerInstance').NetworkInterfaces).toEqual([
      { NetworkInterfaceId: { Ref: 'BrokerNetworkInterface' }, DeviceIndex: '0' },
    ]);
    const address = { 'Fn::Sub': '${BrokerIp.PublicIp}:9096' };
    expect(mapping(ec2())[1].Properties?.SelfManagedEventSource).toEqual({
      Endpoints: { KafkaBootstrapServers: [address] },
    });
    expect(props('ProduceTicksLambdaFunction').Environment.Variables.KAFKA_BROKERS).toEqual(address);
    const eip = awsResponse<{ PublicIp: string }>('allocate-address').PublicIp;
    expect(userData()).toContain(`ADVERTISED_HOST='${eip}'`);
  });

  it('needs no NAT gateway and no interface endpoint: the functions and the mapping use no VPC', () => {
    expect(resourcesOfType(ec2(), 'AWS::EC2::NatGateway')).toEqual([]);
    expect(resourcesOfType(ec2(), 'AWS::EC2::VPCEndpoint')).toEqual([]);
    expect(props('ProduceTicksLambdaFunction')).not.toHaveProperty('VpcConfig');
    const access = mapping(ec2())[1].Properties?.SourceAccessConfigurations as Cfn[];
    expect(access.map((a) => a.Type)).toEqual(['SASL_SCRAM_512_AUTH', 'SERVER_ROOT_CA_CERTIFICATE']);
  });
});

describe('kafkaMode=ec2: the instance', () => {
  it('requires IMDSv2 and launches with its data volume', () => {
    expect(props('BrokerInstance').MetadataOptions).toMatchObject({ HttpTokens: 'required' });
    expect(props('BrokerInstance').Volumes).toEqual([
      { Device: '/dev/sdf', VolumeId: { Ref: 'BrokerDataVolume' } },
    ]);
    expect(props('BrokerInstance').InstanceType).toBe('t4g.small');
  });

  it("boots AWS's latest Amazon Linux 2023 for arm64, resolved from its public SSM parameter at deploy time", () => {
    // The parameter's name (test/fixtures/aws/ssm-public-parameters.json), in CloudFormation's ssm
    // dynamic reference, {{resolve:ssm:parameter-name}} (CloudFormation User Guide,
    // dynamic-references-ssm).
    const [al2023Arm64] = publicParametersOf('ami-al2023-arm64-latest');
    expect(AL2023_ARM64_IMAGE).toBe(al2023Arm64);
    expect(props('BrokerInstance').ImageId).toBe(`{{resolve:ssm:${al2023Arm64}}}`);
  });

  it('keeps the root volume and the gp3 data volume encrypted, deleted with the stack', () => {
    expect(props('BrokerInstance').BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } },
    ]);
    expect(resource(ec2(), 'BrokerDataVolume')).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: { VolumeType: 'gp3', Encrypted: true, Size: 20 },
    });
  });

  it('may read its SCRAM secret, publish its CA and register with Session Manager, and nothing else', () => {
    const [policy] = props('BrokerRole').Policies as Cfn[];
    expect(props('BrokerRole').ManagedPolicyArns).toBeUndefined();
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: 'ReadScramCredentials',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: { Ref: 'BrokerScramSecret' },
      },
      {
        Sid: 'PublishCaCertificate',
        Effect: 'Allow',
        Action: ['secretsmanager:PutSecretValue'],
        Resource: { Ref: 'BrokerCaSecret' },
      },
      {
        Sid: 'SessionManagerRegistration',
        Effect: 'Allow',
        Action: ['ssm:UpdateInstanceInformation'],
        Resource: { 'Fn::Sub': expect.any(String) },
      },
      {
        Sid: 'SessionManagerChannelsNoResourceType',
        Effect: 'Allow',
        Action: [
          'ssmmessages:CreateControlChannel',
          'ssmmessages:CreateDataChannel',
          'ssmmessages:OpenControlChannel',
          'ssmmessages:OpenDataChannel',
        ],
        Resource: '*',
      },
    ]);
  });

  it("registers with Session Manager on this account's instances, the resource type the action documents", () => {
    // ssm:UpdateInstanceInformation takes the instance type (test/fixtures/aws/iam-resource-types.json),
    // whose ARN format the Service Authorization Reference gives; any instance id of this account
    // and region, as CloudFormation would resolve the template's Fn::Sub.
    const documented = iamResourceTypesOf('ssm:UpdateInstanceInformation');
    const [type] = documented.resourceTypes;
    const format = documented.arnFormats?.[type!];
    expect(format).toBeDefined();
    const expected = format!
      .replace('${Partition}', PARTITION)
      .replace('${Region}', REGION)
      .replace('${Account}', ACCOUNT)
      .replace('${InstanceId}', '*');
    const [policy] = props('BrokerRole').Policies as Cfn[];
    const registration = (policy.PolicyDocument.Statement as Cfn[]).filter((statement) =>
      [statement.Action].flat().includes(documented.action),
    );
    expect(registration).toHaveLength(1);
    expect(resolveIntrinsics(registration[0].Resource, documentedResolution(ec2()))).toBe(expected);
  });

  it('gets its password from a generated secret, never from the template', () => {
    expect(props('BrokerScramSecret').GenerateSecretString).toMatchObject({
      SecretStringTemplate: '{"username":"stock-ticks"}',
      GenerateStringKey: 'password',
      PasswordLength: 32,
    });
    expect(props('BrokerScramSecret')).not.toHaveProperty('SecretString');
    const text = userData();
    expect(text).not.toMatch(/password/i);
    expect(text).toContain("SCRAM_SECRET_ID='arn:aws:secretsmanager:us-east-1:123456789012:secret:");
    expect(JSON.stringify(ec2().Outputs)).not.toMatch(/GetSecretValue|SecretString/);
  });
});

describe('kafkaMode=ec2: the boot', () => {
  it('ships the boot script and its admin program the local tests run, byte for byte', () => {
    const text = userData();
    expect(unpacked(text, '/opt/stock-ticks/kafka-broker.sh')).toBe(readFileSync(BROKER_SCRIPT_FILE, 'utf8'));
    expect(unpacked(text, '/opt/stock-ticks/BrokerAdmin.java')).toBe(readFileSync(BROKER_ADMIN_FILE, 'utf8'));
    expect(
      text.trimEnd().endsWith('exec /opt/stock-ticks/kafka-broker.sh boot /etc/stock-ticks/broker.env'),
    ).toBe(true);
  });

  it("fits EC2's user data limit of 16 KB, raw, before base64", () => {
    const documented = awsLimit('ec2-user-data-bytes').max!;
    expect(USER_DATA_LIMIT_BYTES).toBe(documented);
    expect(Buffer.byteLength(userData())).toBeLessThan(documented);
  });

  it('installs the release the local broker runs, from archive.apache.org, with its SHA-512 pinned', () => {
    expect(KAFKA_RELEASE.version).toBe(DEFAULTS.kafkaVersion);
    const text = userData();
    expect(text).toContain(`KAFKA_DIST_URL='${KAFKA_RELEASE.url}'`);
    expect(text).toContain(`KAFKA_DIST_SHA512='${KAFKA_RELEASE.sha512}'`);
    expect(KAFKA_RELEASE.sha512).toMatch(/^[0-9a-f]{128}$/);
  });

  it('makes the mapping and the schedule wait for the broker, which signals through a wait condition', () => {
    expect(mapping(ec2())[1].DependsOn).toContain('BrokerReady');
    expect(resource(ec2(), 'ProduceTicksEventsRuleSchedule1').DependsOn).toContain('BrokerReady');
    expect(resource(ec2(), 'BrokerReady')).toMatchObject({
      Type: 'AWS::CloudFormation::WaitCondition',
      DependsOn: ['BrokerInstance'],
      Properties: { Handle: { Ref: 'BrokerReadyHandle' }, Count: 1, Timeout: '900' },
    });
    expect(userData()).toMatch(/WAIT_HANDLE_URL='.+'/);
  });

  it('names the broker, its secrets and how to reach it in the outputs', () => {
    expect(Object.keys(ec2().Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'KafkaBootstrapBrokers',
        'KafkaBrokerInstanceId',
        'KafkaScramSecretArn',
        'KafkaCaSecretArn',
      ]),
    );
  });
});
