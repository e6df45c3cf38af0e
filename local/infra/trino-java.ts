/**
 * Finds a Java new enough for Trino (476 needs 24+) while the rest of the harness runs on 17.
 *
 * Order: TRINO_JAVA_HOME or TRINO_JAVA when set (only that one: a Java the user named and that is
 * too old is an error, not a reason to pick another); else JAVA_HOME, then `java` on PATH, then
 * the JDKs installed in the usual folders (`/usr/lib/jvm/<jdk>`, macOS's
 * `/Library/Java/JavaVirtualMachines/<jdk>/Contents/Home`), newest first. The first 24+ wins.
 */
import { execFile } from 'node:child_process';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { TrinoJavaSetting } from './config';
import { LocalInfraError } from './errors';
import { parseJavaMajor } from './prereqs';

/** The oldest Java Trino 476 starts on. */
export const TRINO_MIN_JAVA = 24;

/** Folders holding one JDK per subfolder, and where `bin/java` sits inside each. */
export const JDK_FOLDERS: readonly { dir: string; home: (jdk: string) => string }[] = [
  { dir: '/usr/lib/jvm', home: (jdk) => jdk },
  { dir: '/Library/Java/JavaVirtualMachines', home: (jdk) => path.join(jdk, 'Contents', 'Home') },
];

export interface TrinoJava {
  /** The `java` executable. */
  java: string;
  /** Its version, e.g. `25.0.3`. */
  version: string;
  major: number;
  /** Where it was found, for log lines: `TRINO_JAVA_HOME`, `JAVA_HOME`, `PATH`, `/usr/lib/jvm`. */
  source: string;
}

interface Candidate {
  java: string;
  source: string;
}

/** The version `java -version` reports, or undefined when it does not run or says none. */
async function versionOf(java: string): Promise<{ major: number; version: string } | undefined> {
  return new Promise((resolve) => {
    execFile(java, ['-version'], { timeout: 30_000 }, (_error, stdout, stderr) => {
      resolve(parseJavaMajor(`${stdout}${stderr}`));
    });
  });
}

/** `bin/java` of every JDK in the given folders (those that exist), without duplicate links. */
async function installedJdks(folders: typeof JDK_FOLDERS): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const seen = new Set<string>();
  for (const { dir, home } of folders) {
    let entries: string[];
    try {
      entries = (await readdir(dir)).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      const java = path.join(home(path.join(dir, entry)), 'bin', 'java');
      const real = await realpath(java).catch(() => undefined);
      if (real === undefined || seen.has(real)) continue;
      seen.add(real);
      found.push({ java, source: dir });
    }
  }
  return found;
}

/** "Trino 476 needs Java 24 or newer; found ..." with what was found and what to do. */
function noJava(trinoVersion: string, tried: string[], options?: ErrorOptions): LocalInfraError {
  const found = tried.length > 0 ? `found ${tried.join('; ')}` : 'found no Java';
  return new LocalInfraError(
    `Trino ${trinoVersion} needs Java ${TRINO_MIN_JAVA} or newer; ${found}. Install a JDK ${TRINO_MIN_JAVA}+ ` +
      '(e.g. Temurin 25 from https://adoptium.net, `brew install --cask temurin`) or set TRINO_JAVA_HOME ' +
      'to one.',
    options,
  );
}

/**
 * The Java that runs Trino. `configured` is the one TRINO_JAVA_HOME/TRINO_JAVA names; `java` the
 * harness's own (`$JAVA_HOME/bin/java`, or `java` on PATH); `folders` where installed JDKs are
 * looked for.
 *
 * @example
 * const { java, version } = await findTrinoJava({ trinoVersion: '476', configured: undefined, java: config.java });
 */
export async function findTrinoJava(options: {
  trinoVersion: string;
  configured: TrinoJavaSetting | undefined;
  java: string;
  folders?: typeof JDK_FOLDERS;
}): Promise<TrinoJava> {
  const { trinoVersion, configured } = options;
  const tried: string[] = [];
  const check = async ({ java, source }: Candidate): Promise<TrinoJava | undefined> => {
    const found = await versionOf(java);
    if (found === undefined) {
      tried.push(`no working java at ${java} (${source})`);
      return undefined;
    }
    if (found.major >= TRINO_MIN_JAVA) return { java, ...found, source };
    tried.push(`${found.version} at ${java} (${source})`);
    return undefined;
  };

  if (configured !== undefined) {
    const chosen = await check({ java: configured.java, source: configured.variable });
    if (chosen) return chosen;
    throw noJava(trinoVersion, tried);
  }
  const first: Candidate[] =
    options.java === 'java'
      ? [{ java: 'java', source: 'PATH' }]
      : [
          { java: options.java, source: 'JAVA_HOME' },
          { java: 'java', source: 'PATH' },
        ];
  for (const candidate of first) {
    const chosen = await check(candidate);
    if (chosen) return chosen;
  }
  const installed: TrinoJava[] = [];
  for (const candidate of await installedJdks(options.folders ?? JDK_FOLDERS)) {
    const chosen = await check(candidate);
    if (chosen) installed.push(chosen);
  }
  // The newest, so that a JDK 25 is preferred to an early-access 24.
  const newest = installed.sort((a, b) => b.major - a.major)[0];
  if (newest) return newest;
  throw noJava(trinoVersion, tried);
}
