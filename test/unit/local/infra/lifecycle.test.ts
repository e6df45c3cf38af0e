import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readInfraConfig } from '../../../../local/infra/config';
import type { StartContext } from '../../../../local/infra/driver';
import {
  fetchServiceJars,
  serviceStatuses,
  startServices,
  stopServices,
  type Tools,
} from '../../../../local/infra/lifecycle';
import { isAlive } from '../../../../local/infra/proc';
import { readState, stateFile } from '../../../../local/infra/state';
import { fakeDriver, freePort, killAll } from './fake-service';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) killAll(dir);
});

/** A fresh local directory, its configuration, a log to read and tools that need no Java or Maven. */
async function setup() {
  const localDir = await mkdtemp(path.join(os.tmpdir(), 'infra-lifecycle-'));
  dirs.push(localDir);
  const lines: string[] = [];
  const fetched: string[] = [];
  const tools: Tools = {
    checkJava: async () => '17.0.15',
    ensureJars: async (dir, jars, version) => {
      fetched.push(`${jars} ${version}`);
      return path.join(dir, 'jars', `${jars}-${version}`);
    },
  };
  return {
    localDir,
    config: readInfraConfig({ LOCAL_DIR: localDir }),
    log: (line: string) => lines.push(line),
    lines,
    fetched,
    tools,
  };
}

describe('startServices', () => {
  it('starts every local service, records it, and reports what it started', async () => {
    // Prepare
    const { config, localDir, log, lines, tools } = await setup();
    const [portA, portB] = [await freePort(), await freePort()];
    const drivers = [fakeDriver('alpha', portA), fakeDriver('beta', portB)];

    // Act
    const started = await startServices(drivers, config, { log }, tools);

    // Assess
    expect(started).toEqual({ alpha: true, beta: true });
    const state = readState(localDir);
    expect(state.alpha).toMatchObject({
      version: '1.0.0',
      ports: { main: portA },
      options: { flavour: 'plain' },
      logFile: path.join(localDir, 'alpha.log'),
      readyMs: expect.any(Number),
    });
    expect(isAlive(state.alpha!.pid) && isAlive(state.beta!.pid)).toBe(true);
    expect(lines).toContain(
      `alpha: starting fake alpha 1.0.0 on 127.0.0.1:${portA} (log ${path.join(localDir, 'alpha.log')})`,
    );
    expect(lines).toContainEqual(expect.stringMatching(/^beta: ready in \d+\.\d s \(pid \d+\), as faked$/));
  });

  it('reuses a recorded service that answers with the same settings', async () => {
    // Prepare
    const { config, localDir, log, lines, tools } = await setup();
    const port = await freePort();
    await startServices([fakeDriver('alpha', port)], config, { log }, tools);
    const { pid } = readState(localDir).alpha!;

    // Act
    const started = await startServices([fakeDriver('alpha', port)], config, { log }, tools);

    // Assess
    expect(started).toEqual({ alpha: false });
    expect(lines).toContain(`alpha: reusing pid ${pid} on 127.0.0.1:${port}`);
    expect(readState(localDir).alpha?.pid).toBe(pid);
  });

  it.each([
    ['started with other settings', { version: '2.0.0' }, () => {}],
    ['alive but deaf', {}, (pid: number) => process.kill(pid, 'SIGSTOP')],
  ])('replaces a recorded service that is %s', async (_, options, harm) => {
    // Prepare
    const { config, localDir, log, lines, tools } = await setup();
    const port = await freePort();
    await startServices([fakeDriver('alpha', port)], config, { log }, tools);
    const old = readState(localDir).alpha!.pid;
    harm(old);

    // Act
    const started = await startServices([fakeDriver('alpha', port, options)], config, { log }, tools);

    // Assess
    expect(started).toEqual({ alpha: true });
    expect(isAlive(old)).toBe(false);
    expect(lines).toContain(`alpha: pid ${old} stopped`);
    expect(lines).toContain('alpha: cleaned up a stale fake alpha');
    expect(readState(localDir).alpha?.pid).not.toBe(old);
  });

  it('finds and replaces a running process the state file does not record (e.g. an older format)', async () => {
    // Prepare
    const { config, localDir, log, lines, tools } = await setup();
    const port = await freePort();
    await startServices([fakeDriver('alpha', port)], config, { log }, tools);
    const orphan = readState(localDir).alpha!.pid;
    await writeFile(stateFile(localDir), JSON.stringify({ alpha: { pid: orphan, port } }));

    // Act
    const started = await startServices([fakeDriver('alpha', port)], config, { log }, tools);

    // Assess
    expect(started).toEqual({ alpha: true });
    expect(isAlive(orphan)).toBe(false);
    expect(lines).toContain(`alpha: pid ${orphan} stopped`);
  });

  it('starts only the wanted services', async () => {
    // Prepare
    const { config, localDir, log, tools } = await setup();
    const drivers = [fakeDriver('alpha', await freePort()), fakeDriver('beta', await freePort())];

    // Act
    const started = await startServices(drivers, config, { log, wanted: ['beta'] }, tools);

    // Assess
    expect(started).toEqual({ alpha: false, beta: true });
    expect(Object.keys(readState(localDir))).toEqual(['beta']);
  });

  it('only logs services that run elsewhere, and takes no lock for them', async () => {
    // Prepare
    const { config, localDir, log, lines, tools } = await setup();
    const elsewhere = { mode: 'external' as const, address: 'x:1', using: 'x:1 (FAKE_URL)' };

    // Act
    const started = await startServices([fakeDriver('alpha', 1, { elsewhere })], config, { log }, tools);

    // Assess
    expect(started).toEqual({ alpha: false });
    expect(lines).toEqual(['alpha: using x:1 (FAKE_URL), starting nothing']);
    expect(existsSync(stateFile(localDir))).toBe(false);
  });

  it('fetches the jars one at a time before starting, and hands each driver its folder', async () => {
    // Prepare
    const { config, localDir, log, tools } = await setup();
    let active = 0;
    let mostActive = 0;
    const slowFetch: Tools['ensureJars'] = async (...args) => {
      active += 1;
      mostActive = Math.max(mostActive, active);
      await new Promise((resolve) => setTimeout(resolve, 50));
      active -= 1;
      return tools.ensureJars(...args);
    };
    const contexts: StartContext[] = [];
    const onStart = (context: StartContext) => contexts.push(context);
    const drivers = [
      fakeDriver('alpha', await freePort(), { jars: true, onStart }),
      fakeDriver('beta', await freePort(), { jars: true, onStart, version: '2.0.0' }),
      fakeDriver('gamma', await freePort(), { onStart }),
    ];

    // Act
    await startServices(drivers, config, { log }, { ...tools, ensureJars: slowFetch });

    // Assess
    expect(mostActive).toBe(1);
    expect(contexts.map((c) => c.jarsDir).sort()).toEqual([
      '',
      path.join(localDir, 'jars', 'alpha-1.0.0'),
      path.join(localDir, 'jars', 'beta-2.0.0'),
    ]);
    expect(contexts[0]).toMatchObject({ java: 'java', javaVersion: '17.0.15', timeoutMs: 120_000, localDir });
  });

  it('fails before starting anything when a port is taken, naming the variable that moves it', async () => {
    // Prepare
    const { config, localDir, log, tools } = await setup();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const takenPort = (taken.address() as net.AddressInfo).port;
    const drivers = [fakeDriver('alpha', await freePort()), fakeDriver('beta', takenPort)];

    // Act
    const started = startServices(drivers, config, { log }, tools);

    // Assess
    await expect(started).rejects.toThrow(
      `Port 127.0.0.1:${takenPort} needed by the local fake beta is already in use by another program. ` +
        'Stop that program or choose another port with FAKE_BETA_PORT=<port>.',
    );
    taken.close();
    expect(existsSync(stateFile(localDir))).toBe(false);
  });

  it('stops what it started when another start fails, and throws that failure', async () => {
    // Prepare
    const { config, localDir, log, lines, tools } = await setup();
    const drivers = [
      fakeDriver('alpha', await freePort()),
      fakeDriver('beta', await freePort(), { crash: true }),
    ];

    // Act
    const started = startServices(drivers, config, { log }, tools);

    // Assess
    await expect(started).rejects.toThrow(/^The local fake beta exited while starting \(exit code 3\)/);
    const alphaPid = Number(/^alpha: ready in .* \(pid (\d+)\)/m.exec(lines.join('\n'))?.[1]);
    expect(lines).toContain(`alpha: pid ${alphaPid} stopped`);
    expect(isAlive(alphaPid)).toBe(false);
    expect(existsSync(stateFile(localDir))).toBe(false);
  });

  it('checks Java before touching anything', async () => {
    // Prepare
    const { config, log, tools } = await setup();
    const noJava = { ...tools, checkJava: () => Promise.reject(new Error('Java was not found')) };

    // Act
    const started = startServices([fakeDriver('alpha', await freePort())], config, { log }, noJava);

    // Assess
    await expect(started).rejects.toThrow('Java was not found');
  });
});

describe('stopServices', () => {
  it('stops only the services `only` marks, and says which were not running', async () => {
    // Prepare
    const { config, localDir, log, lines, tools } = await setup();
    const drivers = [fakeDriver('alpha', await freePort()), fakeDriver('beta', await freePort())];
    await startServices(drivers, config, { log }, tools);
    const { alpha, beta } = readState(localDir);

    // Act
    await stopServices(drivers, localDir, { only: { alpha: true, beta: false }, log });
    await stopServices(drivers, localDir, { log });

    // Assess
    expect(lines).toContain(`alpha: pid ${alpha!.pid} stopped`);
    expect(lines).toContain('alpha: not running');
    expect(lines).toContain(`beta: pid ${beta!.pid} stopped`);
    expect(lines).not.toContain('beta: not running');
    expect(existsSync(stateFile(localDir))).toBe(false);
  });
});

describe('serviceStatuses', () => {
  it('shows the recorded process, whether it answers, and the configured settings of one not running', async () => {
    // Prepare
    const { config, localDir, log, tools } = await setup();
    const [portA, portB] = [await freePort(), await freePort()];
    await startServices([fakeDriver('alpha', portA)], config, { log }, tools);
    const { pid, startedAt, readyMs } = readState(localDir).alpha!;
    const drivers = [fakeDriver('alpha', portA), fakeDriver('beta', portB)];

    // Act
    const statuses = await serviceStatuses(drivers, config);

    // Assess
    expect(statuses.alpha).toEqual({
      mode: 'local',
      address: `127.0.0.1:${portA}`,
      running: true,
      answering: true,
      pid,
      startedAt,
      readyMs,
      version: '1.0.0',
      ports: { main: portA },
      dataDir: path.join(localDir, 'alpha'),
      logFile: path.join(localDir, 'alpha.log'),
    });
    expect(statuses.beta).toMatchObject({
      mode: 'local',
      running: false,
      answering: false,
      ports: { main: portB },
    });
  });

  it('probes an external service and leaves real AWS unprobed', async () => {
    // Prepare
    const { config } = await setup();
    const external = { mode: 'external' as const, address: 'x:1', using: 'x', probe: async () => true };
    const aws = { mode: 'aws' as const, address: 's3.eu-west-1.amazonaws.com', using: 'AWS' };

    // Act
    const statuses = await serviceStatuses(
      [fakeDriver('alpha', 1, { elsewhere: external }), fakeDriver('beta', 2, { elsewhere: aws })],
      config,
    );

    // Assess
    expect(statuses).toEqual({
      alpha: { mode: 'external', address: 'x:1', running: false, answering: true },
      beta: { mode: 'aws', address: 's3.eu-west-1.amazonaws.com', running: false, answering: undefined },
    });
  });
});

describe('fetchServiceJars', () => {
  it('fetches the jars of the local services that declare some, in order', async () => {
    // Prepare
    const { config, localDir, fetched, log, tools } = await setup();
    const elsewhere = { mode: 'external' as const, address: 'x:1', using: 'x' };
    const drivers = [
      fakeDriver('alpha', 1, { jars: true }),
      fakeDriver('beta', 2),
      fakeDriver('gamma', 3, { jars: true, version: '3.0.0' }),
      fakeDriver('delta', 4, { jars: true, elsewhere }),
    ];

    // Act
    const folders = await fetchServiceJars(drivers, config, log, tools);

    // Assess
    expect(fetched).toEqual(['alpha 1.0.0', 'gamma 3.0.0']);
    expect(folders).toEqual([
      path.join(localDir, 'jars', 'alpha-1.0.0'),
      path.join(localDir, 'jars', 'gamma-3.0.0'),
    ]);
  });
});
