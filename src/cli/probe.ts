/**
 * `bulwark probe`: registration of the command (options and help). The implementation (src/probe/) is loaded
 * only when the command runs.
 *
 * `bulwark probe (--compose FILE --service NAME | --run "docker run …" | --container NAME) [--image IMG]
 * [--matrix] [--format text|json|markdown] [-o FILE]` — exit 0 when no attack succeeded, 1 when any did or when
 * the engine refused to start a configuration (nothing was measured: no verdict is not a pass), 2 on errors
 * (issue 5; R-B, R-A, R-G7, R-K, R-S, R-D).
 */
import type { Command } from 'commander';
import { say, UsageError, writeAtomic, writeChunks } from './common.js';

interface ProbeFlags {
  compose?: string;
  service?: string;
  run?: string;
  container?: string;
  image?: string;
  matrix?: boolean;
  format: string;
  output?: string;
  dos: boolean;
  hogMs: string;
  unsafeFixes?: boolean;
  hardened: string;
  host?: string;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
  quiet?: boolean;
}

/** Adds the `probe` command to `program`; `setCode` receives the exit code (0 clean / 1 an attack succeeded or a configuration was refused / 2 error). */
export function register(program: Command, setCode: (code: number) => void): void {
  program
    .command('probe')
    .description('run the paper\'s attacks for real in throw-away containers carrying a configuration, and print what was blocked')
    .option('--run <line>', 'a "docker run …" line to probe')
    .option('--compose <file>', 'a Compose file (with --service)')
    .option('--service <name>', 'the Compose service to probe')
    .option('--container <name>', 'a container on the engine: probe its configuration (inspect data)')
    .option('--image <image>', 'run the probe in this local image instead of the target\'s')
    .option('--matrix', 'Table 1: source (attacker) × target (victim), each base (Docker defaults) or hardened (harden\'s output)')
    .option('--hardened <from>', 'with --matrix: the hardened configuration is "harden" (harden\'s output for the target) or "own" (the target as given)', 'harden')
    .option('--unsafe-fixes', 'with --matrix: harden with unsafe fixes too')
    .option('--format <format>', 'text, json or markdown', 'text')
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--no-dos', 'skip the denial-of-service steps (fork bomb, memory and CPU hog with a neighbour)')
    .option('--hog-ms <ms>', 'attack time of each DoS phase in ms (as long again in quiet windows)', '4000')
    .option('-H, --host <host>', 'engine address (default: DOCKER_HOST, the current docker context, unix:///var/run/docker.sock)')
    .option('--tlscacert <file>', 'CA certificate for a TLS engine')
    .option('--tlscert <file>', 'client certificate for a TLS engine')
    .option('--tlskey <file>', 'client key for a TLS engine')
    .option('-q, --quiet', 'no progress lines on stderr')
    .action(async (flags: ProbeFlags) => {
      setCode(2);
      const targets = [flags.run !== undefined, flags.compose !== undefined, flags.container !== undefined].filter(Boolean).length;
      if (targets !== 1) throw new UsageError('probe needs exactly one of --run "docker run …", --compose FILE --service NAME, --container NAME');
      if (flags.compose !== undefined && !flags.service) throw new UsageError('--compose needs --service NAME');
      if (flags.service !== undefined && flags.compose === undefined) throw new UsageError('--service applies only with --compose');
      if (!['text', 'json', 'markdown'].includes(flags.format)) throw new UsageError(`--format must be text, json or markdown, got "${flags.format}"`);
      const hogMs = Number(flags.hogMs);
      if (!Number.isInteger(hogMs) || hogMs < 200 || hogMs > 10_000) throw new UsageError(`--hog-ms must be a whole number from 200 to 10000, got "${flags.hogMs}"`);
      if (!flags.dos && flags.matrix) throw new UsageError('--no-dos does not apply with --matrix: Table 1 measures the denial-of-service attacks against the target');
      if (flags.unsafeFixes && !flags.matrix) throw new UsageError('--unsafe-fixes applies only with --matrix');
      if (flags.hardened !== 'harden' && flags.hardened !== 'own') throw new UsageError(`--hardened must be harden or own, got "${flags.hardened}"`);
      if (flags.hardened === 'own' && !flags.matrix) throw new UsageError('--hardened applies only with --matrix');
      if (flags.hardened === 'own' && flags.unsafeFixes) throw new UsageError('--unsafe-fixes applies only with --hardened harden');
      const m = await import('../probe/index.js');
      const { render } = await import('../probe/render.js');
      let report;
      try {
        report = await m.probe(
          { run: flags.run, compose: flags.compose, service: flags.service, container: flags.container },
          {
            host: flags.host, tlsCaCert: flags.tlscacert, tlsCert: flags.tlscert, tlsKey: flags.tlskey,
            image: flags.image, matrix: flags.matrix, dos: flags.dos, hogMs, unsafe: flags.unsafeFixes, hardened: flags.hardened as 'harden' | 'own',
            progress: flags.quiet ? undefined : (l) => say(l),
          },
        );
      } catch (e) {
        if (e instanceof m.ProbeInputError || e instanceof m.ProbeError || e instanceof m.ProbeBuildError || (e as Error).name === 'LiveError') {
          throw new UsageError((e as Error).message.split('\n')[0]);
        }
        throw e;
      }
      const text = render(report, flags.format as 'text' | 'json' | 'markdown');
      if (flags.output) await writeAtomic(flags.output, [text]);
      else await writeChunks(process.stdout, [text]);
      const runs = report.runs ?? report.matrix?.cells.map((c) => c.run) ?? [];
      setCode(report.anySucceeded || runs.some((r) => r.refused !== undefined) ? 1 : 0);
    });
}
