/** js-yaml's `dump`, loaded on first use: most programs never write YAML themselves. */
let dump: typeof import('js-yaml').dump | undefined;

/**
 * One document as the package writes YAML itself: no anchors, no folded lines, double quotes where
 * a string needs them (js-yaml quotes every string that kubectl's YAML 1.1 would read as another type).
 * @internal
 */
export function toYaml(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  dump ??= (require('js-yaml') as typeof import('js-yaml')).dump;
  return dump(value, { noRefs: true, lineWidth: -1, quoteStyle: 'double' });
}
