import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { App } from 'cdk8s';

/**
 * Synthesizes `app` into its own output directory (a staging directory), then swaps the result
 * into `outdir` as a whole, so a failed synth leaves the last good manifests in place and a good one
 * leaves no file of an earlier synth behind. The staging directory is moved, not copied, so nothing
 * is left over; under `cdk8s synth`, which lists the staging directory after the app exits, it is
 * copied instead.
 *
 * ```ts
 * const app = new App({ outdir: '.dist-staging' });
 * // ... charts ...
 * synthAtomically(app, 'dist');
 * ```
 * @returns the output directory, as given
 */
export function synthAtomically(app: App, outdir = 'dist'): string {
  const target = resolve(outdir);
  const staging = resolve(app.outdir);
  app.synth();
  if (staging === target) return outdir;
  const next = `${target}.next-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const underCli = process.env.CDK8S_OUTDIR !== undefined && resolve(process.env.CDK8S_OUTDIR) === staging;
  if (underCli) cpSync(staging, next, { recursive: true });
  else moveDirectory(staging, next);
  if (existsSync(target)) renameSync(target, previous);
  renameSync(next, target);
  rmSync(previous, { recursive: true, force: true });
  return outdir;
}

function moveDirectory(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    // A staging directory on another file system cannot be renamed across.
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}
