/**
 * Settings dockerd refuses because two files of one daemon both give them: `hosts` in daemon.json while the unit
 * or command line that starts dockerd passes `-H` (Debian's and Ubuntu's docker.service run `dockerd -H fd://`).
 * dockerd exits with "unable to configure the Docker daemon with file /etc/docker/daemon.json: the following
 * directives are specified both as a flag and in the configuration file: hosts" (moby
 * daemon/config `getConflictFreeConfiguration`; Docker docs "Configure remote access for Docker daemon": use one
 * or the other). Only a pair bulwark can tie together is judged: the daemon.json is the one the unit reads — its
 * `--config-file`, else `/etc/docker/daemon.json` — in the same tree as the unit ({@link environmentFileAt}).
 */
import { posix } from 'node:path';
import type { DaemonSpec } from '../../model/daemon.js';
import type { SourceFile } from '../../model/source.js';
import type { InputError } from '../../model/types.js';
import { environmentFileAt } from './systemd.js';

const norm = (p: string) => posix.normalize(p.replace(/\\/g, '/'));

/**
 * Input errors for each daemon.json whose `hosts` conflicts with the `-H` flags of a unit or command line that
 * reads it, at the daemon.json's first `hosts` entry. `sourceOf` gives the text of a file for positions.
 */
export function hostsConflicts(specs: DaemonSpec[], sourceOf: (file: string) => SourceFile | undefined): InputError[] {
  const errors: InputError[] = [];
  const jsons = specs.filter((d) => d.source === 'daemon-json' && d.hosts.length > 0);
  if (!jsons.length) return errors;
  for (const u of specs) {
    if ((u.source !== 'systemd-unit' && u.source !== 'dockerd-flags') || u.socketUnit || u.hosts.length === 0) continue;
    const configPath = u.configFile?.how === 'explicit' ? u.configFile.value : '/etc/docker/daemon.json';
    const expected = norm(u.source === 'systemd-unit' ? environmentFileAt(u.file, configPath) : configPath);
    for (const j of jsons) {
      if (norm(j.file) !== expected) continue;
      const h = j.hosts[0].origin;
      const flag = u.hosts[0].origin;
      const at = h.kind === 'file' ? sourceOf(h.file)?.position(h.start) : undefined;
      const flagAt = flag.kind === 'file' ? sourceOf(flag.file)?.position(flag.start) : undefined;
      const where = flag.kind === 'file' ? `${flag.file}${flagAt ? `:${flagAt.line}` : ''}` : u.file;
      errors.push({
        file: j.file,
        ...(at ? { line: at.line, column: at.column } : {}),
        message: `"hosts" is set here and dockerd also gets -H ${u.hosts[0].raw ?? u.hosts[0].value} from ${where}: dockerd refuses to start ("directives are specified both as a flag and in the configuration file: hosts"); keep one of them (a systemd drop-in with an empty ExecStart= and dockerd without -H)`,
        code: 'parse',
      });
    }
  }
  return errors;
}
