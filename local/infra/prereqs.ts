/** Checks that Java and Maven are there, in versions the jars need. */
import { execFile } from 'node:child_process';
import { JavaRequiredError, MavenRequiredError } from './errors';

export const MIN_JAVA_MAJOR = 17;
export const MIN_MAVEN: readonly [number, number] = [3, 6];

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

/** Throws JavaRequiredError unless `java` runs and is 17 or newer; returns its version (e.g. 17.0.15). */
export async function checkJava(java: string): Promise<string> {
  const { output, missing } = await run(java, ['-version']);
  if (missing) throw new JavaRequiredError(undefined);
  const parsed = parseJavaMajor(output);
  if (parsed === undefined) {
    throw new JavaRequiredError(undefined, {
      cause: new Error(`\`${java} -version\` printed: ${output.trim()}`),
    });
  }
  if (parsed.major < MIN_JAVA_MAJOR) throw new JavaRequiredError(parsed.version);
  return parsed.version;
}

/** Throws MavenRequiredError unless `mvn` runs and is 3.6 or newer. */
export async function checkMaven(): Promise<void> {
  const { output, missing } = await run('mvn', ['-v']);
  if (missing) throw new MavenRequiredError(undefined);
  const parsed = parseMavenVersion(output);
  if (parsed === undefined) {
    throw new MavenRequiredError(undefined, { cause: new Error(`\`mvn -v\` printed: ${output.trim()}`) });
  }
  const [major, minor] = parsed;
  if (major < MIN_MAVEN[0] || (major === MIN_MAVEN[0] && minor < MIN_MAVEN[1])) {
    throw new MavenRequiredError(parsed.join('.'));
  }
}
