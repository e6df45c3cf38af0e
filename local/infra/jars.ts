/**
 * Fetches the jars of the local services from Maven Central with Maven, once per version, into
 * `<localDir>/jars/<name>-<version>/`. Each set is described by a pom in `maven/` named after it
 * (`maven/kafka.pom.xml`, version property `kafka.version`), so a new service adds a pom and no
 * code here. A folder is complete only when its marker file exists, so a fetch cut short is redone
 * on the next run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalInfraError } from './errors';
import { checkMaven } from './prereqs';
import { lastLines } from './proc';

const COMPLETE_MARKER = '.complete';
const POM_DIR = path.join(import.meta.dirname, 'maven');

/** Where a jar set's files live. */
export function jarsDir(localDir: string, name: string, version: string): string {
  return path.join(localDir, 'jars', `${name}-${version}`);
}

/**
 * The Maven command line that copies a jar set into `outputDir`.
 *
 * @example
 * mavenFetchArgs('kafka', '4.1.2', '/tmp/out');
 * // ['-B', '-ntp', '-q', '-Dstyle.color=never', '-U', '-f', '.../kafka.pom.xml', '-Dkafka.version=4.1.2', ...]
 */
export function mavenFetchArgs(name: string, version: string, outputDir: string): string[] {
  return [
    '-B',
    '-ntp',
    '-q',
    '-Dstyle.color=never',
    // Retry artifacts whose earlier failure Maven cached (e.g. fetched while offline).
    '-U',
    '-f',
    path.join(POM_DIR, `${name}.pom.xml`),
    `-D${name}.version=${version}`,
    `-Djars.dir=${outputDir}`,
    'dependency:copy-dependencies',
  ];
}

// ESC [ ... m: colour codes (Maven 3.8 colours its errors even in batch mode).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
// Maven's closing advice, the same for every failure.
const MAVEN_BOILERPLATE =
  /^\[ERROR\]\s*(-> \[Help 1\]|To see the full stack trace|Re-run Maven|For more information|\[Help 1\]|$)/;

/** What Maven printed, without colours and its generic closing advice. */
export function mavenErrorText(output: string): string {
  return output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .filter((line) => !MAVEN_BOILERPLATE.test(line.trim()))
    .join('\n');
}

/** The error of a failed fetch, with the end of what Maven said. */
function fetchFailed(name: string, version: string, said: string, options?: ErrorOptions): LocalInfraError {
  return new LocalInfraError(
    `Fetching the ${name} ${version} jars from Maven Central failed. Check the version and your ` +
      `network or Maven settings. Maven said:\n${said}`,
    options,
  );
}

/**
 * Makes sure a jar set is on disk and returns its folder. Fetches it with Maven when missing
 * (Maven's own cache, ~/.m2, makes a second fetch of the same version cheap). Not safe to run
 * concurrently with another fetch: Maven's local repository does not support concurrent writers.
 *
 * @example
 * const dir = await ensureJars('/repo/.local', 'kafka', '4.1.2', console.log);
 */
export async function ensureJars(
  localDir: string,
  name: string,
  version: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  const dir = jarsDir(localDir, name, version);
  if (existsSync(path.join(dir, COMPLETE_MARKER))) return dir;

  await checkMaven();
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const shown = dir.startsWith(`${process.cwd()}${path.sep}`) ? path.relative(process.cwd(), dir) : dir;
  log(`${name}: fetching ${version} jars from Maven Central into ${shown}`);
  const started = Date.now();
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      'mvn',
      mavenFetchArgs(name, version, tmp),
      { maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 },
      (error, stdout, stderr) => {
        const text = `${stdout}${stderr}`;
        if (!error) return resolve(text);
        const said = lastLines(mavenErrorText(text), 30) || error.message;
        reject(fetchFailed(name, version, said, { cause: error }));
      },
    );
  }).catch(async (error: unknown) => {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  });
  const files = (await readdir(tmp)).filter((f) => f.endsWith('.jar'));
  if (files.length === 0) {
    await rm(tmp, { recursive: true, force: true });
    throw fetchFailed(name, version, lastLines(output, 30) || 'Maven copied no jar.');
  }
  await writeFile(path.join(tmp, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  log(`${name}: ${files.length} jar(s) fetched in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
