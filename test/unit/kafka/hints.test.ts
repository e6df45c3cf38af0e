import { describe, expect, it } from 'vitest';
import { connectionHint } from '../../../shared/kafka';

// The messages as kafkajs and Node's TLS stack word them; those marked "seen" were printed by the
// stack tests against the boot script's broker (test/stack/ec2-broker.test.ts).
describe('connectionHint', () => {
  it.each([
    [
      'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
      'scram',
      'the broker refused the SCRAM-SHA-512 username or password',
    ],
    ['self-signed certificate in certificate chain', 'scram', 'set KAFKA_ROOT_CA_SECRET_ARN'],
    ['unable to verify the first certificate', 'scram', 'set KAFKA_ROOT_CA_SECRET_ARN'],
    [
      "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: IP Address:127.0.0.1",
      'scram',
      'does not name the address dialled',
    ],
    ['getaddrinfo ENOTFOUND kafka.broker.invalid', 'scram', 'a broker address does not resolve'],
    ['Closed connection', 'plaintext', 'set KAFKA_AUTH=scram'],
    ['Connection error: read ECONNRESET', 'scram', 'the connection was dropped or timed out'],
  ] as const)('%s (%s): %s', (message, auth, hint) => {
    expect(connectionHint(message, auth)).toContain(hint);
  });

  it('gives no hint for a failure it does not recognise', () => {
    expect(connectionHint('This server does not host this topic-partition', 'scram')).toBeUndefined();
  });
});
