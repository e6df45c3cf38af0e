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

/** Where Trino answers SQL (POST `<url>/v1/statement`), for Athena's queries on this machine. */
export interface LocalTrino {
  /** e.g. http://127.0.0.1:28080, or TRINO_URL */
  url: string;
  /** The file metastore of a Trino this module runs (absent for TRINO_URL): where table definitions go. */
  metastoreDir?: string;
}

/** A Kafka cluster as a client reaches it: TLS with the CA to trust, and SCRAM-SHA-512, or neither. */
export interface LocalKafka {
  brokers: string[];
  /** The PEM of the CA that signed the brokers' certificates. */
  ssl?: { ca: string };
  sasl?: { username: string; password: string };
}

/** What `up()` returns: the addresses to use, and which services this call started itself. */
export interface LocalEnv {
  kafkaBrokers: string[];
  /**
   * The SASL_SSL broker of the EC2 boot script, when this `up()` was asked for it (`kafkaScram`);
   * its credentials and CA are generated once per local folder.
   */
  kafkaScram?: LocalKafka;
  s3: LocalS3;
  /**
   * Trino, when this `up()` was asked for it (`services` naming 'trino') or TRINO_URL names one;
   * undefined otherwise: Trino is started only on request.
   */
  trino: LocalTrino | undefined;
  /**
   * true where this `up()` started the service (false: reused, or external). `trino` is present
   * only when this `up()` was asked for it, so `down({ only: env.started })` leaves any other alone.
   */
  started: { kafka: boolean; s3: boolean; trino?: boolean; kafkaScram?: boolean };
}

/** One service as `status()` sees it. */
export interface ServiceStatus {
  /** local: run by this module; external: `KAFKA_BROKERS`/`S3_ENDPOINT`/`TRINO_URL` given; aws: real S3. */
  mode: 'local' | 'external' | 'aws';
  /** Brokers (comma-separated), S3 endpoint or Trino URL. */
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
  kafkaScram: ServiceStatus;
  s3: ServiceStatus;
  trino: ServiceStatus;
}
