// `npm run plan`: runs the Pulumi program in index.ts under Pulumi's mocks, with no CLI and no
// cluster, and prints the resources it would register: type, name and parent.
import type * as pulumi from '@pulumi/pulumi';
import { runProgramUnderMocks } from './under-mocks';

interface Planned {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
}

async function main(): Promise<void> {
  const planned: Planned[] = [];
  // Parents are constructed before their children, so a parent's label is known when a child arrives.
  const labels = new Map<pulumi.Resource, string>();
  await runProgramUnderMocks('plan', ({ resource, type, name, opts }) => {
    labels.set(resource, `${type}::${name}`);
    planned.push({ type, name, parent: (opts.parent && labels.get(opts.parent)) ?? '(stack)' });
    return undefined;
  });

  const rows = planned.map((p) => [p.type, p.name, p.parent]);
  const header = ['TYPE', 'NAME', 'PARENT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd());
  console.log(`\n${planned.length} resources`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
