/**
 * Every rule a setting is checked against, written once: the functions' configuration, the local
 * harness and the stack's parameter validation (through resources/stack) all read them from here.
 * Nothing in this folder imports the rest of the project, so the stack can load it cheaply.
 */
export type { MskClusterArnParts } from './arns';
export { KMS_KEY_ARN, MSK_CLUSTER_ARN, mskResourceArn, parseMskClusterArn, SECRET_ARN } from './arns';
export { SECURITY_GROUP_ID, SUBNET_ID } from './ec2';
export type { KafkaAuthMode, StartingPosition } from './kafka';
export { BROKER, CONSUMER_GROUP, KAFKA_AUTH_MODES, STARTING_POSITIONS, TOPIC } from './kafka';
export { BUCKET, PREFIX, S3_URI } from './s3';
export type { ReplayOrder, TickSource } from './ticks';
export { REPLAY_ORDERS, SYMBOL, SYMBOL_PATTERN, TICK_SOURCES } from './ticks';
