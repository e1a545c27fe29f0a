/**
 * Settings dockerd refuses because two files of one daemon both give them: a daemon.json key the unit or command
 * line that starts dockerd also passes as a flag — most often `hosts` while the unit passes `-H` (Debian's and
 * Ubuntu's docker.service run `dockerd -H fd://`), or `log-level`/`data-root` set in both.
 * dockerd exits with "unable to configure the Docker daemon with file /etc/docker/daemon.json: the following
 * directives are specified both as a flag and in the configuration file: hosts" (moby
 * daemon/config `getConflictFreeConfiguration`; Docker docs "Configure remote access for Docker daemon": use one
 * or the other). Only a pair bulwark can tie together is judged: the daemon.json is the one the unit reads — its
 * `--config-file`, else `/etc/docker/daemon.json` — in the same tree as the unit ({@link environmentFileAt}).
 */
import { posix } from 'node:path';
import type { DaemonSpec } from '../../model/daemon.js';
import type { SourceFile } from '../../model/source.js';
import type { InputError, Origin } from '../../model/types.js';
import { DAEMON_JSON_FIELDS } from './json.js';
import { environmentFileAt } from './systemd.js';

/** A path with `/` separators, normalised: how two daemon files' paths are compared. */
export const norm = (p: string) => posix.normalize(p.replace(/\\/g, '/'));


/** The first origin of a setting as written (a value, or the first item of a list), when the spec sets it explicitly. */
export function written(d: DaemonSpec, k: keyof DaemonSpec): { origin: Origin; shown: string } | undefined {
  const v = d[k] as unknown;
  const first = Array.isArray(v) ? (v[0] as { origin?: Origin; how?: string; value?: unknown; raw?: string } | undefined) : (v as { origin?: Origin; how?: string; value?: unknown; raw?: string } | undefined);
  if (!first?.origin || (first.how !== undefined && first.how !== 'explicit')) return undefined;
  return { origin: first.origin, shown: first.raw ?? String(first.value) };
}

/**
 * The daemon.json files read by a unit or command line that starts dockerd among `specs`: the unit's `--config-file`,
 * else `/etc/docker/daemon.json`, in the unit's tree ({@link environmentFileAt}); a command line reads the path as
 * written. Socket units start no dockerd and pair with nothing.
 */
export function unitJsonPairs(specs: DaemonSpec[]): { unit: DaemonSpec; json: DaemonSpec }[] {
  const jsons = specs.filter((d) => d.source === 'daemon-json');
  if (!jsons.length) return [];
  const out: { unit: DaemonSpec; json: DaemonSpec }[] = [];
  for (const u of specs) {
    if ((u.source !== 'systemd-unit' && u.source !== 'dockerd-flags') || u.socketUnit) continue;
    const configPath = u.configFile?.how === 'explicit' ? u.configFile.value : '/etc/docker/daemon.json';
    const expected = norm(u.source === 'systemd-unit' ? environmentFileAt(u.file, configPath) : configPath);
    for (const j of jsons) if (norm(j.file) === expected) out.push({ unit: u, json: j });
  }
  return out;
}

/**
 * Input errors for each daemon.json that sets a setting the unit or command line reading it also passes as a
 * flag (`hosts` beside `-H fd://`, `log-level` beside `--log-level`…), at the first such key of the daemon.json,
 * naming every one. `sourceOf` gives the text of a file for positions.
 */
export function flagFileConflicts(specs: DaemonSpec[], sourceOf: (file: string) => SourceFile | undefined): InputError[] {
  const errors: InputError[] = [];
  const pos = (o: Origin) => (o.kind === 'file' ? sourceOf(o.file)?.position(o.start) : undefined);
  for (const { unit: u, json: j } of unitJsonPairs(specs)) {
    {
      const both = DAEMON_JSON_FIELDS.flatMap(([name, k]) => {
        const inJson = written(j, k);
        const asFlag = written(u, k);
        return inJson && asFlag ? [{ name, inJson, asFlag }] : [];
      }).sort((a, b) => ((a.inJson.origin as { start?: number }).start ?? 0) - ((b.inJson.origin as { start?: number }).start ?? 0));
      if (!both.length) continue;
      const first = both[0];
      const at = pos(first.inJson.origin);
      const flagAt = pos(first.asFlag.origin);
      const where = first.asFlag.origin.kind === 'file' ? `${first.asFlag.origin.file}${flagAt ? `:${flagAt.line}` : ''}` : u.file;
      const names = both.map((b) => `"${b.name}"`).join(', ');
      errors.push({
        file: j.file,
        ...(at ? { line: at.line, column: at.column } : {}),
        message: `${names} ${both.length === 1 ? 'is' : 'are'} set here and dockerd also gets ${both.length === 1 ? 'it' : 'them'} as flags (${first.name === 'hosts' ? `-H ${first.asFlag.shown}` : `--${first.name}`}) from ${where}: dockerd refuses to start ("directives are specified both as a flag and in the configuration file: ${both.map((b) => b.name).join(', ')}"); keep one of them (for hosts: a systemd drop-in with an empty ExecStart= and dockerd without -H)`,
        code: 'parse',
      });
    }
  }
  return errors;
}
