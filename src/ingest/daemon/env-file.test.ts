/**
 * `EnvironmentFile=` of a dockerd unit read from the tree the unit is in (systemd.exec(5); CIS Docker Benchmark
 * 1.6.0 section 2 settings given through `$OPTIONS`): a unit inside a copy of a root filesystem reads that
 * tree's `/etc/sysconfig/docker`, not the auditing machine's.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, auditSources, ingestSource } from '../../engine/audit.js';
import { environmentFileAt, parseEnvFile } from './systemd.js';

describe('environmentFileAt', () => {
  it.each([
    ['/etc/systemd/system/docker.service', '/etc/sysconfig/docker'],
    ['/lib/systemd/system/docker.service', '/etc/sysconfig/docker'],
    ['/usr/lib/systemd/system/docker.service.d/override.conf', '/etc/sysconfig/docker'],
    ['etc/systemd/system/docker.service', 'etc/sysconfig/docker'],
    ['usr/lib/systemd/system/docker.service', 'etc/sysconfig/docker'],
    ['rootfs/etc/systemd/system/docker.service.d/x.conf', 'rootfs/etc/sysconfig/docker'],
    ['/srv/img/usr/lib/systemd/system/docker.service', '/srv/img/etc/sysconfig/docker'],
    ['C:\\img\\etc\\systemd\\system\\docker.service', 'C:/img/etc/sysconfig/docker'],
    ['docker.service', '/etc/sysconfig/docker'],
    ['deploy/docker.service', '/etc/sysconfig/docker'],
    ['a/myetc/systemd/system/docker.service', '/etc/sysconfig/docker'],
  ])('%s reads %s', (unit, expected) => {
    expect(environmentFileAt(unit, '/etc/sysconfig/docker')).toBe(expected);
  });

  it('a relative EnvironmentFile= path is left as written', () => {
    expect(environmentFileAt('rootfs/etc/systemd/system/docker.service', 'docker.env')).toBe('docker.env');
  });
});

describe('a unit in a root-filesystem tree (Amazon Linux 2 layout under ami/)', () => {
  const unit = '[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd -H fd:// $OPTIONS\n';

  it("reads the tree's /etc/sysconfig/docker, never the machine's: its -H tcp:// and --icc=false are read", async () => {
    const asked: string[] = [];
    const files: Record<string, string> = { 'ami/etc/sysconfig/docker': 'OPTIONS="-H tcp://0.0.0.0:2375 --icc=false"\n' };
    const r = await ingestSource({ path: 'ami/usr/lib/systemd/system/docker.service', text: unit, kind: 'daemon' }, { readFile: async (p) => (asked.push(p), files[p]) });
    expect(asked).toEqual(['ami/etc/sysconfig/docker']);
    const d = r.daemons![0];
    expect([d.hosts.map((h) => h.value), d.icc?.value]).toEqual([['fd://', 'tcp://0.0.0.0:2375'], false]);
  });

  it('audited with the tree: BW-0201 for the TCP listener, no "not set" finding for icc, every finding definite', async () => {
    const r = await auditSources(
      [
        { path: 'ami/usr/lib/systemd/system/docker.service', text: unit, kind: 'daemon' },
        { path: 'ami/etc/sysconfig/docker', text: 'OPTIONS="-H tcp://0.0.0.0:2375 --icc=false"\n' },
      ],
      { env: {} },
    );
    // The unit's daemon (its target); the listener is located in ami/etc/sysconfig/docker, where it is written.
    const ofUnit = r.findings.filter((f) => f.target.name === 'ami/usr/lib/systemd/system/docker.service');
    expect(ofUnit.filter((f) => f.ruleId === 'BW-0201').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)).toEqual(['ami/etc/sysconfig/docker:1:10']);
    expect(ofUnit.map((f) => f.slug).filter((s) => s === 'daemon-tcp-without-tls' || s === 'daemon-icc-enabled')).toEqual(['daemon-tcp-without-tls']);
    expect(ofUnit.every((f) => f.certainty === 'definite')).toBe(true);
  });
});

describe('parseEnvFile reads an EnvironmentFile as systemd does (systemd.exec(5); systemd env-file.c)', () => {
  const values = (text: string) => Object.fromEntries([...parseEnvFile(text)].map(([k, v]) => [k, v.value]));

  it('a backslash at the end of a line joins the next one, in double quotes and unquoted (qa-A r4)', () => {
    expect(values('# Docker options\nDOCKER_OPTS="-H tcp://0.0.0.0:2375 \\\n  --icc=true"\n')).toEqual({ DOCKER_OPTS: '-H tcp://0.0.0.0:2375   --icc=true' });
    expect(values('OPTIONS=--icc=false \\\n--live-restore\nNEXT=1\n')).toEqual({ OPTIONS: '--icc=false --live-restore', NEXT: '1' });
    expect(values('A="x \\\r\ny"\r\n')).toEqual({ A: 'x y' });
  });

  it("single quotes are literal, line breaks and backslashes included; escapes in double quotes; pieces concatenate; trailing blanks of an unquoted value go", () => {
    expect(values("A='a \\\nb'\nB=\"q\\\"\\$x\\n\"\nC=\"a\"'b'c   \n ; comment\n# D=1\nexport E=e\nF\nG=\n")).toEqual({
      A: 'a \\\nb',
      B: 'q"$x\\n',
      C: 'abc',
      E: 'e',
      G: '',
    });
  });

  it('offsets: where each character of the value is written', () => {
    const v = parseEnvFile('X="ab \\\ncd"\n').get('X')!;
    expect(v.value).toBe('ab cd');
    expect(v.offsets).toEqual([3, 4, 5, 8, 9]);
  });
});

describe('a unit whose EnvironmentFile continues DOCKER_OPTS over two lines (qa-A r4)', () => {
  it('the -H tcp:// of the first line and --icc=true of the second reach dockerd: BW-0201 critical and BW-0202 at the unit', async () => {
    const unit = '[Service]\nType=notify\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock $DOCKER_OPTS\n';
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-envfile-'));
    mkdirSync(join(dir, 'etc/default'), { recursive: true });
    mkdirSync(join(dir, 'etc/systemd/system'), { recursive: true });
    writeFileSync(join(dir, 'etc/default/docker'), '# Docker options\nDOCKER_OPTS="-H tcp://0.0.0.0:2375 \\\n  --icc=true"\n');
    writeFileSync(join(dir, 'etc/systemd/system/docker.service'), unit);
    // The unit alone (the README's `audit etc/systemd/system/docker.service --fail-on high`): the env file is read beside it.
    const r = await audit(['etc/systemd/system/docker.service'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    const f = r.findings.filter((x) => x.ruleId === 'BW-0201' || x.ruleId === 'BW-0202');
    // Located where etc/default/docker writes them (it is read beside the unit), judged as the unit's daemon.
    expect(f.map((x) => [x.ruleId, x.severity, x.certainty, x.location.file, x.location.startLine, x.location.startColumn, x.target.name])).toEqual([
      ['BW-0201', 'critical', 'definite', 'etc/default/docker', 2, 14, 'etc/systemd/system/docker.service'],
      ['BW-0202', 'medium', 'definite', 'etc/default/docker', 3, 3, 'etc/systemd/system/docker.service'],
    ]);
  });
});

describe('options from an EnvironmentFile are located at the line of that file (qa-A r8)', () => {
  const UNIT = '[Service]\nType=notify\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd-current \\\n          --seccomp-profile=/etc/docker/seccomp.json \\\n          $OPTIONS \\\n          $INSECURE_REGISTRY\n';
  const SYSCONFIG = "# /etc/sysconfig/docker\n\nOPTIONS='--selinux-enabled --log-driver=journald -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock'\n\nINSECURE_REGISTRY='--insecure-registry registry.corp.example:5000'\n";
  it('BW-0201, BW-0205 and BW-0213 point at /etc/sysconfig/docker, not at $OPTIONS of the unit', async () => {
    const r = await auditSources(
      [
        { path: 'usr/lib/systemd/system/docker.service', text: UNIT, kind: 'daemon' },
        { path: 'etc/sysconfig/docker', text: SYSCONFIG },
      ],
      { env: {} },
    );
    expect(r.errors).toEqual([]);
    const at = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.target.name}`);
    expect(at('BW-0201')).toEqual(['etc/sysconfig/docker:3:50-71 usr/lib/systemd/system/docker.service']);
    expect(at('BW-0205')).toEqual(['etc/sysconfig/docker:5:20-66 usr/lib/systemd/system/docker.service']);
    expect(at('BW-0213')).toEqual(['etc/sysconfig/docker:3:28-49 usr/lib/systemd/system/docker.service']);
  });

  it('a flag in the unit whose value comes from the file is one setting, and a token it sets is masked there', async () => {
    const unit = '[Service]\nEnvironmentFile=/etc/default/docker\nExecStart=/usr/bin/dockerd --log-driver $DRIVER $OPTS\n';
    const env = 'DRIVER=splunk\nOPTS="--log-opt splunk-token=T0kenValue99 --icc=true"\n';
    const { render } = await import('../../report/index.js');
    const r = await auditSources([{ path: 'lib/systemd/system/docker.service', text: unit, kind: 'daemon' }, { path: 'etc/default/docker', text: env }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0202').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)).toEqual(['etc/default/docker:2:43']);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, format, { color: false })).not.toContain('T0kenValue99');
  });
});
