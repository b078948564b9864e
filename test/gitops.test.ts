// The trees written for Argo CD and Flux: they build with the real `kubectl kustomize`, match the
// engines' real CRDs, order the phases with health gates, roll clusters out in waves, and mark every
// object the package only patches with the engine's opt-outs. The engines' rules below are those of
// Argo CD v3.5.1 and kustomize-controller v1.9.4, as their sources state them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ApiObject, App, Chart } from 'cdk8s';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { L7Logging, writeGitOpsTree } from '../src/cdk8s';
import { felixChartOf } from '../src/cdk8s/api-objects';
import {
  APPLICATION_LAYER_HEALTH_CEL,
  APPLICATION_LAYER_HEALTH_LUA,
  ARGOCD,
  FLUX,
  type GitOpsOptions,
  type KubeObject,
  L7ValidationError,
  WAVE_LABEL,
  isPatch,
} from '../src/core';
import { UPGRADE_SCRIPT, renderUpgradeJob } from '../src/core/gitops/upgrade';
import { FLEET_WAVES, buildFleet } from '../examples/fleet';
import { readDocuments, validateObjects } from '../src/validate';
import { expectIssue, scratchDir } from './helpers';
import { gitopsCrds } from './reference-crds';

const dir = scratchDir('l7-gitops-');

type Tree = Record<string, unknown[]>;

/** Writes the example fleet for an engine and reads the tree back, file by file. */
function fleetTree(engine: 'argocd' | 'flux', extra: Partial<GitOpsOptions> = {}): { tree: Tree; outdir: string } {
  const app = new App();
  const outdir = join(dir, `${engine}-${Math.random().toString(36).slice(2)}`);
  const options = engine === 'argocd' ? { argocd: { repoURL: 'https://git.example.com/fleet.git' } } : { flux: { sourceRef: { name: 'fleet' } } };
  const files = writeGitOpsTree(app, { engine, repoPath: 'fleet/l7', clusters: buildFleet(app), waves: FLEET_WAVES, outdir, ...options, ...extra });
  const tree: Tree = {};
  for (const f of files) tree[f] = parseAllDocuments(readFileSync(join(outdir, f), 'utf8')).map((d) => d.toJS() as unknown);
  return { tree, outdir };
}

const objectsIn = (tree: Tree, suffix: string) => Object.entries(tree).filter(([f]) => f.endsWith(suffix)).flatMap(([, docs]) => docs as KubeObject[]);
const annotation = (o: KubeObject, key: string) => o.metadata.annotations?.[key];

describe('the tree builds with kubectl kustomize, and has no namespace: that would move cluster-scoped partials', () => {
  for (const engine of ['argocd', 'flux'] as const) {
    test(engine, () => {
      const { tree, outdir } = fleetTree(engine);
      const kustomizations = Object.keys(tree).filter((f) => f.endsWith('kustomization.yaml'));
      assert.ok(kustomizations.length >= 9, kustomizations.join());
      for (const file of kustomizations) {
        assert.equal((tree[file]?.[0] as { namespace?: string }).namespace, undefined, file);
        const built = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(outdir, file, '..')], { encoding: 'utf8' })).map((d) => d.toJS() as KubeObject);
        assert.ok(built.length > 0, file);
        const felix = built.find((o) => o.kind === 'FelixConfiguration');
        if (felix) assert.equal(felix.metadata.namespace, undefined, `${file}: a cluster-scoped object stays without a namespace`);
      }
    });
  }
});

test('each phase holds what cdk8s synthesizes for its chart, in its order, with only the engine\'s annotations added, as kubectl reads it', () => {
  const app = new App();
  const clusters = buildFleet(app);
  const outdir = join(dir, 'same-objects');
  writeGitOpsTree(app, { engine: 'flux', repoPath: 'x', flux: { sourceRef: { name: 'f' } }, clusters, outdir });
  const withoutFlux = (o: KubeObject) => {
    const annotations = Object.fromEntries(Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('kustomize.toolkit.fluxcd.io/')));
    const { annotations: _dropped, ...metadata } = o.metadata;
    return { ...o, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
  };
  for (const c of clusters) {
    // Read as kubectl reads (YAML 1.1 scalars): a value written unquoted that kubectl would take for a boolean or number differs here.
    const read = (phase: string) => readDocuments(join(outdir, 'clusters', Chart.of(c.logging).node.id, phase, 'manifests.yaml')).documents.map((d) => withoutFlux(d as KubeObject));
    // The Felix chart beside a chart comes first, as the kubectl runbook applies it.
    const phase = (chart: Chart | undefined) => (chart ? [...(felixChartOf(chart)?.toJson() ?? []), ...chart.toJson()] : undefined);
    assert.deepEqual(read('collector'), phase(Chart.of(c.logging)));
    assert.ok(read('collector').some((o) => o.kind === 'FelixConfiguration'));
    assert.deepEqual(read('traffic'), phase(c.logging.trafficChart));
  }
});

test('a chart whose objects depend on others keeps cdk8s\'s dependency order in the tree', () => {
  const app = new App();
  const chart = new Chart(app, 'deps');
  const logging = new L7Logging(chart, 'l7', { calicoVersion: '3.23', services: [{ name: 'a' }] });
  const second = new ApiObject(chart, 'second', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'second', namespace: 'default' } });
  const first = new ApiObject(chart, 'first', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first', namespace: 'default' } });
  second.addDependency(first);
  const outdir = join(dir, 'deps');
  writeGitOpsTree(app, { engine: 'argocd', repoPath: 'x', argocd: { repoURL: 'r' }, clusters: [{ logging }], outdir });
  const names = readDocuments(join(outdir, 'clusters/deps/collector/manifests.yaml')).documents.map((d) => (d as KubeObject).metadata.name);
  const expected = [...(felixChartOf(chart)?.toJson() ?? []), ...chart.toJson()].map((o) => o.metadata.name);
  assert.deepEqual(names, expected);
  assert.ok(names.indexOf('first') < names.indexOf('second'), names.join());
});

describe('the engines\' objects match their real CRDs', () => {
  test('Argo CD ApplicationSet, the argocd-cm patch, and Flux Kustomizations', () => {
    const crds = gitopsCrds();
    const argo = fleetTree('argocd').tree;
    const flux = fleetTree('flux').tree;
    const engineObjects = [...objectsIn(argo, 'argocd/applicationset.yaml'), ...objectsIn(argo, 'argocd-cm-health-checks.yaml'), ...objectsIn(flux, 'flux/kustomizations.yaml')];
    assert.deepEqual(engineObjects.map((o) => o.kind), ['ApplicationSet', 'ConfigMap', ...Array(9).fill('Kustomization')]);
    assert.deepEqual(validateObjects(engineObjects, { crds }), []);
    // Without CRDs given, the validator checks these kinds against the ones the package ships.
    assert.deepEqual(validateObjects(engineObjects), []);
    assert.match(validateObjects([{ ...engineObjects[2], spec: { ...(engineObjects[2]?.spec as object), prune: 'yes' } }])[0]?.message ?? '', /boolean/);
    // The check is real: a misspelled field fails.
    const broken = { ...engineObjects[2], spec: { ...(engineObjects[2]?.spec as object), dependOn: [] } };
    assert.match(validateObjects([broken], { crds })[0]?.message ?? '', /unknown field "dependOn".*did you mean "dependsOn"/);
  });
});

describe('patched is never owned', () => {
  for (const engine of ['argocd', 'flux'] as const) {
    test(`${engine}: every patched object carries the opt-outs, no owned object does`, () => {
      const objects = objectsIn(fleetTree(engine).tree, 'manifests.yaml');
      const patched = objects.filter(isPatch);
      const owned = objects.filter((o) => !isPatch(o));
      assert.deepEqual([...new Set(patched.map((o) => o.kind))].sort(), ['ApplicationLayer', 'Deployment', 'FelixConfiguration', 'Service']);
      assert.deepEqual([...new Set(owned.map((o) => o.kind))].sort(), ['Job']);
      for (const o of patched) {
        if (engine === 'argocd') {
          // The example's clusters have native v3 CRDs: the FelixConfiguration is applied server-side too.
          assert.equal(annotation(o, ARGOCD.syncOptions), 'ServerSideApply=true,Validate=false,Prune=false,Delete=false', o.kind);
          if (o.kind === 'Service') assert.equal(annotation(o, ARGOCD.ignoreHealthcheck), 'true');
        } else {
          assert.equal(annotation(o, FLUX.ssa), 'Merge', o.kind);
          assert.equal(annotation(o, FLUX.prune), 'disabled', o.kind);
        }
      }
      for (const o of owned) assert.equal(annotation(o, engine === 'argocd' ? ARGOCD.syncOptions : FLUX.prune), undefined);
    });
  }

  // Argo CD (controller/appcontroller.go shouldBeDeleted): deleting an Application with cascade
  // deletes every object it tracks unless `Delete=false`; pruning skips `Prune=false`.
  const argoDeletes = (o: KubeObject) => !(annotation(o, ARGOCD.syncOptions) ?? '').split(',').includes('Delete=false');
  const argoPrunes = (o: KubeObject) => !(annotation(o, ARGOCD.syncOptions) ?? '').split(',').includes('Prune=false');
  // Flux (kustomize-controller deleteObjects): pruning or deleting a Kustomization deletes its objects unless `prune: disabled`.
  const fluxDeletes = (o: KubeObject) => annotation(o, FLUX.prune) !== 'disabled';

  test('deleting the Application or the Kustomization, or pruning, removes only what the package owns', () => {
    for (const [engine, rules] of [
      ['argocd', [argoDeletes, argoPrunes]],
      ['flux', [fluxDeletes]],
    ] as const) {
      const objects = objectsIn(fleetTree(engine).tree, 'manifests.yaml');
      for (const rule of rules) {
        const removed = objects.filter(rule);
        assert.ok(removed.length > 0, engine);
        assert.deepEqual(removed.filter(isPatch), [], `${engine} would remove an object the package only patches`);
      }
    }
  });

  test('no user field is lost when a patched object with the opt-outs is merged into the live one (kubectl --local)', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cartservice', namespace: 'default', labels: { app: 'cartservice' }, annotations: { 'team.example.com/owner': 'cart' } },
      spec: { type: 'ClusterIP', clusterIP: '10.0.12.7', selector: { app: 'cartservice' }, ports: [{ name: 'grpc', port: 7070, targetPort: 7070 }] },
    };
    for (const engine of ['argocd', 'flux'] as const) {
      const ours = objectsIn(fleetTree(engine).tree, 'traffic/manifests.yaml').find((o) => o.kind === 'Service' && o.metadata.name === 'cartservice');
      const file = join(dir, `live-${engine}.yaml`);
      writeFileSync(file, stringify(live));
      const merged = parse(execFileSync('kubectl', ['patch', '--type=merge', '-p', JSON.stringify(ours), '--local', '-f', file, '-o', 'yaml'], { encoding: 'utf8' }));
      assert.deepEqual(merged.spec, live.spec);
      assert.deepEqual(merged.metadata.labels, live.metadata.labels);
      assert.equal(merged.metadata.annotations['team.example.com/owner'], 'cart');
      assert.equal(merged.metadata.annotations['projectcalico.org/l7-logging'], 'true');
    }
  });
});

describe('phases and waves', () => {
  test('Argo CD: collector in wave 0, traffic in wave 1, verification a PostSync hook; RollingSync steps by wave', () => {
    const { tree } = fleetTree('argocd');
    for (const o of objectsIn(tree, 'collector/manifests.yaml')) assert.equal(annotation(o, ARGOCD.syncWave), '0');
    for (const o of objectsIn(tree, 'traffic/manifests.yaml')) assert.equal(annotation(o, ARGOCD.syncWave), '1');
    for (const o of objectsIn(tree, 'verify/manifests.yaml')) assert.equal(annotation(o, ARGOCD.hook), 'PostSync');
    assert.deepEqual(tree['clusters/canary-eu1/kustomization.yaml']?.[0], { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['collector', 'traffic', 'verify'] });
    const [set] = objectsIn(tree, 'argocd/applicationset.yaml') as [any];
    assert.deepEqual(
      set.spec.strategy.rollingSync.steps,
      FLEET_WAVES.map((w) => ({ matchExpressions: [{ key: WAVE_LABEL, operator: 'In', values: [w.name] }], ...(w.maxUpdate ? { maxUpdate: w.maxUpdate } : {}) })),
    );
    assert.deepEqual(set.spec.generators[0].list.elements, [
      { cluster: 'canary-eu1', wave: 'canary' },
      { cluster: 'prod-eu1', wave: 'first' },
      { cluster: 'prod-us1', wave: 'rest' },
      { cluster: 'shop-ap1', wave: 'rest' },
    ]);
    assert.equal(set.spec.template.spec.destination.name, '{{.cluster}}');
    assert.equal(set.spec.template.spec.source.path, 'fleet/l7/clusters/{{.cluster}}');
    assert.equal(set.spec.syncPolicy.preserveResourcesOnDeletion, true);
  });

  test('Flux: traffic depends on a health-gated collector; each wave waits for the last phase of every cluster before it', () => {
    const kustomizations = objectsIn(fleetTree('flux').tree, 'flux/kustomizations.yaml') as any[];
    const byName = new Map(kustomizations.map((k) => [k.metadata.name, k.spec]));
    const dependsOn = (name: string) => (byName.get(name)?.dependsOn ?? []).map((d: { name: string }) => d.name);
    assert.deepEqual(dependsOn('l7-logging-canary-eu1-collector'), []);
    assert.deepEqual(dependsOn('l7-logging-canary-eu1-traffic'), ['l7-logging-canary-eu1-collector']);
    assert.deepEqual(dependsOn('l7-logging-canary-eu1-verify'), ['l7-logging-canary-eu1-traffic']);
    assert.deepEqual(dependsOn('l7-logging-prod-eu1-collector'), ['l7-logging-canary-eu1-verify']);
    assert.deepEqual(dependsOn('l7-logging-prod-us1-collector'), ['l7-logging-prod-eu1-traffic']);
    assert.deepEqual(dependsOn('l7-logging-shop-ap1-collector'), ['l7-logging-prod-eu1-traffic']);
    const collector = byName.get('l7-logging-prod-eu1-collector');
    assert.deepEqual(collector.healthChecks, [{ apiVersion: 'operator.tigera.io/v1', kind: 'ApplicationLayer', name: 'tigera-secure' }]);
    assert.deepEqual(collector.healthCheckExprs, [APPLICATION_LAYER_HEALTH_CEL]);
    assert.equal(collector.path, './fleet/l7/clusters/prod-eu1/collector');
    assert.deepEqual(collector.kubeConfig, { secretRef: { name: 'prod-eu1-kubeconfig' } });
    assert.equal(byName.get('l7-logging-canary-eu1-verify').wait, true);
    for (const k of kustomizations) assert.equal(k.spec.targetNamespace, undefined);
  });
});

describe('turning off through the engine: the deselection first, then what the collector phase owned goes', () => {
  const mesh = (app: App, enabled: boolean) => new L7Logging(new Chart(app, 'mesh'), 'l7', { calicoVersion: '3.24', enabled, waypoints: [{ namespace: 'shop' }] });
  const write = (engine: 'argocd' | 'flux', enabled: boolean) => {
    const app = new App();
    const outdir = join(dir, `off-${engine}-${enabled}-${Math.random().toString(36).slice(2)}`);
    const options = engine === 'argocd' ? { argocd: { repoURL: 'r' } } : { flux: { sourceRef: { name: 'f' } } };
    const files = writeGitOpsTree(app, { engine, repoPath: 'x', clusters: [{ logging: mesh(app, enabled) }], outdir, ...options });
    return { files, outdir, read: (f: string) => parseAllDocuments(readFileSync(join(outdir, f), 'utf8')).map((d): any => d.toJS()) };
  };

  test('Argo CD: the Gateways the collector phase owns are pruned last, after wave 1 has deselected the namespaces', () => {
    const on = write('argocd', true);
    const gateways = on.read('clusters/mesh/collector/manifests.yaml').filter((o) => o.kind === 'Gateway');
    assert.ok(gateways.length > 0);
    for (const g of gateways) assert.equal(annotation(g, ARGOCD.syncOptions), 'PruneLast=true');
    const off = write('argocd', false);
    assert.deepEqual(off.read('clusters/mesh/kustomization.yaml')[0].resources, ['traffic']);
  });

  test('Flux: the collector Kustomization stays, emptied, and depends on the traffic one, so it prunes only after the deselection', () => {
    const off = write('flux', false);
    const ks = off.read('flux/kustomizations.yaml');
    assert.deepEqual(ks.map((k) => k.metadata.name), ['l7-logging-mesh-traffic', 'l7-logging-mesh-collector']);
    const [traffic, collector] = ks;
    assert.equal(traffic.spec.dependsOn, undefined);
    assert.deepEqual(collector.spec.dependsOn, [{ name: 'l7-logging-mesh-traffic' }]);
    assert.equal(collector.spec.prune, true);
    assert.equal(collector.spec.healthChecks, undefined);
    // Its directory builds to nothing: everything it applied before is pruned.
    assert.ok(off.files.includes('clusters/mesh/collector/kustomization.yaml'));
    assert.equal(execFileSync('kubectl', ['kustomize', join(off.outdir, 'clusters/mesh/collector')], { encoding: 'utf8' }).trim(), '');
    // Enabled, the same Kustomization applied the Gateways: the name is what carries its inventory.
    assert.ok(write('flux', true).read('flux/kustomizations.yaml').some((k) => k.metadata.name === 'l7-logging-mesh-collector'));
  });
});

/** ApplicationLayer status samples, as the operator writes them (conditions with the generation they judged). */
const LAYER = (generation: number, conditions: object[] | undefined) => ({
  apiVersion: 'operator.tigera.io/v1',
  kind: 'ApplicationLayer',
  metadata: { name: 'tigera-secure', generation },
  spec: {},
  ...(conditions ? { status: { state: 'Ready', conditions } } : {}),
});
const condition = (type: string, status: string, observedGeneration: number) => ({ type, status, observedGeneration, reason: 'x', message: `${type} ${status}` });
const SAMPLES: [string, object, 'Healthy' | 'Progressing' | 'Degraded'][] = [
  ['ready for this generation', LAYER(3, [condition('Ready', 'True', 3), condition('Progressing', 'False', 3)]), 'Healthy'],
  ['progressing', LAYER(3, [condition('Ready', 'False', 3), condition('Progressing', 'True', 3)]), 'Progressing'],
  ['degraded', LAYER(3, [condition('Ready', 'False', 3), condition('Degraded', 'True', 3)]), 'Degraded'],
  ['ready, but for an older generation (a stale status, sticky state: Ready)', LAYER(4, [condition('Ready', 'True', 3)]), 'Progressing'],
  ['no status yet', LAYER(1, undefined), 'Progressing'],
];

describe('health checks, run as the engines run them', () => {
  test('Argo CD: the ApplicationLayer Lua check in a Lua VM', () => {
    for (const [name, object, expected] of SAMPLES) assert.equal(runLuaHealth(APPLICATION_LAYER_HEALTH_LUA, object), expected, name);
  });

  test('Flux: the ApplicationLayer CEL expressions in a CEL evaluator', async () => {
    const { evaluate } = await import('@marcbachmann/cel-js');
    // As fluxcd/pkg runtime/cel evaluates them: the object's top-level fields are the variables,
    // `failed` before `current`, neither true is in progress; an error (no status at all) leaves the
    // resource Unknown, which kstatus keeps polling, as in progress.
    const judge = (object: Record<string, unknown>) => {
      try {
        if (evaluate(APPLICATION_LAYER_HEALTH_CEL.failed, object) === true) return 'Degraded';
        return evaluate(APPLICATION_LAYER_HEALTH_CEL.current, object) === true ? 'Healthy' : 'Progressing';
      } catch {
        return 'Progressing';
      }
    };
    for (const [name, object, expected] of SAMPLES) assert.equal(judge(object as Record<string, unknown>), expected, name);
    // The expressions are not vacuous: with the status, they are evaluated, not failing.
    assert.equal(evaluate(APPLICATION_LAYER_HEALTH_CEL.current, SAMPLES[0]?.[1] as Record<string, unknown>), true);
  });
});

/** Runs an Argo CD health script with `obj` bound as Argo CD binds it; returns the status it sets. */
function runLuaHealth(script: string, obj: unknown): string {
   
  const { lua, lauxlib, lualib, to_luastring, to_jsstring } = require('fengari');
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  const push = (value: unknown): void => {
    if (value === null || value === undefined) lua.lua_pushnil(L);
    else if (typeof value === 'boolean') lua.lua_pushboolean(L, value);
    else if (typeof value === 'number') lua.lua_pushnumber(L, value);
    else if (typeof value === 'string') lua.lua_pushstring(L, to_luastring(value));
    else if (Array.isArray(value)) {
      lua.lua_createtable(L, value.length, 0);
      value.forEach((v, i) => {
        push(v);
        lua.lua_rawseti(L, -2, i + 1);
      });
    } else {
      lua.lua_createtable(L, 0, 0);
      for (const [k, v] of Object.entries(value)) {
        push(v);
        lua.lua_setfield(L, -2, to_luastring(k));
      }
    }
  };
  push(obj);
  lua.lua_setglobal(L, to_luastring('obj'));
  assert.equal(lauxlib.luaL_loadstring(L, to_luastring(script)), lua.LUA_OK);
  assert.equal(lua.lua_pcall(L, 0, 1, 0), lua.LUA_OK, 'the script runs');
  lua.lua_getfield(L, -1, to_luastring('status'));
  return to_jsstring(lua.lua_tostring(L, -1));
}

// Calico Enterprise serves projectcalico.org/v3 through its aggregated API server unless the
// cluster has native v3 CRDs; server-side apply through that API server is not known to work.
describe('the FelixConfiguration, through Calico\'s API server', () => {
  const cluster = (app: App, id: string, props: object = { services: [{ name: 'a' }] }) => new L7Logging(new Chart(app, id), 'l7', { calicoVersion: '3.23', ...props });

  test('Argo CD applies it client-side (a merge patch), never pruned or deleted; the rest server-side', () => {
    const app = new App();
    const outdir = join(dir, 'argocd-aggregated');
    writeGitOpsTree(app, { engine: 'argocd', repoPath: 'x', argocd: { repoURL: 'r' }, clusters: [{ logging: cluster(app, 'agg') }], outdir });
    const objects = parseAllDocuments(readFileSync(join(outdir, 'clusters/agg/collector/manifests.yaml'), 'utf8')).map((d) => d.toJS() as KubeObject);
    assert.deepEqual(
      objects.map((o) => [o.kind, annotation(o, ARGOCD.syncOptions)]),
      [
        ['FelixConfiguration', 'Validate=false,Prune=false,Delete=false'],
        ['ApplicationLayer', 'ServerSideApply=true,Validate=false,Prune=false,Delete=false'],
      ],
    );
  });

  test('Flux, which only applies server-side, refuses it without native v3 CRDs, naming the ways that work', () => {
    const app = new App();
    const write = (clusters: object[]) => () => writeGitOpsTree(app, { engine: 'flux', repoPath: 'x', flux: { sourceRef: { name: 'f' } }, clusters: clusters as never, outdir: join(dir, 'flux-aggregated') });
    const logging = cluster(app, 'agg');
    expectIssue(write([{ logging }]), 'clusters[0].nativeV3Crds', /FelixConfiguration default server-side.*not known for any release.*nativeV3Crds: true.*Argo CD or the kubectl runbook/);
    expectIssue(write([{ logging, nativeV3Crds: false }]), 'clusters[0].nativeV3Crds', /not known/);
    assert.doesNotThrow(write([{ logging, nativeV3Crds: true }]));
    // A cluster that writes no FelixConfiguration (waypoint logging) needs nothing.
    assert.doesNotThrow(write([{ logging: cluster(app, 'mesh', { calicoVersion: '3.24', waypoints: [{ namespace: 'shop' }] }) }]));
  });
});

describe('the upgrade from 3.10 as a phase the engine runs: a Job that removes the old collector only while it is there', () => {
  const IMAGE = 'registry.example.com/kubectl-sh:1.33';
  const upgradeTree = (engine: 'argocd' | 'flux', image: string | null = IMAGE) => {
    const app = new App();
    const logging = new L7Logging(new Chart(app, 'up'), 'l7', { calicoVersion: '3.23', upgradeFrom: {}, services: [{ name: 'a' }] });
    const outdir = join(dir, `upgrade-${engine}-${Math.random().toString(36).slice(2)}`);
    const options = engine === 'argocd' ? { argocd: { repoURL: 'r' } } : { flux: { sourceRef: { name: 'f' } } };
    const write = () => writeGitOpsTree(app, { engine, repoPath: 'x', clusters: [{ logging, nativeV3Crds: true }], outdir, ...options, ...(image === null ? {} : { upgradeImage: image }) });
    return { write, outdir };
  };
  const read = (outdir: string, file: string) => parseAllDocuments(readFileSync(join(outdir, file), 'utf8')).map((d) => d.toJS() as KubeObject);

  test('the image is required, with one clear error naming the cluster', () => {
    expectIssue(upgradeTree('argocd', null).write, 'upgradeImage', /sh and kubectl.*from up$/);
    expectIssue(upgradeTree('argocd', 'not an image').write, 'upgradeImage', /image reference/);
  });

  test('Argo CD: the Job and its roles in wave -1, before the collector; owned, so pruned once upgradeFrom goes', () => {
    const { write, outdir } = upgradeTree('argocd');
    write();
    const objects = read(outdir, 'clusters/up/upgrade/manifests.yaml');
    assert.deepEqual(objects.map((o) => o.kind), ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Job']);
    for (const o of objects) {
      assert.equal(annotation(o, ARGOCD.syncWave), '-1', o.kind);
      assert.equal(annotation(o, ARGOCD.syncOptions), undefined, o.kind);
    }
    assert.deepEqual(read(outdir, 'clusters/up/kustomization.yaml')[0]?.resources, ['upgrade', 'collector', 'traffic']);
    assert.deepEqual(validateObjects(objects), []);
    const built = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(outdir, 'clusters/up')], { encoding: 'utf8' })).map((d) => d.toJS() as KubeObject);
    assert.ok(built.some((o) => o.kind === 'Job'));
  });

  test('Flux: the upgrade Kustomization waits for the Job; the collector depends on it', () => {
    const { write, outdir } = upgradeTree('flux');
    write();
    const ks = read(outdir, 'flux/kustomizations.yaml') as unknown as { metadata: { name: string }; spec: { wait?: boolean; dependsOn?: { name: string }[] } }[];
    assert.deepEqual(ks.map((k) => k.metadata.name), ['l7-logging-up-upgrade', 'l7-logging-up-collector', 'l7-logging-up-traffic']);
    assert.equal(ks[0]?.spec.wait, true);
    assert.deepEqual(ks[1]?.spec.dependsOn, [{ name: 'l7-logging-up-upgrade' }]);
  });

  test('the Job is named after its spec: a changed image is a new Job, the same one the same name', () => {
    const job = (image: string) => renderUpgradeJob('calico-system', image).find((o) => o.kind === 'Job')?.metadata.name;
    assert.match(job(IMAGE) ?? '', /^calico-l7-upgrade-[0-9a-f]{8}$/);
    assert.equal(job(IMAGE), job(IMAGE));
    assert.notEqual(job(IMAGE), job(`${IMAGE}-1`));
  });

  // The script under a real sh, with a kubectl stub that records its calls and answers `get` with
  // the selector of the DaemonSet found: the hand-made one (app), the operator's (k8s-app: none), or none.
  describe('the script', () => {
    const stubDir = scratchDir('l7-upgrade-stub-');
    const log = join(stubDir, 'calls');
    writeFileSync(join(stubDir, 'kubectl'), `#!/bin/sh
echo "$*" >> "${log}"
case " $* " in *" get "*) printf %s "$STUB_APP" ;; esac
`, { mode: 0o755 });
    const run = (app: string) => {
      writeFileSync(log, '');
      const out = execFileSync('sh', ['-c', UPGRADE_SCRIPT], { env: { PATH: `${stubDir}:${process.env.PATH}`, NAMESPACE: 'calico-system', STUB_APP: app }, encoding: 'utf8' });
      return { out, calls: readFileSync(log, 'utf8').trim().split('\n') };
    };

    test('the hand-made collector: Felix stops redirecting to it first, then it is removed', () => {
      const { out, calls } = run('l7-log-collector');
      assert.deepEqual(calls, [
        "-n calico-system get daemonset/l7-log-collector --ignore-not-found -o jsonpath={.spec.selector.matchLabels.app}",
        'patch felixconfiguration default --type=merge -p {"spec":{"tproxyMode":"Disabled"}}',
        '-n calico-system delete daemonset/l7-log-collector configmap/envoy-config serviceaccount/l7-log-collector --ignore-not-found',
      ]);
      assert.match(out, /remove upgradeFrom/);
    });

    test("run again against the operator's collector, or none: it only reads, and says to remove upgradeFrom", () => {
      for (const app of ['', 'something-else']) {
        const { out, calls } = run(app);
        assert.equal(calls.length, 1, app);
        assert.match(calls[0] ?? '', / get daemonset\/l7-log-collector /);
        assert.match(out, /nothing to do; remove upgradeFrom/);
      }
    });

    test('the roles grant exactly what the script does', () => {
      const objects = renderUpgradeJob('calico-system', IMAGE);
      const rules = (kind: string) => (objects.find((o) => o.kind === kind) as unknown as { rules: { resources: string[]; resourceNames: string[]; verbs: string[] }[] }).rules;
      const granted = [...rules('Role'), ...rules('ClusterRole')].flatMap((r) => r.verbs.flatMap((v) => r.resources.flatMap((res) => r.resourceNames.map((n) => `${v} ${res}/${n}`))));
      assert.deepEqual(granted.sort(), [
        'delete configmaps/envoy-config',
        'delete daemonsets/l7-log-collector',
        'delete serviceaccounts/l7-log-collector',
        'get daemonsets/l7-log-collector',
        'get felixconfigurations/default',
        'patch felixconfigurations/default',
      ]);
    });
  });
});

describe('what the tree refuses, with the reason', () => {
  test('the 3.9–3.10 daemonset collector: Felix written in both phases would flap under an engine', () => {
    const app = new App();
    const logging = new L7Logging(new Chart(app, 'legacy'), 'l7', { calicoVersion: '3.10', collector: 'daemonset', services: [{ name: 'a' }] });
    expectIssue(
      () => writeGitOpsTree(app, { engine: 'flux', repoPath: 'x', flux: { sourceRef: { name: 'fleet' } }, clusters: [{ logging }], outdir: join(dir, 'refused') }),
      'clusters[0].mode',
      /kubectl runbook/,
    );
  });

  test('bad options name the field: engine, repoPath, waves, sources', () => {
    const app = new App();
    const logging = new L7Logging(new Chart(app, 'a'), 'l7', { calicoVersion: '3.23', services: [{ name: 'a' }] });
    const write = (o: object) => () => writeGitOpsTree(app, { engine: 'flux', repoPath: 'x', flux: { sourceRef: { name: 'f' } }, clusters: [{ logging }], outdir: join(dir, 'bad'), ...o } as never);
    expectIssue(write({ engine: 'helm' }), 'engine', /argocd, flux/);
    expectIssue(write({ repoPath: '../up' }), 'repoPath', /relative path/);
    expectIssue(write({ waves: [{ name: 'w', clusters: ['b'] }] }), 'waves[0].clusters[0]', /a cluster of the fleet: a/);
    expectIssue(write({ waves: [] }), 'waves', /in no wave/);
    expectIssue(write({ waves: [{ name: 'w', clusters: ['a'], maxUpdate: 0 }] }), 'waves[0].maxUpdate', /from 1/);
    expectIssue(write({ engine: 'argocd', flux: undefined }), 'argocd.repoURL');
    expectIssue(write({ flux: { sourceRef: { name: 'f' }, timeout: 'soon' } }), 'flux.timeout', /duration/);
    assert.throws(write({ engine: 'helm' }), L7ValidationError);
  });

  test('bad cluster facts name the field: nativeV3Crds is a boolean, and only from 3.23', () => {
    const app = new App();
    const old = new L7Logging(new Chart(app, 'old'), 'l7', { calicoVersion: '3.22', services: [{ name: 'a' }] });
    const write = (cluster: object) => () => writeGitOpsTree(app, { engine: 'argocd', repoPath: 'x', argocd: { repoURL: 'r' }, clusters: [{ logging: old, ...cluster }], outdir: join(dir, 'bad') });
    expectIssue(write({ nativeV3Crds: true }), 'clusters[0].nativeV3Crds', /come with Calico Enterprise 3\.23 .* runs 3\.22/);
    expectIssue(write({ nativeV3Crds: 'yes' }), 'clusters[0].nativeV3Crds', /true or false/);
  });

  test('the same props write the same bytes', () => {
    const a = fleetTree('flux');
    const b = fleetTree('flux');
    assert.deepEqual(
      Object.keys(a.tree).map((f) => readFileSync(join(a.outdir, f), 'utf8')),
      Object.keys(b.tree).map((f) => readFileSync(join(b.outdir, f), 'utf8')),
    );
  });
});
