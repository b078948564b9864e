import type { IConstruct } from 'constructs';
import { L7ValidationError, type L7Warning, WARNINGS, type WarningId, isWarningId } from '../core';
import { closestName } from '../core/did-you-mean';

const acknowledged = new WeakMap<IConstruct, Map<WarningId, string>>();
const raisedByApp = new WeakMap<IConstruct, { readonly scope: IConstruct; readonly warning: L7Warning }[]>();

/**
 * Acknowledges warning `id` for `scope` and every construct under it (an app, a chart, one
 * construct): it is no longer printed for them; other warnings still are. Call it before or after
 * the constructs are created, before the app synthesizes.
 *
 * ```ts
 * acknowledgeWarning(legacyChart, 'nothing-selected', 'Services are selected by AnnotatedService in another repo');
 * ```
 */
export function acknowledgeWarning(scope: IConstruct, id: WarningId, reason = ''): void {
  if (!isWarningId(id)) {
    const hint = closestName(String(id), Object.keys(WARNINGS));
    throw new L7ValidationError(`acknowledgeWarning ${scope.node.path || '(app)'}`, [
      { field: 'id', value: id, allowed: hint === undefined ? `expected a warning id: ${Object.keys(WARNINGS).join(', ')}` : `expected a warning id; did you mean "${hint}"?` },
    ]);
  }
  let ids = acknowledged.get(scope);
  if (!ids) {
    ids = new Map();
    acknowledged.set(scope, ids);
  }
  ids.set(id, reason);
}

/**
 * Records a construct's warnings; the app prints them when it synthesizes, each id once however many
 * constructs raised it, less those acknowledged. They go through Node's warning channel
 * (`process.emitWarning`, type `CalicoL7Warning`, code the id), so `--no-warnings` and
 * `process.on('warning')` apply as to any warning.
 */
export function raiseWarnings(scope: IConstruct, warnings: readonly L7Warning[]): void {
  if (warnings.length === 0) return;
  const root = scope.node.root;
  let raised = raisedByApp.get(root);
  if (!raised) {
    const list: { scope: IConstruct; warning: L7Warning }[] = [];
    raised = list;
    raisedByApp.set(root, list);
    let printed = false;
    root.node.addValidation({
      validate: () => {
        if (!printed) printWarnings(list);
        printed = true;
        return [];
      },
    });
  }
  for (const warning of warnings) raised.push({ scope, warning });
}

/** Whether `id` is acknowledged for `scope` or any scope above it. */
function isAcknowledged(scope: IConstruct, id: WarningId): boolean {
  return scope.node.scopes.some((s) => acknowledged.get(s)?.has(id) === true);
}

/** The warnings to print: per id, the first construct's message, with how many more raised it. @internal */
export function warningsToPrint(raised: readonly { readonly scope: IConstruct; readonly warning: L7Warning }[]): { id: WarningId; message: string }[] {
  const byId = new Map<WarningId, L7Warning[]>();
  for (const { scope, warning } of raised) {
    if (isAcknowledged(scope, warning.id)) continue;
    const list = byId.get(warning.id) ?? [];
    list.push(warning);
    byId.set(warning.id, list);
  }
  return [...byId].map(([id, list]) => {
    const [first] = list as [L7Warning];
    const others = list.length > 1 ? ` (and ${list.length - 1} more: ${list.slice(1, 4).map((w) => w.construct).join(', ')}${list.length > 4 ? ', ...' : ''})` : '';
    return { id, message: `${first.toString()}${others}. To hide it: acknowledgeWarning(scope, '${id}')` };
  });
}

function printWarnings(raised: readonly { readonly scope: IConstruct; readonly warning: L7Warning }[]): void {
  for (const { id, message } of warningsToPrint(raised)) process.emitWarning(message, { type: 'CalicoL7Warning', code: id });
}
