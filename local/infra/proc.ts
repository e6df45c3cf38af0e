/** Process and port helpers: detached JVMs that outlive the CLI, found again by pid and marker. */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { open, rename, stat } from 'node:fs/promises';
import net from 'node:net';
import { LocalInfraError } from './errors';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Spawned {
  pid: number;
  /** Settles when the process exits (only observable by the process that spawned it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a process in its own session with stdout and stderr appended to `logFile`, and lets the
 * current process exit without waiting for it. The previous log is kept as `<logFile>.1`.
 */
export async function spawnDetached(
  command: string,
  args: string[],
  logFile: string,
  cwd: string,
): Promise<Spawned> {
  if (existsSync(logFile)) await rename(logFile, `${logFile}.1`);
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', fd, fd] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      // A spawn failure (ENOENT...) emits 'error' and no 'exit'.
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    // Wait for 'spawn' or 'error' so that a missing executable is reported, not a pid of undefined.
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`${command} did not start`);
    return { pid: child.pid, exited };
  } finally {
    closeSync(fd);
  }
}

/** True while a process with this pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name, is the state; Z is a zombie.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

/** The command line of a process, or undefined when it is gone. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      return (
        execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined
      );
    } catch {
      return undefined;
    }
  }
}

/**
 * Whether a command line carries `marker` as a whole argument: `…@/repo/.local` must not match a
 * process of `…@/repo/.local-other`, another checkout's or a test's own folder.
 */
export function carriesMarker(commandLine: string, marker: string): boolean {
  for (let at = commandLine.indexOf(marker); at >= 0; at = commandLine.indexOf(marker, at + 1)) {
    const before = at === 0 ? ' ' : commandLine[at - 1]!;
    const after = commandLine[at + marker.length] ?? ' ';
    if (/\s/.test(before) && /\s/.test(after)) return true;
  }
  return false;
}

/** True when `pid` is alive and its command line carries `marker` (guards against reused pids). */
export function isOurProcess(pid: number, marker: string): boolean {
  const line = isAlive(pid) ? commandLine(pid) : undefined;
  return line !== undefined && carriesMarker(line, marker);
}

/**
 * Pids of live processes whose command line carries `marker`: leftovers of an earlier run that the
 * state file no longer records.
 */
export function findProcesses(marker: string): number[] {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-eww', '-o', 'pid=,args='], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return [];
  }
  return listing
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && carriesMarker(m[2] ?? '', marker))
    .map((m) => Number(m[1]))
    .filter((pid) => pid !== process.pid && isOurProcess(pid, marker));
}

/**
 * Stops a process: SIGTERM, wait up to `timeoutMs` for it to exit, then SIGKILL.
 * Returns how it ended.
 */
export async function stopProcess(pid: number, timeoutMs: number): Promise<'exited' | 'killed' | 'absent'> {
  if (!isAlive(pid)) return 'absent';
  try {
    process.kill(pid, 'SIGTERM');
    // A stopped (SIGSTOP, Ctrl-Z) process acts on SIGTERM only once continued.
    process.kill(pid, 'SIGCONT');
  } catch {
    return 'absent';
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'exited';
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'exited';
  }
  const killDeadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(50);
  return 'killed';
}

/** The last `lines` non-empty lines of a text. */
export function lastLines(text: string, lines: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n');
}

/** The last `lines` lines of a (log) file, reading at most its last 256 KiB. */
export async function tailFile(file: string, lines = 20): Promise<string> {
  try {
    const size = (await stat(file)).size;
    const length = Math.min(size, 256 * 1024);
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return lastLines(buffer.toString('utf8'), lines) || '(the log is empty)';
    } finally {
      await handle.close();
    }
  } catch {
    return '(no log was written)';
  }
}

/**
 * Resolves when nothing listens on 127.0.0.1:`port`; otherwise rejects with a LocalInfraError that
 * names the port, the service that needs it and the `variable` that moves it.
 */
export async function assertPortFree(port: number, service: string, variable: string): Promise<void> {
  // A port a just-stopped process held can stay taken for a moment while the kernel tears its
  // sockets down: look again for a short while before blaming another program.
  const deadline = Date.now() + PORT_SETTLE_MS;
  for (;;) {
    const error = await tryListen(port);
    if (error === undefined) return;
    if ((error.code !== 'EADDRINUSE' && error.code !== 'EACCES') || Date.now() >= deadline) {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
      const message =
        `Port 127.0.0.1:${port} needed by the local ${service} is already in use by another program. ` +
        `Stop that program or choose another port with ${variable}=<port>.`;
      throw new LocalInfraError(message, { cause: error });
    }
    await sleep(100);
  }
}

/** How long a taken port is looked at again before it counts as held by another program. */
const PORT_SETTLE_MS = 3_000;

/** Binds the port exclusively and lets it go; the error when that fails. */
function tryListen(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
