import type { EsmEvent, EsmRecord } from '../../shared/esm';

/** A consumed Kafka message, as kafkajs hands it over (plus its coordinates). */
export interface ConsumedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string | number;
  readonly timestamp: string | number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export type EsmSource =
  | { readonly kind: 'msk'; readonly clusterArn: string }
  | { readonly kind: 'self-managed' };

/**
 * Builds the event Lambda's Kafka event source mapping would send for these messages: records
 * grouped under `<topic>-<partition>`, key and value base64, headers as one-name objects of byte
 * arrays, `aws:kafka` with the cluster ARN for MSK, `SelfManagedKafka` otherwise.
 */
export function buildEsmEvent(
  source: EsmSource,
  bootstrapServers: readonly string[],
  messages: readonly ConsumedMessage[],
): EsmEvent {
  const records: Record<string, EsmRecord[]> = {};
  for (const m of messages) {
    const record: EsmRecord = {
      topic: m.topic,
      partition: m.partition,
      offset: Number(m.offset),
      timestamp: Number(m.timestamp),
      timestampType: 'CREATE_TIME',
      ...(m.key ? { key: m.key.toString('base64') } : {}),
      ...(m.value ? { value: m.value.toString('base64') } : {}),
      headers: headersOf(m.headers),
    };
    const group = `${m.topic}-${m.partition}`;
    const list = records[group] ?? [];
    list.push(record);
    records[group] = list;
  }
  const servers = bootstrapServers.join(',');
  return source.kind === 'msk'
    ? { eventSource: 'aws:kafka', eventSourceArn: source.clusterArn, bootstrapServers: servers, records }
    : { eventSource: 'SelfManagedKafka', bootstrapServers: servers, records };
}

/** The size Lambda counts against its 6 MB invocation payload limit: the event's JSON. */
export function eventBytes(event: EsmEvent): number {
  return Buffer.byteLength(JSON.stringify(event));
}

function headersOf(headers: ConsumedMessage['headers']): Record<string, number[]>[] {
  const out: Record<string, number[]>[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      out.push({ [name]: [...Buffer.from(v)] });
    }
  }
  return out;
}
