#!/usr/bin/env node
/**
 * The bulwark benchmark (`npm run bench`): files/s, MB/s and peak RSS of `bulwark audit` over 2,000
 * generated Compose files and 2,000 generated Dockerfiles, against the peers users run on the same
 * files and against the floor (a bare parse with the same parsers), each as one whole process over
 * the directory, N runs each (median), all in one run.
 *
 * Usage: node bench/run.mjs [--runs 3] [--warmup 0] [--kinds compose,dockerfile] [--tools id,id]
 *                           [--regen] [--build] [--seed 1] [--count 2000]
 *
 * How each tool is invoked (cwd = the repository root; `node <bin>` rather than `npx`, so npx's own
 * start-up is not measured for anyone; outputs go to files in bench/out/ so output cost is comparable):
 *   bulwark-json    node dist/cli.js audit <dir> --format json -o bench/out/bulwark-<kind>.json
 *   bulwark-text    node dist/cli.js audit <dir>            (default text report; stdout to bench/out/bulwark-<kind>.txt)
 *   dclint          node node_modules/dclint/bin/dclint.cjs <dir> -r -f json -o bench/out/dclint-compose.json
 *                   dclint 3.1.0 takes directories (`-r` recurses) and lints the files whose base name matches
 *                   /^(?:docker-)?compose.*\.ya?ml$/ — all generated Compose files do. Exit 1 = lint errors found.
 *   dockerfilelint  node node_modules/dockerfilelint/bin/dockerfilelint -j <file> <file> …
 *                   dockerfilelint 1.8.0 does not take a directory (it reports "Invalid input"); it takes many
 *                   paths, so it runs as one process with all 2,000 paths as arguments (~70 KB, far below
 *                   ARG_MAX: no xargs batching needed). Its exit code is its issue count (mod 256), and one
 *                   file it cannot handle aborts the whole process with no report. It crashes on
 *                   `HEALTHCHECK CMD …` without options (TypeError in lib/checks.js), so it is measured twice:
 *                   `dockerfilelint` over all files (records the crash) and `dockerfilelint-nohc` over the files
 *                   without that construct (manifest feature `healthcheck-no-options`), which gives its files/s.
 *   floor           node bench/floor.mjs <kind> <dir>   (walk + read + yaml parseDocument / dockerfile-ast parse)
 *
 * Measurement: each process runs under GNU time (`/usr/bin/time -f '%e %M' -o <file>`): %M is the peak
 * RSS in KiB, %e the elapsed seconds (10 ms resolution); the seconds reported are the wall time measured
 * around the spawn with process.hrtime (the same interval, finer resolution). Without GNU time, only the
 * wall time is measured. Tools are run round-robin (run 1 of every tool, then run 2, …) so that drift in
 * machine load spreads evenly; the table shows medians. A run "crashed" when the process was killed by a
 * signal, printed a JavaScript stack trace / uncaught error, or produced no parseable report.
 *
 * Writes bench/out/results.json (all runs) and bench/out/results.md (the table for bench/README.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_COUNT, DEFAULT_SEED, generateCorpus, writeCorpus } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const CORPUS = join(OUT, 'corpus');
const GNU_TIME = '/usr/bin/time';
const MB = 1e6;

function parseArgs(argv) {
  const a = { runs: 3, warmup: 0, kinds: ['compose', 'dockerfile'], tools: undefined, regen: false, build: false, seed: DEFAULT_SEED, count: DEFAULT_COUNT };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--runs') a.runs = Number(v), i++;
    else if (k === '--warmup') a.warmup = Number(v), i++;
    else if (k === '--kinds') a.kinds = v.split(','), i++;
    else if (k === '--tools') a.tools = v.split(','), i++;
    else if (k === '--seed') a.seed = Number(v), i++;
    else if (k === '--count') a.count = Number(v), i++;
    else if (k === '--regen') a.regen = true;
    else if (k === '--build') a.build = true;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new Error('--runs must be a positive integer');
  return a;
}

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};
const pkgVersion = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    date: new Date().toISOString(),
    nproc: Number(sh('nproc', []) ?? os.availableParallelism()),
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    gnuTime: existsSync(GNU_TIME),
    bulwark: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version} (${sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']) ?? 'no git'}, dist built ${existsSync(join(ROOT, 'dist/cli.js')) ? statSync(join(ROOT, 'dist/cli.js')).mtime.toISOString() : '-'})`,
    dclint: pkgVersion('dclint'),
    dockerfilelint: pkgVersion('dockerfilelint'),
    yaml: pkgVersion('yaml'),
    'dockerfile-ast': pkgVersion('dockerfile-ast'),
  };
}

/** Ensures the corpus exists for this seed and count; returns the manifest. */
function ensureCorpus(seed, count, regen) {
  const mpath = join(CORPUS, 'manifest.json');
  let m = existsSync(mpath) ? JSON.parse(readFileSync(mpath, 'utf8')) : undefined;
  if (regen || !m || m.seed !== seed || m.kinds.compose.files !== count || m.kinds.dockerfile.files !== count) {
    process.stdout.write(`generating corpus (seed ${seed}, ${count} + ${count} files) … `);
    writeCorpus(CORPUS, generateCorpus({ seed, compose: count, dockerfile: count }));
    m = JSON.parse(readFileSync(mpath, 'utf8'));
    process.stdout.write('done\n');
  }
  return m;
}

/** A JS stack frame, an uncaught error line, or a V8 fatal error. */
const CRASH = /^\s+at .+:\d+:\d+\)?$|^\w*Error: |^FATAL ERROR|^Segmentation fault/m;

/**
 * Runs one process under GNU time.
 * @returns {{seconds:number, elapsed:number|null, rssKiB:number|null, exitCode:number|null, signal:string|null, stderr:string}}
 */
function timed(argv, stdoutPath) {
  const timeFile = join(OUT, '.time.txt');
  rmSync(timeFile, { force: true });
  const outFd = openSync(stdoutPath ?? '/dev/null', 'w');
  const cmd = existsSync(GNU_TIME) ? [GNU_TIME, '-f', '%e %M', '-o', timeFile, ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: ROOT, stdio: ['ignore', outFd, 'pipe'], maxBuffer: 64 * 2 ** 20, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(outFd);
  let elapsed = null;
  let rssKiB = null;
  let signal = r.signal ?? null;
  let exitCode = r.status;
  if (existsSync(timeFile)) {
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    const m = /^([\d.]+) (\d+)$/.exec(lines.at(-1) ?? '');
    if (m) [elapsed, rssKiB] = [Number(m[1]), Number(m[2])];
    const sig = lines.find((l) => l.startsWith('Command terminated by signal'));
    if (sig) signal = sig.replace('Command terminated by signal ', 'SIG');
  }
  return { seconds, elapsed, rssKiB, exitCode, signal, stderr: r.stderr?.toString('utf8') ?? '' };
}

const readJson = (p) => {
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return undefined;
  }
};

/** The measured commands for one kind. `report(path)` returns the number of files the tool reported on, or undefined. */
function toolsFor(kind, dir, manifest) {
  const rel = relative(ROOT, dir);
  const out = (name) => join(OUT, name);
  const list = manifest.kinds[kind].list;
  const all = list.map((f) => join(rel, f.name));
  const tools = [
    {
      id: 'bulwark-json', tool: 'bulwark', note: '--format json -o file',
      argv: [process.execPath, 'dist/cli.js', 'audit', rel, '--format', 'json', '-o', out(`bulwark-${kind}.json`)], outputs: [out(`bulwark-${kind}.json`)],
      files: list.length, bytes: manifest.kinds[kind].bytes,
      report: () => {
        const j = readJson(out(`bulwark-${kind}.json`));
        return j && { files: j.summary?.files ?? j.files?.length, findings: j.findings?.length, inputErrors: j.errors?.length };
      },
      okExit: [0, 1],
    },
    {
      id: 'bulwark-text', tool: 'bulwark', note: 'default text report to stdout',
      argv: [process.execPath, 'dist/cli.js', 'audit', rel], stdout: out(`bulwark-${kind}.txt`),
      files: list.length, bytes: manifest.kinds[kind].bytes,
      report: () => (existsSync(out(`bulwark-${kind}.txt`)) && readFileSync(out(`bulwark-${kind}.txt`), 'utf8').length > 0 ? {} : undefined),
      okExit: [0, 1],
    },
  ];
  if (kind === 'compose') {
    tools.push({
      id: 'dclint', tool: 'dclint', note: '<dir> -r -f json -o file',
      argv: [process.execPath, 'node_modules/dclint/bin/dclint.cjs', rel, '-r', '-f', 'json', '-o', out('dclint-compose.json')], outputs: [out('dclint-compose.json')],
      files: list.length, bytes: manifest.kinds[kind].bytes,
      report: () => {
        const j = readJson(out('dclint-compose.json'));
        return Array.isArray(j) ? { files: j.length, findings: j.reduce((n, f) => n + f.messages.length, 0), inputErrors: j.filter((f) => f.messages.some((m) => m.rule === 'invalid-yaml' || m.rule === 'invalid-schema')).length } : undefined;
      },
      okExit: [0, 1],
    });
  } else {
    const nohc = list.filter((f) => !f.features.includes('healthcheck-no-options'));
    const dfl = (id, files, note) => ({
      id, tool: 'dockerfilelint', note,
      argv: [process.execPath, 'node_modules/dockerfilelint/bin/dockerfilelint', '-j', ...files.map((f) => join(rel, f.name))],
      stdout: out(`${id}.json`),
      files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0),
      report: () => {
        const j = readJson(out(`${id}.json`));
        return j?.files ? { files: j.files.length, findings: j.totalIssues } : undefined;
      },
      okExit: null, // exit code = issue count mod 256
    });
    tools.push(dfl('dockerfilelint', list, `-j <all ${all.length} paths>`));
    tools.push(dfl('dockerfilelint-nohc', nohc, `-j <${nohc.length} paths without HEALTHCHECK CMD without options>`));
  }
  tools.push({
    id: 'floor', tool: kind === 'compose' ? 'floor (yaml parseDocument)' : 'floor (dockerfile-ast)', note: 'walk + read + parse',
    argv: [process.execPath, 'bench/floor.mjs', kind, rel], stdout: out(`floor-${kind}.json`),
    files: list.length, bytes: manifest.kinds[kind].bytes,
    report: () => {
      const j = readJson(out(`floor-${kind}.json`));
      return j && { files: j.files, inputErrors: j.parseErrors };
    },
    okExit: [0],
  });
  return tools;
}

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function runOne(t) {
  // A report left by an earlier run must not count for this one.
  for (const f of [t.stdout, ...(t.outputs ?? [])]) if (f) rmSync(f, { force: true });
  const r = timed(t.argv, t.stdout);
  const report = t.report();
  const crashLine = CRASH.exec(r.stderr)?.[0];
  const crashed = Boolean(r.signal || crashLine || !report || (t.okExit && !t.okExit.includes(r.exitCode) && r.exitCode !== 2));
  const why = r.signal ?? r.stderr.split('\n').find((l) => /Error|FATAL/.test(l))?.trim() ?? (!report ? 'no report produced' : undefined);
  return { seconds: r.seconds, elapsed: r.elapsed, rssKiB: r.rssKiB, exitCode: r.exitCode, signal: r.signal, crashed, crash: crashed ? why ?? `exit ${r.exitCode}` : undefined, report, stderrHead: r.stderr.slice(0, 400) };
}

function summarize(kind, t, runs) {
  const ok = runs.filter((r) => !r.crashed);
  const seconds = median(runs.map((r) => r.seconds));
  const fps = ok.length === runs.length ? t.files / seconds : null;
  const exits = [...new Set(runs.map((r) => r.signal ?? r.exitCode))];
  return {
    kind, id: t.id, tool: t.tool, note: t.note, files: t.files, bytes: t.bytes, mb: t.bytes / MB,
    seconds, filesPerSecond: fps, mbPerSecond: fps == null ? null : t.bytes / MB / seconds,
    peakRssMiB: median(runs.map((r) => r.rssKiB)) == null ? null : median(runs.map((r) => r.rssKiB)) / 1024,
    exitCodes: exits, crashes: runs.length - ok.length, crash: runs.find((r) => r.crashed)?.crash, report: runs.at(-1)?.report,
    runs,
  };
}

const fmt = (x, d = 1) => (x == null ? '—' : x.toFixed(d));

function ratio(rows, kind, a, b) {
  const x = rows.find((r) => r.kind === kind && r.id === a)?.filesPerSecond;
  const y = rows.find((r) => r.kind === kind && r.id === b)?.filesPerSecond;
  return x != null && y != null ? x / y : null;
}

function tables(rows, ratios, m) {
  const head = '| tool | kind | files | MB | seconds | files/s | MB/s | peak RSS MiB | exit codes | crashes | reported files |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|';
  const lines = rows.map((r) => `| ${r.id} | ${r.kind} | ${r.files} | ${fmt(r.mb, 2)} | ${fmt(r.seconds, 2)} | ${fmt(r.filesPerSecond, 0)} | ${fmt(r.mbPerSecond, 2)} | ${fmt(r.peakRssMiB, 0)} | ${r.exitCodes.join(',')} | ${r.crashes}/${r.runs.length}${r.crash ? ` (${r.crash.replace(/\|/g, '\\|').slice(0, 90)})` : ''} | ${r.report?.files ?? '—'} |`);
  const rl = ratios.map((x) => `| ${x.name} | ${x.value == null ? '—' : x.value.toFixed(2) + '×'} | ${x.target ?? ''} | ${x.value == null || x.min == null ? '' : x.value >= x.min ? 'PASS' : 'FAIL'} |`);
  return [
    `Machine: ${m.cpu}, ${m.nproc} CPUs (nproc), ${m.memGiB} GiB, ${m.os}, Node ${m.node}; load average (1/5/15 min) at start ${m.load}, at end ${m.loadEnd}.`,
    `Versions: bulwark ${m.bulwark}; dclint ${m.dclint}; dockerfilelint ${m.dockerfilelint}; yaml ${m.yaml}; dockerfile-ast ${m['dockerfile-ast']}. ${m.date}.`,
    '',
    head, sep, ...lines, '',
    '| ratio (files/s) | value | target | |', '|---|---:|---|---|', ...rl,
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  const manifest = ensureCorpus(args.seed, args.count, args.regen);
  if (args.build || !existsSync(join(ROOT, 'dist/cli.js'))) {
    console.log('building bulwark (npm run build) …');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const m = machine();
  console.log(`bulwark bench — ${m.date}`);
  console.log(`machine: ${m.cpu} | nproc ${m.nproc} | ${m.memGiB} GiB | ${m.os} | node ${m.node} | load ${m.load} | GNU time ${m.gnuTime ? 'yes' : 'no (wall time only)'}`);
  console.log(`versions: bulwark ${m.bulwark} | dclint ${m.dclint} | dockerfilelint ${m.dockerfilelint} | yaml ${m.yaml} | dockerfile-ast ${m['dockerfile-ast']}`);
  for (const k of args.kinds) console.log(`corpus: ${k} ${manifest.kinds[k].files} files, ${(manifest.kinds[k].bytes / MB).toFixed(2)} MB (seed ${manifest.seed})`);
  console.log(`runs: ${args.runs} (+${args.warmup} warm-up) per tool, round-robin; medians below\n`);

  const rows = [];
  for (const kind of args.kinds) {
    const tools = toolsFor(kind, join(CORPUS, kind), manifest).filter((t) => !args.tools || args.tools.includes(t.id));
    const runs = new Map(tools.map((t) => [t.id, []]));
    for (let i = 0; i < args.warmup + args.runs; i++) {
      for (const t of tools) {
        const r = runOne(t);
        const tag = i < args.warmup ? 'warm-up' : `run ${i - args.warmup + 1}/${args.runs}`;
        console.log(`  ${kind.padEnd(10)} ${t.id.padEnd(19)} ${tag.padEnd(8)} ${r.seconds.toFixed(2).padStart(8)} s  ${r.rssKiB == null ? '   -' : (r.rssKiB / 1024).toFixed(0).padStart(4)} MiB  exit ${r.signal ?? r.exitCode}${r.crashed ? `  CRASH: ${r.crash}` : ''}`);
        if (i >= args.warmup) runs.get(t.id).push(r);
      }
    }
    for (const t of tools) rows.push(summarize(kind, t, runs.get(t.id)));
  }

  const ratios = [
    { name: 'bulwark/dclint (compose)', value: ratio(rows, 'compose', 'bulwark-json', 'dclint'), target: '≥ 40×', min: 40 },
    { name: 'bulwark/floor (compose)', value: ratio(rows, 'compose', 'bulwark-json', 'floor'), target: '≥ 0.70×', min: 0.7 },
    { name: 'bulwark/floor (dockerfile)', value: ratio(rows, 'dockerfile', 'bulwark-json', 'floor'), target: '≥ 0.70×', min: 0.7 },
    { name: 'bulwark/dockerfilelint (dockerfile; dockerfilelint on its crash-free subset)', value: ratio(rows, 'dockerfile', 'bulwark-json', 'dockerfilelint-nohc') },
    { name: 'bulwark text/floor (compose)', value: ratio(rows, 'compose', 'bulwark-text', 'floor') },
    { name: 'bulwark text/floor (dockerfile)', value: ratio(rows, 'dockerfile', 'bulwark-text', 'floor') },
  ].filter((r) => r.value != null);
  const bulwarkCrashes = rows.filter((r) => r.tool === 'bulwark').reduce((n, r) => n + r.crashes, 0);

  m.loadEnd = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const md = tables(rows, ratios, m);
  console.log('\n' + md + '\n');
  writeFileSync(join(OUT, 'results.md'), md + '\n');
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ machine: m, args, corpus: { seed: manifest.seed, compose: { files: manifest.kinds.compose.files, bytes: manifest.kinds.compose.bytes }, dockerfile: { files: manifest.kinds.dockerfile.files, bytes: manifest.kinds.dockerfile.bytes } }, rows, ratios }, null, 2) + '\n');
  console.log(`wrote ${relative(ROOT, join(OUT, 'results.json'))} and ${relative(ROOT, join(OUT, 'results.md'))}`);
  if (bulwarkCrashes) {
    console.error(`bulwark crashed in ${bulwarkCrashes} run(s)`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(2);
});
