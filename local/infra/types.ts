/** Public types of the local infrastructure module. */

/** Where and how to reach S3: the local S3Mock, another S3-compatible server, or AWS itself. */
export interface LocalS3 {
  /** undefined for real AWS S3 (the SDK picks the regional endpoint). */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  /** true for any non-AWS endpoint: `http://host:port/bucket/key` instead of virtual hosts. */
  forcePathStyle: boolean;
  /** Static credentials for a local endpoint; absent means the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** What `up()` returns: the addresses to use, and which services this call started itself. */
export interface LocalEnv {
  kafkaBrokers: string[];
  s3: LocalS3;
  /** true where this `up()` started the service (false: reused, or external). */
  started: { kafka: boolean; s3: boolean };
}

/** One service as `status()` sees it. */
export interface ServiceStatus {
  /** local: run by this module; external: `KAFKA_BROKERS`/`S3_ENDPOINT` given; aws: real S3. */
  mode: 'local' | 'external' | 'aws';
  /** Brokers (comma-separated) or S3 endpoint. */
  address: string;
  /** A local process recorded in the state file is alive. */
  running: boolean;
  /** It answered a request just now (undefined: not probed, as for real AWS). */
  answering: boolean | undefined;
  pid?: number;
  version?: string;
  ports?: Record<string, number>;
  dataDir?: string;
  logFile?: string;
  startedAt?: string;
  /** Milliseconds from spawn to ready at its last start. */
  readyMs?: number;
}

export interface InfraStatus {
  localDir: string;
  stateFile: string;
  kafka: ServiceStatus;
  s3: ServiceStatus;
}
