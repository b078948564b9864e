import type { Issues } from '../errors';
import type { CalicoRelease } from '../release/release';
import { checkKnownKeys, join } from '../rules';

/** One container image: repository name and either a tag or a digest. */
export interface ImageRef {
  /** Repository under the registry, e.g. `tigera/envoy`. @default - the Calico image for the component */
  readonly name?: string;
  /** Version tag; `latest` is refused. @default - `images.tag` */
  readonly tag?: string;
  /** Content digest (`sha256:...`); used instead of the tag when given. @default - none, the tag is used */
  readonly digest?: string;
}

/** Where the daemonset collector's images come from. */
export interface CollectorImages {
  /** Registry prefix; a missing trailing `/` is added. @default "quay.io/" */
  readonly registry?: string;
  /** Tag of both images. @default - `v<calicoVersion>`; a minor version gets its newest known patch: "v3.10.2", "v3.9.0" */
  readonly tag?: string;
  /** The `envoy-proxy` container's image. @default - { name: "tigera/envoy" } */
  readonly envoy?: ImageRef;
  /** The `l7-collector` container's image. @default - { name: "tigera/l7-collector" } */
  readonly collector?: ImageRef;
}

export const DEFAULT_REGISTRY = 'quay.io/';
export const ENVOY_IMAGE = 'tigera/envoy';
export const COLLECTOR_IMAGE = 'tigera/l7-collector';

// The distribution reference grammar (distribution/reference, regexp.go), part by part.
const PATH_COMPONENT = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`;
const DOMAIN_COMPONENT = String.raw`(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`;
const HOST = String.raw`(?:${DOMAIN_COMPONENT}(?:\.${DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])`;
const REPOSITORY = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
/** A domain with an optional port, then optional path components: the part of a reference before the repository name. */
const REGISTRY = new RegExp(`^${HOST}(?::[0-9]{1,5})?(?:/${PATH_COMPONENT})*/?$`);
const TAG_PART = String.raw`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`;
/** The digests the OCI image spec registers: sha256 and sha512, lower-case hex. */
const DIGEST_PART = String.raw`(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})`;
const TAG = new RegExp(`^${TAG_PART}$`);
const DIGEST = new RegExp(`^${DIGEST_PART}$`);
const IMAGE_REFERENCE = new RegExp(`^(?:${HOST}(?::[0-9]{1,5})?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG_PART})?(?:@${DIGEST_PART})?$`);

/** Whether a whole image reference (`[domain[:port]/]path[:tag][@digest]`) follows the grammar, its name at most 255 characters. */
export function isImageReference(value: string): boolean {
  if (!IMAGE_REFERENCE.test(value)) return false;
  const name = value.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
  return name.length <= 255;
}

export interface ResolvedImages {
  readonly envoy: string;
  readonly collector: string;
}

/** The newest patch of each DaemonSet-era release known here (3.10.2 is the last 3.10; no 3.9 patch after 3.9.0 was found). */
const NEWEST_PATCH: Readonly<Record<string, string>> = { '3.9': 'v3.9.0', '3.10': 'v3.10.2' };

/** Default tag for a release: Calico publishes images as `v<major>.<minor>.<patch>`; a minor version gets its newest known patch. */
export function defaultTag(release: CalicoRelease): string {
  const text = release.text.startsWith('v') ? release.text : `v${release.text}`;
  if (!/^v\d+\.\d+$/.test(text)) return text;
  return NEWEST_PATCH[`${release.major}.${release.minor}`] ?? `${text}.0`;
}

export function checkTag(issues: Issues, field: string, tag: unknown): boolean {
  if (typeof tag !== 'string' || !TAG.test(tag) || tag === 'latest') {
    issues.add(field, tag, 'expected a version tag such as "v3.10.0" ("latest" is refused: a DaemonSet must run one known version)');
    return false;
  }
  return true;
}

export function resolveImages(issues: Issues, prefix: string, images: CollectorImages, release: CalicoRelease): ResolvedImages | undefined {
  const before = issues.count;
  checkKnownKeys(issues, prefix, images, ['registry', 'tag', 'envoy', 'collector']);
  // What is given is checked, and the tag, which may come from calicoVersion; the constant defaults
  // are valid by construction.
  let registry = DEFAULT_REGISTRY;
  if (images.registry !== undefined) {
    const given: unknown = images.registry;
    if (typeof given !== 'string' || !(given === '' || REGISTRY.test(given))) {
      issues.add(join(prefix, 'registry'), given, 'expected a registry prefix such as "quay.io/" or "registry.example.com:5000/mirror/": a domain of dot-separated labels of letters, digits and inner "-", an optional port, then lower-case path components');
    } else {
      registry = given === '' || given.endsWith('/') ? given : `${given}/`;
    }
  }
  const tag = images.tag ?? defaultTag(release);
  checkTag(issues, join(prefix, 'tag'), tag);

  const one = (key: 'envoy' | 'collector', defaultName: string): string => {
    const field = join(prefix, key);
    const ref = images[key] ?? {};
    checkKnownKeys(issues, field, ref, ['name', 'tag', 'digest']);
    const name = ref.name ?? defaultName;
    if (ref.name !== undefined && (typeof name !== 'string' || !REPOSITORY.test(name))) {
      issues.add(join(field, 'name'), ref.name, 'expected a repository name such as "tigera/envoy": "/"-separated components of lower-case letters and digits joined by ".", "_", "__" or "-"');
    }
    let image: string;
    if (ref.digest !== undefined) {
      if (typeof ref.digest !== 'string' || !DIGEST.test(ref.digest)) {
        issues.add(join(field, 'digest'), ref.digest, 'expected a digest "sha256:" followed by 64 lower-case hex digits (or "sha512:" and 128)');
      }
      image = `${registry}${name}@${ref.digest}`;
    } else {
      if (ref.tag !== undefined) checkTag(issues, join(field, 'tag'), ref.tag);
      image = `${registry}${name}:${ref.tag ?? tag}`;
    }
    // The distribution spec caps a repository name (registry and path) at 255 characters.
    if (registry.length + String(name).length > 255) {
      issues.add(field, image, 'expected an image reference whose repository (registry and name) is at most 255 characters');
    }
    return image;
  };
  const resolved = { envoy: one('envoy', ENVOY_IMAGE), collector: one('collector', COLLECTOR_IMAGE) };
  return issues.count === before ? resolved : undefined;
}
