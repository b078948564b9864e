// Renders the daemonset collector's Envoy configuration once per shape with the `yaml` library, with
// stand-in values, so a built package fills in the real ones instead of loading YAML: run by
// `npm run build`.
//   tsx tools/envoy-templates.ts <out-file>
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { ENVOY_TEMPLATE_SENTINELS as S, ENVOY_YAML_OPTIONS, envoyConfigDocument } from '../src/core/collector/envoy';

/** The template of each shape: with and without the `nodeports` listener. */
export function envoyTemplates(): { servicesOnly: string; nodePorts: string } {
  const base = { logPath: S.logPath, servicesPort: S.servicesPort, servicesMark: S.servicesMark };
  return {
    servicesOnly: stringify(envoyConfigDocument(base), ENVOY_YAML_OPTIONS),
    nodePorts: stringify(envoyConfigDocument({ ...base, nodePorts: { port: S.nodePortsPort, mark: S.nodePortsMark } }), ENVOY_YAML_OPTIONS),
  };
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: tsx tools/envoy-templates.ts <out-file>');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(envoyTemplates(), null, 2)}\n`);
}
