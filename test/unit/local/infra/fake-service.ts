/**
 * A stand-in for a JVM service in unit tests: a node process that answers "ok" to every TCP
 * connection on its port, and a driver that runs it. Real processes, so that the lifecycle's
 * process, marker and port handling is exercised as it is with Kafka and S3Mock, in milliseconds.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { Elsewhere, LocalSettings, ServiceDriver, StartContext } from '../../../../local/infra/driver';
import { launchUntilReady } from '../../../../local/infra/launch';

export type FakeSettings = LocalSettings<'main', 'flavour'>;

/** Node code: answer "ok" on 127.0.0.1:<argv[1]>; the marker rides along as argv[2]. */
export const SERVER = `require('node:net').createServer((s) => s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1');`;

/** True when something on the port answers within the timeout (a stopped process accepts, but says nothing). */
export function answers(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** SIGKILLs every process whose command line names `localDir` (what a failed test leaves behind). */
export function killAll(localDir: string): void {
  const listing = spawnSync('ps', ['-eww', '-o', 'pid=,args='], { encoding: 'utf8' }).stdout;
  for (const line of listing.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match?.[2]?.includes(`-Dlocal.infra=`) && match[2].includes(`@${localDir}`)) {
      try {
        process.kill(Number(match[1]), 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

export interface FakeOptions {
  version?: string;
  /** The process exits with code 3 at once instead of answering. */
  crash?: boolean;
  /** Declares a jar set named after the service. */
  jars?: boolean;
  /** Resolve to a service this module does not run. */
  elsewhere?: Elsewhere;
  /** Sees every start's context. */
  onStart?: (context: StartContext) => void;
}

/** A driver for a fake service `name` on `port`. */
export function fakeDriver(
  name: string,
  port: number,
  options: FakeOptions = {},
): ServiceDriver<FakeSettings> {
  const marker = (localDir: string) => `-Dlocal.infra=${name}@${localDir}`;
  const product = `fake ${name}`;
  return {
    name,
    product,
    resolve: () =>
      options.elsewhere ?? {
        mode: 'local',
        settings: {
          version: options.version ?? '1.0.0',
          ports: { main: port },
          options: { flavour: 'plain' },
        },
      },
    marker,
    paths: (localDir) => ({
      dataDir: path.join(localDir, name),
      logFile: path.join(localDir, `${name}.log`),
    }),
    ports: { main: { label: product, variable: `FAKE_${name.toUpperCase()}_PORT` } },
    address: (settings) => `127.0.0.1:${settings.ports.main}`,
    probe: (settings, timeoutMs) => answers(settings.ports.main, Math.min(timeoutMs, 300)),
    ...(options.jars ? { jars: name } : {}),
    start: async (settings, context) => {
      options.onStart?.(context);
      const code = options.crash ? 'process.exit(3)' : SERVER;
      const { readyMs } = await launchUntilReady({
        product,
        command: process.execPath,
        args: ['-e', code, String(settings.ports.main), marker(context.localDir)],
        logFile: path.join(context.localDir, `${name}.log`),
        cwd: context.localDir,
        timeoutMs: context.timeoutMs,
        probe: (timeoutMs) => answers(settings.ports.main, timeoutMs),
        onSpawn: context.onSpawn,
      });
      return { readyMs, detail: ', as faked' };
    },
  };
}
