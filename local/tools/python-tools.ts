import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withFileLock } from '../lock';

/**
 * The Python tools of the stack tests, pinned so a new release cannot change the verdict under us
 * (.ci/run installs the same versions): the linters run on every generated CloudFormation template
 * (parliament checks each IAM policy against AWS's own action and resource data),
 * and pyarrow (Apache Arrow's C++ Parquet, written independently of the sink's JavaScript writer)
 * reads the sink's Parquet files as a query engine would.
 */
export const PYTHON_TOOLS = {
  'cfn-lint': '1.58.0',
  checkov: '3.3.30',
  parliament: '1.6.4',
  pyarrow: '26.0.1',
} as const;

export interface PythonTools {
  readonly cfnLint: string;
  readonly checkov: string;
  readonly parliament: string;
  /** The venv's python, with pyarrow importable. */
  readonly python: string;
}

const INSTALL_TIMEOUT_MS = 15 * 60_000;
/** How long to wait for another run's install (pip can take minutes the first time). */
const LOCK_WAIT_MS = 20 * 60_000;

function toolPaths(venv: string): PythonTools {
  return {
    cfnLint: join(venv, 'bin', 'cfn-lint'),
    checkov: join(venv, 'bin', 'checkov'),
    parliament: join(venv, 'bin', 'parliament'),
    python: join(venv, 'bin', 'python'),
  };
}

/** The installed versions of the pinned packages in the venv, or undefined when not usable. */
function installedVersions(venv: string): Record<string, string> | undefined {
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) return undefined;
  const probe = spawnSync(
    python,
    [
      '-c',
      'import importlib.metadata as m, json, sys\nout = {}\nfor name in sys.argv[1:]:\n    try: out[name] = m.version(name)\n    except m.PackageNotFoundError: pass\nprint(json.dumps(out))',
      ...Object.keys(PYTHON_TOOLS),
    ],
    { encoding: 'utf8' },
  );
  if (probe.status !== 0) return undefined;
  return JSON.parse(probe.stdout) as Record<string, string>;
}

function isCurrent(venv: string): boolean {
  const versions = installedVersions(venv);
  const paths = toolPaths(venv);
  return (
    versions !== undefined &&
    Object.entries(PYTHON_TOOLS).every(([name, version]) => versions[name] === version) &&
    existsSync(paths.cfnLint) &&
    existsSync(paths.checkov) &&
    existsSync(paths.parliament)
  );
}

/**
 * Makes sure `<root>/.venv` (git-ignored) holds the pinned tools, creating the venv
 * and installing them with pip when needed (a few minutes, once); otherwise returns at once.
 * Needs `python3` with the venv module and access to PyPI for the first install.
 *
 * @example const { cfnLint, checkov } = await ensurePythonTools(process.cwd());
 */
export async function ensurePythonTools(
  root: string,
  log: (line: string) => void = () => {},
): Promise<PythonTools> {
  const venv = join(root, '.venv');
  if (isCurrent(venv)) return toolPaths(venv);
  return withFileLock(join(root, '.venv.lock'), LOCK_WAIT_MS, async () => {
    if (isCurrent(venv)) return toolPaths(venv);
    if (!existsSync(join(venv, 'bin', 'python'))) {
      log('python-tools: creating .venv');
      execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    }
    const pins = Object.entries(PYTHON_TOOLS).map(([name, version]) => `${name}==${version}`);
    log(`python-tools: pip install ${pins.join(' ')} (first run only; takes a few minutes)`);
    execFileSync(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', ...pins], {
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: INSTALL_TIMEOUT_MS,
    });
    if (!isCurrent(venv))
      throw new Error(`python-tools: ${pins.join(', ')} are still not importable from ${venv}`);
    return toolPaths(venv);
  });
}

// `npx tsx local/tools/python-tools.ts`: install (if needed) and print the tools' paths.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensurePythonTools(process.cwd(), (line) => console.error(line)).then(
    (tools) => console.log(JSON.stringify(tools)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
