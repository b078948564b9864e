import * as pulumi from '@pulumi/pulumi';

/** One resource as Pulumi's engine would have received it. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, any>;
}

export const registered: Registered[] = [];

/** Installs mocks that record every registered resource; call before creating any resource. */
export function installMocks(): void {
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, urn: '', inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'calico-l7-logging',
    'test',
    false,
  );
}

export function outputOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Waits until the resources (and so their registrations) have settled. */
export async function settle(resources: readonly pulumi.Resource[]): Promise<string[]> {
  return Promise.all(resources.map((r) => outputOf(r.urn)));
}
