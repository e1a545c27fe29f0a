/**
 * Builds the C probe (probe/bulwark-probe.c) on first use: `gcc -static -O2 -Wall -o <cache>/bulwark-probe
 * probe/bulwark-probe.c`, again whenever the source is newer than the binary. The cache is
 * `$XDG_CACHE_HOME/bulwark/` when XDG_CACHE_HOME is set, else `<package>/node_modules/.cache/bulwark/`.
 * No prebuilt binary ships with the package (issue 5, "The probe": source, build and a prebuilt-free install).
 *
 * Also prepares the setuid-root helper for the R-G7 step (a copy of the probe, mode 4755, owner root) in a
 * directory of mode 0700 owned by root, so no host user can reach it; the container sees it through a
 * read-only bind mount. Only possible when bulwark runs as root; otherwise the step is `not-applicable`.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A probe that cannot be built (no gcc, no static libc, a compile error): one line, exit 2. */
export class ProbeBuildError extends Error {
  override name = 'ProbeBuildError';
}

/** Where the probe's source is: `probe/bulwark-probe.c` of the package (found upward from this module). */
export function probeSourcePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'probe', 'bulwark-probe.c');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new ProbeBuildError('the probe source probe/bulwark-probe.c is missing from this installation of bulwark');
}

/** The cache directory for built binaries (see the module comment). */
export function cacheDir(env: Record<string, string | undefined> = process.env): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'bulwark');
  return join(dirname(dirname(probeSourcePath())), 'node_modules', '.cache', 'bulwark');
}

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string; missing: boolean }> {
  return new Promise((res) => {
    execFile(cmd, args, { timeout: 120_000 }, (err, _out, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: unknown }) | null;
      res({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stderr: String(stderr), missing: e?.code === 'ENOENT' });
    });
  });
}

/** Paths of the built probe. `setuidHelper` is undefined when it could not be prepared (not root). */
export interface ProbeBinary {
  /** The static probe binary (bind-mounted read-only as the entrypoint). */
  path: string;
  /** A setuid-root copy in a root-only directory, or undefined. */
  setuidHelper?: string;
  /** Why there is no setuid helper. */
  setuidReason?: string;
}

/**
 * Returns the probe binary, building it when missing or older than its source.
 * @param opts.cc compiler (default `gcc`); `opts.dir` cache directory (default {@link cacheDir})
 * @throws ProbeBuildError when gcc or the static C library is missing (names the apt packages gcc and
 *   libc6-dev), or the source does not compile (first error line)
 */
export async function ensureProbe(opts: { cc?: string; dir?: string } = {}): Promise<ProbeBinary> {
  const src = probeSourcePath();
  const dir = opts.dir ?? cacheDir();
  const out = join(dir, 'bulwark-probe');
  const srcTime = statSync(src).mtimeMs;
  const fresh = existsSync(out) && statSync(out).mtimeMs >= srcTime;
  if (!fresh) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    const cc = opts.cc ?? 'gcc';
    const r = await run(cc, ['-static', '-O2', '-Wall', '-o', tmp, src]);
    if (r.code !== 0) {
      try { unlinkSync(tmp); } catch { /* not created */ }
      if (r.missing) throw new ProbeBuildError(`cannot build the probe: ${cc} is not installed (Debian/Ubuntu: apt-get install gcc libc6-dev)`);
      if (/cannot find -lc\b|cannot find -lgcc|crt1\.o|No such file.*stdio\.h/.test(r.stderr)) {
        throw new ProbeBuildError(`cannot build the probe: the static C library is missing (Debian/Ubuntu: apt-get install gcc libc6-dev)`);
      }
      const first = r.stderr.split('\n').find((l) => /error/.test(l)) ?? r.stderr.split('\n')[0] ?? '';
      throw new ProbeBuildError(`cannot build the probe with ${cc}: ${first.trim()}`);
    }
    renameSync(tmp, out);
  }
  const bin: ProbeBinary = { path: out };
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    const sdir = join(dir, 'setuid');
    const helper = join(sdir, 'bulwark-probe');
    mkdirSync(sdir, { recursive: true, mode: 0o700 });
    chownSync(sdir, 0, 0);
    chmodSync(sdir, 0o700);
    const st = existsSync(helper) ? statSync(helper) : undefined;
    if (!st || st.mtimeMs < statSync(out).mtimeMs || (st.mode & 0o7777) !== 0o4755 || st.uid !== 0) {
      const tmp = `${helper}.${process.pid}.tmp`;
      copyFileSync(out, tmp);
      chownSync(tmp, 0, 0);
      chmodSync(tmp, 0o4755);
      renameSync(tmp, helper);
    }
    bin.setuidHelper = helper;
  } else bin.setuidReason = 'bulwark does not run as root, so it cannot prepare a setuid-root helper';
  return bin;
}
