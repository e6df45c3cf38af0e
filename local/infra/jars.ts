/**
 * Fetches the jars of the local services from Maven Central with Maven, once per version, into
 * `<localDir>/jars/<service>-<version>/`. A folder is complete only when its marker file exists, so a
 * fetch cut short is redone on the next run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { JarFetchError } from './errors';
import { checkMaven } from './prereqs';

export const JAR_SERVICES = {
  kafka: { pom: 'kafka.pom.xml', versionProperty: 'kafka.version' },
  s3mock: { pom: 's3mock.pom.xml', versionProperty: 's3mock.version' },
} as const;
export type JarService = keyof typeof JAR_SERVICES;

const COMPLETE_MARKER = '.complete';
const POM_DIR = path.join(import.meta.dirname, 'maven');

/** Where a service's jars live. */
export function jarsDir(localDir: string, service: JarService, version: string): string {
  return path.join(localDir, 'jars', `${service}-${version}`);
}

/**
 * The Maven command line that copies a service's jars into `outputDir`.
 *
 * @example
 * mavenFetchArgs('kafka', '4.1.2', '/tmp/out');
 * // ['-B', '-ntp', '-q', '-Dstyle.color=never', '-f', '.../kafka.pom.xml', '-Dkafka.version=4.1.2', ...]
 */
export function mavenFetchArgs(service: JarService, version: string, outputDir: string): string[] {
  const { pom, versionProperty } = JAR_SERVICES[service];
  return [
    '-B',
    '-ntp',
    '-q',
    '-Dstyle.color=never',
    // Retry artifacts whose earlier failure Maven cached (e.g. fetched while offline).
    '-U',
    '-f',
    path.join(POM_DIR, pom),
    `-D${versionProperty}=${version}`,
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

/** The last `lines` non-empty lines of a text. */
export function lastLines(text: string, lines: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n');
}

/**
 * Makes sure a service's jars are on disk and returns their folder. Fetches them with Maven when
 * missing (Maven's own cache, ~/.m2, makes a second fetch of the same version cheap).
 *
 * @example
 * const dir = await ensureJars('/repo/.local', 'kafka', '4.1.2', console.log);
 */
export async function ensureJars(
  localDir: string,
  service: JarService,
  version: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  const dir = jarsDir(localDir, service, version);
  if (existsSync(path.join(dir, COMPLETE_MARKER))) return dir;

  await checkMaven();
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const shown = dir.startsWith(`${process.cwd()}${path.sep}`) ? path.relative(process.cwd(), dir) : dir;
  log(`${service}: fetching ${version} jars from Maven Central into ${shown}`);
  const started = Date.now();
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      'mvn',
      mavenFetchArgs(service, version, tmp),
      { maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 },
      (error, stdout, stderr) => {
        const text = `${stdout}${stderr}`;
        if (!error) return resolve(text);
        const said = lastLines(mavenErrorText(text), 30) || error.message;
        reject(new JarFetchError(service, version, said, { cause: error }));
      },
    );
  }).catch(async (error: unknown) => {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  });
  const files = (await readdir(tmp)).filter((f) => f.endsWith('.jar'));
  if (files.length === 0) {
    await rm(tmp, { recursive: true, force: true });
    throw new JarFetchError(service, version, lastLines(output, 30) || 'Maven copied no jar.');
  }
  await writeFile(path.join(tmp, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  log(`${service}: ${files.length} jar(s) fetched in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

/** The S3Mock executable jar in its folder. */
export async function s3mockJar(dir: string): Promise<string> {
  const jar = (await readdir(dir)).find((f) => /^s3mock-.*-exec\.jar$/.test(f));
  if (jar === undefined)
    throw new JarFetchError('s3mock', path.basename(dir), `No s3mock-*-exec.jar in ${dir}.`);
  return path.join(dir, jar);
}
