/**
 * A stand-in for an AWS SDK v3 client: records every command `send` gets and answers with
 * `respond`. Pass the client type the code under test expects, e.g.
 * `fakeAwsClient<Pick<KafkaClient, 'send'>>(() => ({ BootstrapBrokerString: 'b:9092' }))`.
 */
export function fakeAwsClient<C>(respond: (command: unknown) => unknown) {
  const commands: unknown[] = [];
  const client = {
    async send(command: unknown) {
      commands.push(command);
      return respond(command);
    },
  };
  return { client: client as unknown as C, commands };
}

/** A client whose `send` must never be called. */
export function unusedAwsClient<C>(): C {
  return fakeAwsClient<C>(() => {
    throw new Error('this AWS client must not be used');
  }).client;
}
