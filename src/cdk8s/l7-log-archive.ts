import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type L7LogArchiveOptions, S3_CREDENTIALS_SECRET, planL7LogArchive } from '../core';
import { addRecordedObjects, constructLabel } from './api-objects';

/** Props of {@link L7LogArchive}. */
export type L7LogArchiveProps = L7LogArchiveOptions;

/**
 * Archives L7 logs to Amazon S3 through the operator's `LogCollector tigera-secure`: an object that
 * carries only `spec.additionalStores.s3`, for server-side apply, so other stores stay as they are.
 * No credentials are synthesized: create the Secret `tigera-operator/log-collector-s3-credentials`
 * first ({@link L7LogArchive.credentialsCommand}).
 */
export class L7LogArchive extends Construct {
  /** The LogCollector patch; also the default child. */
  readonly logCollector: ApiObject;
  /** The command that creates the credentials Secret the operator reads, with placeholders for the keys. */
  readonly credentialsCommand: string;

  constructor(scope: Construct, id: string, props: L7LogArchiveProps) {
    super(scope, id);
    const label = constructLabel('L7LogArchive', this);
    [this.logCollector] = addRecordedObjects(this, planL7LogArchive(props, label).objects) as [ApiObject];
    this.credentialsCommand =
      `kubectl -n ${S3_CREDENTIALS_SECRET.namespace} create secret generic ${S3_CREDENTIALS_SECRET.name} ` +
      '--from-literal=key-id="$AWS_ACCESS_KEY_ID" --from-literal=key-secret="$AWS_SECRET_ACCESS_KEY"';
  }
}
