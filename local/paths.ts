import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'kafka-stock-ticks';

/** The project's root folder, found from the working directory (npm runs scripts from it). */
export function projectRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`Run this from inside the ${PACKAGE_NAME} project folder`);
  }
}

/** Local state (jars, data, caches) lives under `.local/`, which git ignores. */
export function localDir(...parts: string[]): string {
  return join(projectRoot(), '.local', ...parts);
}
