/**
 * The local Kafka broker and S3 server (and, on request, Trino) from the command line:
 *
 *   npm run local:up       start what is not running (reuses what runs); processes stay up
 *   npm run local:up -- --with trino   also Trino (Athena's engine, ~450 MB fetched on first use)
 *   npm run local:up -- --with kafkaScram   also the SASL_SSL broker of the EC2 boot script
 *   npm run local:status   what runs: pids, ports, data and log locations   (--json for JSON)
 *   npm run local:down     stop them all (data stays in .local/); `-- --only trino`: only Trino
 *   npx tsx local/cli/infra.ts fetch [--trino]   only fetch the jars (CI does this before the tests);
 *                                                --trino: the Trino server too
 *
 * Settings are environment variables, listed in local/infra/config.ts.
 */
import {
  DEFAULT_SERVICES,
  down,
  fetchJars,
  LocalInfraError,
  type Service,
  type ServiceStatus,
  status,
  up,
} from '../infra';

const USAGE =
  'usage: tsx local/cli/infra.ts <up [--with trino,kafkaScram] | down [--only <services>] | status [--json] | fetch [--trino]>';
const log = (line: string) => console.log(line);
const SERVICES: readonly Service[] = ['kafka', 'kafkaScram', 's3', 'trino'];

/**
 * The comma-separated service names after `option` (`--with trino`, `--with=trino`); undefined
 * when a name is not one of `allowed`.
 */
function namesAfter(
  flags: readonly string[],
  option: string,
  allowed: readonly Service[],
): Service[] | undefined {
  const named: string[] = [];
  for (const [i, flag] of flags.entries()) {
    if (flag === option) named.push(...(flags[i + 1] ?? '').split(','));
    else if (flag.startsWith(`${option}=`)) named.push(...flag.slice(option.length + 1).split(','));
  }
  const names = named.map((n) => n.trim()).filter((n) => n !== '');
  return names.every((n) => (allowed as readonly string[]).includes(n)) ? (names as Service[]) : undefined;
}

function usage(detail: string): number {
  console.error(`${USAGE}\n${detail}`);
  return 2;
}

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
      const optional = SERVICES.filter((name) => !DEFAULT_SERVICES.includes(name));
      const extra = namesAfter(flags, '--with', optional);
      if (extra === undefined) return usage(`--with takes: ${optional.join(', ')}`);
      const env = await up({ log, services: [...DEFAULT_SERVICES, ...extra] });
      log(`Kafka brokers: ${env.kafkaBrokers.join(',')}`);
      log(`S3: ${env.s3.endpoint ?? `AWS (${env.s3.region})`}, bucket ${env.s3.bucket}`);
      if (env.kafkaScram) {
        log(
          `SASL_SSL Kafka brokers: ${env.kafkaScram.brokers.join(',')} (SCRAM-SHA-512 credentials and CA in .local/kafka-scram/)`,
        );
      }
      if (env.trino) log(`Trino: ${env.trino.url}, catalog awsdatacatalog`);
      return 0;
    }
    case 'down': {
      const only = namesAfter(flags, '--only', SERVICES);
      if (only === undefined) return usage(`--only takes: ${SERVICES.join(', ')}`);
      const picked = {
        kafka: only.includes('kafka'),
        kafkaScram: only.includes('kafkaScram'),
        s3: only.includes('s3'),
        trino: only.includes('trino'),
      };
      await down({ log, ...(only.length > 0 ? { only: picked } : {}) });
      return 0;
    }
    case 'status': {
      const s = await status();
      if (flags.includes('--json')) log(JSON.stringify(s, null, 2));
      else {
        const services = SERVICES.map((name) => describe(name, s[name]));
        log([...services, `state file: ${s.stateFile}`].join('\n'));
      }
      return 0;
    }
    case 'fetch': {
      const dirs = await fetchJars({ log, trino: flags.includes('--trino') });
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
