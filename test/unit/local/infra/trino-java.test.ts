import { chmod, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalInfraError } from '../../../../local/infra/errors';
import { findTrinoJava, JDK_FOLDERS } from '../../../../local/infra/trino-java';

/** A JDK home whose bin/java prints `openjdk version "<version>"` on stderr, as `java -version` does. */
async function fakeJdk(home: string, version: string): Promise<string> {
  const java = path.join(home, 'bin', 'java');
  await mkdir(path.dirname(java), { recursive: true });
  await writeFile(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-09-16' >&2\n`);
  await chmod(java, 0o755);
  return java;
}

const savedPath = process.env.PATH;
let root: string;
/** A folder of JDKs laid out like /usr/lib/jvm. */
let jvm: string;
const folders = () => [{ dir: jvm, home: (jdk: string) => jdk }];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'infra-trino-java-'));
  jvm = path.join(root, 'jvm');
  await mkdir(jvm);
  // `java` on PATH: a Java 17, as on these machines (PATH still finds sh for the fakes).
  await fakeJdk(path.join(root, 'path-jdk'), '17.0.15');
  process.env.PATH = `${path.join(root, 'path-jdk', 'bin')}${path.delimiter}/usr/bin${path.delimiter}/bin`;
});

afterEach(() => {
  process.env.PATH = savedPath;
});

describe('findTrinoJava', () => {
  it('takes the Java TRINO_JAVA_HOME names when it is 24 or newer', async () => {
    // Prepare
    const java = await fakeJdk(path.join(root, 'chosen'), '24.0.2');

    // Act
    const found = await findTrinoJava({
      trinoVersion: '476',
      configured: { java, variable: 'TRINO_JAVA_HOME' },
      java: 'java',
      folders: folders(),
    });

    // Assess
    expect(found).toEqual({ java, version: '24.0.2', major: 24, source: 'TRINO_JAVA_HOME' });
  });

  it('refuses a too old Java the user named instead of picking another, saying what to do', async () => {
    // Prepare
    const java = await fakeJdk(path.join(root, 'old'), '21.0.8');
    await fakeJdk(path.join(jvm, 'temurin-25'), '25.0.3');

    // Act
    const found = findTrinoJava({
      trinoVersion: '476',
      configured: { java, variable: 'TRINO_JAVA_HOME' },
      java: 'java',
      folders: folders(),
    });

    // Assess
    await expect(found).rejects.toThrow(LocalInfraError);
    await expect(found).rejects.toThrow(
      `Trino 476 needs Java 24 or newer; found 21.0.8 at ${java} (TRINO_JAVA_HOME). Install a JDK 24+ ` +
        '(e.g. Temurin 25',
    );
    await expect(found).rejects.toThrow(/or set TRINO_JAVA_HOME to one\.$/);
  });

  it('takes JAVA_HOME, then `java` on PATH, when either is 24 or newer', async () => {
    // Prepare
    const javaHome = await fakeJdk(path.join(root, 'java-home'), '25.0.1');
    await fakeJdk(path.join(root, 'path-jdk'), '24.0.2');

    // Act
    const fromHome = await findTrinoJava({
      trinoVersion: '476',
      configured: undefined,
      java: javaHome,
      folders: folders(),
    });
    const fromPath = await findTrinoJava({
      trinoVersion: '476',
      configured: undefined,
      java: 'java',
      folders: folders(),
    });

    // Assess
    expect(fromHome).toMatchObject({ java: javaHome, major: 25, source: 'JAVA_HOME' });
    expect(fromPath).toMatchObject({ java: 'java', major: 24, source: 'PATH' });
  });

  it('otherwise takes the newest installed JDK of 24 or newer, each counted once', async () => {
    // Prepare
    const javaHome = await fakeJdk(path.join(root, 'java-home'), '17.0.15');
    await fakeJdk(path.join(jvm, 'java-17-openjdk-amd64'), '17.0.15');
    await fakeJdk(path.join(jvm, 'jdk-24'), '24.0.2');
    const newest = await fakeJdk(path.join(jvm, 'temurin-25-jdk-amd64'), '25.0.3');
    await symlink(path.join(jvm, 'temurin-25-jdk-amd64'), path.join(jvm, 'zz-alias-25'));
    await writeFile(path.join(jvm, '.java-17.jinfo'), 'not a JDK');

    // Act
    const found = await findTrinoJava({
      trinoVersion: '476',
      configured: undefined,
      java: javaHome,
      folders: folders(),
    });

    // Assess
    expect(found).toEqual({ java: newest, version: '25.0.3', major: 25, source: jvm });
  });

  it('lists every Java it found when none will do', async () => {
    // Prepare
    const javaHome = await fakeJdk(path.join(root, 'java-home'), '11.0.2');
    const installed = await fakeJdk(path.join(jvm, 'java-21'), '21.0.8');

    // Act
    const found = findTrinoJava({
      trinoVersion: '476',
      configured: undefined,
      java: javaHome,
      folders: [...folders(), { dir: path.join(root, 'absent'), home: (jdk) => jdk }],
    });

    // Assess
    await expect(found).rejects.toThrow(
      `Trino 476 needs Java 24 or newer; found 11.0.2 at ${javaHome} (JAVA_HOME); 17.0.15 at java (PATH); ` +
        `21.0.8 at ${installed} (${jvm}). Install a JDK 24+`,
    );
  });

  it('says when a named Java does not run at all', async () => {
    // Act
    const found = findTrinoJava({
      trinoVersion: '476',
      configured: { java: '/no/such/java', variable: 'TRINO_JAVA' },
      java: 'java',
      folders: folders(),
    });

    // Assess
    await expect(found).rejects.toThrow('found no working java at /no/such/java (TRINO_JAVA)');
  });

  it("looks in Linux's and macOS's JDK folders by default", () => {
    expect(JDK_FOLDERS.map((f) => f.home(path.join(f.dir, 'jdk')))).toEqual([
      '/usr/lib/jvm/jdk',
      '/Library/Java/JavaVirtualMachines/jdk/Contents/Home',
    ]);
  });
});
