/** Checks that Java and Maven are there, in versions the jars need. */
import { execFile } from 'node:child_process';
import { LocalInfraError } from './errors';

const MIN_JAVA_MAJOR = 17;
const MIN_MAVEN: readonly [number, number] = [3, 6];

/** `java` is absent (`found` undefined) or older than the jars need. */
function javaRequired(found: string | undefined, options?: ErrorOptions): LocalInfraError {
  return new LocalInfraError(
    `${found === undefined ? 'Java was not found' : `Java ${found} is too old`}: the local Kafka broker and ` +
      'S3Mock need Java 17 or newer. Install a JDK 17+ (e.g. `apt-get install openjdk-17-jdk-headless`, ' +
      '`brew install openjdk@17`) and put its `java` on PATH or set JAVA_HOME.',
    options,
  );
}

/** `mvn` is absent (`found` undefined) or too old to fetch the jars. */
function mavenRequired(found: string | undefined, options?: ErrorOptions): LocalInfraError {
  return new LocalInfraError(
    `${found === undefined ? 'Maven was not found' : `Maven ${found} is too old`}: the jars of the local ` +
      'Kafka broker and S3Mock are fetched from Maven Central with Maven 3.6 or newer. Install it ' +
      '(e.g. `apt-get install maven`, `brew install maven`) and put `mvn` on PATH.',
    options,
  );
}

/**
 * The major version in `java -version` output, or undefined if none is found.
 *
 * @example
 * parseJavaMajor('openjdk version "17.0.15" 2025-04-15'); // 17
 * parseJavaMajor('java version "1.8.0_351"'); // 8
 */
export function parseJavaMajor(output: string): { major: number; version: string } | undefined {
  const match = /version "([^"]+)"/.exec(output);
  const version = match?.[1];
  if (version === undefined) return undefined;
  const [first, second] = version.split(/[.+_-]/).map(Number);
  if (first === undefined || Number.isNaN(first)) return undefined;
  // Java 8 and older call themselves 1.x.
  const major = first === 1 && second !== undefined ? second : first;
  return { major, version };
}

/**
 * The version in `mvn -v` output, or undefined.
 *
 * @example
 * parseMavenVersion('Apache Maven 3.8.7\nMaven home: /usr/share/maven'); // [3, 8, 7]
 */
export function parseMavenVersion(output: string): [number, number, number] | undefined {
  // Some Maven builds colour their banner; the colour codes sit outside this match.
  const match = /Apache Maven (\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function run(command: string, args: string[]): Promise<{ output: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ output: `${stdout}${stderr}`, missing });
    });
  });
}

/** Throws a LocalInfraError unless `java` runs and is 17 or newer; returns its version (e.g. 17.0.15). */
export async function checkJava(java: string): Promise<string> {
  const { output, missing } = await run(java, ['-version']);
  if (missing) throw javaRequired(undefined);
  const parsed = parseJavaMajor(output);
  if (parsed === undefined) {
    throw javaRequired(undefined, { cause: new Error(`\`${java} -version\` printed: ${output.trim()}`) });
  }
  if (parsed.major < MIN_JAVA_MAJOR) throw javaRequired(parsed.version);
  return parsed.version;
}

/** Throws a LocalInfraError unless `mvn` (or the given executable) runs and is 3.6 or newer. */
export async function checkMaven(mvn = 'mvn'): Promise<void> {
  const { output, missing } = await run(mvn, ['-v']);
  if (missing) throw mavenRequired(undefined);
  const parsed = parseMavenVersion(output);
  if (parsed === undefined) {
    throw mavenRequired(undefined, { cause: new Error(`\`${mvn} -v\` printed: ${output.trim()}`) });
  }
  const [major, minor] = parsed;
  if (major < MIN_MAVEN[0] || (major === MIN_MAVEN[0] && minor < MIN_MAVEN[1])) {
    throw mavenRequired(parsed.join('.'));
  }
}
