/**
 * Seccomp profile files named by `security_opt: [seccomp=./profile.json]` (Compose) or
 * `--security-opt seccomp=profile.json` (docker run). The Docker CLI and docker compose read the file on the
 * client and send its JSON to the engine (Docker docs "Seccomp security profiles for Docker"; docker/cli
 * `parseSecurityOpts`; docker compose `parseSecurityOpts`, relative to the project directory), so what the
 * container gets is the file's content, and a profile that allows every syscall is no filter at all (R-G12,
 * CIS 5.22). This reads each such file through the ingest context so BW-0021 judges its content exactly as it
 * judges a profile given inline (`docker inspect` shows the JSON).
 */
import { posix } from 'node:path';
import type { ContainerSpec } from '../model/types.js';
import type { IngestContext } from './types.js';

/** Values of `seccomp=` that are not a file: no filter, the engine's built-in profile, or inline JSON. */
const NOT_A_FILE = /^(?:unconfined|builtin|)$/i;

/**
 * Reads the profile file of every explicit `seccomp=<path>` option of `containers` and stores it on the option
 * (`SecurityOpt.profile`). A relative path is taken from `baseDir(option file)` (default: the directory of the file
 * that writes the option): for Compose, the project directory (docker compose `parseSecurityOpts` reads
 * `project.RelativePath`), whichever project file writes the option; for a script, the script's directory, the usual place
 * to run it from. Options that depend on a variable, inline JSON, and files that cannot be read are left as they
 * are (the profile is then not judged: no finding either way). Each file is read once. Never throws.
 */
export async function readSeccompProfiles(
  containers: ContainerSpec[],
  ctx: IngestContext,
  baseDir: (file: string) => string = (file) => posix.dirname(file.replace(/\\/g, '/')),
): Promise<void> {
  const read = new Map<string, Promise<string | undefined>>();
  for (const c of containers) {
    for (const o of c.securityOpt) {
      if (o.key !== 'seccomp' || o.how !== 'explicit' || o.origin.kind !== 'file') continue;
      const v = o.value.trim();
      if (NOT_A_FILE.test(v) || v.startsWith('{') || v.includes('$')) continue;
      const dir = baseDir(o.origin.file);
      const path = v.startsWith('/') ? posix.normalize(v) : posix.normalize(posix.join(dir, v));
      let p = read.get(path);
      if (!p) {
        p = ctx.readFile(path).catch(() => undefined);
        read.set(path, p);
      }
      const text = await p;
      if (text !== undefined) o.profile = { file: path, text };
    }
  }
}
