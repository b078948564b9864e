import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import type { App } from 'cdk8s';

/**
 * Synthesizes `app` into its own output directory, then swaps the result into `outdir`.
 * `cdk8s synth` empties its output directory before it runs the app, so pointing it at a staging
 * directory and calling this keeps the last good manifests in `outdir` when the app fails.
 * @returns the output directory
 */
export function synthAtomically(app: App, outdir = 'dist'): string {
  app.synth();
  if (app.outdir === outdir) return outdir;
  const next = `${outdir}.next-${process.pid}`;
  const previous = `${outdir}.previous-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  cpSync(app.outdir, next, { recursive: true });
  if (existsSync(outdir)) renameSync(outdir, previous);
  renameSync(next, outdir);
  rmSync(previous, { recursive: true, force: true });
  return outdir;
}
