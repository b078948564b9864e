// Compiles the self-check schemas ahead of time (Ajv standalone code), so a built package checks
// its own output without loading Ajv's compiler or any schema module: run by `npm run build`.
// One module per schema, loaded when its kind is first emitted, and an index of them.
//   tsx tools/self-check-validators.ts <out-dir>
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { SELF_CHECK_AJV_OPTIONS } from '../src/self-check';
import { selfCheckSchemas } from '../src/validate/self-check-schemas';

/** The CommonJS modules: `index.js` maps each self-check key to its module, which exports the validate function. */
export function selfCheckValidatorModules(): Record<string, string> {
  const files: Record<string, string> = {};
  const index: Record<string, string> = {};
  Object.entries(selfCheckSchemas()).forEach(([key, schema], i) => {
    const ajv = new Ajv({ ...SELF_CHECK_AJV_OPTIONS, code: { source: true, lines: false } });
    const file = `v${i}.js`;
    files[file] = standaloneCode(ajv, ajv.compile(schema));
    index[key] = `./${file}`;
  });
  files['index.js'] = `"use strict";\nmodule.exports = ${JSON.stringify(index, null, 2)};\n`;
  return files;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: tsx tools/self-check-validators.ts <out-dir>');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [file, source] of Object.entries(selfCheckValidatorModules())) writeFileSync(join(out, file), source);
}
