/**
 * `bulwark pin`: registration of the command (options and help). The implementation
 * (src/verify/pin-cli.ts) is loaded only when the command runs.
 *
 * Exit codes: 0 every reference that can be pinned was; 1 some reference's digest was not found (or the
 * image has no pullable digest); 2 usage or input error. R-G1, issue 7.
 */
import { Option, type Command } from 'commander';

/** Adds the `pin` command to `program`; `setCode` receives the exit code (0 / 1 / 2). */
export function register(program: Command, setCode: (code: number) => void): void {
  program
    .command('pin')
    .description('pin image references in Compose files, Dockerfiles and docker run lines to name:tag@sha256:<digest> (digests from the local engine or from image archives); prints a diff, --write rewrites in place')
    .argument('<files...>', 'Compose files, Dockerfiles, scripts or Markdown with docker run lines')
    .option('--archive <file>', 'take digests from this image archive (docker save / oci-archive / OCI layout), verified first; repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--write', 'rewrite the files (atomically) instead of printing a diff')
    .addOption(new Option('--kind <kind>', 'treat every file as this kind').choices(['compose', 'run', 'shell', 'markdown', 'asciidoc', 'dockerfile']))
    .option('-H, --host <host>', 'engine address (default: DOCKER_HOST, the current docker context, unix:///var/run/docker.sock)')
    .option('--tlscacert <file>', 'CA certificate for a TLS engine')
    .option('--tlscert <file>', 'client certificate for a TLS engine')
    .option('--tlskey <file>', 'client key for a TLS engine')
    .option('--timeout <ms>', 'per-request timeout in ms (default 10000)')
    .action(async (files: string[], flags: import('../verify/pin-cli.js').PinFlags) => {
      setCode(await (await import('../verify/pin-cli.js')).runPin(files, flags));
    });
}
