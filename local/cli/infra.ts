/**
 * The local Kafka broker and S3 server from the command line:
 *
 *   npm run local:up       start what is not running (reuses what runs); processes stay up
 *   npm run local:status   what runs: pids, ports, data and log locations   (--json for JSON)
 *   npm run local:down     stop both (data stays in .local/)
 *   npx tsx local/cli/infra.ts fetch   only fetch the jars (CI does this before the tests)
 *
 * Settings are environment variables, listed in local/infra/config.ts.
 */
import { down, fetchJars, LocalInfraError, type ServiceStatus, status, up } from '../infra';

const USAGE = 'usage: tsx local/cli/infra.ts <up|down|status|fetch> [--json]';
const log = (line: string) => console.log(line);

function describe(name: string, s: ServiceStatus): string {
  const state =
    s.mode === 'aws'
      ? 'real AWS (not probed)'
      : s.mode === 'external'
        ? `external, ${s.answering ? 'answering' : 'NOT answering'}`
        : s.running
          ? `running, pid ${s.pid}, ${s.answering ? 'answering' : 'NOT answering'}`
          : 'stopped';
  const lines = [`${name}: ${state}`, `  address  ${s.address}`];
  if (s.version) lines.push(`  version  ${s.version}`);
  if (s.ports) {
    lines.push(
      `  ports    ${Object.entries(s.ports)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  if (s.dataDir) lines.push(`  data     ${s.dataDir}`);
  if (s.logFile) lines.push(`  log      ${s.logFile}`);
  if (s.startedAt) lines.push(`  started  ${s.startedAt}${s.readyMs ? ` (ready in ${s.readyMs} ms)` : ''}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  // The SDK's Node 20 end-of-support notice is noise here: the CLI only probes loopback servers.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [command, ...flags] = argv;
  switch (command) {
    case 'up': {
      const env = await up({ log });
      log(`Kafka brokers: ${env.kafkaBrokers.join(',')}`);
      log(`S3: ${env.s3.endpoint ?? `AWS (${env.s3.region})`}, bucket ${env.s3.bucket}`);
      return 0;
    }
    case 'down':
      await down({ log });
      return 0;
    case 'status': {
      const s = await status();
      if (flags.includes('--json')) log(JSON.stringify(s, null, 2));
      else log([describe('kafka', s.kafka), describe('s3', s.s3), `state file: ${s.stateFile}`].join('\n'));
      return 0;
    }
    case 'fetch': {
      const dirs = await fetchJars({ log });
      for (const dir of dirs) log(`jars: ${dir}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Our errors carry a message meant for the user; anything else gets its stack.
    console.error(error instanceof LocalInfraError ? `error: ${error.message}` : error);
    process.exitCode = 1;
  },
);
