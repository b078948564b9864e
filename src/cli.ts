#!/usr/bin/env node
// calico-l7: checks manifests strictly against the Kubernetes schemas and the cluster's CRDs.
import { parseArgs } from 'node:util';
import { type FilesReport, InputError, loadCrds, validateFiles } from './validate';

export const USAGE = `usage: calico-l7 validate <file|dir>... [--crds <file|dir>]... [--json]

Checks Kubernetes manifests strictly against their schemas: built-in kinds against the
Kubernetes 1.27 OpenAPI schemas, custom resources against the CRDs given with --crds.
Unknown fields are errors. CEL rules (x-kubernetes-validations) are not evaluated.
Directories are read for *.yaml, *.yml and *.json files (not recursively).

  --crds <file|dir>  CustomResourceDefinitions, as "kubectl get crd NAME -o yaml" writes
                     them; repeat the option for more
  --json             print the results as JSON on stdout
  -h, --help         print this help

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

/** Runs the CLI with `argv` (the arguments after the program name); resolves to the exit status. */
export async function main(argv: readonly string[], output: CliOutput = processOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { crds: { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
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
  let report: FilesReport;
  try {
    report = validateFiles(paths, { crds: loadCrds(values.crds ?? []) });
  } catch (e) {
    if (e instanceof InputError) return usageError(output, e.message);
    throw e;
  }
  output.stdout(values.json ? `${JSON.stringify({ ok: report.errors.length === 0, ...report }, null, 2)}\n` : humanReport(report));
  return report.errors.length === 0 ? 0 : 1;
}

function usageError(output: CliOutput, message: string): number {
  output.stderr(`calico-l7: ${message}\n\n${USAGE}`);
  return 2;
}

/** One line per error, `file: doc N: Kind/ns/name: /json/path: message`, then a summary. */
function humanReport({ files, documents, errors }: FilesReport): string {
  const lines = errors.map((e) => [e.file, `doc ${e.document}`, e.object, e.path, e.message].filter(Boolean).join(': '));
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
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (e: unknown) => {
      process.stderr.write(`calico-l7: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
