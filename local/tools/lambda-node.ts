import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withFileLock } from '../lock';

/**
 * The Node.js major the deployed functions run on (serverless.yml: `runtime: nodejs22.x`), pinned
 * to one release so a test run is repeatable. The npm registry carries Node.js itself as the
 * per-platform packages `node-<platform>-<arch>` (the `node` package's own binaries), so no
 * download from outside the registry is needed.
 */
export const LAMBDA_NODE_VERSION = '22.23.5';

const INSTALL_TIMEOUT_MS = 10 * 60_000;
const LOCK_WAIT_MS = 15 * 60_000;

function binaryPackage(): string {
  const arch = process.arch === 'arm64' ? 'arm64' : process.arch === 'x64' ? 'x64' : undefined;
  if (process.platform !== 'linux' && process.platform !== 'darwin')
    throw new Error(`lambda-node: no Node.js package for platform ${process.platform}; use Linux or macOS`);
  if (!arch) throw new Error(`lambda-node: no Node.js package for CPU ${process.arch}; use x64 or arm64`);
  return `node-${process.platform}-${arch}`;
}

function nodeBinary(root: string): string {
  return join(
    root,
    '.local',
    'lambda-node',
    LAMBDA_NODE_VERSION,
    'node_modules',
    binaryPackage(),
    'bin',
    'node',
  );
}

function runs(binary: string): boolean {
  if (!existsSync(binary)) return false;
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === `v${LAMBDA_NODE_VERSION}`;
}

/**
 * Makes sure `<root>/.local/lambda-node/<version>` (git-ignored) holds the Lambda runtime's
 * Node.js, installing it from the npm registry when needed (~60 MB, once), and returns the path of
 * its `node` binary.
 *
 * @example const node = await ensureLambdaNode(process.cwd()); // …/bin/node, v22.x
 */
export async function ensureLambdaNode(
  root: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  const binary = nodeBinary(root);
  if (runs(binary)) return binary;
  const prefix = join(root, '.local', 'lambda-node', LAMBDA_NODE_VERSION);
  mkdirSync(prefix, { recursive: true });
  return withFileLock(`${prefix}.lock`, LOCK_WAIT_MS, async () => {
    if (runs(binary)) return binary;
    const spec = `${binaryPackage()}@${LAMBDA_NODE_VERSION}`;
    log(`lambda-node: npm install ${spec} into .local/lambda-node (first run only)`);
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec],
      { stdio: ['ignore', 'ignore', 'inherit'], timeout: INSTALL_TIMEOUT_MS },
    );
    if (!runs(binary))
      throw new Error(`lambda-node: ${binary} is not a working Node.js ${LAMBDA_NODE_VERSION}`);
    return binary;
  });
}

// `npx tsx local/tools/lambda-node.ts`: install (if needed) and print the binary's path.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureLambdaNode(process.cwd(), (line) => console.error(line)).then(
    (binary) => console.log(binary),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
