#!/usr/bin/env node
// calico-l7: checks manifests strictly against the Kubernetes schemas and Calico's resources, and
// sizes L7 log storage.
import { parseArgs } from 'node:util';
import { sizeMain } from './cli-size';
import { Issues } from './core/errors';
import { parseCalicoVersion } from './core/release/release';
import { type FilesReport, InputError, loadCrds, validateFiles } from './validate';
import { withOwnCrds } from './validate/own-schemas';

export const USAGE = `usage: calico-l7 validate <file|dir>... [--calico-version <x.y>] [--crds <file|dir>]... [--json]
       calico-l7 size --nodes <n> --retention-days <d> [...]   (calico-l7 size --help)

Checks Kubernetes manifests strictly against their schemas: built-in kinds against the
Kubernetes 1.27 OpenAPI schemas, custom resources against the CRDs given with --crds or,
offline, the Calico resources this package writes for the release given with --calico-version.
Unknown fields are errors. CEL rules (x-kubernetes-validations) are not evaluated.
Directories are read for *.yaml, *.yml and *.json files (not recursively).

  --calico-version <x.y>  check FelixConfiguration, ApplicationLayer, LogStorage, LogCollector,
                          Istio and Gateway against the fields this package writes for that
                          Calico Enterprise release
                          (no cluster needed; fields outside them are reported as unknown)
  --crds <file|dir>       CustomResourceDefinitions, as "kubectl get crd NAME -o yaml" writes
                          them; repeat the option for more; they win over --calico-version
  --json                  print the results as JSON on stdout
  -h, --help              print this help

Exit status: 0 when every document matches, 1 when one does not, 2 for bad usage or input.
`;

/** Where the CLI writes; tests pass their own. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processOutput: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the CLI with `argv` (the arguments after the program name); returns the exit status. */
export function main(argv: readonly string[], output: CliOutput = processOutput): number {
  if (argv[0] === 'size') return sizeMain(argv.slice(1), output, (message, usage) => usageError(output, message, usage));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'calico-version': { type: 'string' },
        crds: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usageError(output, (e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    output.stdout(USAGE);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== 'validate') return usageError(output, command === undefined ? 'no command given' : `unknown command "${command}"`);
  if (paths.length === 0) return usageError(output, 'no files or directories to validate');
  let release;
  if (values['calico-version'] !== undefined) {
    const issues = new Issues();
    release = parseCalicoVersion(issues, '--calico-version', values['calico-version']);
    if (!release) return usageError(output, `--calico-version: got "${values['calico-version']}"; ${issues.list[0]?.allowed ?? ''}`);
  }
  let report: FilesReport;
  try {
    const crds = loadCrds(values.crds ?? []);
    report = validateFiles(paths, { crds: release ? withOwnCrds(crds, release) : crds });
  } catch (e) {
    if (e instanceof InputError) return usageError(output, e.message);
    throw e;
  }
  if (values.json) output.stdout(`${JSON.stringify({ ok: report.errors.length === 0, ...report }, null, 2)}\n`);
  else output.stdout(humanReport(report) + (release && report.errors.some((e) => /^(FelixConfiguration|ApplicationLayer|LogStorage|LogCollector|Istio|Gateway)\//.test(e.object)) ? offlineNote(release.text) : ''));
  return report.errors.length === 0 ? 0 : 1;
}

function usageError(output: CliOutput, message: string, usage = USAGE): number {
  const help = usage === USAGE ? 'calico-l7 --help' : 'calico-l7 size --help';
  output.stderr(`calico-l7: ${message}\n${usage.split('\n')[0]}\n(${help} explains each option)\n`);
  return 2;
}

function offlineNote(release: string): string {
  return (
    `Note: the Calico kinds were checked against the fields calico-l7-logging knows for Calico Enterprise ${release}; ` +
    "a field it does not write is reported as unknown even when the cluster has it. Check those with the cluster's CRDs (--crds).\n"
  );
}

/** One line per error, `file:line:column: doc N: Kind/ns/name: /json/path: message`, then a summary. */
function humanReport({ files, documents, errors }: FilesReport): string {
  const lines = errors.map((e) =>
    [[e.file, e.line, e.column].filter((p) => p !== undefined).join(':'), `doc ${e.document}`, e.object, e.path, e.message].filter(Boolean).join(': '),
  );
  const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const scope = `${counted(documents, 'document')} in ${counted(files.length, 'file')}`;
  if (errors.length === 0) {
    lines.push(`OK: ${scope} match their schemas`);
  } else {
    const failed = new Set(errors.map((e) => `${e.file}\n${e.document}`)).size;
    lines.push(`FAILED: ${counted(errors.length, 'error')} in ${failed} of ${scope}`);
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    // One line: a stack trace would point into compiled files, which tells a user nothing.
    process.stderr.write(`calico-l7: internal error: ${e instanceof Error ? e.message : String(e)} (please report it)\n`);
    process.exitCode = 2;
  }
}
