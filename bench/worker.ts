// One benchmark case in a fresh, plain node process (bench/run.ts transpiles this file), so that
// each sample's memory and start-up are its own and the package is loaded from lib/ as users load it:
//   node worker.js '<Case as JSON>'
// Prints one Sample as JSON on stdout. Modules are loaded and inputs built before the clock starts;
// a baseline child never loads the package.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomResource } from '@pulumi/pulumi';
import type { KubeObject } from '../src/core';
import { type Case, type ChartObjects, FLEET_SERVICES, type Sample, l7Props, meshProps } from './cases';

/** What a timed run produced, read after the clock stops. */
interface Output {
  /** The output compared between the two sides (YAML, or the registered resources). */
  readonly text: string;
  readonly count: number;
}

/** The timed part of a case; its result is turned into an Output only after timing. */
type Timed = () => Promise<() => Output>;

const readObjects = (c: Case): readonly KubeObject[] => JSON.parse(readFileSync(c.objectsFile, 'utf8')) as KubeObject[];
/** Inside the clock: the baseline builds its own copy of the objects, as a program builds its literals. */
const built = (objects: readonly KubeObject[]): readonly KubeObject[] => structuredClone(objects);
/** The built package, as `require('calico-l7-logging/<entry>')` resolves it. */
const lib = <T>(c: Case, entry: string): T => require(join(c.root, 'lib', entry)) as T;

function cdk8sCase(c: Case): Timed {
  const { ApiObject, App, Chart } = require('cdk8s') as typeof import('cdk8s');
  const synth = (app: InstanceType<typeof App>) => {
    const yaml = app.synthYaml();
    return () => ({ text: yaml, count: app.charts.flatMap((chart) => chart.node.findAll()).filter((n) => n instanceof ApiObject).length });
  };
  if (c.side === 'ours' && c.mode === 'gloo') {
    const { MeshAccessLogging } = lib<typeof import('../src/cdk8s')>(c, 'cdk8s');
    const props = meshProps(c.size);
    return async () => {
      const app = new App();
      new MeshAccessLogging(new Chart(app, 'bench'), 'gloo', props);
      return synth(app);
    };
  }
  if (c.side === 'ours' && c.mode !== 'gloo') {
    const { L7Logging } = lib<typeof import('../src/cdk8s')>(c, 'cdk8s');
    const props = l7Props(c.mode, c.size);
    return async () => {
      const app = new App();
      new L7Logging(new Chart(app, 'bench'), 'l7', props);
      return synth(app);
    };
  }
  const charts = JSON.parse(readFileSync(c.objectsFile, 'utf8')) as ChartObjects[];
  return async () => {
    const app = new App();
    for (const { id, objects } of charts) {
      const chart = new Chart(app, id);
      built(objects).forEach((o, i) => new ApiObject(chart, String(i), o));
    }
    return synth(app);
  };
}

async function pulumiCase(c: Case): Promise<Timed> {
  const pulumi = require('@pulumi/pulumi') as typeof import('@pulumi/pulumi');
  const k8s = require('@pulumi/kubernetes') as typeof import('@pulumi/kubernetes');
  const seen: { type: string; name: string; inputs: unknown }[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        seen.push({ type: a.type, name: a.name, inputs: a.inputs });
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: (a) => a.inputs,
    },
    'calico-l7-logging-bench',
    'bench',
    false,
  );
  // Registration order is asynchronous; compare the Kubernetes resources sorted, without the component.
  const output = () => {
    const lines = seen.filter((r) => r.type.startsWith('kubernetes:')).map((r) => `${r.type} ${r.name} ${JSON.stringify(r.inputs)}`);
    return { text: lines.sort().join('\n'), count: lines.length };
  };
  // disconnect() waits until every registration the program started has been answered.
  const timed = (register: () => void): Timed => async () => {
    register();
    await pulumi.runtime.disconnect();
    return output;
  };
  if (c.side === 'ours') {
    if (c.mode === 'gloo') throw new Error('the gloo case has no Pulumi row: one custom resource measures the Pulumi runtime, not the package');
    const { L7Logging } = lib<typeof import('../src/pulumi')>(c, 'pulumi');
    const props = l7Props(c.mode, c.size);
    return timed(() => new L7Logging('bench', props));
  }
  const objects = readObjects(c);
  // The same resources, names and apply-order dependencies as the component's children, with no component.
  return timed(() => {
    // The Pulumi resource each kind is managed with, as docs/pulumi.md's table says.
    const byKind = {
      FelixConfiguration: k8s.apiextensions.CustomResourcePatch,
      ApplicationLayer: k8s.apiextensions.CustomResourcePatch,
      LogStorage: k8s.apiextensions.CustomResourcePatch,
      Service: k8s.core.v1.ServicePatch,
      Deployment: k8s.apps.v1.DeploymentPatch,
      ConfigMap: k8s.core.v1.ConfigMap,
      ServiceAccount: k8s.core.v1.ServiceAccount,
      DaemonSet: k8s.apps.v1.DaemonSet,
      Istio: k8s.apiextensions.CustomResourcePatch,
      Gateway: k8s.apiextensions.CustomResource,
      Namespace: k8s.core.v1.NamespacePatch,
    };
    const registered: CustomResource[] = [];
    let collector: CustomResource | undefined;
    // The traffic phase also waits for every waypoint Gateway, which Pulumi holds until Programmed.
    const waypoints: CustomResource[] = [];
    // One list for the whole traffic phase, as the component passes it.
    let ready: CustomResource[] = [];
    let felixSeen = false;
    for (const o of built(objects)) {
      // Daemonset mode writes Felix twice, the second time (the traffic phase) under a name of its own.
      const traffic = o.kind === 'FelixConfiguration' && felixSeen;
      felixSeen ||= o.kind === 'FelixConfiguration';
      const name = ['bench', o.kind, o.metadata.namespace, o.metadata.name, traffic ? 'traffic' : undefined].filter(Boolean).join('/');
      const isCollector = (o.kind === 'DaemonSet' && o.metadata.namespace === 'calico-system') || o.kind === 'ApplicationLayer' || o.kind === 'Istio';
      const selection = o.kind === 'Service' || o.kind === 'Deployment' || o.kind === 'Namespace' || traffic;
      const dependsOn = isCollector ? [...registered] : selection ? ready : [];
      const args = o.kind === 'Gateway' ? { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'pulumi.com/waitFor': 'condition=Programmed' } } } : o;
      const Resource = byKind[o.kind as keyof typeof byKind];
      const resource = new Resource(name, args as never, dependsOn.length ? { dependsOn } : {});
      if (isCollector) collector = resource;
      if (o.kind === 'Gateway') waypoints.push(resource);
      if (isCollector || o.kind === 'Gateway') ready = [...(collector ? [collector] : []), ...waypoints];
      registered.push(resource);
    }
  });
}

/** The package's validator against parsing with js-yaml, the fastest well-kept YAML parser on npm: both read the same file; ours checks every object too. */
function validateCase(c: Case): Timed {
  if (c.side === 'ours') {
    const { main } = lib<typeof import('../src/cli')>(c, 'cli');
    return async () => {
      let out = '';
      const status = main(['validate', c.objectsFile, '--calico-version', '3.23'], { stdout: (t) => (out += t), stderr: (t) => (out += t) });
      return () => ({ text: String(status), count: Number(/OK: (\d+) documents/.exec(out)?.[1] ?? -1) });
    };
  }
  const { loadAll } = require('js-yaml') as typeof import('js-yaml');
  return async () => {
    const count = loadAll(readFileSync(c.objectsFile, 'utf8')).length;
    return () => ({ text: '0', count });
  };
}

/**
 * A fleet of `size` operator-mode clusters: the package writes the Flux tree; the baseline
 * synthesizes the same objects, two charts per cluster, from one hand-written app. The outputs
 * differ in layout, so the sides are compared by the objects they wrote.
 */
function fleetCase(c: Case): Timed {
  const { ApiObject, App, Chart } = require('cdk8s') as typeof import('cdk8s');
  const out = mkdtempSync(join(tmpdir(), 'calico-l7-bench-fleet-'));
  const done = (count: number) => () => {
    rmSync(out, { recursive: true, force: true });
    return { text: '', count };
  };
  if (c.side === 'ours') {
    const { L7Logging, writeGitOpsTree } = lib<typeof import('../src/cdk8s')>(c, 'cdk8s');
    const props = l7Props('operator', FLEET_SERVICES);
    return async () => {
      const app = new App({ outdir: out });
      const clusters = Array.from({ length: c.size }, (_, i) => ({ logging: new L7Logging(new Chart(app, `cluster-${i}`), 'l7', props), nativeV3Crds: true }));
      writeGitOpsTree(app, { engine: 'flux', repoPath: 'fleet', flux: { sourceRef: { name: 'fleet' } }, clusters, outdir: join(out, 'tree') });
      return done(clusters.reduce((n, cl) => n + cl.logging.plan.objects.length, 0));
    };
  }
  const { collectorPhase, trafficPhase } = JSON.parse(readFileSync(c.objectsFile, 'utf8')) as { collectorPhase: KubeObject[]; trafficPhase: KubeObject[] };
  return async () => {
    const app = new App({ outdir: out });
    let count = 0;
    for (let i = 0; i < c.size; i++) {
      const collector = new Chart(app, `cluster-${i}`);
      const traffic = new Chart(app, `cluster-${i}-traffic`);
      built(collectorPhase).forEach((o, j) => new ApiObject(collector, String(j), o));
      built(trafficPhase).forEach((o, j) => new ApiObject(traffic, String(j), o));
      count += collectorPhase.length + trafficPhase.length;
    }
    app.synth();
    return done(count);
  };
}

/** Loading the package's cdk8s entry point beside cdk8s and constructs, against those two alone. */
function importCase(c: Case): Timed {
  return async () => {
    require('cdk8s');
    require('constructs');
    if (c.side === 'ours') lib(c, 'cdk8s');
    return () => ({ text: '', count: 0 });
  };
}

async function main(): Promise<void> {
  const c = JSON.parse(process.argv[2] ?? '') as Case;
  const timed =
    c.suite === 'cdk8s' ? cdk8sCase(c) : c.suite === 'pulumi' ? await pulumiCase(c) : c.suite === 'validate' ? validateCase(c) : c.suite === 'fleet' ? fleetCase(c) : importCase(c);
  const start = performance.now();
  const output = await timed();
  const end = performance.now();
  const { text, count } = output();
  const sample: Sample = { ms: end - start, processMs: end, maxRssKiB: process.resourceUsage().maxRSS, hash: createHash('sha256').update(text).digest('hex'), count };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
