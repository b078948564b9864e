// `npm run plan`: runs the Pulumi program in index.ts under Pulumi's mocks, with no CLI and no
// cluster, and prints the resources it would register: type, name and parent.
import * as pulumi from '@pulumi/pulumi';

interface Planned {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
}

async function main(): Promise<void> {
  const planned: Planned[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs as Record<string, unknown> }),
      call: (args) => args.inputs as Record<string, unknown>,
    },
    'calico-l7-logging-example',
    'plan',
    true,
  );
  // Stack config the program requires, as `pulumi config set --secret` would give it.
  pulumi.runtime.setAllConfig(
    { 'calico-l7-logging-example:s3KeyId': 'plan-key-id', 'calico-l7-logging-example:s3KeySecret': 'plan-key-secret' },
    ['calico-l7-logging-example:s3KeyId', 'calico-l7-logging-example:s3KeySecret'],
  );
  // Parents are constructed before their children, so a parent's label is known when a child arrives.
  const labels = new Map<pulumi.Resource, string>();
  // As the Pulumi CLI does: the program runs inside the root stack resource.
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation(({ resource, type, name, opts }) => {
      labels.set(resource, `${type}::${name}`);
      planned.push({ type, name, parent: (opts.parent && labels.get(opts.parent)) ?? '(stack)' });
      return undefined;
    });
    // The program runs inside the stack, so it is loaded here rather than imported at the top.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return Promise.resolve(require('./index') as Record<string, unknown>);
  });
  // Drains the registrations the program started.
  await pulumi.runtime.disconnect();

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
