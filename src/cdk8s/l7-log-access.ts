import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type L7LogAccessOptions, type L7Warning, planL7LogAccess } from '../core';
import { addRecordedObjects, constructLabel } from './api-objects';
import { raiseWarnings } from './warnings';

/** Props of {@link L7LogAccess}. */
export type L7LogAccessProps = L7LogAccessOptions;

/**
 * Read access to L7 logs, the way Calico Enterprise grants it: a ClusterRole on the RBAC-only group
 * `lma.tigera.io` (get on the cluster's `l7` logs, and only the other log types named) and a
 * ClusterRoleBinding to the subjects.
 */
export class L7LogAccess extends Construct {
  /** The ClusterRole; also the default child. */
  readonly clusterRole: ApiObject;
  readonly clusterRoleBinding: ApiObject;
  /** Props that are valid but grant more than logs (printed once per app when it synthesizes). */
  readonly warnings: readonly L7Warning[];

  constructor(scope: Construct, id: string, props: L7LogAccessProps) {
    super(scope, id);
    const label = constructLabel('L7LogAccess', this);
    const plan = planL7LogAccess(props, label);
    this.warnings = plan.warnings;
    raiseWarnings(this, plan.warnings);
    [this.clusterRole, this.clusterRoleBinding] = addRecordedObjects(this, plan.objects) as [ApiObject, ApiObject];
  }
}
