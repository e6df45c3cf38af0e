import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, link, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalInfraError } from '../../../../local/infra/errors';
import {
  ensureTrinoServer,
  mavenProgressLine,
  trinoInstallDir,
  trinoMavenArgs,
} from '../../../../local/infra/trino-install';

const savedPath = process.env.PATH;
const savedTar = process.env.FAKE_TRINO_TAR;
let root: string;

/**
 * A `mvn` that answers `-v` like Maven 3.8.7 and otherwise does what trino.pom.xml makes Maven do:
 * copies the server tar.gz ($FAKE_TRINO_TAR) into -Dfetch.dir and unpacks a Hive plugin into
 * <fetch.dir>/hive/trino-hive-476/, printing Maven's transfer lines; or fails when told to.
 */
async function fakeMaven(dir: string, fail = false): Promise<void> {
  const script = `#!/bin/sh
for a in "$@"; do
  case "$a" in
    -v) echo "Apache Maven 3.8.7"; exit 0;;
    -Dfetch.dir=*) out="\${a#-Dfetch.dir=}";;
  esac
done
echo "[INFO] Scanning for projects..."
echo "[INFO] Downloading from central: https://repo.maven.apache.org/maven2/io/trino/trino-server-core/476/trino-server-core-476.tar.gz"
${fail ? 'echo "[ERROR] Failed to execute goal: Could not find artifact io.trino:trino-server-core:tar.gz:999 -> [Help 1]"; exit 1' : ''}
echo "[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/io/trino/trino-server-core/476/trino-server-core-476.tar.gz (1 kB at 1 MB/s)"
mkdir -p "$out/hive/trino-hive-476" "$out/markers"
cp "$FAKE_TRINO_TAR" "$out/trino-server-core-476.tar.gz"
echo hive > "$out/hive/trino-hive-476/io.trino_trino-hive-476.jar"
`;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'mvn'), script);
  await chmod(path.join(dir, 'mvn'), 0o755);
  process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
}

/** A server archive like Trino's: one top folder, lib/ jars and a plugin whose jars are hard links. */
async function serverArchive(): Promise<string> {
  const top = path.join(root, 'archive', 'trino-server-core-476');
  await mkdir(path.join(top, 'lib'), { recursive: true });
  await mkdir(path.join(top, 'plugin', 'geospatial'), { recursive: true });
  await writeFile(path.join(top, 'lib', 'guava.jar'), 'guava bytes');
  await link(path.join(top, 'lib', 'guava.jar'), path.join(top, 'plugin', 'geospatial', 'guava.jar'));
  const archive = path.join(root, 'trino-server-core-476.tar.gz');
  execFileSync('tar', ['-czf', archive, '-C', path.join(root, 'archive'), 'trino-server-core-476']);
  return archive;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'infra-trino-install-'));
  process.env.FAKE_TRINO_TAR = await serverArchive();
});

afterEach(() => {
  process.env.PATH = savedPath;
  if (savedTar === undefined) delete process.env.FAKE_TRINO_TAR;
  else process.env.FAKE_TRINO_TAR = savedTar;
});

describe('trinoMavenArgs', () => {
  it('runs trino.pom.xml: the server archive copied, the Hive plugin unpacked, progress shown', () => {
    // Act
    const args = trinoMavenArgs('476', '/out');

    // Assess
    const pom = args[args.indexOf('-f') + 1];
    expect(pom).toMatch(/local\/infra\/maven\/trino\.pom\.xml$/);
    expect(existsSync(pom!)).toBe(true);
    expect(args).toContain('-Dtrino.version=476');
    expect(args).toContain('-Dfetch.dir=/out/.fetch');
    expect(args.slice(-2)).toEqual(['dependency:copy@server', 'dependency:unpack@hive']);
    expect(args).not.toContain('-ntp');
    expect(args).not.toContain('-q');
  });
});

describe('mavenProgressLine', () => {
  it("keeps the archives' transfers, warnings and errors, and drops the rest", () => {
    expect(
      mavenProgressLine(
        '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/io/trino/trino-hive/476/trino-hive-476.zip (258 MB at 18 MB/s)',
      ),
    ).toBe(
      'Downloaded from central: https://repo.maven.apache.org/maven2/io/trino/trino-hive/476/trino-hive-476.zip (258 MB at 18 MB/s)',
    );
    expect(
      mavenProgressLine(
        '[INFO] Downloading from central: https://x/io/trino/trino-root/476/trino-root-476.pom',
      ),
    ).toBe(undefined);
    expect(mavenProgressLine('[INFO] BUILD SUCCESS')).toBeUndefined();
    expect(
      mavenProgressLine(`${String.fromCharCode(27)}[1;31m[ERROR] Failed${String.fromCharCode(27)}[m`),
    ).toBe('[ERROR] Failed');
  });
});

describe('ensureTrinoServer', () => {
  it('lays the server out with the Hive plugin in plugin/hive, its hard links intact, and says how long it took', async () => {
    // Prepare
    await fakeMaven(path.join(root, 'bin'));
    const localDir = path.join(root, 'local');
    const lines: string[] = [];

    // Act
    const dir = await ensureTrinoServer(localDir, '476', (line) => lines.push(line));

    // Assess
    expect(dir).toBe(trinoInstallDir(localDir, '476'));
    expect(dir).toBe(path.join(localDir, 'jars', 'trino-476'));
    expect((await readdir(dir)).sort()).toEqual(['.complete', 'lib', 'plugin']);
    expect(await readdir(path.join(dir, 'plugin'))).toEqual(expect.arrayContaining(['geospatial', 'hive']));
    expect(await readFile(path.join(dir, 'plugin', 'geospatial', 'guava.jar'), 'utf8')).toBe('guava bytes');
    expect(
      (await stat(path.join(dir, 'plugin', 'hive', 'io.trino_trino-hive-476.jar'))).size,
    ).toBeGreaterThan(0);
    expect(lines[0]).toMatch(
      /^trino: fetching Trino 476 from Maven Central into .*~194 MB.*~258 MB.*~450 MB/,
    );
    expect(lines).toContain(
      'trino: Downloaded from central: https://repo.maven.apache.org/maven2/io/trino/trino-server-core/476/trino-server-core-476.tar.gz (1 kB at 1 MB/s)',
    );
    expect(lines.at(-1)).toMatch(/^trino: Trino 476 fetched and unpacked in \d+\.\d s$/);
    expect((await readdir(path.join(localDir, 'jars'))).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('returns an installed server without running Maven, and redoes one an interrupted fetch left', async () => {
    // Prepare: a complete 476, and what a fetch of 477 killed midway left behind.
    await fakeMaven(path.join(root, 'bin'));
    const localDir = path.join(root, 'local');
    await ensureTrinoServer(localDir, '476');
    await mkdir(path.join(localDir, 'jars', 'trino-477.tmp-99999', 'lib'), { recursive: true });
    process.env.PATH = '/nowhere';
    const lines: string[] = [];

    // Act
    const installed = await ensureTrinoServer(localDir, '476', (line) => lines.push(line));
    process.env.PATH = `${path.join(root, 'bin')}${path.delimiter}${savedPath}`;
    await ensureTrinoServer(localDir, '477');

    // Assess
    expect(installed).toBe(path.join(localDir, 'jars', 'trino-476'));
    expect(lines).toEqual([]);
    expect((await readdir(path.join(localDir, 'jars'))).sort()).toEqual(['trino-476', 'trino-477']);
  });

  it('fails with what Maven said and leaves nothing that would count as installed', async () => {
    // Prepare
    await fakeMaven(path.join(root, 'bin'), true);
    const localDir = path.join(root, 'local');

    // Act
    const fetched = ensureTrinoServer(localDir, '999', () => {});

    // Assess
    await expect(fetched).rejects.toThrow(LocalInfraError);
    await expect(fetched).rejects.toThrow(
      /^Fetching Trino 999 from Maven Central failed\. .*\nmvn exited with code 1\. Maven said:\n[\s\S]*Could not find artifact io\.trino:trino-server-core:tar\.gz:999 -> \[Help 1\]$/,
    );
    expect(await readdir(path.join(localDir, 'jars'))).toEqual([]);
  });
});
