import * as pulumi from '@pulumi/pulumi';
import { L7ValidationError, type L7Warning, WARNINGS, type WarningId, isWarningId } from '../core';
import { closestName } from '../core/did-you-mean';

// Per program (one process): which ids were printed, and which the program acknowledged.
const printed = new Set<WarningId>();
const acknowledged = new Map<WarningId, string>();

/**
 * Acknowledges warning `id` for the whole program: it is no longer logged; other warnings still are.
 * Call it before creating the components that raise it.
 *
 * ```ts
 * acknowledgeWarning('nothing-selected', 'Services are selected by another stack');
 * ```
 */
export function acknowledgeWarning(id: WarningId, reason = ''): void {
  if (!isWarningId(id)) {
    const hint = closestName(String(id), Object.keys(WARNINGS));
    throw new L7ValidationError('acknowledgeWarning', [
      { field: 'id', value: id, allowed: hint === undefined ? `expected a warning id: ${Object.keys(WARNINGS).join(', ')}` : `expected a warning id; did you mean "${hint}"?` },
    ]);
  }
  acknowledged.set(id, reason);
}

/** Logs a component's warnings as Pulumi warnings: each id once per program, less those acknowledged. */
export function raiseWarnings(resource: pulumi.Resource, warnings: readonly L7Warning[]): void {
  for (const warning of warnings) {
    if (acknowledged.has(warning.id) || printed.has(warning.id)) continue;
    printed.add(warning.id);
    void pulumi.log.warn(`${warning.toString()} [${warning.id}; later components that raise it are not repeated; to hide it: acknowledgeWarning('${warning.id}')]`, resource);
  }
}

/** Forgets what was printed and acknowledged, as a new program would. @internal */
export function resetWarnings(): void {
  printed.clear();
  acknowledged.clear();
}
