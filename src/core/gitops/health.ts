// How each engine tells that a cluster's collector runs, so the traffic phase waits for it. The
// operator copies its status onto the ApplicationLayer as conditions (`Ready`, `Progressing`,
// `Degraded`), each with the `observedGeneration` of the ApplicationLayer it judged; `status.state`
// is set once and never cleared, so it gates nothing.

/**
 * The Argo CD health check of `operator.tigera.io/ApplicationLayer`, in Lua, for the argocd-cm key
 * `resource.customizations.health.operator.tigera.io_ApplicationLayer`. Without it Argo CD judges
 * an ApplicationLayer healthy at once, and a sync wave does not wait for the collector.
 */
export const APPLICATION_LAYER_HEALTH_LUA = `local hs = { status = "Progressing", message = "waiting for the Tigera operator to roll out the L7 collector" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local generation = obj.metadata.generation
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Degraded" and c.status == "True" then
    hs.status = "Degraded"
    hs.message = c.message or "the Tigera operator reports the ApplicationLayer degraded"
    return hs
  end
end
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" and c.status == "True" and (generation == nil or c.observedGeneration == generation) then
    hs.status = "Healthy"
    hs.message = c.message or "the L7 collector is rolled out"
    return hs
  end
end
return hs
`;

/** The argocd-cm key the ApplicationLayer health check goes under. */
export const APPLICATION_LAYER_HEALTH_KEY = 'resource.customizations.health.operator.tigera.io_ApplicationLayer';

/**
 * Flux `healthCheckExprs` for the ApplicationLayer (kustomize-controller 1.5+, Flux 2.5+): current
 * once `Ready` is true for the current generation, failed once `Degraded` is true.
 */
export const APPLICATION_LAYER_HEALTH_CEL = {
  apiVersion: 'operator.tigera.io/v1',
  kind: 'ApplicationLayer',
  current: "has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'True' && c.observedGeneration == metadata.generation)",
  failed: "has(status.conditions) && status.conditions.exists(c, c.type == 'Degraded' && c.status == 'True')",
} as const;

/** Flux `healthCheckExprs` for a waypoint Gateway: kstatus knows no Gateway conditions and would judge it ready at once. */
export const GATEWAY_HEALTH_CEL = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  current: "has(status.conditions) && status.conditions.exists(c, c.type == 'Programmed' && c.status == 'True' && c.observedGeneration == metadata.generation)",
  failed: "has(status.conditions) && status.conditions.exists(c, c.type == 'Programmed' && c.status == 'False' && c.reason == 'Invalid')",
} as const;
