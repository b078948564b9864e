// What validation reads of a CRD's schema: everything but descriptions and examples, at every level.
// Shared by tools/vendor-crds.ts and the test that holds the vendored schemas to the real CRDs.

export function trimSchema(node: unknown, inProperties = false): unknown {
  if (Array.isArray(node)) return node.map((n) => trimSchema(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // Under `properties` every key is a field name, "description" included.
    if (!inProperties && (key === 'description' || key === 'example')) continue;
    out[key] = key === 'enum' || key === 'default' || key === 'required' ? value : trimSchema(value, !inProperties && (key === 'properties' || key === 'patternProperties'));
  }
  return out;
}
