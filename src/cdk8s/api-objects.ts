import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KubeObject } from '../core';

/** Adds core-rendered objects under `scope`, one ApiObject each, named by kind and name so ids never clash. */
export function addApiObjects(scope: Construct, objects: readonly KubeObject[]): ApiObject[] {
  return objects.map((o) => {
    const id = [o.kind, o.metadata.namespace, o.metadata.name].filter(Boolean).join('-');
    return new ApiObject(scope, id, o);
  });
}

/** How errors name a construct: its class and path, e.g. `L7Logging prod-eu1/l7`. */
export function constructLabel(kind: string, scope: Construct): string {
  return `${kind} ${scope.node.path}`;
}

/** Reports a warning of a construct on stderr, through Node's warning channel (`--no-warnings` silences it). */
export function reportWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.emitWarning(warning, { type: 'CalicoL7Warning' });
}
