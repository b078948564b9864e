import { observed } from '../observe';
import { Issues } from '../errors';
import type { KubeObject } from '../objects';
import { checkEnum, checkKnownKeys, hasControlCharacters, isPlainObject, join, snapshotProps } from '../rules';

// L7 logs kept longer than Elasticsearch keeps them (about a day): the operator's LogCollector
// `tigera-secure` ships them to Amazon S3, the only additional store that receives L7 logs
// (syslog gets flows, DNS, IDS events and audit logs; Splunk flows, audit and DNS logs).

export const LOG_COLLECTOR_NAME = 'tigera-secure';
/** The Secret the operator reads the S3 credentials from, with keys `key-id` and `key-secret`. */
export const S3_CREDENTIALS_SECRET = { namespace: 'tigera-operator', name: 'log-collector-s3-credentials' } as const;

export interface S3Store {
  /** AWS region of the bucket, such as "eu-west-1". */
  readonly region: string;
  readonly bucketName: string;
  /** Key prefix in the bucket under which the logs are written. */
  readonly bucketPath: string;
  /** Whose logs: every host's, or only non-cluster hosts'. @default - not written (the operator's default) */
  readonly hostScope?: 'All' | 'NonClusterOnly';
}

export interface L7LogArchiveOptions {
  /** The S3 bucket L7 logs are archived to. */
  readonly s3: S3Store;
}

export interface L7LogArchivePlan {
  readonly objects: readonly KubeObject[];
}

const REFUSED_STORES: Readonly<Record<string, string>> = {
  syslog: 'a syslog store never receives L7 logs (it takes flows, DNS, IDS events and audit logs); archive L7 logs to s3',
  splunk: 'a Splunk store never receives L7 logs (it takes flows, audit and DNS logs); archive L7 logs to s3',
};

/** AWS commercial, GovCloud, China and ISO partitions: "us-east-1", "us-gov-west-1", "cn-north-1", "us-isob-east-1". */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Prefixes and suffixes AWS reserves (general purpose bucket naming rules). */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Validates the props and renders the LogCollector patch that adds the S3 store. */
export function planL7LogArchive(props: L7LogArchiveOptions, construct = 'L7LogArchive'): L7LogArchivePlan {
  const issues = new Issues();
  const read = snapshotProps(issues, props);
  if (isPlainObject(read)) {
    for (const [store, why] of Object.entries(REFUSED_STORES)) if (Object.hasOwn(read, store)) issues.add(store, read[store], why);
  }
  checkKnownKeys(issues, '', isPlainObject(read) ? Object.fromEntries(Object.entries(read).filter(([k]) => !Object.hasOwn(REFUSED_STORES, k))) : read, ['s3']);
  const s3 = isPlainObject(read) ? read.s3 : undefined;
  if (s3 === undefined) issues.add('s3', undefined, 'expected { region, bucketName, bucketPath }');
  else if (checkKnownKeys(issues, 's3', s3, ['region', 'bucketName', 'bucketPath', 'hostScope'])) checkS3(issues, 's3', s3 as S3Store);
  issues.throwIfAny(construct);
  const store = s3 as S3Store;
  const logCollector: KubeObject = {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'LogCollector',
    metadata: { name: LOG_COLLECTOR_NAME },
    spec: {
      additionalStores: {
        s3: {
          region: store.region,
          bucketName: store.bucketName,
          bucketPath: store.bucketPath,
          ...(store.hostScope === undefined ? {} : { hostScope: store.hostScope }),
        },
      },
    },
  };
  return observed({ objects: [logCollector] }, construct);
}

function checkS3(issues: Issues, field: string, s: S3Store): void {
  if (typeof s.region !== 'string' || !REGION.test(s.region)) {
    issues.add(join(field, 'region'), s.region, 'expected an AWS region such as "eu-west-1" or "us-gov-west-1"');
  }
  checkBucketName(issues, join(field, 'bucketName'), s.bucketName);
  const path = s.bucketPath;
  if (typeof path !== 'string' || path.length === 0 || path.length > 1024 || path.startsWith('/') || path.includes('\\') || hasControlCharacters(path)) {
    issues.add(join(field, 'bucketPath'), path, 'expected an S3 key prefix such as "clusters/prod-eu1": 1 to 1024 characters, no leading "/", no backslash or control characters');
  }
  if (s.hostScope !== undefined) checkEnum(issues, join(field, 'hostScope'), s.hostScope, ['All', 'NonClusterOnly']);
}

/** AWS's rules for general purpose bucket names. */
function checkBucketName(issues: Issues, field: string, name: unknown): void {
  const rules =
    'expected an S3 bucket name: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit, ' +
    'no "..", not an IP address, not a reserved prefix (xn--, sthree-, amzn-s3-demo-) or suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)';
  if (
    typeof name !== 'string' ||
    !BUCKET.test(name) ||
    name.includes('..') ||
    IPV4.test(name) ||
    RESERVED_PREFIXES.some((p) => name.startsWith(p)) ||
    RESERVED_SUFFIXES.some((p) => name.endsWith(p))
  ) {
    issues.add(field, name, rules);
  }
}
