export type { MskClusterArnParts } from './arns';
export { KMS_KEY_ARN, MSK_CLUSTER_ARN, mskResourceArn, parseMskClusterArn, SECRET_ARN } from './arns';
export { SECURITY_GROUP_ID, SUBNET_ID } from './ec2';
