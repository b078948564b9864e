import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { type L7LogArchiveOptions, S3_CREDENTIALS_SECRET, planL7LogArchive } from '../core';
import { recordWrites, registerInOrder, typeToken } from './resources';

/** AWS credentials the operator's log collector writes to S3 with. */
export interface S3Credentials {
  readonly keyId: pulumi.Input<string>;
  readonly keySecret: pulumi.Input<string>;
}

/** Arguments of {@link L7LogArchive}: the construct's props, and optionally the credentials. */
export interface L7LogArchiveArgs extends L7LogArchiveOptions {
  /**
   * Creates the Secret `tigera-operator/log-collector-s3-credentials` from these; both are stored
   * as secrets in the Pulumi state.
   * @default - no Secret: create it yourself before the update
   */
  readonly credentials?: S3Credentials;
}

/**
 * Archives L7 logs to Amazon S3: a patch of the operator's `LogCollector tigera-secure` that adds
 * only `spec.additionalStores.s3`, and, given credentials, the Secret the operator reads them from.
 */
export class L7LogArchive extends pulumi.ComponentResource {
  readonly logCollector: pulumi.CustomResource;
  /** The credentials Secret, when `credentials` are given. */
  readonly credentialsSecret?: k8s.core.v1.Secret;

  constructor(name: string, args: L7LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `L7LogArchive ${name}`;
    const { credentials, ...options } = args;
    const plan = planL7LogArchive(options, label);
    recordWrites(label, opts, plan.objects);
    super(typeToken('L7LogArchive'), name, {}, opts);
    let dependsOn: pulumi.Resource[] = [];
    if (credentials) {
      this.credentialsSecret = new k8s.core.v1.Secret(
        `${name}/Secret/${S3_CREDENTIALS_SECRET.namespace}/${S3_CREDENTIALS_SECRET.name}`,
        {
          metadata: { ...S3_CREDENTIALS_SECRET },
          stringData: { 'key-id': pulumi.secret(credentials.keyId), 'key-secret': pulumi.secret(credentials.keySecret) },
        },
        { parent: this, additionalSecretOutputs: ['data', 'stringData'] },
      );
      dependsOn = [this.credentialsSecret];
    }
    [this.logCollector] = registerInOrder(name, plan.objects, { parent: this, ...(dependsOn.length ? { dependsOn } : {}) }) as [pulumi.CustomResource];
    this.registerOutputs({});
  }
}
