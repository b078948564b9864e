// `npm run bench`: times the package's L7Logging (cdk8s synth, Pulumi registration under mocks) against
// a baseline that builds the same objects without the package, and times the validator. Each run of
// each case is a fresh child process (bench/worker.ts), so peak memory is per case. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { planL7Logging } from '../src/core';
import { type Case, type Collector, type Sample, type Side, type Suite, l7Props } from './cases';

interface Size {
  readonly services: number;
  /** Runs per side; the median is reported. Fewer where one run takes seconds. */
  readonly runs: number;
}

const COLLECTORS: readonly Collector[] = ['operator', 'daemonset'];
const PLAN: readonly { readonly suite: Suite; readonly sizes: readonly Size[]; readonly sides: readonly Side[] }[] = [
  { suite: 'cdk8s', sides: ['ours', 'baseline'], sizes: [{ services: 100, runs: 5 }, { services: 1000, runs: 5 }, { services: 10000, runs: 3 }] },
  { suite: 'pulumi', sides: ['ours', 'baseline'], sizes: [{ services: 1000, runs: 5 }, { services: 5000, runs: 3 }] },
  { suite: 'validate', sides: ['ours'], sizes: [{ services: 10000, runs: 3 }] },
];
const TARGETS = { time: 1.2, memory: 1.3, perServiceGrowth: 2 } as const;

interface Measured {
  readonly suite: Suite;
  readonly collector: Collector;
  readonly services: number;
  readonly objects: number;
  readonly samples: Readonly<Record<Side, readonly Sample[]>>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const medianMs = (samples: readonly Sample[]) => median(samples.map((s) => s.ms));
const medianMiB = (samples: readonly Sample[]) => median(samples.map((s) => s.maxRssKiB)) / 1024;

function runWorker(c: Case): Sample {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'worker.ts'), JSON.stringify(c)], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`worker failed (${child.status ?? child.signal}) for ${JSON.stringify(c)}`);
  return JSON.parse(child.stdout) as Sample;
}

/** Both sides must produce the same output in every run, and all of it: else the timings compare different work. */
function checkSame(m: Measured): void {
  const all = [...m.samples.ours, ...m.samples.baseline];
  const hashes = new Set(all.map((s) => s.hash));
  const counts = new Set(all.map((s) => s.count));
  if (hashes.size !== 1 || counts.size !== 1 || !counts.has(m.objects)) {
    throw new Error(
      `${m.suite} ${m.collector} ${m.services}: outputs differ between runs or sides ` +
        `(hashes ${[...hashes].join(', ')}; counts ${[...counts].join(', ')}; expected ${m.objects} objects)`,
    );
  }
}

function measure(dir: string): Measured[] {
  const results: Measured[] = [];
  for (const { suite, sizes, sides } of PLAN) {
    for (const collector of COLLECTORS) {
      for (const { services, runs } of sizes) {
        // Rendered once, before any timing: the baseline reads these objects instead of calling the package.
        const rendered = planL7Logging(l7Props(collector, services)).objects;
        // The validator checks custom resources against CRDs, which the repo does not ship: built-in kinds only.
        const objects = suite === 'validate' ? rendered.filter((o) => !o.apiVersion.includes('.')) : rendered;
        const objectsFile = join(dir, `${suite}-${collector}-${services}.json`);
        writeFileSync(objectsFile, JSON.stringify(objects));
        const samples: Record<Side, Sample[]> = { ours: [], baseline: [] };
        // Sides alternate within each run, so drift in the machine's speed hits both alike.
        for (let run = 1; run <= runs; run++) {
          for (const side of sides) {
            const sample = runWorker({ suite, collector, services, side, objectsFile });
            samples[side].push(sample);
            console.error(`${suite} ${collector} ${services} ${side} #${run}: ${sample.ms.toFixed(0)} ms, ${(sample.maxRssKiB / 1024).toFixed(0)} MiB`);
          }
        }
        const m: Measured = { suite, collector, services, objects: objects.length, samples };
        checkSame(m);
        results.push(m);
      }
    }
  }
  return results;
}

function printTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  console.log(`\n${title}`);
  for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padStart(widths[i] ?? 0)).join('  '));
}

interface Target {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly pass: boolean;
}

function report(results: readonly Measured[]): Target[] {
  const compared = results.filter((m) => m.suite !== 'validate');
  const ratio = (m: Measured, f: (s: readonly Sample[]) => number) => f(m.samples.ours) / f(m.samples.baseline);
  const perServiceMs = (m: Measured) => medianMs(m.samples.ours) / m.services;
  const label = (m: Measured) => [m.suite, m.collector, String(m.services)];
  printTable(
    'Time (median ms)',
    ['suite', 'collector', 'services', 'ours', 'baseline', 'ratio', 'ours us/service'],
    compared.map((m) => [
      ...label(m),
      medianMs(m.samples.ours).toFixed(0),
      medianMs(m.samples.baseline).toFixed(0),
      ratio(m, medianMs).toFixed(2),
      (perServiceMs(m) * 1000).toFixed(0),
    ]),
  );
  printTable(
    'Peak memory (median maxRSS, MiB)',
    ['suite', 'collector', 'services', 'ours', 'baseline', 'ratio'],
    compared.map((m) => [...label(m), medianMiB(m.samples.ours).toFixed(0), medianMiB(m.samples.baseline).toFixed(0), ratio(m, medianMiB).toFixed(2)]),
  );
  printTable(
    'Validator, strict (median)',
    ['collector', 'objects', 'ms', 'us/object', 'peak MiB', 'errors'],
    results
      .filter((m) => m.suite === 'validate')
      .map((m) => {
        const ms = medianMs(m.samples.ours);
        const errors = String(m.samples.ours[0]?.errors);
        return [m.collector, String(m.objects), ms.toFixed(0), ((ms / m.objects) * 1000).toFixed(1), medianMiB(m.samples.ours).toFixed(0), errors];
      }),
  );

  const targets: Target[] = [];
  const add = (name: string, value: number, limit: number) => targets.push({ name, value, limit, pass: value <= limit });
  for (const suite of ['cdk8s', 'pulumi'] as const) {
    for (const collector of COLLECTORS) {
      const sized = compared.filter((m) => m.suite === suite && m.collector === collector);
      const largest = sized[sized.length - 1] as Measured;
      const mid = sized.find((m) => m.services === 1000) as Measured;
      const at = `${suite} ${collector} @${largest.services}`;
      add(`${at} time ratio`, ratio(largest, medianMs), TARGETS.time);
      add(`${at} memory ratio`, ratio(largest, medianMiB), TARGETS.memory);
      add(`${at} per-service time / @1000`, perServiceMs(largest) / perServiceMs(mid), TARGETS.perServiceGrowth);
    }
  }
  printTable(
    'Targets',
    ['target', 'value', 'limit', ''],
    targets.map((t) => [t.name, t.value.toFixed(2), `<= ${t.limit}`, t.pass ? 'PASS' : 'MISS']),
  );
  return targets;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'calico-l7-bench-'));
  let results: Measured[];
  try {
    results = measure(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const targets = report(results);
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryMiB: Math.round(totalmem() / 2 ** 20) };
  const file = join(__dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify({ machine, targets, results }, null, 2)}\n`);
  console.log(`\nRaw samples: ${file}`);
}

main();
