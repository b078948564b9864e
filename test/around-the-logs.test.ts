// Around the logs: who may read them (RBAC), where they are archived (S3), how much disk they need
// (the size command), and proof that traffic passes Envoy (the verification Job).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing } from 'cdk8s';
import { parse, stringify } from 'yaml';
import * as cdk8s from '../src/cdk8s';
import { main } from '../src/cli';
import { planL7LogAccess, planL7LogArchive, planL7Verification, sizeLogStorage } from '../src/core';
import * as pl from '../src/pulumi';
import { validateObjects } from '../src/validate';
import { assertGolden, expectIssue, scratchDir } from './helpers';
import { installMocks, registered, settle } from './pulumi-mocks';
import { assertConforms } from './reference-crds';

installMocks();

const ACCESS = { subjects: [{ kind: 'Group' as const, name: 'platform-sre' }, { kind: 'ServiceAccount' as const, namespace: 'observability', name: 'log-exporter' }] };
const ARCHIVE = { s3: { region: 'eu-west-1', bucketName: 'acme-l7-logs', bucketPath: 'clusters/prod-eu1' } };
const VERIFY = { services: [{ name: 'adservice', port: 9555 }, { namespace: 'shop', name: 'checkout', port: 8080, path: '/healthz' }] };

/** What a Pulumi component registered, in its own order, as a golden file shows it. */
async function pulumiRegistered(make: () => pulumi.ComponentResource & { readonly [k: string]: unknown }, children: () => pulumi.Resource[]) {
  const before = registered.length;
  const component = make();
  await settle([component, ...children()]);
  return registered.slice(before).filter((r) => r.type.startsWith('kubernetes:'));
}

describe('L7LogAccess', () => {
  test('least privilege: get on the cluster\'s l7 logs, bound to the subjects', () => {
    const [role, binding] = planL7LogAccess(ACCESS).objects;
    assert.deepEqual(role?.rules, [{ apiGroups: ['lma.tigera.io'], resources: ['cluster'], resourceNames: ['l7'], verbs: ['get'] }]);
    assert.deepEqual(binding?.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-l7-log-reader' });
    assert.deepEqual(binding?.subjects, [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'platform-sre' },
      { kind: 'ServiceAccount', name: 'log-exporter', namespace: 'observability' },
    ]);
    assert.deepEqual(validateObjects(planL7LogAccess(ACCESS).objects), []);
  });

  test('a managed cluster by name, every cluster only when asked, other log types only when named', () => {
    const rule = (props: object) => (planL7LogAccess({ ...ACCESS, ...props }).objects[0]?.rules as { resources: string[]; resourceNames: string[] }[])[0];
    assert.deepEqual(rule({ cluster: 'app-cluster' })?.resources, ['app-cluster']);
    assert.deepEqual(rule({ allClusters: true })?.resources, ['*']);
    assert.deepEqual(rule({ logTypes: ['l7', 'flows', 'dns'] })?.resourceNames, ['l7', 'flows', 'dns']);
    assert.match(planL7LogAccess({ ...ACCESS, logTypes: ['elasticsearch_superuser'] }).warnings.join(), /superuser access/);
  });

  test('bad input: no subjects, an unknown log type, a wildcard not asked for, odd subjects', () => {
    expectIssue(() => planL7LogAccess({ subjects: [] }), 'subjects', /at least one subject/);
    expectIssue(() => planL7LogAccess({ ...ACCESS, logTypes: ['http' as never] }), 'logTypes[0]', /l7, flows, dns, audit\*/);
    expectIssue(() => planL7LogAccess({ ...ACCESS, logTypes: [] }), 'logTypes', /empty list would grant every log type/);
    expectIssue(() => planL7LogAccess({ ...ACCESS, logTypes: ['l7', 'l7'] }), 'logTypes[1]', /once/);
    expectIssue(() => planL7LogAccess({ ...ACCESS, cluster: '*' }), 'cluster', /allClusters: true/);
    expectIssue(() => planL7LogAccess({ ...ACCESS, cluster: 'a', allClusters: true }), 'cluster', /not both/);
    expectIssue(() => planL7LogAccess({ subjects: [{ kind: 'ServiceAccount', name: 'x' }] }), 'subjects[0].namespace', /needs its namespace/);
    expectIssue(() => planL7LogAccess({ subjects: [{ kind: 'User', name: 'ann', namespace: 'x' }] }), 'subjects[0].namespace', /only a ServiceAccount/);
    expectIssue(() => planL7LogAccess({ subjects: [{ kind: 'Robot' as never, name: 'x' }] }), 'subjects[0].kind', /User, Group, ServiceAccount/);
    expectIssue(() => planL7LogAccess({ subjects: [{ kind: 'User', name: 'a\nb' }] }), 'subjects[0].name', /control characters/);
  });
});

describe('L7LogArchive', () => {
  test('a LogCollector object carrying only the S3 store, valid against the real CRDs', () => {
    const objects = planL7LogArchive(ARCHIVE).objects;
    assert.deepEqual(objects, [
      { apiVersion: 'operator.tigera.io/v1', kind: 'LogCollector', metadata: { name: 'tigera-secure' }, spec: { additionalStores: { s3: ARCHIVE.s3 } } },
    ]);
    assertConforms(objects, 'v1.42.4');
    assertConforms(objects, 'master');
  });

  test('syslog and Splunk are refused with the reason: they never receive L7 logs', () => {
    expectIssue(() => planL7LogArchive({ ...ARCHIVE, syslog: { endpoint: 'tcp://1.2.3.4:514' } } as never), 'syslog', /never receives L7 logs/);
    expectIssue(() => planL7LogArchive({ splunk: { endpoint: 'https://splunk:8088' } } as never), 'splunk', /never receives L7 logs/);
  });

  test("bucket names and regions follow AWS's rules", () => {
    const s3 = (patch: object) => () => planL7LogArchive({ s3: { ...ARCHIVE.s3, ...patch } });
    for (const bucketName of ['Acme', 'ab', 'a'.repeat(64), '-acme', 'acme..logs', '192.168.5.4', 'xn--acme', 'acme-s3alias', 'acme_logs', 'sthree-logs']) {
      expectIssue(s3({ bucketName }), 's3.bucketName', /S3 bucket name/);
    }
    for (const bucketName of ['acme', 'acme.logs', 'a1-b2', 'my-bucket-2026']) assert.doesNotThrow(s3({ bucketName }), bucketName);
    for (const region of ['eu-west', 'EU-WEST-1', 'europe', 'us-east-1a']) expectIssue(s3({ region }), 's3.region', /AWS region/);
    for (const region of ['us-gov-west-1', 'cn-north-1', 'ap-southeast-3', 'il-central-1']) assert.doesNotThrow(s3({ region }), region);
    expectIssue(s3({ bucketPath: '/abs' }), 's3.bucketPath', /no leading/);
    expectIssue(s3({ bucketPath: '' }), 's3.bucketPath');
    expectIssue(s3({ hostScope: 'Some' }), 's3.hostScope', /All, NonClusterOnly/);
    expectIssue(() => planL7LogArchive({} as never), 's3', /region, bucketName, bucketPath/);
  });

  test('merged into a LogCollector that has a syslog store, it keeps it (kubectl --local)', () => {
    const live = {
      apiVersion: 'operator.tigera.io/v1',
      kind: 'LogCollector',
      metadata: { name: 'tigera-secure' },
      spec: {
        additionalStores: { syslog: { endpoint: 'tcp://10.0.0.5:514', logTypes: ['Audit', 'DNS', 'Flows'], packetSize: 1024 } },
        collectProcessPath: 'Enabled',
      },
    };
    const dir = scratchDir('l7-archive-');
    const file = join(dir, 'live.yaml');
    writeFileSync(file, stringify(live));
    const patch = planL7LogArchive(ARCHIVE).objects[0];
    const merged = parse(execFileSync('kubectl', ['patch', '--type=merge', '-p', JSON.stringify(patch), '--local', '-f', file, '-o', 'yaml'], { encoding: 'utf8' }));
    assert.deepEqual(merged.spec, { ...live.spec, additionalStores: { ...live.spec.additionalStores, s3: ARCHIVE.s3 } });
  });

  test('no credentials in cdk8s output: the command to create the Secret instead', () => {
    const chart = Testing.chart();
    const archive = new cdk8s.L7LogArchive(chart, 'archive', ARCHIVE);
    assert.doesNotMatch(JSON.stringify(Testing.synth(chart)), /key-id|key-secret|Secret/);
    assert.match(archive.credentialsCommand, /^kubectl -n tigera-operator create secret generic log-collector-s3-credentials --from-literal=key-id="\$AWS_ACCESS_KEY_ID"/);
  });

  test('Pulumi creates the credentials Secret from secret inputs, kept secret, before the LogCollector patch', async () => {
    const archive = new pl.L7LogArchive('archive', { ...ARCHIVE, credentials: { keyId: 'AKIAEXAMPLE', keySecret: pulumi.secret('s3cr3t') } }, { provider: new k8s.Provider('archive', {}) });
    await settle([archive, archive.logCollector, archive.credentialsSecret as pulumi.Resource]);
    assert.equal(await pulumi.isSecret((archive.credentialsSecret as k8s.core.v1.Secret).stringData), true);
    const secret = registered.find((r) => r.name === 'archive/Secret/tigera-operator/log-collector-s3-credentials');
    // Sent to the engine as a secret value (Pulumi's secret signature), holding both keys.
    const stringData = secret?.inputs.stringData as Record<string, any>;
    assert.equal(stringData['4dabf18193072939515e22adb298388d'], '1b47061264138c4ac30d75fd1eb44270');
    assert.deepEqual(Object.keys(stringData.value).sort(), ['key-id', 'key-secret']);
    assert.ok(registered.findIndex((r) => r.name === 'archive/LogCollector/tigera-secure') > registered.indexOf(secret as never));
  });
});

describe('calico-l7 size', () => {
  const run = (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const status = main(['size', ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { status, stdout, stderr };
  };

  test("the docs' rule with the same numbers as LogStorageSizing, every formula printed", () => {
    const r = run('--nodes', '12', '--retention-days', '2', '--es-nodes', '3', '--replicas', '1', '--current', '200Gi');
    assert.equal(r.status, 0, r.stderr);
    const g = sizeLogStorage({ nodes: 12, retentionDays: 2, elasticsearchNodes: 3, replicas: 1, currentPerNodeStorage: '200Gi' });
    assert.match(r.stdout, new RegExp(`docs' rule .*  ${g.extraTotalGB} GB  +${g.extraPerElasticsearchNodeGB} GB`));
    assert.match(r.stdout, new RegExp(`recommended per ES node .* ${g.recommendedPerNodeStorage}\\n`));
    assert.match(r.stdout, /Extra in all: +12 node\(s\) x 1 GB x 2 day\(s\) x \(1 \+ 1 replica\(s\)\) = 48 GB/);
  });

  test('with a request rate: the estimate, its assumptions, and the larger of the two', () => {
    const json = (...a: string[]) => JSON.parse(run(...a, '--json').stdout) as { basis: string; estimate: { recordsPerInterval: number; capped: boolean; extraTotalGB: number }; recommendedExtraPerElasticsearchNodeGB: number };
    const low = json('--nodes', '12', '--retention-days', '2', '--requests-per-second', '10');
    assert.equal(low.estimate.recordsPerInterval, 3000);
    assert.equal(low.estimate.capped, false);
    assert.equal(low.basis, 'rule');
    assert.equal(low.recommendedExtraPerElasticsearchNodeGB, 24);
    // 4 nodes x 1500 records per 5 minutes, 288 flushes a day, 100 kB records: 173 GB a day.
    const high = json('--nodes', '4', '--retention-days', '1', '--requests-per-second', '5000', '--record-bytes', '100000');
    assert.equal(high.estimate.capped, true);
    assert.equal(high.estimate.recordsPerInterval, 6000);
    assert.equal(high.basis, 'estimate');
    assert.equal(high.recommendedExtraPerElasticsearchNodeGB, Math.ceil((6000 * 288 * 100000) / 1e9));
    const text = run('--nodes', '4', '--retention-days', '1', '--requests-per-second', '50').stdout;
    assert.match(text, /Assumptions of the estimate:\n {2}- one record per request/);
    assert.match(text, /not documented by Calico: measure yours and pass --record-bytes/);
  });

  test('exit 1 with a warning when the current size cannot hold the L7 logs; 2 for bad usage', () => {
    const short = run('--nodes', '40', '--retention-days', '2', '--current', '10Gi');
    assert.equal(short.status, 1);
    assert.match(short.stdout, /Warning: 10Gi per Elasticsearch node cannot hold even the L7 logs \(80 GB per node\)/);
    assert.equal(JSON.parse(run('--nodes', '40', '--retention-days', '2', '--current', '10Gi', '--json').stdout).short, true);
    for (const args of [[], ['--nodes', 'x', '--retention-days', '1'], ['--nodes', '3', '--retention-days', '1', '--current', 'lots'], ['--nodes', '3', '--retention-days', '1', '--bogus'], ['--nodes', '3', '--retention-days', '1', '--record-bytes', '10']]) {
      const r = run(...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^calico-l7: .*\n(.*\n)*usage: calico-l7 size/);
      assert.equal(r.stdout, '');
    }
    assert.match(run('--help').stdout, /^usage: calico-l7 size/);
  });
});

describe('L7Verification', () => {
  test('a hardened Job that requests each Service by its cluster DNS name and fails unless Envoy answered', () => {
    const plan = planL7Verification(VERIFY);
    assert.deepEqual(plan.urls, ['http://adservice.default.svc.cluster.local:9555/', 'http://checkout.shop.svc.cluster.local:8080/healthz']);
    const spec = plan.job.spec as any;
    const pod = spec.template.spec;
    const container = pod.containers[0];
    assert.equal(spec.backoffLimit, 2);
    assert.equal(spec.ttlSecondsAfterFinished, 3600);
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(pod.restartPolicy, 'Never');
    assert.deepEqual(container.securityContext, {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      capabilities: { drop: ['ALL'] },
    });
    // The URLs are arguments, never part of the script the shell parses.
    assert.deepEqual(container.command.slice(3), ['verify', ...plan.urls]);
    assert.doesNotMatch(container.command[2], /adservice|checkout/);
    assert.match(container.command[2], /if \[ "\$server" = envoy \]/);
    assert.equal(container.image, 'docker.io/curlimages/curl:8.11.1');
    const mirrored = planL7Verification({ ...VERIFY, image: 'registry.example.com/mirror/curl:8.11.1' }).job.spec as any;
    assert.equal(mirrored.template.spec.containers[0].image, 'registry.example.com/mirror/curl:8.11.1');
    assert.equal(plan.waitCommand, 'kubectl -n default wait --for=condition=complete job/calico-l7-verification --timeout=150s');
    assert.deepEqual(validateObjects(plan.objects), []);
  });

  test('the script does what it says: "server: envoy" passes, anything else fails', () => {
    const script = (planL7Verification(VERIFY).job.spec as any).template.spec.containers[0].command[2] as string;
    const dir = scratchDir('l7-verify-');
    // A stand-in curl that prints the headers named by the URL's host.
    writeFileSync(join(dir, 'curl'), '#!/bin/sh\nfor a; do u=$a; done\ncase "$u" in *envoy*) printf "HTTP/1.1 200 OK\\r\\nserver: envoy\\r\\n\\r\\n";; *nginx*) printf "HTTP/1.1 200 OK\\r\\nServer: nginx\\r\\n\\r\\n";; esac\n', { mode: 0o755 });
    const env = { PATH: `${dir}:${process.env.PATH}`, TIMEOUT: '1' };
    const run = (...urls: string[]) => {
      try {
        execFileSync('/bin/sh', ['-c', script, 'verify', ...urls], { env, encoding: 'utf8', stdio: 'pipe' });
        return 0;
      } catch (e) {
        return (e as { status: number }).status;
      }
    };
    assert.equal(run('http://envoy-a/', 'http://envoy-b/'), 0);
    assert.equal(run('http://envoy-a/', 'http://nginx/'), 1);
    assert.equal(run('http://nothing/'), 1);
  });

  test('bad input: no Services, odd names, ports and paths, images', () => {
    expectIssue(() => planL7Verification({ services: [] }), 'services', /at least one Service/);
    expectIssue(() => planL7Verification({ services: [{ name: 'Ad', port: 80 }] }), 'services[0].name', /RFC 1035/);
    expectIssue(() => planL7Verification({ services: [{ name: 'ad', port: 70000 }] }), 'services[0].port');
    expectIssue(() => planL7Verification({ services: [{ name: 'ad', port: 80, path: 'no-slash' }] }), 'services[0].path', /starting with/);
    expectIssue(() => planL7Verification({ services: [{ name: 'ad', port: 80, path: '/a b' }] }), 'services[0].path');
    expectIssue(() => planL7Verification({ ...VERIFY, image: 'Not An Image' }), 'image', /image reference/);
    expectIssue(() => planL7Verification({ ...VERIFY, name: 'v'.repeat(53) }), 'name', /at most 52/);
  });

  test('cdk8s: the Services of an L7Logging, checked on one port', () => {
    const chart = Testing.chart();
    const l7 = new cdk8s.L7Logging(chart, 'l7', { calicoVersion: '3.22', services: [{ name: 'a' }, { namespace: 'shop', name: 'b' }] });
    const v = new cdk8s.L7Verification(new Chart(Testing.app(), 'verify'), 'verify', { services: cdk8s.L7Verification.servicesOf(l7, 8080) });
    assert.deepEqual(v.urls, ['http://a.default.svc.cluster.local:8080/', 'http://b.shop.svc.cluster.local:8080/']);
  });

  test('Pulumi waits for the Job to complete, and replaces it when it changes (its template is immutable)', async () => {
    const transforms: pulumi.ResourceTransformationArgs[] = [];
    const v = new pl.L7Verification('verify', VERIFY, {
      provider: new k8s.Provider('verify', {}),
      transformations: [
        (args) => {
          transforms.push(args);
          return undefined;
        },
      ],
    });
    await settle([v, v.job]);
    const job = registered.find((r) => r.name === 'verify/Job/default/calico-l7-verification');
    assert.equal(job?.inputs.metadata.annotations['pulumi.com/waitFor'], 'condition=Complete');
    assert.equal((transforms.find((t) => t.name === 'verify/Job/default/calico-l7-verification')?.opts as pulumi.CustomResourceOptions).deleteBeforeReplace, true);
  });
});

describe('golden output of each construct, in both frameworks', () => {
  test('cdk8s', () => {
    const chart = Testing.chart();
    new cdk8s.L7LogAccess(chart, 'access', ACCESS);
    new cdk8s.L7LogArchive(chart, 'archive', ARCHIVE);
    new cdk8s.L7Verification(chart, 'verify', VERIFY);
    assertGolden('around-the-logs.k8s.yaml', Testing.synth(chart).map((o) => stringify(o)).join('---\n'));
  });

  test('Pulumi (registered types, names and inputs), the same objects as cdk8s', async () => {
    const provider = { provider: new k8s.Provider('golden', {}) };
    let access!: pl.L7LogAccess;
    let archive!: pl.L7LogArchive;
    let verify!: pl.L7Verification;
    const resources = await pulumiRegistered(
      () => {
        access = new pl.L7LogAccess('access', ACCESS, provider);
        archive = new pl.L7LogArchive('archive', ARCHIVE, provider);
        verify = new pl.L7Verification('verify', VERIFY, provider);
        return verify as never;
      },
      () => [access, access.clusterRole, access.clusterRoleBinding, archive, archive.logCollector, verify.job],
    );
    const mine = resources.filter((r) => /^(access|archive|verify)\//.test(r.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    assertGolden('around-the-logs.pulumi.json', `${JSON.stringify(mine.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs })), null, 2)}\n`);
    const chart = Testing.chart();
    new cdk8s.L7LogAccess(chart, 'access', ACCESS);
    new cdk8s.L7LogArchive(chart, 'archive', ARCHIVE);
    new cdk8s.L7Verification(chart, 'verify', VERIFY);
    const withoutAwait = (inputs: any) => {
      const c = structuredClone(inputs);
      delete c.metadata.annotations?.['pulumi.com/waitFor'];
      if (c.metadata.annotations && Object.keys(c.metadata.annotations).length === 0) delete c.metadata.annotations;
      return c;
    };
    const byId = (o: any) => `${o.kind}/${o.metadata.name}`;
    assert.deepEqual(
      mine.map((r) => withoutAwait(r.inputs)).sort((a, b) => (byId(a) < byId(b) ? -1 : 1)),
      Testing.synth(chart).sort((a, b) => (byId(a) < byId(b) ? -1 : 1)),
    );
  });
});
