// Compiles the self-check schemas ahead of time (Ajv standalone code), so a built package checks
// its own output without loading Ajv's compiler or any schema module: run by `npm run build`.
// One module per schema, named after its key, loaded when its kind is first emitted.
//   tsx tools/self-check-validators.ts <out-dir>
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { SELF_CHECK_AJV_OPTIONS } from '../src/self-check';
import { validatorFile } from '../src/validate/self-check-keys';
import { selfCheckSchemas } from '../src/validate/self-check-schemas';

/** The CommonJS modules, by file name: one per self-check key, exporting its validate function. */
export function selfCheckValidatorModules(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [key, schema] of Object.entries(selfCheckSchemas())) {
    const ajv = new Ajv({ ...SELF_CHECK_AJV_OPTIONS, code: { source: true, lines: false } });
    files[validatorFile(key)] = standaloneCode(ajv, ajv.compile(schema));
  }
  return files;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: tsx tools/self-check-validators.ts <out-dir>');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [file, source] of Object.entries(selfCheckValidatorModules())) writeFileSync(join(out, file), source);
}
