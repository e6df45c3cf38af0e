/** The bucket's fixed layout and the names the framework and the stack give things. */

// Fixed layout of the bucket; the Glue table's location and the sink's IAM follow from it.
export const TICKS_PREFIX = 'ticks/';
export const QUARANTINE_PREFIX = 'quarantine/';
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
/** Seal manifests of compacted days, beside ticks/ (not under it: Athena would read them as ticks). */
export const SEALS_PREFIX = 'seals/';

/** Normalises a name the way the framework builds logical ids (naming.getNormalizedFunctionName). */
const normalizedName = (name: string) =>
  name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
const alphaNumeric = (name: string) => {
  const clean = name.replace(/[^0-9A-Za-z]/g, '');
  return clean.charAt(0).toUpperCase() + clean.slice(1);
};

/**
 * The logical id the framework gives the sink's event source mapping (osls naming.js), so the
 * stack can extend the generated resource.
 *
 * @example mappingLogicalId('msk', 'vpc-2priv-2pub', 'ticks') // 'SinkTicksEventSourceMappingMSKVpc2priv2pubTicks'
 */
export function mappingLogicalId(
  mode: 'msk' | 'self-managed' | 'create',
  clusterToken: string,
  topic: string,
): string {
  if (mode === 'self-managed')
    return `${normalizedName('sinkTicks')}EventSourceMappingKafka${alphaNumeric(topic).slice(0, 158)}`;
  return `${normalizedName('sinkTicks')}EventSourceMappingMSK${alphaNumeric(clusterToken).slice(0, 79)}${alphaNumeric(topic).slice(0, 79)}`;
}

/** `<service>-<stage>`, and the Glue database name derived from it (Glue wants a-z 0-9 _). */
export function stackNames(service: string, stage: string): { baseName: string; glueDatabase: string } {
  const baseName = `${service}-${stage}`;
  return { baseName, glueDatabase: baseName.toLowerCase().replace(/[^a-z0-9_]/g, '_') };
}
