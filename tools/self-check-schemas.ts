// Writes every self-check schema, by key, as JSON text in one file, so a built package checks its
// own output without building the schemas in each process: run by `npm run build`.
//   tsx tools/self-check-schemas.ts <lib-dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SELF_CHECK_SCHEMAS_FILE } from '../src/self-check';
import { SCHEMA_CHECK_KEYWORDS } from '../src/validate/schema-check';
import { selfCheckSchemaTexts, selfCheckSchemas } from '../src/validate/self-check-schemas';
import type { AjvSchema } from '../src/validate/structural';

/** The keywords of a schema the self-check's validator does not know, as `key: keyword` (none, or the build stops). */
export function unknownKeywords(schemas: Readonly<Record<string, AjvSchema>>): string[] {
  const found = new Set<string>();
  const walk = (key: string, node: AjvSchema) => {
    for (const [keyword, value] of Object.entries(node)) {
      if (!SCHEMA_CHECK_KEYWORDS.includes(keyword)) found.add(`${key}: ${keyword}`);
      else if (keyword === 'properties') Object.values(value as Record<string, AjvSchema>).forEach((child) => walk(key, child));
      else if ((keyword === 'items' || keyword === 'additionalProperties') && typeof value === 'object') walk(key, value as AjvSchema);
    }
  };
  for (const [key, schema] of Object.entries(schemas)) walk(key, schema);
  return [...found];
}

if (require.main === module) {
  const lib = process.argv[2];
  if (!lib) throw new Error('usage: tsx tools/self-check-schemas.ts <lib-dir>');
  const file = join(lib, SELF_CHECK_SCHEMAS_FILE);
  const unknown = unknownKeywords(selfCheckSchemas());
  if (unknown.length > 0) throw new Error(`self-check schemas use keywords the validator does not know: ${unknown.join(', ')}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(selfCheckSchemaTexts()));
}
