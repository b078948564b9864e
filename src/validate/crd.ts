import { isMapping } from './json';

/** One version of a CRD. */
export interface CrdVersion {
  readonly served: boolean;
  /** The version's `openAPIV3Schema`, if it has one. */
  readonly schema?: object;
}

/** What the validator needs of a CRD: its name and its versions. */
export interface CrdDefinition {
  readonly name: string;
  readonly versions: ReadonlyMap<string, CrdVersion>;
  /** A v1beta1 CRD with `preserveUnknownFields: true` keeps unknown fields, so none is an error. */
  readonly preserveUnknownFields: boolean;
}

/** CRDs by `group/kind`. */
export type CrdIndex = ReadonlyMap<string, CrdDefinition>;

/** A CRD found for an object: `version` is the one the object asks for, which the CRD may lack. */
export interface CrdMatch {
  readonly definition: CrdDefinition;
  readonly version: string;
}

/** The CustomResourceDefinitions in one parsed document: the document itself, or the items of a List. */
export function crdsIn(document: unknown): Readonly<Record<string, unknown>>[] {
  if (!isMapping(document)) return [];
  if (Array.isArray(document.items) && typeof document.kind === 'string' && document.kind.endsWith('List')) {
    return document.items.flatMap(crdsIn);
  }
  const isCrd =
    typeof document.apiVersion === 'string' && document.apiVersion.startsWith('apiextensions.k8s.io/') && document.kind === 'CustomResourceDefinition';
  return isCrd ? [document] : [];
}

/**
 * Indexes CRD documents (or Lists of them) by group and kind; a later CRD of the same group and
 * kind replaces an earlier one, as a later apply would. Throws on a CRD without group or kind.
 */
export function indexCrds(documents: readonly unknown[]): CrdIndex {
  const index = new Map<string, CrdDefinition>();
  for (const crd of documents.flatMap(crdsIn)) {
    const name = isMapping(crd.metadata) && typeof crd.metadata.name === 'string' ? crd.metadata.name : '(unnamed CRD)';
    const spec = isMapping(crd.spec) ? crd.spec : {};
    const kind = isMapping(spec.names) ? spec.names.kind : undefined;
    if (typeof spec.group !== 'string' || typeof kind !== 'string') {
      throw new Error(`CustomResourceDefinition ${name}: expected spec.group and spec.names.kind`);
    }
    index.set(`${spec.group}/${kind}`, { name, versions: versionsOf(spec), preserveUnknownFields: spec.preserveUnknownFields === true });
  }
  return index;
}

/** Reads v1 CRDs (a schema per version) and v1beta1 CRDs (also one `validation` schema for all versions). */
function versionsOf(spec: Readonly<Record<string, unknown>>): Map<string, CrdVersion> {
  const shared = isMapping(spec.validation) ? schemaOf(spec.validation) : undefined;
  const versions = new Map<string, CrdVersion>();
  if (Array.isArray(spec.versions)) {
    for (const v of spec.versions.filter(isMapping)) {
      if (typeof v.name !== 'string') continue;
      const schema = (isMapping(v.schema) ? schemaOf(v.schema) : undefined) ?? shared;
      versions.set(v.name, { served: v.served !== false, ...(schema ? { schema } : {}) });
    }
  } else if (typeof spec.version === 'string') {
    versions.set(spec.version, { served: true, ...(shared ? { schema: shared } : {}) });
  }
  return versions;
}

function schemaOf(holder: Readonly<Record<string, unknown>>): object | undefined {
  return isMapping(holder.openAPIV3Schema) ? holder.openAPIV3Schema : undefined;
}

/**
 * The CRD for an object's apiVersion and kind. Calico's `projectcalico.org/v3` resources are served
 * by its API server from the `crd.projectcalico.org/v1` CRDs, so those check a v3 object when no
 * v3 CRD is given.
 */
export function findCrd(index: CrdIndex, apiVersion: string, kind: string): CrdMatch | undefined {
  const slash = apiVersion.lastIndexOf('/');
  if (slash < 0) return undefined;
  const group = apiVersion.slice(0, slash);
  const definition = index.get(`${group}/${kind}`);
  if (definition) return { definition, version: apiVersion.slice(slash + 1) };
  const v1 = apiVersion === 'projectcalico.org/v3' ? index.get(`crd.projectcalico.org/${kind}`) : undefined;
  return v1 && { definition: v1, version: 'v1' };
}
