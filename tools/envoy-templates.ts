// Renders the daemonset collector's Envoy configuration once per shape with the `yaml` library, with
// stand-in values, so a built package fills in the real ones instead of loading YAML: run by
// `npm run build`.
//   tsx tools/envoy-templates.ts <lib-dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ENVOY_TEMPLATES_FILE, ENVOY_TEMPLATE_SENTINELS as S, ENVOY_YAML_OPTIONS, envoyConfigDocument } from '../src/core/collector/envoy';

/** The template of each shape: with and without the `nodeports` listener. */
export function envoyTemplates(): { servicesOnly: string; nodePorts: string } {
  const base = { logPath: S.logPath, servicesPort: S.servicesPort, servicesMark: S.servicesMark };
  return {
    servicesOnly: stringify(envoyConfigDocument(base), ENVOY_YAML_OPTIONS),
    nodePorts: stringify(envoyConfigDocument({ ...base, nodePorts: { port: S.nodePortsPort, mark: S.nodePortsMark } }), ENVOY_YAML_OPTIONS),
  };
}

if (require.main === module) {
  const lib = process.argv[2];
  if (!lib) throw new Error('usage: tsx tools/envoy-templates.ts <lib-dir>');
  const file = join(lib, ENVOY_TEMPLATES_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(envoyTemplates(), null, 2)}\n`);
}
