/**
 * Where unit files sit in systemd's unit load path, and which of them systemd reads (systemd.unit(5) "Unit File
 * Load Path"). Path logic only, without the unit parser: the engine's planner (src/engine/audit.ts) loads it for every
 * run with daemon inputs.
 */

/** Precedence of the unit directories (systemd.unit(5) "Unit File Load Path", system manager): lower wins. */
const UNIT_DIR_RANK: Record<string, number> = { etc: 0, run: 1, 'usr/local/lib': 2, 'usr/lib': 3, lib: 3 };

/**
 * Where a path sits in systemd's unit load path: `tree`, what comes before the unit directory (`''` for the
 * working directory's relative `etc/…`, `/` for the machine's own, `image/rootfs/` for a copy of a root filesystem); `rank`, the directory's
 * precedence (0 `/etc/systemd/system`, 1 `/run/systemd/system`, 2 `/usr/local/lib/systemd/system`, 3
 * `/usr/lib/systemd/system` and `/lib/systemd/system`, one directory on merged-/usr systems); `name`, the path below
 * the directory (`docker.service`, `docker.service.d/10-reg.conf`). Undefined outside these directories.
 */
export function unitLoadPath(path: string): { tree: string; rank: number; name: string } | undefined {
  const u = path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  const m = /(?:^|\/)(usr\/local\/lib|usr\/lib|etc|run|lib)\/systemd\/system\/(.+)$/.exec(u);
  if (!m) return undefined;
  return { tree: u.slice(0, m.index + (m[0].startsWith('/') ? 1 : 0)), rank: UNIT_DIR_RANK[m[1]], name: m[2] };
}

/**
 * The unit files and drop-ins among `paths` that systemd never reads because a file of the same name in a unit
 * directory of higher precedence of the same tree replaces it (systemd.unit(5): "unit files found in directories
 * listed earlier override files with the same name in directories lower in the list"; a drop-in `foo.service.d/x.conf`
 * likewise overrides one of the same name lower in the list): `/lib/systemd/system/docker.service` beside
 * `/etc/systemd/system/docker.service` (a `systemctl edit --full docker` copy). Map: shadowed path → the path that
 * replaces it. `/lib` and `/usr/lib` are one directory (same rank): neither shadows the other.
 */
export function shadowedUnitFiles(paths: readonly string[]): Map<string, string> {
  const best = new Map<string, { path: string; rank: number }>();
  const at = paths.map((p) => ({ p, l: unitLoadPath(p) }));
  for (const { p, l } of at) {
    if (!l) continue;
    const k = `${l.tree}\0${l.name}`;
    const b = best.get(k);
    if (!b || l.rank < b.rank) best.set(k, { path: p, rank: l.rank });
  }
  const out = new Map<string, string>();
  for (const { p, l } of at) {
    const b = l && best.get(`${l.tree}\0${l.name}`);
    if (b && l && l.rank > b.rank) out.set(p, b.path);
  }
  return out;
}
