/**
 * The event a Kafka event source mapping sends to Lambda. MSK sends `aws:kafka` with the cluster
 * ARN; self-managed Kafka sends `SelfManagedKafka` without it. Records are keyed
 * `<topic>-<partition>` and shaped the same in both.
 */
export const ESM_EVENT_SOURCES = ['aws:kafka', 'SelfManagedKafka'] as const;
export type EsmEventSource = (typeof ESM_EVENT_SOURCES)[number];

export interface EsmRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Epoch ms. */
  readonly timestamp: number;
  readonly timestampType: 'CREATE_TIME' | 'LOG_APPEND_TIME' | string;
  /** Base64; absent for a null key. */
  readonly key?: string | null;
  /** Base64; absent for a null value (a tombstone). */
  readonly value?: string | null;
  /** Each header an object of one name whose value is the header's bytes. */
  readonly headers?: ReadonlyArray<Readonly<Record<string, readonly number[]>>>;
}

export interface EsmEvent {
  readonly eventSource: EsmEventSource;
  readonly eventSourceArn?: string;
  readonly bootstrapServers: string;
  readonly records: Readonly<Record<string, readonly EsmRecord[]>>;
}
