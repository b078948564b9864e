// One benchmark case in a fresh process, so that each case's peak memory is its own:
//   node --import tsx bench/worker.ts '<Case as JSON>'
// Prints one Sample as JSON on stdout. Modules are loaded and inputs built before the clock starts;
// each case requires only its own modules, so a baseline child never loads the package.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CustomResource } from '@pulumi/pulumi';
import type { KubeObject } from '../src/core';
import { type Case, type Sample, l7Props } from './cases';

/** What a timed run produced, read after the clock stops. */
interface Output {
  /** The output compared between the two sides (YAML, or the registered resources). */
  readonly text: string;
  readonly count: number;
  readonly errors?: number;
}

/** The timed part of a case; its result is turned into an Output only after timing. */
type Timed = () => Promise<() => Output>;

const readObjects = (c: Case): readonly KubeObject[] => JSON.parse(readFileSync(c.objectsFile, 'utf8'));

async function cdk8sCase(c: Case): Promise<Timed> {
  const { ApiObject, App, Chart } = require('cdk8s') as typeof import('cdk8s');
  const synth = (app: InstanceType<typeof App>) => {
    const yaml = app.synthYaml();
    return () => ({ text: yaml, count: app.charts.flatMap((chart) => chart.node.findAll()).filter((n) => n instanceof ApiObject).length });
  };
  if (c.side === 'ours') {
    const { L7Logging } = require('../src/cdk8s') as typeof import('../src/cdk8s');
    const props = l7Props(c.collector, c.services);
    return async () => {
      const app = new App();
      new L7Logging(new Chart(app, 'bench'), 'l7', props);
      return synth(app);
    };
  }
  const objects = readObjects(c);
  return async () => {
    const app = new App();
    const chart = new Chart(app, 'bench');
    objects.forEach((o, i) => new ApiObject(chart, String(i), o));
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
    const { L7Logging } = require('../src/pulumi') as typeof import('../src/pulumi');
    const props = l7Props(c.collector, c.services);
    return timed(() => new L7Logging('bench', props));
  }
  const objects = readObjects(c);
  // The same resources, names and apply-order dependencies as the component's children, with no component.
  return timed(() => {
    // The Pulumi resource each kind is managed with, as README's table says.
    const byKind = {
      FelixConfiguration: k8s.apiextensions.CustomResourcePatch,
      ApplicationLayer: k8s.apiextensions.CustomResourcePatch,
      LogStorage: k8s.apiextensions.CustomResourcePatch,
      Service: k8s.core.v1.ServicePatch,
      ConfigMap: k8s.core.v1.ConfigMap,
      ServiceAccount: k8s.core.v1.ServiceAccount,
      DaemonSet: k8s.apps.v1.DaemonSet,
    };
    const registered: CustomResource[] = [];
    let collector: CustomResource | undefined;
    let felixSeen = false;
    for (const o of objects) {
      // Daemonset mode writes Felix twice, the second time (the traffic phase) under a name of its own.
      const traffic = o.kind === 'FelixConfiguration' && felixSeen;
      felixSeen ||= o.kind === 'FelixConfiguration';
      const name = ['bench', o.kind, o.metadata.namespace, o.metadata.name, traffic ? 'traffic' : undefined].filter(Boolean).join('/');
      const isCollector = o.kind === 'DaemonSet' || o.kind === 'ApplicationLayer';
      const dependsOn = isCollector ? [...registered] : collector && (o.kind === 'Service' || traffic) ? [collector] : [];
      const Resource = byKind[o.kind as keyof typeof byKind];
      const resource = new Resource(name, o as never, dependsOn.length ? { dependsOn } : {});
      if (isCollector) collector = resource;
      registered.push(resource);
    }
  });
}

/** Built-in kinds only: custom resources are checked against CRDs, which the repo does not ship. */
async function validateCase(c: Case): Promise<Timed> {
  const { validateObjects } = require('../src/validate') as typeof import('../src/validate');
  const objects = readObjects(c).filter((o) => !o.apiVersion.includes('.'));
  return async () => {
    const errors = validateObjects(objects);
    return () => ({ text: JSON.stringify(errors), count: objects.length, errors: errors.length });
  };
}

const SUITES: Record<Case['suite'], (c: Case) => Promise<Timed>> = { cdk8s: cdk8sCase, pulumi: pulumiCase, validate: validateCase };

async function main(): Promise<void> {
  const c = JSON.parse(process.argv[2] ?? '') as Case;
  const timed = await SUITES[c.suite](c);
  const setupRssKiB = process.resourceUsage().maxRSS;
  const start = performance.now();
  const output = await timed();
  const ms = performance.now() - start;
  const maxRssKiB = process.resourceUsage().maxRSS;
  const { text, ...rest } = output();
  const sample: Sample = { ms, maxRssKiB, setupRssKiB, hash: createHash('sha256').update(text).digest('hex'), ...rest };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
