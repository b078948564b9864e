import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A JSON file the build writes into lib/ at `file` under `dir` (a module's `__dirname`), or
 * undefined when there is none, as when running from the sources. Read, not required: the module
 * loader's lookups cost several times the read and parse (about 0.6 ms against 0.1 ms, cold).
 */
export function readBuiltJson<T>(dir: string, file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
    return undefined;
  }
}
