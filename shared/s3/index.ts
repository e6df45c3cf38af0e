export type { S3Settings } from './client';
export { createS3Client, readS3Settings } from './client';
