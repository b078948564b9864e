import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { chartFile } from './api-objects';
import type { GitOpsClusterProps } from './gitops';
import { L7LogArchive } from './l7-log-archive';
import { LogStorageSizing } from './log-storage-sizing';

/**
 * The kubectl runbook of a fleet, for the manifests `cdk8s synth` wrote to `outdir`: per cluster,
 * every step of every construct in order, each command with `--context <cluster>`. Before the
 * first apply, the S3 credentials Secret of an `L7LogArchive`; then the L7Logging's phases (with a
 * LogStorage resize, when the cluster's chart carries one, in the collector file); then the
 * verification Job and its wait. A storage resize the guidance only recommends comes last, as a
 * command to run in a maintenance window. Call after synthesis.
 *
 * ```ts
 * synthAtomically(app, 'dist');
 * console.error(rolloutRunbook([{ logging: prod, verification }, { logging: edge }], 'dist').join('\n'));
 * ```
 * @returns one line per comment or command, a blank line between clusters
 */
export function rolloutRunbook(clusters: readonly GitOpsClusterProps[], outdir = 'dist'): string[] {
  return clusters.flatMap((c, i) => {
    const chart = Chart.of(c.logging);
    const context = c.name ?? chart.node.id;
    const kubectl = `kubectl --context ${context}`;
    const inChart = <T>(type: abstract new (...args: never[]) => T) => chart.node.findAll().filter((n: IConstruct): n is T & IConstruct => n instanceof type);
    const steps: string[] = [];
    for (const archive of inChart(L7LogArchive)) {
      steps.push(`Before the first apply: the S3 credentials ${archive.node.path} archives with\n${archive.credentialsCommand.replace(/^kubectl/, kubectl)}`);
    }
    for (const step of c.logging.rolloutSteps(outdir, context)) steps.push(step.replace(/^# \d+\. /, ''));
    if (c.verification) {
      const verify = Chart.of(c.verification);
      steps.push(`Prove that the selected Services pass Envoy\n${kubectl} apply -f ${chartFile(outdir, verify)}\n${c.verification.waitCommand.replace(/^kubectl/, kubectl)}`);
    }
    for (const sizing of [...inChart(LogStorageSizing), ...(c.logging.storageGuidance ? [c.logging] : [])]) {
      const guidance = sizing instanceof LogStorageSizing ? sizing.guidance : c.logging.storageGuidance;
      const patched = sizing instanceof LogStorageSizing ? sizing.logStorage !== undefined : c.logging.logStorage !== undefined;
      if (!patched && guidance?.kubectlPatch) steps.push(`In a maintenance window: raise the log storage (${sizing.node.path})\n${guidance.kubectlPatch.replace(/^kubectl/, kubectl)}`);
    }
    return [...(i > 0 ? [''] : []), `## ${context}`, ...steps.flatMap((s, j) => `# ${j + 1}. ${s}`.split('\n'))];
  });
}
