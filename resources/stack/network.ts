/**
 * kafkaMode=create, the network: a VPC with two private subnets (MSK Serverless needs two
 * Availability Zones) and no route to the internet, a free S3 gateway endpoint, the interface
 * endpoints on-demand pollers need, and the security groups of the brokers, their clients and the
 * endpoints.
 */
import type { Cidr } from './parameters';
import type { Cfn, Resource, Resources } from './types';

export const BROKER_PORT_IAM = 9098;

const tcp = (port: number) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port });

function privateSubnet(index: number, name: string, vpcCidr: Cidr, clusterName: string): Resource {
  const bits = 32 - (vpcCidr.prefix + 1);
  return {
    Type: 'AWS::EC2::Subnet',
    Properties: {
      VpcId: { Ref: 'Vpc' },
      AvailabilityZone: { 'Fn::Select': [index, { 'Fn::GetAZs': '' }] },
      CidrBlock: { 'Fn::Select': [index, { 'Fn::Cidr': [vpcCidr.block, 2, String(bits)] }] },
      MapPublicIpOnLaunch: false,
      Tags: [{ Key: 'Name', Value: `${clusterName}-${name}` }],
    },
  };
}

/** The VPC, its two private subnets, their route table and the S3 gateway endpoint. */
function vpcResources(clusterName: string, vpcCidr: Cidr): Resources {
  const associate = (subnet: string): Resource => ({
    Type: 'AWS::EC2::SubnetRouteTableAssociation',
    Properties: { SubnetId: { Ref: subnet }, RouteTableId: { Ref: 'PrivateRouteTable' } },
  });
  return {
    Vpc: {
      Type: 'AWS::EC2::VPC',
      Properties: {
        CidrBlock: vpcCidr.block,
        EnableDnsHostnames: true, // interface endpoints with private DNS need both
        EnableDnsSupport: true,
        Tags: [{ Key: 'Name', Value: clusterName }],
      },
    },
    PrivateSubnetA: privateSubnet(0, 'private-a', vpcCidr, clusterName),
    PrivateSubnetB: privateSubnet(1, 'private-b', vpcCidr, clusterName),
    PrivateRouteTable: {
      Type: 'AWS::EC2::RouteTable',
      Properties: { VpcId: { Ref: 'Vpc' }, Tags: [{ Key: 'Name', Value: `${clusterName}-private` }] },
    },
    PrivateSubnetARouteTable: associate('PrivateSubnetA'),
    PrivateSubnetBRouteTable: associate('PrivateSubnetB'),
    // Free: the mapping's on-failure bucket, the replay CSV and the topic custom resource's answer
    // to CloudFormation (a pre-signed S3 URL).
    S3GatewayEndpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
        RouteTableIds: [{ Ref: 'PrivateRouteTable' }],
      },
    },
  };
}

/**
 * The brokers' group and the clients' group. The mapping's pollers run with the brokers' group
 * (Lambda uses the cluster's subnets and security groups), so it must reach the brokers itself.
 * Each direction of a group is declared one way only: egress inline (declaring it replaces the
 * allow-all default), ingress as standalone rules (they reference groups, which inline rules
 * cannot without a circular dependency). An update that rewrites inline rules then never drops a
 * standalone rule of the same direction.
 */
function securityGroups(clusterName: string): Resources {
  const ingress = (source: string, description: string): Resource => ({
    Type: 'AWS::EC2::SecurityGroupIngress',
    Properties: {
      GroupId: { Ref: 'ClusterSecurityGroup' },
      SourceSecurityGroupId: { Ref: source },
      ...tcp(BROKER_PORT_IAM),
      Description: description,
    },
  });
  const httpsOut = (why: string): Cfn => ({ ...tcp(443), CidrIp: '0.0.0.0/0', Description: why });
  return {
    ClusterSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'MSK Serverless brokers and the Lambda event source mapping pollers',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupEgress: [
          httpsOut(
            'HTTPS to the Lambda/STS endpoints and to S3 through its gateway endpoint (the subnets have no route to the internet)',
          ),
          {
            ...tcp(BROKER_PORT_IAM),
            CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] },
            Description:
              'Event source mapping pollers to the brokers (Kafka over TLS, IAM auth); only this stack runs in the VPC',
          },
        ],
        Tags: [{ Key: 'Name', Value: `${clusterName}-cluster` }],
      },
    },
    ClusterIngressFromItself: ingress(
      'ClusterSecurityGroup',
      'Event source mapping pollers to brokers (Kafka over TLS, IAM auth)',
    ),
    ClusterIngressFromClients: ingress(
      'ClientSecurityGroup',
      'Producer and topic custom resource to brokers',
    ),
    ClientSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'Kafka clients of this stack: the producer and the topic custom resource',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupEgress: [
          {
            ...tcp(BROKER_PORT_IAM),
            DestinationSecurityGroupId: { Ref: 'ClusterSecurityGroup' },
            Description: 'Kafka over TLS with IAM auth',
          },
          httpsOut(
            'HTTPS to S3 through its gateway endpoint: replay CSV, custom resource responses (the subnets have no route to the internet)',
          ),
        ],
        Tags: [{ Key: 'Name', Value: `${clusterName}-clients` }],
      },
    },
  };
}

/**
 * On-demand pollers reach Lambda and STS through PrivateLink from the cluster's subnets (a NAT
 * gateway would cost more); provisioned pollers need neither.
 */
function interfaceEndpoints(clusterName: string): Resources {
  const endpoint = (service: string): Resource => ({
    Type: 'AWS::EC2::VPCEndpoint',
    Properties: {
      VpcId: { Ref: 'Vpc' },
      VpcEndpointType: 'Interface',
      ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
      PrivateDnsEnabled: true,
      SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
      SecurityGroupIds: [{ Ref: 'EndpointSecurityGroup' }],
    },
  });
  return {
    EndpointSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'Interface endpoints for Lambda and STS, used by the event source mapping pollers',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupIngress: [
          {
            ...tcp(443),
            SourceSecurityGroupId: { Ref: 'ClusterSecurityGroup' },
            Description: 'HTTPS from the event source mapping pollers',
          },
        ],
        SecurityGroupEgress: [
          {
            CidrIp: '127.0.0.1/32',
            IpProtocol: '-1',
            Description: 'No egress: replaces the allow-all default',
          },
        ],
        Tags: [{ Key: 'Name', Value: `${clusterName}-endpoints` }],
      },
    },
    LambdaEndpoint: endpoint('lambda'),
    StsEndpoint: endpoint('sts'),
  };
}

/** The created cluster's network. */
export function networkResources(options: {
  readonly clusterName: string;
  readonly vpcCidr: Cidr;
  readonly onDemandPollers: boolean;
}): Resources {
  const { clusterName, vpcCidr, onDemandPollers } = options;
  return {
    ...vpcResources(clusterName, vpcCidr),
    ...securityGroups(clusterName),
    ...(onDemandPollers ? interfaceEndpoints(clusterName) : {}),
  };
}
