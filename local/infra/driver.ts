/**
 * What a service must tell the generic lifecycle (lifecycle.ts) so that `up`, `down`, `status` and
 * `fetchJars` can run it without knowing what it is. Kafka (kafka.ts) and S3Mock (s3mock.ts) are
 * drivers; index.ts lists them. The lifecycle does everything else the same way for all of them:
 * reuse of a recorded process that still answers, clean-up of stale ones, one Maven fetch at a time,
 * port checks, concurrent starts, rollback of a failed `up`, and the state file.
 *
 * A new service (a Trino coordinator, a SASL_SSL broker next to the plaintext one) is one more
 * driver in this shape, plus its settings in config.ts, its pom in maven/ and its entry in
 * index.ts's list:
 *
 * @example
 * type TrinoSettings = LocalSettings<'http', 'catalog'>;
 *
 * export const trinoDriver: ServiceDriver<TrinoSettings, 'trino'> = {
 *   name: 'trino',
 *   product: 'Trino',
 *   resolve: ({ trino }) =>
 *     trino.mode === 'local'
 *       ? { mode: 'local', settings: { version: trino.version, ports: { http: trino.port }, options: { catalog: 'ticks' } } }
 *       : { mode: 'external', address: trino.url, using: `${trino.url} (TRINO_URL)`, probe: (ms) => probeTrino(trino.url, ms) },
 *   marker: (localDir) => `-Dlocal.infra=trino@${localDir}`,
 *   paths: (localDir) => ({ dataDir: path.join(localDir, 'trino', 'data'), logFile: path.join(localDir, 'trino', 'trino.log') }),
 *   ports: { http: { label: 'Trino', variable: 'LOCAL_TRINO_PORT' } },
 *   address: (s) => `http://127.0.0.1:${s.ports.http}`,
 *   probe: (s, ms) => probeTrino(`http://127.0.0.1:${s.ports.http}`, ms),
 *   // no `jars`: a service with its own install (Trino's 450 MB server) fetches it in start()
 *   start: async (s, context) => {
 *     const { readyMs } = await launchUntilReady({ product: 'Trino', command: context.java, args: trinoArgs(s, context), ... });
 *     return { readyMs };
 *   },
 * };
 */
import type { InfraConfig } from './config';

export type Log = (line: string) => void;

/**
 * What a local service is started with. All of it is recorded in the state file, and a recorded
 * process is reused only when its version, ports and options all equal the configured ones (else
 * it is stopped and started afresh with the new settings).
 */
export interface LocalSettings<Port extends string = string, Option extends string = string> {
  version: string;
  /** TCP ports on 127.0.0.1 by name; `status()` shows them under these names. */
  ports: Record<Port, number>;
  /** Further settings the process is started with (S3Mock's bucket and region, say). */
  options: Record<Option, string>;
}

/** What to tell the user when a port is taken. */
export interface PortSpec {
  /** "needed by the local <label>" */
  label: string;
  /** The environment variable that moves the port. */
  variable: string;
}

/** A service this module does not run: given by the user (`external`) or real AWS (`aws`). */
export interface Elsewhere {
  mode: 'external' | 'aws';
  /** Where it is, for `status()`. */
  address: string;
  /** For `up()`'s log line "<name>: using <using>, starting nothing". */
  using: string;
  /** Whether it answers now; absent for what is not probed (real AWS). */
  probe?: (timeoutMs: number) => Promise<boolean>;
}

/** What a driver gets to start its service. */
export interface StartContext {
  localDir: string;
  /** The `java` executable (JAVA_HOME or PATH), checked to be 17 or newer. */
  java: string;
  /** Its version, e.g. `17.0.15`. */
  javaVersion: string;
  /** The folder of the jars the driver declared (empty when it declares none). */
  jarsDir: string;
  timeoutMs: number;
  log: Log;
  /**
   * To be awaited as soon as the process exists, before waiting for it to answer: the lifecycle
   * records the pid then, so that a failure or a crash of the caller still leaves it findable.
   */
  onSpawn: (pid: number) => Promise<void>;
}

export interface Started {
  /** From spawning the process to its first answer. */
  readyMs: number;
  /** Appended to the "ready" log line, e.g. `, bucket ticks-local`. */
  detail?: string;
}

/** One service the local infrastructure can run; see the example at the top of this file. */
export interface ServiceDriver<S extends LocalSettings = LocalSettings, Name extends string = string> {
  /** Its key in `up({ services })`, `LocalEnv.started`, `status()`, the state file and log lines. */
  readonly name: Name;
  /** What messages call it: "starting <product> 4.1.2", "The local <product> exited...". */
  readonly product: string;
  /** Its settings when this module runs it, or where it is when it does not. */
  resolve(config: InfraConfig): { mode: 'local'; settings: S } | Elsewhere;
  /** A string on its command line by which a later run recognises the process (pids get reused). */
  marker(localDir: string): string;
  paths(localDir: string): { dataDir: string; logFile: string };
  /** One entry per port in the settings. */
  readonly ports: { readonly [P in keyof S['ports']]: PortSpec };
  /** Where clients reach it, for log lines and `status()`. */
  address(settings: S): string;
  /** True when a server with these settings answers a real request within the timeout. */
  probe(settings: S, timeoutMs: number): Promise<boolean>;
  /** The pom (`maven/<jars>.pom.xml`) that fetches its jars for `settings.version`, if it needs any. */
  readonly jars?: string;
  /** Starts it detached, calls `context.onSpawn` with the pid, and resolves once it answers. */
  start(settings: S, context: StartContext): Promise<Started>;
  /** Clean-up after its process was stopped, e.g. lock files a killed process leaves behind. */
  afterStop?(localDir: string): Promise<void>;
}
