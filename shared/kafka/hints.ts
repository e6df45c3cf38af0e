import type { KafkaAuthMode } from './types';

/**
 * What to do about a failure to reach or log in to Kafka, from the error's own words: each case a
 * user meets when pointing a client at a TLS/SCRAM broker (the self-managed and EC2 modes). The
 * wording of kafkajs and Node's TLS stack is matched, so an unknown failure yields no hint rather
 * than a wrong one.
 */
const HINTS: readonly { readonly match: RegExp; readonly hint: (auth: KafkaAuthMode) => string }[] = [
  {
    match: /SASL SCRAM SHA512 authentication failed|invalid credentials with SASL mechanism/i,
    hint: () =>
      'the broker refused the SCRAM-SHA-512 username or password: the secret must hold the credentials the broker has (after changing the secret, set them on the broker; docs/deploy.md, "Rotate the password")',
  },
  {
    match:
      /self[- ]signed certificate|unable to (get local issuer|verify the first) certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN/i,
    hint: () =>
      'the broker\'s certificate is not signed by a CA this client trusts: set KAFKA_ROOT_CA_SECRET_ARN to the secret holding the broker\'s CA as {"certificate":"<PEM>"}',
  },
  {
    match: /Hostname\/IP does not match certificate|ERR_TLS_CERT_ALTNAME_INVALID|altnames/i,
    hint: () =>
      "the broker's certificate does not name the address dialled: clients must use the broker's advertised address, and the certificate must carry it as a subject alternative name",
  },
  {
    match: /ENOTFOUND|EAI_AGAIN|getaddrinfo/i,
    hint: () =>
      'a broker address does not resolve: check KAFKA_BROKERS, and the advertised.listeners the brokers hand out after the first connection',
  },
  {
    match: /Connection (closed|error)|Closed connection|ECONNRESET|socket hang up|Request .* timed out/i,
    hint: (auth) =>
      auth === 'plaintext'
        ? 'the broker dropped a plaintext connection: if this port is a TLS (SASL_SSL) listener, set KAFKA_AUTH=scram'
        : 'the connection was dropped or timed out: check that the port is open to this client and is the listener of this auth mode',
  },
];

/**
 * A sentence telling the user what to check, or undefined when the failure is not recognised.
 *
 * @example
 * connectionHint('SASL SCRAM SHA512 authentication failed: ...', 'scram'); // 'the broker refused ...'
 */
export function connectionHint(message: string, auth: KafkaAuthMode): string | undefined {
  return HINTS.find(({ match }) => match.test(message))?.hint(auth);
}
