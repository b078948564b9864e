// `npm run bench`: builds the package, then times the built package (lib/, as users load it) against
// baselines that do the same work without it, every sample a fresh plain node process. Prints one
// table with each target met or missed and writes bench/results.json; with `--check` it exits 1 when
// a target is missed. Not part of `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { stringify } from 'yaml';
import { type KubeObject, forEngine, isCalicoApiObject, planL7Logging, planMeshAccessLogging } from '../src/core';
import { type Case, type ChartObjects, FLEET_SERVICES, type Mode, type Sample, type Side, type Suite, l7Props, meshProps } from './cases';

const ROOT = join(__dirname, '..');
/** Where the transpiled worker runs: inside the project, so it resolves cdk8s and Pulumi as a user's program does. */
const WORK = join(ROOT, 'node_modules', '.cache', 'calico-l7-bench');
/**
 * Samples per side of the slow cases (Pulumi, validate): the targets ask for at least 5; nine steady
 * the medians on a noisy machine. `BENCH_RUNS` changes it. The faster cases take more: {@link samplesOf}.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
/** `BENCH_ONLY=cdk8s` (or `operator`, `pulumi daemonset`...): only the cases whose `suite mode size` contains it. */
const ONLY = process.env.BENCH_ONLY ?? '';
const { values: OPTIONS } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

/** How a case is judged: the ratio of the medians to the baseline's, or the difference in ms. */
interface Target {
  readonly time?: number;
  readonly memory?: number;
  /** Whole process, imports included. */
  readonly process?: number;
  /** Whole process, ms more than the baseline. */
  readonly extraMs?: number;
  /** The timed part at most this many times the package's own at the row of this size (fleet: doubling the clusters). */
  readonly scalingFrom?: { readonly size: number; readonly max: number };
}

interface Row {
  readonly suite: Suite;
  readonly mode: Mode;
  readonly size: number;
  readonly target: Target;
}

const MEMORY = 1.15;
/** At 100 items the package's own start-up weighs most: the whole process is judged, imports included. */
const SMALL = { process: 1.1, memory: MEMORY } as const;
const LARGE = { time: 1.1, memory: MEMORY } as const;
const ROWS: readonly Row[] = [
  ...(['operator', 'daemonset'] as const).flatMap((mode) => [
    { suite: 'cdk8s' as const, mode, size: 100, target: SMALL },
    { suite: 'cdk8s' as const, mode, size: 1000, target: LARGE },
    { suite: 'cdk8s' as const, mode, size: 10000, target: LARGE },
    { suite: 'pulumi' as const, mode, size: 1000, target: LARGE },
    { suite: 'pulumi' as const, mode, size: 5000, target: LARGE },
  ]),
  // The other selection modes, by the targets of their size. A Gloo policy is one custom resource:
  // in Pulumi it would time the runtime's registration, not the package, so it has a cdk8s row only.
  { suite: 'cdk8s', mode: 'sidecar', size: 1000, target: LARGE },
  { suite: 'pulumi', mode: 'sidecar', size: 1000, target: LARGE },
  // One object: the row measures loading the package, judged as the import row is.
  { suite: 'cdk8s', mode: 'ebpf', size: 0, target: { extraMs: 25, memory: MEMORY } },
  { suite: 'cdk8s', mode: 'waypoint', size: 100, target: SMALL },
  { suite: 'pulumi', mode: 'waypoint', size: 100, target: LARGE },
  { suite: 'cdk8s', mode: 'gloo', size: 100, target: SMALL },
  { suite: 'import', mode: 'operator', size: 0, target: { extraMs: 25 } },
  // Clusters of 1,000 Services each, written as a Flux tree; doubling the clusters at most doubles the time.
  { suite: 'fleet', mode: 'operator', size: 100, target: LARGE },
  { suite: 'fleet', mode: 'operator', size: 200, target: { ...LARGE, scalingFrom: { size: 100, max: 2 } } },
  // 56,000 annotated Services, about 17 MB of YAML, against js-yaml parsing the same file.
  { suite: 'validate', mode: 'operator', size: 56000, target: { process: 1.5 } },
];

interface Measured extends Row {
  readonly objects: number;
  readonly samples: Readonly<Record<Side, readonly Sample[]>>;
}

/**
 * Samples per side, by how long a case's process takes. Cases of about a second or less spread by a
 * third between processes on a shared VM, so they take more samples: their medians move less
 * between runs, at little cost in time. By default 9 (Pulumi, validate), 21 (cdk8s at 10,000
 * Services) and 41 (the rest, a few hundred milliseconds each).
 */
const SAMPLES = { slow: RUNS, large: 2 * RUNS + 3, fast: 4 * RUNS + 5 } as const;

function samplesOf(row: Row): number {
  // A fleet process takes 10 to 40 seconds.
  if (row.suite === 'fleet') return Math.min(SAMPLES.slow, 5);
  if (row.suite === 'pulumi' || row.suite === 'validate') return SAMPLES.slow;
  return row.size >= 10000 ? SAMPLES.large : SAMPLES.fast;
}

/** The value below which a fraction `p` of `xs` lies, interpolating between neighbours. */
function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = p * (s.length - 1);
  const below = s[Math.floor(at)] as number;
  return below + ((s[Math.ceil(at)] as number) - below) * (at - Math.floor(at));
}
const median = (xs: readonly number[]): number => quantile(xs, 0.5);
const of = (samples: readonly Sample[], f: (s: Sample) => number) => median(samples.map(f));

/** The worker and the cases it imports, transpiled once to plain CommonJS: no TypeScript loader in the measured processes. */
function prepareWorker(): string {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  for (const name of ['worker', 'cases']) {
    const source = ts.sys.readFile(join(__dirname, `${name}.ts`)) as string;
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    writeFileSync(join(WORK, `${name}.js`), outputText);
  }
  return join(WORK, 'worker.js');
}

function runWorker(worker: string, c: Case): Sample {
  const child = spawnSync(process.execPath, [worker, JSON.stringify(c)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`worker failed (${child.status ?? child.signal}) for ${JSON.stringify(c)}`);
  return JSON.parse(child.stdout) as Sample;
}

/** Both sides must produce the same output in every run: else the timings compare different work. */
function checkSame(m: Measured): void {
  const all = [...m.samples.ours, ...m.samples.baseline];
  const hashes = new Set(all.map((s) => s.hash));
  const counts = new Set(all.map((s) => s.count));
  const expected = m.suite === 'fleet' ? m.objects * m.size : m.objects;
  if (hashes.size !== 1 || counts.size !== 1 || (m.suite !== 'import' && !counts.has(expected))) {
    throw new Error(`${m.suite} ${m.mode} ${m.size}: outputs differ (hashes ${[...hashes].join(', ')}; counts ${[...counts].join(', ')}; expected ${expected})`);
  }
}

function renderedObjects(mode: Mode, size: number): readonly KubeObject[] {
  return mode === 'gloo' ? planMeshAccessLogging(meshProps(size)).objects : planL7Logging(l7Props(mode, size)).objects;
}

/**
 * The charts a hand-written cdk8s app needs for the same files as the package's: the collector
 * phase, the FelixConfiguration beside it (applied client-side), then the traffic phase and its own.
 */
function renderedCharts(mode: Mode, size: number): ChartObjects[] {
  if (mode === 'gloo') return [{ id: 'bench', objects: renderedObjects(mode, size) }];
  const { collectorPhase, trafficPhase } = planL7Logging(l7Props(mode, size));
  const split = (id: string, objects: readonly KubeObject[]) => {
    const felix = objects.filter(isCalicoApiObject);
    return [{ id, objects: objects.filter((o) => !felix.includes(o)) }, ...(felix.length > 0 ? [{ id: `${id}-felix`, objects: felix }] : [])];
  };
  return [...split('bench', collectorPhase), ...(trafficPhase.length > 0 ? split('bench-traffic', trafficPhase) : [])];
}

/** Whole Services as a cluster's repository holds them, selected by the package's annotation. */
function annotatedServices(size: number): KubeObject[] {
  return Array.from({ length: size }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `svc-${i}`, namespace: `shop-${i % 50}`, labels: { app: `svc-${i}`, tier: 'backend' }, annotations: { 'projectcalico.org/l7-logging': 'true' } },
    spec: { type: 'ClusterIP', selector: { app: `svc-${i}` }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  }));
}

/** What a row's baseline reads: a fleet's one cluster by phase, or the objects. */
function objectsFileText(row: Row): { text: string; objects: number } {
  if (row.suite === 'fleet') {
    // The same objects as the tree holds: with Flux's opt-outs on what is only patched.
    const plan = planL7Logging(l7Props('operator', FLEET_SERVICES));
    const collectorPhase = plan.collectorPhase.map((o) => forEngine(o, 'flux', 'collector'));
    const trafficPhase = plan.trafficPhase.map((o) => forEngine(o, 'flux', 'traffic'));
    return { text: JSON.stringify({ collectorPhase, trafficPhase }), objects: collectorPhase.length + trafficPhase.length };
  }
  if (row.suite === 'validate') {
    const services = annotatedServices(row.size);
    return { text: services.map((o) => stringify(o)).join('---\n'), objects: services.length };
  }
  if (row.suite === 'cdk8s') {
    const charts = renderedCharts(row.mode, row.size);
    return { text: JSON.stringify(charts), objects: charts.reduce((n, c) => n + c.objects.length, 0) };
  }
  const objects = renderedObjects(row.mode, row.size);
  return { text: JSON.stringify(objects), objects: objects.length };
}

function measure(worker: string): Measured[] {
  return ROWS.filter((row) => `${row.suite} ${row.mode} ${row.size}`.includes(ONLY)).map((row) => {
    // Rendered once, before any timing: the baselines read these objects instead of calling the package.
    const { text, objects } = objectsFileText(row);
    const objectsFile = join(WORK, `${row.suite}-${row.mode}-${row.size}.${row.suite === 'validate' ? 'yaml' : 'json'}`);
    writeFileSync(objectsFile, text);
    const samples: Record<Side, Sample[]> = { ours: [], baseline: [] };
    // Sides alternate within each run, so drift in the machine's speed hits both alike, and which
    // goes first alternates between runs: the first process after a pause runs measurably slower.
    for (let run = 1; run <= samplesOf(row); run++) {
      for (const side of run % 2 === 1 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const)) {
        const sample = runWorker(worker, { suite: row.suite, mode: row.mode, size: row.size, side, root: ROOT, objectsFile });
        samples[side].push(sample);
        console.error(`${row.suite} ${row.mode} ${row.size} ${side} #${run}: ${sample.ms.toFixed(0)} ms, process ${sample.processMs.toFixed(0)} ms, ${(sample.maxRssKiB / 1024).toFixed(0)} MiB`);
      }
    }
    const m: Measured = { ...row, objects, samples };
    checkSame(m);
    return m;
  });
}

interface Result {
  readonly suite: Suite;
  readonly mode: Mode;
  readonly size: number;
  readonly ratio: number;
  /**
   * The middle half of the runs' own ratios (each run's two processes, side by side): how far the
   * ratio moves with the machine's noise, to tell a regression from it.
   */
  readonly runRatios: { readonly q1: number; readonly q3: number };
  readonly memoryRatio: number;
  readonly processRatio: number;
  readonly processExtraMs: number;
  /** The timed part against the package's own at the smaller size named by `target.scalingFrom`. */
  readonly scaling?: number;
  readonly target: Target;
  readonly missed: readonly string[];
  readonly samples: Readonly<Record<Side, readonly Sample[]>>;
}

function judge(m: Measured, all: readonly Measured[]): Result {
  const ratio = of(m.samples.ours, (s) => s.ms) / of(m.samples.baseline, (s) => s.ms);
  const perRun = m.samples.ours.map((s, i) => s.ms / (m.samples.baseline[i] as Sample).ms);
  const runRatios = { q1: quantile(perRun, 0.25), q3: quantile(perRun, 0.75) };
  const memoryRatio = of(m.samples.ours, (s) => s.maxRssKiB) / of(m.samples.baseline, (s) => s.maxRssKiB);
  const processRatio = of(m.samples.ours, (s) => s.processMs) / of(m.samples.baseline, (s) => s.processMs);
  const processExtraMs = of(m.samples.ours, (s) => s.processMs) - of(m.samples.baseline, (s) => s.processMs);
  const t = m.target;
  const from = t.scalingFrom && all.find((o) => o.suite === m.suite && o.mode === m.mode && o.size === t.scalingFrom?.size);
  const scaling = from ? of(m.samples.ours, (s) => s.ms) / of(from.samples.ours, (s) => s.ms) : undefined;
  const missed = [
    t.scalingFrom !== undefined && (scaling === undefined || scaling > t.scalingFrom.max) ? `scaling ${scaling?.toFixed(2) ?? 'not measured'} > ${t.scalingFrom.max}` : '',
    t.time !== undefined && ratio > t.time ? `time ${ratio.toFixed(2)} > ${t.time}` : '',
    t.memory !== undefined && memoryRatio > t.memory ? `memory ${memoryRatio.toFixed(2)} > ${t.memory}` : '',
    t.process !== undefined && processRatio > t.process ? `process ${processRatio.toFixed(2)} > ${t.process}` : '',
    t.extraMs !== undefined && processExtraMs > t.extraMs ? `+${processExtraMs.toFixed(0)} ms > ${t.extraMs}` : '',
  ].filter(Boolean);
  return { suite: m.suite, mode: m.mode, size: m.size, ratio, runRatios, memoryRatio, processRatio, processExtraMs, ...(scaling === undefined ? {} : { scaling }), target: t, missed, samples: m.samples };
}

/** Each target of a row, as `time ≤ 1.1x: 1.04 met`. */
function targetCells(r: Result): string {
  const t = r.target;
  const cell = (name: string, limit: number | undefined, value: number, unit: string, shown: string) =>
    limit === undefined ? '' : `${name} ≤ ${limit}${unit}: ${shown} ${value <= limit ? 'met' : 'MISSED'}`;
  return [
    cell('time', t.time, r.ratio, 'x', r.ratio.toFixed(2)),
    cell('process', t.process, r.processRatio, 'x', r.processRatio.toFixed(2)),
    cell('process', t.extraMs, r.processExtraMs, ' ms more', `+${r.processExtraMs.toFixed(0)}`),
    cell('memory', t.memory, r.memoryRatio, 'x', r.memoryRatio.toFixed(2)),
    t.scalingFrom ? cell(`time against ${t.scalingFrom.size}`, t.scalingFrom.max, r.scaling ?? Infinity, 'x', r.scaling?.toFixed(2) ?? 'not measured') : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function printTable(results: readonly Result[]): void {
  const header = ['suite', 'mode', 'size', 'ours ms', 'base ms', 'runs (middle half)', 'process ours', 'process base', 'MiB ours', 'MiB base', 'targets'];
  const rounded = (r: Result, side: Side, f: (s: Sample) => number) => of(r.samples[side], f).toFixed(0);
  const rows = results.map((r) => [
    r.suite,
    r.mode,
    String(r.size),
    rounded(r, 'ours', (s) => s.ms),
    rounded(r, 'baseline', (s) => s.ms),
    `${r.runRatios.q1.toFixed(2)}–${r.runRatios.q3.toFixed(2)}`,
    rounded(r, 'ours', (s) => s.processMs),
    rounded(r, 'baseline', (s) => s.processMs),
    (of(r.samples.ours, (s) => s.maxRssKiB) / 1024).toFixed(0),
    (of(r.samples.baseline, (s) => s.maxRssKiB) / 1024).toFixed(0),
    targetCells(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) console.log(row.map((c, i) => (i < 2 || i === 10 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
}

function main(): void {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const worker = prepareWorker();
  const measured = measure(worker);
  const results = measured.map((m) => judge(m, measured));
  console.log(
    `\nMedian of ${SAMPLES.slow} (Pulumi, validate), ${SAMPLES.large} (cdk8s at 10,000) or ${SAMPLES.fast} (the others) fresh processes per side; the built package (lib/) against the same objects built by hand inside the clock.\n`,
  );
  printTable(results);
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryMiB: Math.round(totalmem() / 2 ** 20) };
  const file = join(__dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify({ machine, runs: SAMPLES, results }, null, 2)}\n`);
  const missed = results.filter((r) => r.missed.length > 0);
  console.log(`\n${results.length - missed.length} of ${results.length} cases meet their targets. Samples: ${file}`);
  if (missed.length > 0 && OPTIONS.check) process.exitCode = 1;
}

main();
