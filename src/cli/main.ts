#!/usr/bin/env node
/**
 * The `bulwark` command.
 *
 * Exit codes: 0 no finding at or above `--fail-on`; 1 findings at or above it; 2 usage, config or
 * input error (reported after every readable input was audited). Errors are one line, no stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { fail, rulesNamed, say, statOrUndefined, UsageError, writeAtomic, writeChunks } from './common.js';
import * as harden from './harden.js';
import * as pin from './pin.js';
import * as policy from './policy.js';
import * as probe from './probe.js';
import * as verify from './verify.js';
import { ConfigError, DEFAULT_MAX_FILE_SIZE } from '../engine/errors.js';
import { VERSION } from '../version.js';
import type { InputKind } from '../model/types.js';
import { SEVERITIES, severityRank, type Severity } from '../rules/types.js';
import type { LiveFlags } from '../live/cli.js';

const KINDS: InputKind[] = ['compose', 'run', 'shell', 'markdown', 'asciidoc', 'rst', 'dockerfile', 'kubernetes', 'inspect', 'daemon', 'ci'];
const FORMATS = ['text', 'json', 'sarif', 'html'] as const;

interface AuditFlags extends LiveFlags {
  file?: string[];
  kind?: InputKind;
  format: (typeof FORMATS)[number];
  output?: string;
  failOn?: Severity;
  config?: string;
  color?: boolean;
  maxFileSize?: string;
  stdinFilename?: string;
  progress?: boolean;
  // --- audit --live (src/live/cli.ts: LiveFlags) ---
  live?: boolean;
  compliance?: boolean;
  jobs?: string;
  ignore?: string[];
  /** `--no-ignore`: false (see {@link NoIgnoreOption}). */
  useIgnorePatterns?: boolean;
  severity?: string;
}

/**
 * `--no-ignore` (ESLint's flag): audit what the `ignore:` patterns of .bulwark.yaml exclude. Kept in its own
 * attribute: commander would store it in `ignore`, the list of `--ignore <rule>`, and lose the rules given.
 */
class NoIgnoreOption extends Option {
  override attributeName(): string {
    return 'useIgnorePatterns';
  }
}

async function runAudit(paths: string[], flags: AuditFlags): Promise<number> {
  const cwd = process.cwd();
  // `-o -` is stdout, as for `bulwark harden -o -` (and curl, tar): not a file named `-`.
  if (flags.output === '-') flags = { ...flags, output: undefined };
  let config;
  try {
    config = await (await import('../engine/config.js')).loadConfig(cwd, flags.config);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  if (flags.useIgnorePatterns === false) config = { ...config, ignore: undefined };
  // `--ignore <id|slug>` turns rules off for this run, over whatever the config says of them (hadolint --ignore).
  if (flags.ignore?.length) {
    const rules = { ...(config.rules ?? {}) };
    for (const r of await rulesNamed('--ignore', flags.ignore)) {
      for (const k of Object.keys(rules)) if (k.toLowerCase() === r.id.toLowerCase() || k.toLowerCase() === r.slug) delete rules[k];
      rules[r.id] = 'off';
    }
    config = { ...config, rules };
  }
  // `--severity high,critical`: only findings of these severities are reported and count for the exit code (Trivy --severity).
  let shown: Set<string> | undefined;
  if (flags.severity !== undefined) {
    const list = flags.severity.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
    const bad = list.find((v) => !(SEVERITIES as readonly string[]).includes(v));
    if (bad !== undefined || list.length === 0) throw new UsageError(`--severity: ${bad === undefined ? 'no severity given' : `"${bad}" is not a severity`}; give a comma-separated list of ${SEVERITIES.join(', ')}`);
    shown = new Set(list);
  }
  if (!flags.live) {
    const liveOnly = (['host', 'tlscacert', 'tlscert', 'tlskey', 'filter', 'concurrency', 'timeout', 'configFile'] as const).filter((k) => flags[k] !== undefined);
    if (liveOnly.length) {
      const names = liveOnly.map((k) => '--' + k.replace(/[A-Z]/g, (ch) => '-' + ch.toLowerCase()));
      throw new UsageError(`${names.join(', ')} ${names.length === 1 ? 'applies' : 'apply'} only with --live`);
    }
  }
  // --- audit --live: a running Docker Engine instead of files (src/live/) ---
  if (flags.live && (paths.length || flags.file?.length)) throw new UsageError('--live audits a running engine: give no paths or -f files');
  const live = flags.live ? await (await import('../live/cli.js')).liveAuditFromFlags(flags, config) : undefined;
  const maxFileSize = flags.maxFileSize !== undefined ? Number(flags.maxFileSize) : DEFAULT_MAX_FILE_SIZE;
  if (!Number.isInteger(maxFileSize) || maxFileSize <= 0) throw new UsageError(`--max-file-size must be a positive number of bytes, got "${flags.maxFileSize}"`);
  const jobs = flags.jobs !== undefined ? Number(flags.jobs) : 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, got "${flags.jobs}"`);
  // `bulwark audit ""` (an unset variable: `bulwark audit "$DIR"`) would otherwise resolve to the working directory and
  // audit all of it: refused, as `ls ""` and `docker compose -f ""` refuse it.
  if (flags.file?.includes('')) throw new UsageError('-f was given an empty path: name a Compose file (- for stdin)');
  if (paths.includes('')) throw new UsageError('an empty path was given: name a file or a directory (. for the working directory)');
  const inputs = paths.length || flags.file?.length ? paths : ['.'];
  const stdinFilename = flags.stdinFilename;
  // `-f -` reads stdin as a Compose file, as `docker compose -f -` does; `-` as a path needs a kind or a name.
  const readsStdin = inputs.includes('-') || !!flags.file?.includes('-');
  if (stdinFilename !== undefined && !readsStdin) throw new UsageError('--stdin-filename names stdin: give - as an input');
  if (stdinFilename !== undefined && stdinFilename.trim() === '') throw new UsageError('--stdin-filename needs a path');
  if (inputs.includes('-') && !flags.kind && stdinFilename === undefined) throw new UsageError('reading stdin (-) needs --kind or --stdin-filename');
  // Read as a file is: up to the size limit and no further (the checks themselves are collectInputs').
  const stdin = readsStdin ? await (await import('../engine/inputs.js')).readBounded(process.stdin, maxFileSize) : undefined;
  // --- audit --compliance: the CIS Docker Benchmark 1.6.0 view instead of findings (src/report/compliance.ts) ---
  if (flags.compliance && flags.format !== 'text' && flags.format !== 'json') throw new UsageError('--compliance prints text or json');
  const comp = flags.compliance ? await (await import('../compliance/index.js')).complianceAudit() : undefined;
  // A file named on the command line that `ignore:` matches is skipped with one line, as ESLint does; it does not
  // count for the exit code.
  const configName = config.path ? (await import('node:path')).relative(cwd, config.path) || config.path : '.bulwark.yaml';
  const onIgnored = (p: string) => say(`${p}: file ignored because of a matching ignore pattern in ${configName}; use --no-ignore to audit it`);
  const result = live ?? await (await import('../engine/audit.js')).audit(inputs, { cwd, config, kind: flags.kind, stdin, stdinFilename, composeProject: flags.file, maxFileSize, rules: comp?.rules, jobs, onIgnored, defaultPath: !(paths.length || flags.file?.length) });
  if (shown && !comp) {
    result.findings = result.findings.filter((f) => shown.has(f.severity));
    result.summary.findings = result.findings.length;
    for (const sev of SEVERITIES) result.summary.bySeverity[sev] = result.findings.filter((f) => f.severity === sev).length;
  }
  /** The exit code: 2 for input errors, 1 for findings at or above `--fail-on`, else 0. */
  const verdict = () => {
    const failOn = flags.failOn ?? config.failOn ?? 'low';
    if (result.errors.length) return 2;
    return result.findings.some((f) => severityRank(f.severity) >= severityRank(failOn)) ? 1 : 0;
  };
  // Only the chosen reporter is loaded (the JSON and text ones stream; SARIF and HTML come through report/index).
  const opts = { color: flags.output ? false : flags.color, cwd };
  const out: Iterable<string | Uint8Array> = comp
    ? [(await import('../report/compliance.js')).renderCompliance(result, flags.format as 'text' | 'json', { targets: live ? undefined : comp.targets }).replace(/\n?$/, '\n')]
    : flags.format === 'json'
      ? (await import('../report/json.js')).renderJsonChunks(result)
      : flags.format === 'text'
        ? (await import('../report/text.js')).renderTextChunks(result, opts)
        : (await import('../report/index.js')).renderChunks(result, flags.format, opts);
  if (flags.output) {
    // Never write over an input, and keep an earlier report when nothing could be audited.
    // Compared by device and inode, so through symbolic links and hard links: `-o link.yaml` where link.yaml
    // points at an audited file is that file. One stat per file read (realpathSync, which lstats every path
    // component, cost ~0.25 s over the bench's 2,000 files); none when the report does not exist yet.
    const target = statOrUndefined(flags.output);
    // Besides the inputs, every file the run read: those an ingester read and shows (a Compose `env_file`, an
    // `extends` file, a run line's `--env-file`), those it read without showing them (a directory's `.env`, a seccomp
    // profile), the config file and the files of --live: `-o .env` must not replace the user's secrets.
    if (target) {
      const read = new Set([...result.files.map((f) => f.path), ...(result.sources?.keys() ?? []), ...(result.read ?? [])]);
      for (const p of [config.path, flags.configFile, flags.tlscacert, flags.tlscert, flags.tlskey]) if (p !== undefined) read.add(p);
      read.delete('-');
      for (const p of read) {
        const st = statOrUndefined(p);
        if (st && st.ino === target.ino && st.dev === target.dev) throw new UsageError(`refusing to write the report over the audited file ${flags.output}`);
      }
    }
    if (result.files.length === 0 && result.errors.length) {
      say(`nothing could be audited; ${flags.output} was not written`);
      for (const e of result.errors) say(`${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message}`);
      return 2;
    }
    try {
      await writeAtomic(flags.output, out);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why: Record<string, string> = { ENOENT: 'no such directory', EACCES: 'permission denied', EISDIR: 'it is a directory', ENOTDIR: 'a part of the path is not a directory', EROFS: 'read-only file system', ENOSPC: 'no space left on the device' };
      throw new UsageError(`cannot write ${flags.output}: ${(err.code && why[err.code]) ?? err.code ?? err.message}`);
    }
  } else {
    // Known before the report is written, so that a reader closing the pipe early (`| head`) still gets it.
    process.exitCode = verdict();
    await writeChunks(process.stdout, out);
  }
  return verdict();
}

async function runRules(flags: { format: string }): Promise<number> {
  const { allRules } = await import('../rules/index.js');
  if (flags.format === 'json') {
    process.stdout.write(JSON.stringify(allRules.map((r) => r.meta), null, 2) + '\n');
    return 0;
  }
  for (const r of allRules) {
    const cis = r.meta.cis['1.6.0']?.length ? `CIS ${r.meta.cis['1.6.0'].join(',')}` : '';
    process.stdout.write(`${r.meta.id}  ${r.meta.severity.padEnd(8)} ${r.meta.slug.padEnd(36)} ${[r.meta.attackClasses.join(','), cis].filter(Boolean).join('  ')}\n`);
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('bulwark')
    .description('Audit Docker deployments against the attack classes and guidelines of Yasrab, "Mitigating Docker Security Issues".')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s, write) => write(`bulwark: ${s.replace(/^error: /, '')}`) });

  let code = 0;
  program
    .command('audit')
    .description(
      'find insecure settings in Compose files, docker run lines (scripts, Markdown, AsciiDoc, reStructuredText, CI pipelines), Dockerfiles, Kubernetes manifests, docker/podman inspect output, daemon.json, dockerd flags and units, or a running engine (--live)',
    )
    .argument('[paths...]', 'files or directories (scanned recursively; default: the working directory); - reads stdin (needs --kind or --stdin-filename)')
    .option('-f, --file <path>', 'a Compose file of one project; repeat to merge overrides in order (like docker compose -f); -f - reads it from stdin', (v: string, prev: string[] = []) => [...prev, v])
    .addOption(new Option('--kind <kind>', 'treat every explicit input as this kind').choices(KINDS))
    .addOption(new Option('--format <format>', 'report format').choices([...FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout; - is stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default low, or failOn in .bulwark.yaml)').choices([...SEVERITIES]))
    .option('-c, --config <path>', 'config file (default: .bulwark.yaml in the working directory or a parent, up to the repository root)')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .option('--stdin-filename <path>', 'the path stdin (-) stands for: its kind is detected from the name unless --kind is given, and reports (SARIF included) name it instead of -')
    .option('--max-file-size <bytes>', `refuse inputs larger than this, stdin included (default ${DEFAULT_MAX_FILE_SIZE})`)
    .option('-j, --jobs <n>', 'worker threads for directories of 64 files or more (default 1; same report as one thread; helps only where the CPUs are real cores: see bench/README.md)')
    .option('--ignore <rule>', 'turn a rule off for this run, by id or slug (BW-0027, image-not-pinned); repeatable or comma-separated', (v: string, prev: string[] = []) => [...prev, v])
    .addOption(new NoIgnoreOption('--no-ignore', 'audit the files ignore: in .bulwark.yaml excludes (a file named on the command line that it matches is otherwise skipped with a warning)'))
    .option('--severity <list>', 'report only findings of these severities, comma-separated (high,critical); the exit code follows what is reported')
    .option('--compliance', 'print the CIS Docker Benchmark 1.6.0 view (pass/fail/unknown/manual/not applicable per target) instead of findings; text or json')
    // --- audit --live (src/live/cli.ts) ---
    .option('--live', 'audit a running Docker Engine: containers, images, daemon, host (GET requests only)')
    .option('-H, --host <host>', 'engine address for --live (default: DOCKER_HOST, the current docker context, unix:///var/run/docker.sock)')
    .option('--tlscacert <file>', 'CA certificate for a TLS engine (--live)')
    .option('--tlscert <file>', 'client certificate for a TLS engine (--live)')
    .option('--tlskey <file>', 'client key for a TLS engine (--live)')
    .option('--filter <key=value>', 'only containers matching, as docker ps --filter (name=web, label=tier=db); repeatable (--live)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--concurrency <n>', 'concurrent inspect requests (--live, default 8)')
    .option('--timeout <ms>', 'per-request timeout in ms (--live, default 10000)')
    .option('--config-file <daemon.json>', 'daemon.json of the engine (--live; default for a local engine: dockerd --config-file or /etc/docker/daemon.json)')
    .action(async (paths: string[], flags: AuditFlags) => {
      code = await runAudit(paths, flags);
    });
  program
    .command('rules')
    .description('list the rules with their ids, severities, attack classes and CIS ids')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: { format: string }) => {
      code = await runRules(flags);
    });

  // Each further command lives in its own module and loads its implementation only when it runs.
  for (const cmd of [harden, probe, policy, verify, pin]) cmd.register(program, (c) => (code = c));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError || e instanceof ConfigError) {
      say(e.message);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    say(`${err.code ? `${err.code}: ` : ''}${String(err.message ?? e).split('\n')[0]}`);
    return 2;
  }
  return code;
}

// A reader that stops early (`bulwark audit | head`) closes the pipe: stop quietly, as grep and ripgrep do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  say(`cannot write the report: ${e.code ?? e.message}`);
  process.exit(2);
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    say(String((e as Error)?.message ?? e).split('\n')[0]);
    process.exitCode = 2;
  },
);

