/**
 * `up`, `down`, `status` and `fetchJars` for any list of drivers (driver.ts), one code path for all
 * services. Everything that changes the state file runs under the lock of `localDir`, so a CLI and
 * a test run never start the same service twice.
 */
import type { InfraConfig } from './config';
import type { Elsewhere, LocalSettings, Log, ServiceDriver } from './driver';
import { ensureJars } from './jars';
import { seconds } from './launch';
import { checkJava } from './prereqs';
import { assertPortFree, findProcesses, isOurProcess, stopProcess } from './proc';
import { type InfraState, readState, type ServiceRecord, withLock, writeState } from './state';
import type { ServiceStatus } from './types';

/** How long a graceful stop may take before SIGKILL (Kafka's controlled shutdown takes a few seconds). */
const STOP_TIMEOUT_MS = 30_000;
/** How long `up`/`down` wait for another one holding the lock (a first jar fetch can be slow). */
const LOCK_TIMEOUT_MS = 15 * 60_000;

/** The prerequisites and the jar fetch, replaceable in tests so that fake drivers need no Java. */
export interface Tools {
  checkJava: (java: string) => Promise<string>;
  ensureJars: (localDir: string, jars: string, version: string, log: Log) => Promise<string>;
}

const REAL_TOOLS: Tools = { checkJava, ensureJars };

interface Local {
  driver: ServiceDriver;
  settings: LocalSettings;
}

/** Splits the drivers into those this module runs (with their settings) and those it does not. */
function resolveAll(drivers: readonly ServiceDriver[], config: InfraConfig) {
  const local: Local[] = [];
  const elsewhere: { driver: ServiceDriver; where: Elsewhere }[] = [];
  for (const driver of drivers) {
    const resolved = driver.resolve(config);
    if (resolved.mode === 'local') local.push({ driver, settings: resolved.settings });
    else elsewhere.push({ driver, where: resolved });
  }
  return { local, elsewhere };
}

/** Serialises writes of the state file (the services start concurrently). */
function stateWriter(localDir: string, state: InfraState): () => Promise<void> {
  let chain = Promise.resolve();
  return () => {
    chain = chain.then(() => writeState(localDir, state));
    return chain;
  };
}

function sameEntries(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** True when the record was started with exactly these settings. */
function startedWith(record: ServiceRecord, settings: LocalSettings): boolean {
  return (
    record.version === settings.version &&
    sameEntries(record.ports, settings.ports) &&
    sameEntries(record.options, settings.options)
  );
}

/**
 * True when the recorded process runs with these settings and answers. A live process gets three
 * chances to answer before it is declared deaf and replaced: on a loaded two-core machine one slow
 * answer must not cost every other user their broker.
 */
async function reusable({ driver, settings }: Local, state: InfraState, localDir: string): Promise<boolean> {
  const record = state[driver.name];
  if (record === undefined || !startedWith(record, settings)) return false;
  if (!isOurProcess(record.pid, driver.marker(localDir))) return false;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await driver.probe(settings, 5000)) return true;
  }
  return false;
}

/**
 * Stops a service's recorded process and any leftover carrying its marker, then runs the driver's
 * clean-up and forgets the record. True when there was something to stop.
 */
async function stopService(driver: ServiceDriver, localDir: string, state: InfraState, log: Log) {
  const marker = driver.marker(localDir);
  const recorded = state[driver.name]?.pid;
  const pids = new Set(findProcesses(marker));
  if (recorded !== undefined && isOurProcess(recorded, marker)) pids.add(recorded);
  await Promise.all(
    [...pids].map(async (pid) => {
      const how = await stopProcess(pid, STOP_TIMEOUT_MS);
      log(
        `${driver.name}: pid ${pid} ${how === 'killed' ? 'did not stop in time and was killed' : 'stopped'}`,
      );
    }),
  );
  await driver.afterStop?.(localDir);
  delete state[driver.name];
  return pids.size > 0;
}

/** What one `up` works with while it holds the lock. */
interface Run {
  config: InfraConfig;
  state: InfraState;
  save: () => Promise<void>;
  log: Log;
  /** By service name: whether this `up` spawned it. */
  started: Record<string, boolean>;
}

/** Starts one service, recording it as soon as its process exists and again once it is ready. */
async function startOne(run: Run, { driver, settings }: Local, javaVersion: string, jarsDir: string) {
  const { config, state, save, log } = run;
  const { dataDir, logFile } = driver.paths(config.localDir);
  const where = driver.address(settings);
  log(`${driver.name}: starting ${driver.product} ${settings.version} on ${where} (log ${logFile})`);
  const { readyMs, detail = '' } = await driver.start(settings, {
    localDir: config.localDir,
    java: config.java,
    javaVersion,
    jarsDir,
    timeoutMs: config.startTimeoutMs,
    log,
    onSpawn: async (pid) => {
      run.started[driver.name] = true;
      const { version, ports, options } = settings;
      const startedAt = new Date().toISOString();
      state[driver.name] = { pid, version, ports, options, dataDir, logFile, startedAt };
      await save();
    },
  });
  const record = state[driver.name];
  if (record) record.readyMs = readyMs;
  await save();
  log(`${driver.name}: ready in ${seconds(readyMs)} (pid ${record?.pid})${detail}`);
}

/**
 * Starts the `needed` services concurrently after the checks that must not run concurrently: one
 * Maven at a time (its local repository is not safe for concurrent writers), then the ports. If any
 * start fails, what this call started is stopped again (a reused service stays) and the first
 * error is thrown.
 */
async function startAll(run: Run, needed: readonly Local[], tools: Tools): Promise<void> {
  const { config, log } = run;
  const javaVersion = await tools.checkJava(config.java);
  // Leftovers: a recorded process that is dead, deaf or differently configured, or an orphan.
  for (const { driver } of needed) {
    if (await stopService(driver, config.localDir, run.state, log)) {
      log(`${driver.name}: cleaned up a stale ${driver.product}`);
    }
  }
  await run.save();

  const jarsDirs: string[] = [];
  for (const { driver, settings } of needed) {
    const { jars } = driver;
    jarsDirs.push(
      jars === undefined ? '' : await tools.ensureJars(config.localDir, jars, settings.version, log),
    );
  }
  for (const { driver, settings } of needed) {
    for (const [key, port] of Object.entries(settings.ports)) {
      // The driver's type gives every port of its settings a spec.
      const { label, variable } = driver.ports[key]!;
      await assertPortFree(port, label, variable);
    }
  }

  const results = await Promise.allSettled(
    needed.map((service, i) => startOne(run, service, javaVersion, jarsDirs[i] ?? '')),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length === 0) return;
  for (const { driver } of needed) {
    if (run.started[driver.name]) await stopService(driver, config.localDir, run.state, log);
  }
  await run.save();
  for (const extra of failures.slice(1)) log(`also failed: ${String(extra.reason)}`);
  throw failures[0]?.reason;
}

/**
 * Starts the local services that are wanted and not already running (a recorded process with the
 * same settings that answers is reused; a dead, deaf or differently configured one is replaced),
 * and returns which of them this call started. Services resolved as external or AWS are only
 * logged.
 */
export async function startServices<D extends ServiceDriver>(
  drivers: readonly D[],
  config: InfraConfig,
  options: { log: Log; wanted?: readonly string[] | undefined },
  tools: Tools = REAL_TOOLS,
): Promise<Record<D['name'], boolean>> {
  const { log } = options;
  const started: Record<string, boolean> = Object.fromEntries(drivers.map((d) => [d.name, false]));
  const { local, elsewhere } = resolveAll(drivers, config);
  for (const { driver, where } of elsewhere) log(`${driver.name}: using ${where.using}, starting nothing`);

  if (local.length > 0) {
    const { localDir } = config;
    await withLock(localDir, LOCK_TIMEOUT_MS, async () => {
      const state = readState(localDir);
      const reuse = await Promise.all(local.map((service) => reusable(service, state, localDir)));
      for (const [i, { driver, settings }] of local.entries()) {
        if (!reuse[i]) continue;
        log(`${driver.name}: reusing pid ${state[driver.name]?.pid} on ${driver.address(settings)}`);
      }
      const wanted = (name: string) => options.wanted?.includes(name) ?? true;
      const needed = local.filter(({ driver }, i) => !reuse[i] && wanted(driver.name));
      if (needed.length === 0) return;
      await startAll({ config, state, save: stateWriter(localDir, state), log, started }, needed, tools);
    });
  }
  return started as Record<D['name'], boolean>;
}

/**
 * Stops the services of `drivers` (SIGTERM, then SIGKILL after 30 s), or only those `only` marks.
 * Data and logs stay on disk.
 */
export async function stopServices(
  drivers: readonly ServiceDriver[],
  localDir: string,
  options: { only?: Readonly<Record<string, boolean>> | undefined; log: Log },
): Promise<void> {
  const { only, log } = options;
  const chosen = drivers.filter((driver) => only === undefined || only[driver.name]);
  if (chosen.length === 0) return;
  await withLock(localDir, LOCK_TIMEOUT_MS, async () => {
    const state = readState(localDir);
    const stopped = await Promise.all(chosen.map((driver) => stopService(driver, localDir, state, log)));
    for (const [i, driver] of chosen.entries()) if (!stopped[i]) log(`${driver.name}: not running`);
    await writeState(localDir, state);
  });
}

/** One service as `status()` shows it: the recorded process if any, else the configured settings. */
async function statusOf(
  driver: ServiceDriver,
  config: InfraConfig,
  state: InfraState,
): Promise<ServiceStatus> {
  const resolved = driver.resolve(config);
  if (resolved.mode !== 'local') {
    const { mode, address, probe } = resolved;
    return { mode, address, running: false, answering: probe ? await probe(3000) : undefined };
  }
  const { localDir } = config;
  const record = state[driver.name];
  const configured = resolved.settings;
  const settings: LocalSettings = record
    ? {
        version: record.version,
        ports: { ...configured.ports, ...record.ports },
        options: { ...configured.options, ...record.options },
      }
    : configured;
  const running = record !== undefined && isOurProcess(record.pid, driver.marker(localDir));
  const { dataDir, logFile } = driver.paths(localDir);
  return {
    mode: 'local',
    address: driver.address(settings),
    running,
    answering: running ? await driver.probe(settings, 3000) : false,
    ...(running && record ? { pid: record.pid, startedAt: record.startedAt, readyMs: record.readyMs } : {}),
    version: settings.version,
    ports: { ...settings.ports },
    dataDir,
    logFile,
  };
}

/** What runs, service by service, and whether each answers now. */
export async function serviceStatuses<D extends ServiceDriver>(
  drivers: readonly D[],
  config: InfraConfig,
): Promise<Record<D['name'], ServiceStatus>> {
  const state = readState(config.localDir);
  const statuses = await Promise.all(drivers.map((driver) => statusOf(driver, config, state)));
  return Object.fromEntries(drivers.map((d, i) => [d.name, statuses[i]])) as Record<D['name'], ServiceStatus>;
}

/** Fetches the jars of the local services, one Maven at a time; returns their folders. */
export async function fetchServiceJars(
  drivers: readonly ServiceDriver[],
  config: InfraConfig,
  log: Log,
  tools: Tools = REAL_TOOLS,
): Promise<string[]> {
  const { local } = resolveAll(drivers, config);
  const dirs: string[] = [];
  await withLock(config.localDir, LOCK_TIMEOUT_MS, async () => {
    for (const { driver, settings } of local) {
      if (driver.jars) dirs.push(await tools.ensureJars(config.localDir, driver.jars, settings.version, log));
    }
  });
  return dirs;
}
