import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type L7Warning, type MeshAccessLoggingOptions, type MeshIstioSettings, planMeshAccessLogging } from '../core';
import { addRecordedObjects, constructLabel } from './api-objects';
import { raiseWarnings } from './warnings';

/** Props of {@link MeshAccessLogging}. */
export type MeshAccessLoggingProps = MeshAccessLoggingOptions;

/**
 * Gloo Mesh access logs of an Istio mesh: an AccessLogRecord (Gloo Mesh 1.x; put the construct in the
 * management cluster's chart) or an AccessLogPolicy (2.x; in the chart of the workspace's config
 * cluster), and for each cluster of the mesh the Istio settings that send its logs to Gloo Mesh.
 */
export class MeshAccessLogging extends Construct {
  /** The AccessLogRecord (1.x) or AccessLogPolicy (2.x); also the default child. */
  readonly resource: ApiObject;
  /** Istio settings per registered cluster name. */
  readonly istio: Readonly<Record<string, MeshIstioSettings>>;
  /** What the props select that a reader might not expect (printed once per app when it synthesizes). */
  readonly warnings: readonly L7Warning[];

  constructor(scope: Construct, id: string, props: MeshAccessLoggingProps) {
    super(scope, id);
    const label = constructLabel('MeshAccessLogging', this);
    const plan = planMeshAccessLogging(props, label);
    this.warnings = plan.warnings;
    raiseWarnings(this, plan.warnings);
    [this.resource] = addRecordedObjects(this, plan.objects) as [ApiObject];
    this.istio = Object.fromEntries(plan.istio.map((s) => [s.cluster, s]));
  }

  /**
   * Writes each cluster's Istio settings to `outdir`: `<cluster>.istio-operator.yaml` (for
   * `istioctl install -f`) and `<cluster>.istiod-values.yaml` (for the istiod Helm chart). They are
   * not manifests to apply with kubectl. Returns the files written.
   */
  writeIstioSettings(outdir: string): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stringify } = require('yaml') as typeof import('yaml');
    return Object.values(this.istio).flatMap((s) => {
      const operator = join(outdir, `${s.cluster}.istio-operator.yaml`);
      const values = join(outdir, `${s.cluster}.istiod-values.yaml`);
      writeFileSync(operator, stringify(s.istioOperatorOverlay));
      writeFileSync(values, stringify(s.istiodHelmValues));
      return [operator, values];
    });
  }
}
