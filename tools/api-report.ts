// The public API report: one file per entry point in api/, made by API Extractor from the built
// declarations (lib/). `npm test` fails when the surface changed and the report was not updated;
// `npm run api -- --update` rewrites the reports after an intended change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

const root = join(__dirname, '..');
const ENTRY_POINTS: readonly [string, string][] = [
  ['calico-l7-logging', 'lib/index.d.ts'],
  ['calico-l7-logging-cdk8s', 'lib/cdk8s/index.d.ts'],
  ['calico-l7-logging-pulumi', 'lib/pulumi/index.d.ts'],
  ['calico-l7-logging-validate', 'lib/validate/index.d.ts'],
];

const update = process.argv.includes('--update');
// API Extractor writes each new report here first: outside the project, so a run leaves nothing behind.
const scratch = mkdtempSync(join(tmpdir(), 'calico-l7-api-'));
let failed = false;
for (const [report, entry] of ENTRY_POINTS) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: join(root, entry),
      compiler: { overrideTsconfig: { compilerOptions: { lib: ['es2022'], types: ['node'], skipLibCheck: true, strict: true } } },
      // The public variant leaves out what is marked @internal.
      apiReport: { enabled: true, reportFileName: report, reportVariants: ['public'], reportFolder: join(root, 'api'), reportTempFolder: scratch },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // The report is the point; TSDoc style and the forgotten-export notes are not gates here.
        extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: update, messageCallback: (m) => (m.handled = m.logLevel === ExtractorLogLevel.None) });
  if (!result.succeeded) {
    failed = true;
    process.stderr.write(
      `api/${report}.api.md: the public API of ${entry.replace('lib/', 'src/').replace('.d.ts', '.ts')} changed; ` +
        'review the change and run `npm run api -- --update` to record it\n',
    );
  }
}
rmSync(scratch, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
