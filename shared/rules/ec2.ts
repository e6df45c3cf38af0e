/**
 * EC2 resource ids as CloudFormation's resource schemas accept them: the prefix, then 8 or 17 hex
 * digits (AWS::EC2::SecurityGroup.Id: `^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$`, as cfn-lint
 * checks it). AWS's own pages show ids of other lengths (`sg-0123456789`); CloudFormation refuses
 * those, so the stack does too, before deploying.
 */
export const SUBNET_ID = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
