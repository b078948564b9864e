// The test helpers' own promises, where a broken one would pass unnoticed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scratchDir } from './helpers';

test("scratchDir's directories exist during the file's tests and are gone when they end", () => {
  const dir = scratchDir('calico-l7-helpers-');
  const child = join(dir, 'child.test.ts');
  const made = join(dir, 'made.txt');
  writeFileSync(
    child,
    [
      "import { existsSync, writeFileSync } from 'node:fs';",
      "import { test } from 'node:test';",
      `import { scratchDir } from ${JSON.stringify(join(__dirname, 'helpers'))};`,
      `test('makes one', () => { const d = scratchDir('calico-l7-child-'); writeFileSync(${JSON.stringify(made)}, d); if (!existsSync(d)) throw new Error('not made'); });`,
    ].join('\n'),
  );
  execFileSync(process.execPath, ['--import', 'tsx', child], { cwd: join(__dirname, '..'), stdio: 'pipe' });
  const childDir = readFileSync(made, 'utf8');
  assert.match(childDir, /calico-l7-child-/);
  assert.equal(existsSync(childDir), false, `${childDir} is left behind`);
});
