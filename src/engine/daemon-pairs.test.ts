/**
 * One daemon, several files of one host tree (qa-a 3, 5): the unit, the daemon.json it reads, the options file it may
 * read. CIS Docker Benchmark 1.6.0 section 2 (2.2 icc, 2.9 userns-remap, 2.14 live-restore, 2.15 no-new-privileges).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from './audit.js';

const UNIT = '[Unit]\nDescription=Docker\n\n[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n';
const UNIT_READS = '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n';
const JSON_SETS = '{\n  "icc": false,\n  "userns-remap": "default",\n  "live-restore": true,\n  "no-new-privileges": true\n}\n';
const OPTS = '# Docker Upstart and SysVinit configuration file\n\n# THIS FILE DOES NOT APPLY TO SYSTEMD\n\nDOCKER_OPTS="-H tcp://0.0.0.0:2375 --icc=false"\n';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-pairs-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const lines = (r: Awaited<ReturnType<typeof audit>>) => r.findings.map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity}`);

describe('a unit and the daemon.json it reads', () => {
  it('settings daemon.json makes are not reported missing on the unit; those neither makes are reported once, on daemon.json', async () => {
    const dir = tree({ 'etc/docker/daemon.json': JSON_SETS, 'lib/systemd/system/docker.service': UNIT });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(lines(r)).toEqual([
      'etc/docker/daemon.json:1:1 BW-0207 info',
      'etc/docker/daemon.json:1:1 BW-0211 info',
      'etc/docker/daemon.json:1:1 BW-0212 info',
      'etc/docker/daemon.json:1:1 BW-0213 info',
    ]);
  });

  it('a flag of the unit settles daemon.json\'s "not set"; a bad value on the unit is kept', async () => {
    const unit = UNIT.replace('-H fd://', '-H fd:// --icc=true --live-restore');
    const dir = tree({ 'etc/docker/daemon.json': '{}\n', 'lib/systemd/system/docker.service': unit });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    const ids = (file: string) => r.findings.filter((f) => f.location.file === file).map((f) => f.ruleId);
    expect(ids('lib/systemd/system/docker.service')).toEqual(['BW-0202']);
    expect(ids('etc/docker/daemon.json')).toEqual(['BW-0203', 'BW-0204', 'BW-0207', 'BW-0211', 'BW-0212', 'BW-0213']);
  });
});

describe('a unit and the options file of its tree', () => {
  it('a unit that does not read /etc/default/docker: its options are not applied, info; its "not set" findings go', async () => {
    const dir = tree({ 'etc/default/docker': OPTS, 'lib/systemd/system/docker.service': UNIT });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    const opts = r.findings.filter((f) => f.location.file === 'etc/default/docker');
    expect(opts.map((f) => [f.ruleId, f.severity, f.location.startLine, f.location.startColumn])).toEqual([['BW-0201', 'info', 5, 14]]);
    expect(opts[0].message).toContain('(lib/systemd/system/docker.service starts dockerd without them: it reads no EnvironmentFile= of this file, or expands none of its variables; under systemd these options are not applied)');
    expect(r.findings.filter((f) => f.location.file.endsWith('docker.service')).map((f) => f.ruleId)).toEqual(['BW-0202', 'BW-0203', 'BW-0204', 'BW-0206', 'BW-0207', 'BW-0211', 'BW-0212', 'BW-0213']);
  });

  it('a unit that loads it but expands none of its variables passes none of its options: info (qa-c 4)', async () => {
    const unit = '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd -H fd://\n';
    const dir = tree({ 'etc/default/docker': OPTS, 'lib/systemd/system/docker.service': unit });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.findings.filter((f) => f.location.file === 'etc/default/docker').map((f) => [f.ruleId, f.severity])).toEqual([['BW-0201', 'info']]);
  });

  it('a unit that reads it: the listener is critical once, not once per file', async () => {
    const dir = tree({ 'etc/default/docker': OPTS, 'lib/systemd/system/docker.service': UNIT_READS });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    // At the line of the options file that writes it (qa-A r8), judged as the unit's daemon (its target).
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201').map((f) => [f.location.file, f.location.startLine, f.location.startColumn, f.severity, f.target.name])).toEqual([
      ['etc/default/docker', 5, 14, 'critical', 'lib/systemd/system/docker.service'],
    ]);
    expect(r.findings.filter((f) => f.target.name === 'etc/default/docker').map((f) => f.ruleId)).toEqual([]);
  });
});

describe('a unit and its daemon.json judged as one merged configuration (moby MergeDaemonConfigurations; qa-A r1, r1b, r1c)', () => {
  const TLS = '{\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/ca.pem",\n  "tlscert": "/etc/docker/server-cert.pem",\n  "tlskey": "/etc/docker/server-key.pem"\n}\n';
  it('-H tcp:// in the unit with tlsverify in daemon.json: no BW-0201 (r1)', async () => {
    const unit = '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2376 --containerd=/run/containerd/containerd.sock\n';
    const dir = tree({ 'etc/docker/daemon.json': TLS, 'lib/systemd/system/docker.service': unit });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201')).toEqual([]);
    expect(lines(r)).toEqual([
      'etc/docker/daemon.json:1:1 BW-0202 medium',
      'etc/docker/daemon.json:1:1 BW-0203 medium',
      'etc/docker/daemon.json:1:1 BW-0204 medium',
      'etc/docker/daemon.json:1:1 BW-0206 low',
      'etc/docker/daemon.json:1:1 BW-0207 info',
      'etc/docker/daemon.json:1:1 BW-0211 info',
      'etc/docker/daemon.json:1:1 BW-0212 info',
      'etc/docker/daemon.json:1:1 BW-0213 info',
    ]);
    expect(r.findings[0].message).toBe("icc is not set in this file or by lib/systemd/system/docker.service: containers on the default bridge can reach each other (dockerd's default is icc=true)");
  });

  it('without tlsverify anywhere the listener is still critical, at the unit, with the unit as its target', async () => {
    const unit = '[Service]\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n';
    const dir = tree({ 'etc/docker/daemon.json': '{"icc": false}\n', 'lib/systemd/system/docker.service': unit });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201').map((f) => [f.location.file, f.location.startLine, f.location.startColumn, f.severity, f.certainty, f.target.name])).toEqual([
      ['lib/systemd/system/docker.service', 2, 37, 'critical', 'definite', 'lib/systemd/system/docker.service'],
    ]);
  });

  it('hosts in daemon.json, --tlsverify in a drop-in that replaces ExecStart=: no BW-0201 (r1b)', async () => {
    const dropIn = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --tlsverify --tlscacert=/etc/docker/ca.pem --tlscert=/etc/docker/server-cert.pem --tlskey=/etc/docker/server-key.pem --containerd=/run/containerd/containerd.sock\n';
    const dir = tree({ 'etc/docker/daemon.json': '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"]\n}\n', 'etc/systemd/system/docker.service.d/override.conf': dropIn });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201')).toEqual([]);
    expect(r.findings.length).toBe(8);
  });

  it('--bridge=none in the unit: no default bridge, so daemon.json without icc is no BW-0202 (r1c)', async () => {
    const unit = '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --bridge=none --containerd=/run/containerd/containerd.sock\n';
    const dir = tree({ 'etc/docker/daemon.json': '{"userns-remap": "default", "no-new-privileges": true, "live-restore": true}\n', 'lib/systemd/system/docker.service': unit });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(lines(r)).toEqual(['etc/docker/daemon.json:1:1 BW-0207 info', 'etc/docker/daemon.json:1:1 BW-0211 info', 'etc/docker/daemon.json:1:1 BW-0212 info', 'etc/docker/daemon.json:1:1 BW-0213 info']);
  });
});

describe('a socket unit is judged with the TLS settings of the dockerd it feeds (-H fd://; qa-A r2)', () => {
  const TLS = '{\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/ca.pem",\n  "tlscert": "/etc/docker/server-cert.pem",\n  "tlskey": "/etc/docker/server-key.pem"\n}\n';
  const SERVICE = '[Unit]\nRequires=docker.socket\n[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n';
  const SOCKET = '[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n';
  const TCP = '[Socket]\nListenStream=0.0.0.0:2376\n';
  const tcp = (r: Awaited<ReturnType<typeof audit>>) =>
    r.findings.filter((f) => f.ruleId === 'BW-0201').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.certainty}`);

  it('ListenStream=0.0.0.0:2376 of a docker.socket drop-in with tlsverify in the daemon.json of docker.service: no BW-0201', async () => {
    const dir = tree({
      'etc/docker/daemon.json': TLS,
      'etc/systemd/system/docker.socket.d/tcp.conf': TCP,
      'lib/systemd/system/docker.service': SERVICE,
      'lib/systemd/system/docker.socket': SOCKET,
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.path).sort()).toEqual(['etc/docker/daemon.json', 'etc/systemd/system/docker.socket.d/tcp.conf', 'lib/systemd/system/docker.service', 'lib/systemd/system/docker.socket']);
    expect(tcp(r)).toEqual([]);
  });

  it('the service unit and no TLS anywhere: critical and definite', async () => {
    const dir = tree({ 'etc/systemd/system/docker.socket.d/tcp.conf': TCP, 'lib/systemd/system/docker.service': SERVICE, 'lib/systemd/system/docker.socket': SOCKET });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(tcp(r)).toEqual(['etc/systemd/system/docker.socket.d/tcp.conf:2:14 critical definite']);
  });

  it('the socket unit alone cannot show TLS: critical but unknown, and says why', async () => {
    const dir = tree({ 'etc/systemd/system/docker.socket.d/tcp.conf': TCP });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(tcp(r)).toEqual(['etc/systemd/system/docker.socket.d/tcp.conf:2:14 critical unknown']);
    expect(r.findings[0].message).toBe(
      "dockerd listens on tcp://0.0.0.0:2376 without TLS as far as this socket unit shows (dockerd applies the TLS settings of its unit's flags or daemon.json to the sockets it is passed; neither is among the inputs): anyone who reaches the port has root on the host",
    );
  });

  it('the socket unit with a daemon.json that has tlsverify, the service unit not given: no BW-0201', async () => {
    const dir = tree({ 'etc/docker/daemon.json': TLS, 'etc/systemd/system/docker.socket.d/tcp.conf': TCP });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(tcp(r)).toEqual([]);
  });
});

// QA (C #1): `/lib/systemd/system/docker.service` (-H tcp://0.0.0.0:2375) beside a `systemctl edit --full docker` copy in
// /etc/systemd/system (no TCP, --icc=false --live-restore --no-new-privileges) was audited as two daemons, with a critical
// BW-0201 on the /lib file systemd never reads (systemd.unit(5): the /etc file of the same name takes precedence).
describe('systemd precedence: a unit file or drop-in of the same name in a higher unit directory replaces the lower one', () => {
  const LIB = '[Unit]\nDescription=Docker Application Container Engine\n\n[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375 --containerd=/run/containerd/containerd.sock\n';
  const ETC = '[Unit]\nDescription=Docker Application Container Engine\n\n[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock --icc=false --live-restore --no-new-privileges\n';

  it('only the /etc unit is judged; the /lib one is listed and noted, with no finding', async () => {
    const dir = tree({ 'lib/systemd/system/docker.service': LIB, 'etc/systemd/system/docker.service': ETC });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(lines(r)).toEqual([
      'etc/systemd/system/docker.service:4:1 BW-0203 medium',
      'etc/systemd/system/docker.service:4:1 BW-0207 info',
      'etc/systemd/system/docker.service:4:1 BW-0211 info',
      'etc/systemd/system/docker.service:4:1 BW-0212 info',
      'etc/systemd/system/docker.service:4:1 BW-0213 info',
    ]);
    expect(r.notes).toEqual([
      {
        file: 'lib/systemd/system/docker.service',
        code: 'systemd-overridden',
        message: 'not audited: systemd reads etc/systemd/system/docker.service instead, the file of the same name in a unit directory of higher precedence (systemd.unit(5) "Unit File Load Path"); audit this file alone to judge it',
      },
    ]);
    expect(r.files.map((f) => `${f.path} ${f.kind}`)).toEqual(['etc/systemd/system/docker.service daemon', 'lib/systemd/system/docker.service daemon']);
    expect(r.summary.targets).toBe(1);
    // Named alone, the /lib file is judged (nothing replaces it in the audited set).
    const alone = await audit(['lib/systemd/system/docker.service'], { cwd: dir, env: {}, config: {} });
    expect(alone.findings.filter((f) => f.ruleId === 'BW-0201').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity}`)).toEqual(['6:37 critical']);
    expect(alone.notes).toBeUndefined();
  });

  it('a same-named drop-in in /etc replaces the /lib one; the other drop-ins of the tree apply to the unit that is read', async () => {
    const unit = '[Service]\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n';
    const dir = tree({
      'lib/systemd/system/docker.service': unit,
      'lib/systemd/system/docker.service.d/10-reg.conf': '[Service]\nEnvironment="DOCKER_OPTS=-H tcp://0.0.0.0:2375 --insecure-registry=10.0.0.0/8"\n',
      'lib/systemd/system/docker.service.d/20-icc.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS --icc=false\n',
      'etc/systemd/system/docker.service.d/10-reg.conf': '[Service]\nEnvironment="DOCKER_OPTS=--live-restore"\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    // No TCP listener, no insecure registry: the /lib 10-reg.conf never applies; 20-icc.conf runs with the /etc one.
    expect(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity}`)).toEqual([
      'lib/systemd/system/docker.service.d/20-icc.conf:1:1 BW-0203 medium',
      'lib/systemd/system/docker.service.d/20-icc.conf:1:1 BW-0204 medium',
    ]);
    expect(r.notes?.map((n) => `${n.file} ${n.code}`)).toEqual(['lib/systemd/system/docker.service.d/10-reg.conf systemd-overridden']);
  });

  it('copies of two hosts are two trees: neither replaces the other', async () => {
    const dir = tree({ 'a/lib/systemd/system/docker.service': LIB, 'b/etc/systemd/system/docker.service': ETC });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.notes).toBeUndefined();
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201').map((f) => f.location.file)).toEqual(['a/lib/systemd/system/docker.service']);
  });
});
