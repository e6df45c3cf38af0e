/**
 * Fetches a Trino server from Maven Central and lays it out in `<localDir>/jars/trino-<version>/`:
 * the server core unpacked (bin/, lib/, plugin/...) and the Hive connector in its `plugin/hive/`.
 * A sibling of jars.ts for a set that is archives, not jars: maven/trino.pom.xml copies the
 * server's tar.gz (~194 MB) and unpacks the plugin's zip (~258 MB), then this module unpacks the
 * tar.gz with `tar` (Maven's unpacker turns the tar's hard links, half of its jars, into empty
 * files) and moves the plugin into place.
 *
 * Everything happens in a temporary folder renamed into place at the end, and a folder counts
 * only once its marker file exists, so an interrupted first fetch is redone, not half used.
 * Like jars.ts, not safe to run concurrently: callers hold the lock of `localDir`.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LocalInfraError } from './errors';
import { jarsDir, mavenErrorText } from './jars';
import { seconds } from './launch';
import { checkMaven } from './prereqs';
import { lastLines } from './proc';

const COMPLETE_MARKER = '.complete';
const POM = path.join(import.meta.dirname, 'maven', 'trino.pom.xml');
/** Where Maven puts the archives inside the temporary folder (removed once unpacked). */
const FETCH_DIR = '.fetch';
/** How often a line says the fetch is still running. */
const PROGRESS_EVERY_MS = 30_000;
/** Maven is stopped after this long (as jars.ts does). */
const FETCH_TIMEOUT_MS = 15 * 60_000;

/** Where a Trino version is installed. */
export const trinoInstallDir = (localDir: string, version: string) => jarsDir(localDir, 'trino', version);

/** True when the version is completely installed. */
export const trinoInstalled = (localDir: string, version: string) =>
  existsSync(path.join(trinoInstallDir(localDir, version), COMPLETE_MARKER));

/**
 * The Maven command line that copies the server archive into `<outputDir>/.fetch/` and unpacks the
 * Hive plugin into `<outputDir>/.fetch/hive/`. Without `-ntp`: Maven's "Downloading/Downloaded"
 * lines are the progress shown.
 */
export function trinoMavenArgs(version: string, outputDir: string): string[] {
  return [
    '-B',
    '-Dstyle.color=never',
    '-U',
    '-f',
    POM,
    `-Dtrino.version=${version}`,
    `-Dfetch.dir=${path.join(outputDir, FETCH_DIR)}`,
    'dependency:copy@server',
    'dependency:unpack@hive',
  ];
}

/** Maven's lines worth showing: the transfers of the two archives, warnings and errors. */
export function mavenProgressLine(line: string): string | undefined {
  const text = mavenErrorText(line).trim();
  if (/^\[INFO\] Download(ing|ed) from .*\.(tar\.gz|zip)\b/.test(text)) return text.replace(/^\[INFO\] /, '');
  if (/^\[(WARNING|ERROR)\]/.test(text)) return text;
  return undefined;
}

/** Runs Maven, passing its progress lines to `log`; resolves with everything it printed. */
function runMaven(args: string[], log: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const shown = mavenProgressLine(line);
        if (shown !== undefined) log(`trino: ${shown}`);
      });
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), FETCH_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const text = output.join('\n');
      if (code === 0) return resolve(text);
      const why = signal
        ? `mvn was stopped after ${seconds(FETCH_TIMEOUT_MS)}`
        : `mvn exited with code ${code}`;
      const said = lastLines(mavenErrorText(text), 30);
      reject(new Error(said ? `${why}. Maven said:\n${said}` : why));
    });
  });
}

/** Runs `tar -xzf archive -C dir --strip-components=1` (GNU tar and bsdtar alike). */
function untar(archive: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'tar',
      ['-xzf', archive, '-C', dir, '--strip-components=1'],
      { timeout: 10 * 60_000, maxBuffer: 8 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`tar -xzf ${archive} failed: ${stderr.trim() || error.message}`));
        else resolve();
      },
    );
  });
}

/** The one folder inside `dir` (archives of Trino hold a single top folder). */
async function onlyFolder(dir: string, what: string): Promise<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory());
  if (entries.length !== 1 || entries[0] === undefined) {
    throw new Error(`expected one folder in the ${what} archive, found ${entries.length}`);
  }
  return path.join(dir, entries[0].name);
}

/** Checks that a laid-out server has what it is started with. */
async function checkLayout(dir: string): Promise<void> {
  const jars = async (sub: string) =>
    (await readdir(path.join(dir, sub)).catch(() => [] as string[])).filter((f) => f.endsWith('.jar'));
  if ((await jars('lib')).length === 0) throw new Error('the server archive held no lib/*.jar');
  if ((await jars(path.join('plugin', 'hive'))).length === 0) {
    throw new Error('the Hive plugin archive held no jar');
  }
}

/** Removes what interrupted fetches left (the lock is held: nobody else is fetching). */
async function removeLeftovers(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  const prefix = `${path.basename(dir)}.tmp-`;
  const names = await readdir(parent).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix))
      .map((name) => rm(path.join(parent, name), { recursive: true, force: true })),
  );
}

/**
 * Makes sure a Trino server (with the Hive plugin) is installed and returns its folder. The first
 * fetch downloads ~450 MB into Maven's cache (~/.m2), then unpacks ~480 MB here; both are logged.
 *
 * @example
 * const home = await ensureTrinoServer('/repo/.local', '476', console.log);
 * // /repo/.local/jars/trino-476, with lib/ and plugin/hive/
 */
export async function ensureTrinoServer(
  localDir: string,
  version: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  const dir = trinoInstallDir(localDir, version);
  if (trinoInstalled(localDir, version)) return dir;

  await checkMaven();
  await removeLeftovers(dir);
  const tmp = `${dir}.tmp-${process.pid}`;
  await mkdir(tmp, { recursive: true });
  const shown = dir.startsWith(`${process.cwd()}${path.sep}`) ? path.relative(process.cwd(), dir) : dir;
  log(
    `trino: fetching Trino ${version} from Maven Central into ${shown}: the server (io.trino:trino-server-core, ` +
      'tar.gz, ~194 MB) and the Hive connector (io.trino:trino-hive, zip, ~258 MB); a first fetch downloads ' +
      '~450 MB, later ones come from ~/.m2',
  );
  const started = Date.now();
  const ticker = setInterval(
    () => log(`trino: still fetching Trino ${version} (${seconds(Date.now() - started)} so far)`),
    PROGRESS_EVERY_MS,
  );
  try {
    await runMaven(trinoMavenArgs(version, tmp), log);
    clearInterval(ticker);
    const fetchDir = path.join(tmp, FETCH_DIR);
    const archive = (await readdir(fetchDir)).find((f) => f.endsWith('.tar.gz'));
    if (archive === undefined) throw new Error('Maven copied no server archive (tar.gz)');
    log(`trino: unpacking ${archive}`);
    await untar(path.join(fetchDir, archive), tmp);
    await rename(
      await onlyFolder(path.join(fetchDir, 'hive'), 'Hive plugin'),
      path.join(tmp, 'plugin', 'hive'),
    );
    await rm(fetchDir, { recursive: true, force: true });
    await checkLayout(tmp);
  } catch (error) {
    clearInterval(ticker);
    await rm(tmp, { recursive: true, force: true });
    throw new LocalInfraError(
      `Fetching Trino ${version} from Maven Central failed. Check the version (only 476 is published as ` +
        `the archives fetched here) and your network or Maven settings:\n${(error as Error).message}`,
      { cause: error },
    );
  }
  await writeFile(path.join(tmp, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  log(`trino: Trino ${version} fetched and unpacked in ${seconds(Date.now() - started)}`);
  return dir;
}
