import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, without Node's `{ recursive: true }`: on Node 20 that never returns for a path under
 * /proc (it spins on the answers procfs gives), hanging the process at full CPU. Creating the missing
 * directories one by one fails with ENOENT there, and with ENOTDIR below a file, as a user expects.
 */
export function makeDirectories(path: string): void {
  const missing: string[] = [];
  for (let current = resolve(path); !existsSync(current); current = dirname(current)) {
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const directory of missing.reverse()) {
    try {
      mkdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
