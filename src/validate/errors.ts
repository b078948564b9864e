/** Bad input rather than a bad manifest: a missing path, a directory without manifests, unusable CRDs, an unknown release. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
