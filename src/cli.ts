#!/usr/bin/env node
// calico-l7: checks manifests strictly against the Kubernetes schemas and Calico's resources, and
// sizes L7 log storage.
import { parseArgs } from 'node:util';
import { sizeMain } from './cli-size';
import { type FilesReport, InputError, loadCrds, validateFiles } from './validate';
import { BUILTIN_SCHEMAS } from './validate/builtin';

export const USAGE = `usage: calico-l7 validate <file|dir>... [--calico-version <x.y>] [--releases <file>] [--crds <file|dir>]... [--json]
       calico-l7 size --nodes <n> --retention-days <d> [...]   (calico-l7 size --help)

Checks Kubernetes manifests strictly against their schemas, read as kubectl reads them (YAML 1.1
scalars and merge keys, JSON when a file starts with "{"): built-in kinds against the schemas of
${BUILTIN_SCHEMAS}; Calico kinds against the CRDs of the
Calico Enterprise release of each file; Gateway, Gloo Mesh, Argo CD and Flux kinds against the
CRDs the package ships; other custom resources against the CRDs given with --crds. Unknown
fields are errors. CEL rules (x-kubernetes-validations) are not evaluated.
Directories are read for *.yaml, *.yml and *.json files (not recursively).

  --calico-version <x.y>  the Calico Enterprise release of the files (3.9 to 3.24): its
                          FelixConfiguration, ApplicationLayer, LogStorage, LogCollector and
                          Istio CRDs check them, and a kind it lacks is an error
  --releases <file>       a YAML file mapping paths (files or folders, relative to it; * for any
                          characters but /) to releases, for a directory of clusters on different
                          releases: dist: "3.23" and dist/legacy-*.yaml: "3.10"; the longest
                          matching entry wins; --calico-version is the release of the others
  --crds <file|dir>       CustomResourceDefinitions, as "kubectl get crd NAME -o yaml" writes
                          them; repeat the option for more; they win over the shipped ones
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
        releases: { type: 'string' },
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
  let report: FilesReport;
  try {
    report = validateFiles(paths, {
      crds: loadCrds(values.crds ?? []),
      ...(values['calico-version'] === undefined ? {} : { calicoVersion: values['calico-version'] }),
      ...(values.releases === undefined ? {} : { releases: values.releases }),
    });
  } catch (e) {
    if (e instanceof InputError) return usageError(output, e.message);
    throw e;
  }
  if (values.json) output.stdout(`${JSON.stringify({ ok: report.errors.length === 0, ...report }, null, 2)}\n`);
  else output.stdout(humanReport(report));
  return report.errors.length === 0 ? 0 : 1;
}

function usageError(output: CliOutput, message: string, usage = USAGE): number {
  const help = usage === USAGE ? 'calico-l7 --help' : 'calico-l7 size --help';
  output.stderr(`calico-l7: ${message}\n${usage.split('\n')[0]}\n(${help} explains each option)\n`);
  return 2;
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
