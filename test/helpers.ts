import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { type App, type Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { felixChartOf } from '../src/cdk8s/api-objects';
import { L7ValidationError } from '../src/core';

const scratchDirs: string[] = [];
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the system's temporary directory, removed when the test file ends. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

/** The manifests of a chart as `cdk8s synth` writes them. */
export function synthYaml(chart: Chart): string {
  return Testing.synth(chart)
    .map((o) => stringify(o))
    .join('---\n');
}

/** The objects of the Felix chart beside `chart`, where the constructs put their FelixConfiguration objects. */
export function synthFelix(chart: Chart): any[] {
  const felix = felixChartOf(chart);
  assert.ok(felix, `no Felix chart beside ${chart.node.id}`);
  return Testing.synth(felix);
}

/**
 * Each chart's objects after those of the Felix chart beside it, by chart id: the phases as the
 * runbook applies them (the Felix charts themselves are not listed apart).
 */
export function phaseObjects(app: App): Map<string, any[]> {
  const byId = new Map(app.charts.map((c) => [c.node.id, Testing.synth(c)]));
  return new Map([...byId].filter(([id]) => !(id.endsWith('-felix') && byId.has(id.slice(0, -'-felix'.length)))).map(([id, objects]) => [id, [...(byId.get(`${id}-felix`) ?? []), ...objects]]));
}

/** Compares text with a golden file under test/golden; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function assertGolden(name: string, actual: string): void {
  const file = join(__dirname, 'golden', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`);
}

/** Runs `fn`, expects an L7ValidationError and returns its issues. */
export function expectIssues(fn: () => unknown): L7ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof L7ValidationError) return e;
    throw e;
  }
  assert.fail('expected an L7ValidationError');
}

/** Expects an issue at `field` (others may come with it), and that the message names the field and the value. */
export function expectIssue(fn: () => unknown, field: string, allowed?: RegExp): void {
  const err = expectIssues(fn);
  const issue = err.issues.find((i) => i.field === field);
  assert.ok(issue, `expected an issue at ${field}, got ${err.issues.map((i) => i.field).join(', ')}`);
  assert.match(err.message, new RegExp(`- ${field.replace(/[.[\]]/g, '\\$&')}: got `));
  if (allowed) assert.match(issue.allowed, allowed);
}

/** A v1 CRD with one schema per version; `spec` is the schema of `.spec`. */
export function crd(group: string, kind: string, versions: Record<string, object>, extra: { served?: Record<string, boolean>; scope?: 'Cluster' | 'Namespaced' } = {}): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: {
      group,
      names: { kind, plural: `${kind.toLowerCase()}s` },
      scope: extra.scope ?? 'Cluster',
      versions: Object.entries(versions).map(([name, spec]) => ({
        name,
        served: extra.served?.[name] ?? true,
        storage: name === Object.keys(versions)[0],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec },
          },
        },
      })),
    },
  };
}
