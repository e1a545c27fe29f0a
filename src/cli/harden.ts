/**
 * `bulwark harden`: registration of the command (options and help). The implementation
 * (src/harden/cli.ts) is loaded only when the command runs, so `bulwark audit` starts as fast as before.
 */
import { Command, Option } from 'commander';
import type { InputKind } from '../model/types.js';

const KINDS: InputKind[] = ['compose', 'run', 'shell', 'markdown', 'asciidoc', 'rst', 'dockerfile', 'kubernetes'];
const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Adds the `harden` command to `program`; `setCode` receives the exit code (0 / 1 / 2). */
export function register(program: Command, setCode: (code: number) => void): void {
  program
    .command('harden')
    .description(
      'rewrite Compose files, docker run lines (scripts, Markdown, AsciiDoc), Dockerfiles and Kubernetes manifests (securityContext, resources, volumeMounts of each container; pod-level keys where Kubernetes sets them per pod) into hardened ones, keeping comments and layout; prints a unified diff and why each change is made (nothing is written without --write or -o)',
    )
    .argument('[paths...]', 'files and directories to harden (directories are walked as audit walks them: .gitignore honoured, node_modules skipped, files of no kind skipped); - reads stdin and writes the hardened text to stdout (needs --kind)')
    .option('--write', 'write the hardened files in place (atomically, file mode kept); a file that cannot be read or parsed is reported and never written, the others still are')
    .option('-o, --output <file>', 'write the hardened file here instead (one input only)')
    .addOption(new Option('--kind <kind>', 'treat every input as this kind').choices(KINDS))
    .option('--unsafe-fixes', 'also apply unsafe fixes (cap_drop ALL, read_only, user, limits, removing a docker.sock mount)')
    .option('--profile <file>', 'YAML/JSON profile of invented values: pidsLimit, memory, cpus, user, keepCapabilities, tmpfs, pins, network')
    .option('--pids-limit <n>', 'pids limit to insert (default 256)')
    .option('--memory <size>', 'memory limit to insert with --unsafe-fixes (default 512m)')
    .option('--cpus <n>', 'CPU limit to insert with --unsafe-fixes (default 1.0)')
    .option('--user <uid:gid>', 'non-root user to insert with --unsafe-fixes (default 65532:65532)')
    .option('--network <name>', 'user-defined network for docker run lines on the default bridge, with --unsafe-fixes (default bulwark; created once per script or Markdown block)')
    .option('--keep-cap <cap>', 'capability to add back after cap_drop ALL; repeatable', collect)
    .option('--pin-from <file>', 'YAML/JSON map of image references to digests ({"node:20-slim": "sha256:…"}): those images get pinned')
    .option('--only <rule>', 'fix only this rule (id BW-0007 or slug no-new-privileges-missing); repeatable or comma-separated', collect)
    .addOption(new Option('--format <format>', 'diff and explanations (text) or a JSON list of changes').choices(['text', 'json']).default('text'))
    .option('--from-container <name>', 'print a hardened docker run line (or Compose service with --kind compose) for a container of a running engine')
    .option('-H, --host <host>', 'engine address for --from-container (default: DOCKER_HOST, the current docker context)')
    .option('--tlscacert <file>', 'CA certificate for a TLS engine (--from-container)')
    .option('--tlscert <file>', 'client certificate for a TLS engine (--from-container)')
    .option('--tlskey <file>', 'client key for a TLS engine (--from-container)')
    .action(async (files: string[], flags: Record<string, unknown>) => {
      const { runHarden } = await import('../harden/cli.js');
      setCode(await runHarden(files, flags as never));
    });
}
