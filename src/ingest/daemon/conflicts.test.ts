/**
 * daemon.json `hosts` and `-H` in the unit that starts dockerd: dockerd refuses to start (moby
 * getConflictFreeConfiguration). Judged only for a daemon.json the unit reads (its --config-file, else
 * /etc/docker/daemon.json in the unit's tree).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const UNIT = '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n';
const JSON_HOSTS = '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2376"],\n  "tlsverify": true\n}\n';

const errorsOf = async (files: Record<string, string>) =>
  (await auditSources(Object.entries(files).map(([path, text]) => ({ path, text, kind: 'daemon' as const })), { env: {} })).errors.map(
    (e) => `${e.file}:${e.line}:${e.column} ${e.message.split(':')[0]}`,
  );

describe('daemon.json hosts with -H in the unit that reads it', () => {
  it("Debian's docker.service (-H fd://) and /etc/docker/daemon.json with hosts: an input error at the first hosts entry", async () => {
    const r = await auditSources(
      [
        { path: '/lib/systemd/system/docker.service', text: UNIT, kind: 'daemon' },
        { path: '/etc/docker/daemon.json', text: JSON_HOSTS, kind: 'daemon' },
      ],
      { env: {} },
    );
    expect(r.errors).toEqual([
      {
        file: '/etc/docker/daemon.json',
        line: 2,
        column: 13,
        code: 'parse',
        message:
          '"hosts" is set here and dockerd also gets it as flags (-H fd://) from /lib/systemd/system/docker.service:2: dockerd refuses to start ("directives are specified both as a flag and in the configuration file: hosts"); keep one of them (for hosts: a systemd drop-in with an empty ExecStart= and dockerd without -H)',
      },
    ]);
  });

  it('the same pair inside a root-filesystem tree', async () => {
    expect(await errorsOf({ 'img/usr/lib/systemd/system/docker.service': UNIT, 'img/etc/docker/daemon.json': JSON_HOSTS })).toEqual([
      'img/etc/docker/daemon.json:2:13 "hosts" is set here and dockerd also gets it as flags (-H fd',
    ]);
  });

  it('--config-file names the daemon.json read; another daemon.json, or files not tied together, are not judged', async () => {
    const custom = '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 --tlsverify --config-file /srv/docker/daemon.json\n';
    expect(await errorsOf({ '/etc/systemd/system/docker.service': custom, '/srv/docker/daemon.json': JSON_HOSTS })).toHaveLength(1);
    expect(await errorsOf({ '/etc/systemd/system/docker.service': custom, '/etc/docker/daemon.json': JSON_HOSTS })).toEqual([]);
    expect(await errorsOf({ 'deploy/docker.service': UNIT, 'deploy/daemon.json': JSON_HOSTS })).toEqual([]);
  });

  it('a unit without -H (hosts left to daemon.json, as Docker documents) is fine', async () => {
    const noH = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n';
    expect(await errorsOf({ '/etc/systemd/system/docker.service.d/override.conf': noH, '/etc/docker/daemon.json': JSON_HOSTS })).toEqual([]);
  });
});

describe('any setting given both in daemon.json and as a flag of the unit that reads it', () => {
  it('names every one, at the first of them in daemon.json', async () => {
    const unit = '[Service]\nExecStart=/usr/bin/dockerd --log-level=warn --data-root /srv/docker --icc=false\n';
    const json = '{\n  "data-root": "/var/lib/docker2",\n  "log-level": "info",\n  "live-restore": true\n}\n';
    const r = await auditSources(
      [
        { path: '/lib/systemd/system/docker.service', text: unit, kind: 'daemon' },
        { path: '/etc/docker/daemon.json', text: json, kind: 'daemon' },
      ],
      { env: {} },
    );
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message.slice(0, e.message.indexOf(' from '))}`)).toEqual([
      '/etc/docker/daemon.json:2:3 "data-root", "log-level" are set here and dockerd also gets them as flags (--data-root)',
    ]);
  });
});
