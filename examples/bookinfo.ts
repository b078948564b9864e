// The Gloo Mesh docs' bookinfo access-log examples, shared by the cdk8s app and the Pulumi program.
import type { MeshAccessLoggingOptions } from 'calico-l7-logging';

/** The docs' two examples: every workload, only requests with header foo: bar; reviews or productpage, only 5xx responses. */
export const BOOKINFO_EXAMPLES: readonly { readonly id: string; readonly props: Omit<MeshAccessLoggingOptions, 'glooMeshVersion' | 'namespace'> }[] = [
  { id: 'all-workloads-foo-bar', props: { name: 'access-log-all', filters: [{ headerMatcher: { name: 'foo', value: 'bar' } }] } },
  {
    id: 'reviews-productpage-5xx',
    props: {
      name: 'reviews-productpage-5xx',
      workloads: [{ labels: { app: 'reviews' } }, { labels: { app: 'productpage' } }],
      filters: [{ statusCodeMatcher: { value: 500, comparator: 'GE' } }],
    },
  },
];

