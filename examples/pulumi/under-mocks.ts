// Runs the Pulumi program in index.ts under Pulumi's mocks, with no CLI and no cluster: for
// `npm run plan` (plan.ts).
import * as pulumi from '@pulumi/pulumi';

const PROJECT = 'calico-l7-logging-example';

/** Runs the program in stack `stack`; `observe` sees each resource as it is registered, parents first. */
export async function runProgramUnderMocks(stack: string, observe?: pulumi.ResourceTransformation): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs as Record<string, unknown> }),
      call: (args) => args.inputs as Record<string, unknown>,
    },
    PROJECT,
    stack,
    true,
  );
  // Stack config the program requires, as `pulumi config set --secret` would give it.
  pulumi.runtime.setAllConfig({ [`${PROJECT}:s3KeyId`]: `${stack}-key-id`, [`${PROJECT}:s3KeySecret`]: `${stack}-key-secret` }, [
    `${PROJECT}:s3KeyId`,
    `${PROJECT}:s3KeySecret`,
  ]);
  // As the Pulumi CLI does: the program runs inside the root stack resource.
  await pulumi.runtime.runInPulumiStack(async () => {
    if (observe) pulumi.runtime.registerStackTransformation(observe);
    // The program runs inside the stack, so it is loaded here rather than imported at the top.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return Promise.resolve(require('./index') as Record<string, unknown>);
  });
  // Drains the registrations the program started.
  await pulumi.runtime.disconnect();
}
