import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { containerdSocket, defaultExec, gatherHost, hostFactsText, hostSourceName } from './index.js';
import { CURRENT_TOOLS, fakeRoot, scriptedExec } from './testkit.js';

const MOUNTINFO_ROOT_ONLY = '21 26 0:20 / /proc rw - proc proc rw\n26 1 8:1 / / rw - ext4 /dev/sda1 rw\n';

/** The text of the facts line an origin points at, and the characters it covers. */
function at(text: string, o: { start?: number; end?: number } | undefined): string {
  return o ? text.slice(o.start, o.end) : '<none>';
}

describe('gatherHost on a fake tree', () => {
  it('reads versions, LSMs, files, audit rules and the data-root mount into a facts document', async () => {
    const { root, cleanup } = fakeRoot(
      {
        '/proc/sys/kernel/osrelease': '5.10.0-26-amd64\n',
        '/proc/version': 'Linux version 5.10.0-26-amd64 (debian-kernel@lists.debian.org) #1 SMP Debian 5.10.197-1 (2023-09-29)\n',
        '/sys/kernel/security/lsm': 'lockdown,capability,yama,apparmor\n',
        '/etc/docker': { dir: true, mode: 0o755 },
        '/etc/docker/daemon.json': { text: '{"data-root": "/srv/docker", "tlscacert": "/etc/docker/ca.pem", "tlskey": "/etc/docker/key.pem"}', mode: 0o644 },
        '/etc/docker/ca.pem': { text: 'x', mode: 0o444 },
        '/etc/docker/key.pem': { text: 'x', mode: 0o600 },
        '/var/run/docker.sock': { text: '', mode: 0o660 },
        '/lib/systemd/system/docker.service': { text: '[Service]\n', mode: 0o644 },
        '/srv/docker': { dir: true },
        '/usr/sbin/dockerd': { text: '', mode: 0o755 },
        '/proc/self/mountinfo': MOUNTINFO_ROOT_ONLY + '40 26 8:17 / /srv rw - ext4 /dev/sdb1 rw\n',
      },
      { owner: 'root', group: 'docker' },
    );
    try {
      const exec = scriptedExec({ ...CURRENT_TOOLS, 'auditctl -l': { stdout: '-w /usr/sbin/dockerd -p rwxa -k docker\n-w /etc/docker -p rwxa -k docker\n' } });
      const h = await gatherHost({ root, exec });
      const text = hostFactsText(h);
      expect(text.split('\n')).toEqual([
        'host: testhost',
        'kernel: 5.10.0-26-amd64 (upstream 5.10.197)',
        'runc: 1.1.12',
        'containerd: 1.6.28',
        'dockerd: 25.0.3',
        'lsm: lockdown,capability,yama,apparmor',
        'mac: apparmor=enabled selinux=disabled (from /sys/kernel/security/lsm)',
        'file /lib/systemd/system/docker.service: root:docker 0644 file',
        'file /etc/docker: root:docker 0755 dir',
        'file /etc/docker/ca.pem: root:docker 0444 file',
        'file /etc/docker/key.pem: root:docker 0600 file',
        'file /var/run/docker.sock: root:docker 0660 file',
        'file /etc/docker/daemon.json: root:docker 0644 file',
        'file /etc/default/docker: not found',
        'file /etc/sysconfig/docker: not found',
        'file /run/containerd/containerd.sock: not found',
        'audit-rules: 2 (auditctl -l)',
        'audit-rule: -w /usr/sbin/dockerd -p rwxa -k docker',
        'audit-rule: -w /etc/docker -p rwxa -k docker',
        'data-root: /srv/docker (mount point /srv)',
        '',
      ]);
      expect(exec.calls).toEqual(['runc --version', 'containerd --version', 'dockerd --version', 'auditctl -l']);
      expect(h.target).toEqual({ kind: 'host', name: 'testhost', range: { file: 'host://testhost', start: 6, end: 14 } });
      expect(hostSourceName('testhost')).toBe('host://testhost');
      expect(h.kernel).toMatchObject({ release: '5.10.0-26-amd64', upstream: '5.10.197' });
      expect(at(text, h.kernel?.origin as { start: number; end: number })).toBe('5.10.0-26-amd64 (upstream 5.10.197)');
      expect(at(text, h.runc?.origin as { start: number; end: number })).toBe('1.1.12');
      expect(h.lsms?.names).toEqual(['lockdown', 'capability', 'yama', 'apparmor']);
      expect(h.mac).toMatchObject({ apparmor: 'enabled', selinux: 'disabled' });
      expect(h.files.map((f) => [f.role, f.path, f.exists, f.type, f.mode?.toString(8)])).toEqual([
        ['docker.service', '/lib/systemd/system/docker.service', true, 'file', '644'],
        ['etc-docker', '/etc/docker', true, 'dir', '755'],
        ['tls-ca', '/etc/docker/ca.pem', true, 'file', '444'],
        ['tls-key', '/etc/docker/key.pem', true, 'file', '600'],
        ['docker.sock', '/var/run/docker.sock', true, 'file', '660'],
        ['daemon.json', '/etc/docker/daemon.json', true, 'file', '644'],
        ['etc-default-docker', '/etc/default/docker', false, undefined, undefined],
        ['etc-sysconfig-docker', '/etc/sysconfig/docker', false, undefined, undefined],
        ['containerd.sock', '/run/containerd/containerd.sock', false, undefined, undefined],
      ]);
      expect(h.auditRules?.rules).toEqual(['-w /usr/sbin/dockerd -p rwxa -k docker', '-w /etc/docker -p rwxa -k docker']);
      expect(h.auditPaths?.filter((p) => p.exists).map((p) => `${p.cis} ${p.path}`)).toEqual([
        '1.1.3 /usr/sbin/dockerd',
        '1.1.5 /srv/docker',
        '1.1.6 /etc/docker',
        '1.1.7 /lib/systemd/system/docker.service',
        '1.1.11 /etc/docker/daemon.json',
      ]);
      expect(h.dataRootMount).toMatchObject({ dataRoot: '/srv/docker', separate: true, mountPoint: '/srv' });
      expect(h.unknown).toEqual([]);
      // Every origin is a range of the facts document.
      const src = new SourceFile(h.target.range.file, text);
      expect(src.location(h.files[4].origin as { start: number; end: number })).toEqual({
        file: 'host://testhost', startLine: 12, startColumn: 28, endLine: 12, endColumn: 49,
      });
    } finally {
      cleanup();
    }
  });

  it('puts what it cannot read under unknown, with one-line reasons, and never guesses', async () => {
    const { root, cleanup } = fakeRoot({ '/etc/audit': { dir: true } });
    try {
      const exec = scriptedExec({ 'runc --version': { code: 1, stdout: '' }, 'auditctl -l': { code: 4, stdout: '' } });
      const h = await gatherHost({ root, exec, socketPath: '/tmp/none.sock' });
      expect(h.kernel).toBeUndefined();
      expect(h.runc).toBeUndefined();
      expect(h.auditRules).toBeUndefined();
      expect(h.dataRootMount).toBeUndefined();
      expect(h.mac).toMatchObject({ apparmor: 'unknown', selinux: 'unknown' });
      expect(h.unknown.map((u) => `${u.what}: ${u.why}`)).toEqual([
        'kernel: /proc/sys/kernel/osrelease: ENOENT',
        'runc: runc --version exited with 1',
        'containerd: containerd not found on PATH',
        'dockerd: dockerd not found on PATH',
        'lsm: /sys/kernel/security/lsm: ENOENT (securityfs not mounted?)',
        'audit-rules: auditctl -l exited with 4 (not root?) and no readable /etc/audit rules files',
        'data-root: /proc/self/mountinfo: ENOENT',
      ]);
      for (const u of h.unknown) expect(u.why).not.toContain('\n');
      expect(h.files.find((f) => f.role === 'docker.sock')).toMatchObject({ path: '/tmp/none.sock', exists: false });
    } finally {
      cleanup();
    }
  });

  it('falls back to rules files, the dockerd command line and /sys/module when needed', async () => {
    const { root, cleanup } = fakeRoot({
      '/proc/sys/kernel/osrelease': '6.1.0-26-amd64\n',
      '/proc/4242/cmdline': ['/usr/bin/dockerd', '-H', 'unix:///run/user/docker.sock', '--data-root=/var/lib/docker', '--config-file', '/etc/bw/daemon.json', ''].join('\0'),
      '/etc/bw/daemon.json': '{}',
      '/run/user/docker.sock': { text: '', mode: 0o666 },
      '/sys/module/apparmor/parameters/enabled': 'N\n',
      '/sys/fs': { dir: true },
      '/etc/audit/rules.d/docker.rules': '# docker\n-w /usr/bin/runc -k docker\n\n',
      '/etc/audit/audit.rules': '-w /usr/bin/runc -k docker\n-w /var/lib/docker -k docker\n',
      '/proc/self/mountinfo': MOUNTINFO_ROOT_ONLY + '41 26 8:2 / /var/lib/docker rw - xfs /dev/sda2 rw\n',
    });
    try {
      const h = await gatherHost({ root, exec: scriptedExec({}), dockerdPid: 4242, dockerdVersion: '24.0.7' });
      expect(h.dockerd?.version).toBe('24.0.7');
      expect(h.mac).toMatchObject({ apparmor: 'disabled', selinux: 'disabled' });
      expect(h.files.find((f) => f.role === 'docker.sock')).toMatchObject({ path: '/run/user/docker.sock', exists: true, mode: 0o666 });
      expect(h.files.find((f) => f.role === 'daemon.json')).toMatchObject({ path: '/etc/bw/daemon.json', exists: true });
      expect(h.auditRules).toMatchObject({ rules: ['-w /usr/bin/runc -k docker', '-w /var/lib/docker -k docker'], source: '/etc/audit/rules.d/docker.rules, /etc/audit/audit.rules' });
      expect(h.dataRootMount).toMatchObject({ dataRoot: '/var/lib/docker', separate: true, mountPoint: '/var/lib/docker' });
      expect(h.unknown.map((u) => u.what)).toEqual(['runc', 'containerd', 'lsm']);
    } finally {
      cleanup();
    }
  });

  it('says there are no audit rules when auditd is not installed at all', async () => {
    const { root, cleanup } = fakeRoot({ '/proc/self/mountinfo': MOUNTINFO_ROOT_ONLY });
    try {
      const h = await gatherHost({ root, exec: scriptedExec(CURRENT_TOOLS) });
      expect(h.auditRules).toMatchObject({ rules: [], source: 'none: auditctl is not installed and /etc/audit does not exist' });
      expect(h.dataRootMount).toMatchObject({ dataRoot: '/var/lib/docker', separate: false, mountPoint: '/' });
    } finally {
      cleanup();
    }
  });
});

describe('gatherHost: data-root partition (CIS 1.1.1)', () => {
  const ROOT_254 = '21 26 0:20 / /proc rw - proc proc rw\n26 1 254:0 / / rw - ext4 /dev/vda rw\n';
  const gather = async (mountinfo: string, dataRoot: string) => {
    const { root, cleanup } = fakeRoot({ '/proc/self/mountinfo': mountinfo });
    try {
      return await gatherHost({ root, dataRoot, exec: scriptedExec(CURRENT_TOOLS) });
    } finally {
      cleanup();
    }
  };
  it('does not count dockerd\'s self-bind of its data root on the device of / as a partition', async () => {
    const h = await gather(ROOT_254 + '41 26 254:0 /tmp/x/d1 /tmp/x/d1 rw,relatime shared:1 - ext4 /dev/vda rw\n', '/tmp/x/d1');
    expect(h.dataRootMount).toEqual({
      dataRoot: '/tmp/x/d1',
      separate: false,
      mountPoint: '/tmp/x/d1',
      origin: expect.objectContaining({ kind: 'file' }),
    });
    expect(h.text!.split('\n').filter((l) => l.startsWith('data-root'))).toEqual([
      'data-root: /tmp/x/d1 (mount point /tmp/x/d1, bind mount on the device of / (254:0), not a separate partition)',
    ]);
  });
  it('does not count a whole-filesystem mount of the device of / either', async () => {
    const h = await gather(ROOT_254 + '41 26 254:0 / /var/lib/docker rw - ext4 /dev/vda rw\n', '/var/lib/docker');
    expect(h.dataRootMount).toMatchObject({ separate: false, mountPoint: '/var/lib/docker' });
  });
  it('counts a real separate device, also under a self-bind stacked on it, and takes the last of stacked mounts', async () => {
    expect((await gather(ROOT_254 + '41 26 254:16 / /var/lib/docker rw - xfs /dev/vdb rw\n', '/var/lib/docker')).dataRootMount).toMatchObject({
      separate: true,
      mountPoint: '/var/lib/docker',
    });
    const stacked = ROOT_254 + '41 26 254:16 / /var/lib/docker rw - xfs /dev/vdb rw\n42 41 254:0 /srv/d /var/lib/docker rw - ext4 /dev/vda rw\n';
    expect((await gather(stacked, '/var/lib/docker')).dataRootMount).toMatchObject({ separate: false, mountPoint: '/var/lib/docker' });
    const bindOfOther = ROOT_254 + '40 26 254:16 / /data rw - xfs /dev/vdb rw\n41 26 254:16 /docker /var/lib/docker rw - xfs /dev/vdb rw\n';
    expect((await gather(bindOfOther, '/var/lib/docker')).dataRootMount).toMatchObject({ separate: true, mountPoint: '/var/lib/docker' });
  });
});

describe('gatherHost: versions the engine reports, and commands not installed (issue 3 speed)', () => {
  it('takes runc, containerd and dockerd versions from the options (GET /version Components) and spawns only auditctl', async () => {
    const { root, cleanup } = fakeRoot({ '/proc/sys/kernel/osrelease': '6.1.0-26-amd64\n', '/proc/self/mountinfo': MOUNTINFO_ROOT_ONLY });
    try {
      const exec = scriptedExec(CURRENT_TOOLS);
      const h = await gatherHost({ root, exec, runcVersion: '1.1.5+ds1', containerdVersion: '1.6.20~ds1', dockerdVersion: '20.10.24+dfsg1' });
      expect(exec.calls).toEqual(['auditctl -l']);
      expect(h.text!.split('\n').slice(0, 5)).toEqual(['host: testhost', 'kernel: 6.1.0-26-amd64', 'runc: 1.1.5+ds1', 'containerd: 1.6.20~ds1', 'dockerd: 20.10.24+dfsg1']);
      expect([h.runc?.version, h.containerd?.version, h.dockerd?.version]).toEqual(['1.1.5+ds1', '1.6.20~ds1', '20.10.24+dfsg1']);
      expect(at(h.text!, h.containerd?.origin as { start: number; end: number })).toBe('1.6.20~ds1');
    } finally {
      cleanup();
    }
  });

  it('asks the binary for what the engine did not report, in the same order and with the same document', async () => {
    const { root, cleanup } = fakeRoot({ '/proc/sys/kernel/osrelease': '6.1.0-26-amd64\n', '/proc/self/mountinfo': MOUNTINFO_ROOT_ONLY });
    try {
      const exec = scriptedExec(CURRENT_TOOLS);
      const h = await gatherHost({ root, exec, containerdVersion: '1.6.28', dockerdVersion: '25.0.3' });
      expect(exec.calls).toEqual(['runc --version', 'auditctl -l']);
      const all = scriptedExec(CURRENT_TOOLS);
      const spawned = await gatherHost({ root, exec: all });
      expect(all.calls).toEqual(['runc --version', 'containerd --version', 'dockerd --version', 'auditctl -l']);
      // containerd --version prints 1.6.28 and dockerd --version 25.0.3: the same facts, byte for byte.
      expect(h.text).toBe(spawned.text);
    } finally {
      cleanup();
    }
  });

  it('defaultExec answers 127 for a command that is not on PATH without spawning, and runs one that is', async () => {
    expect(await defaultExec('bulwark-no-such-command-l3', ['--version'])).toEqual({ code: 127, stdout: '' });
    expect(await defaultExec('/nonexistent/dir/tool', [])).toEqual({ code: 127, stdout: '' });
    const sh = await defaultExec('sh', ['-c', 'echo hi; exit 3']);
    expect(sh).toEqual({ code: 3, stdout: 'hi\n' });
  });
});

describe('containerdSocket (CIS 1.1.8, 3.23, 3.24: the socket dockerd actually uses)', () => {
  const has = (...paths: string[]) => (p: string) => paths.includes(p);
  it('--containerd, then daemon.json containerd, wins', () => {
    expect(containerdSocket({ containerd: ['/run/x/c.sock'] }, { containerd: '/y.sock' }, has())).toBe('/run/x/c.sock');
    expect(containerdSocket({}, { containerd: 'unix:///y.sock' }, has())).toBe('/y.sock');
  });
  it('the system containerd when it runs, else the one dockerd supervises under its exec root', () => {
    expect(containerdSocket({ 'exec-root': ['/tmp/e'] }, {}, has('/run/containerd/containerd.sock', '/tmp/e/containerd/containerd.sock'))).toBe('/run/containerd/containerd.sock');
    expect(containerdSocket({ 'exec-root': ['/tmp/e'] }, {}, has('/tmp/e/containerd/containerd.sock'))).toBe('/tmp/e/containerd/containerd.sock');
    expect(containerdSocket({}, { 'exec-root': '/srv/x' }, has('/srv/x/containerd/containerd.sock'))).toBe('/srv/x/containerd/containerd.sock');
    expect(containerdSocket({}, {}, has('/var/run/docker/containerd/containerd.sock'))).toBe('/var/run/docker/containerd/containerd.sock');
  });
  it('neither exists: the system path, reported as not found', () => {
    expect(containerdSocket({ 'exec-root': ['/tmp/e'] }, {}, has())).toBe('/run/containerd/containerd.sock');
  });
  // QA (live): with --userns-remap, /info's data root is /var/lib/docker/<uid>.<gid>; CIS 1.1.5 was checked at that
  // subdirectory, so the recommended `-w /var/lib/docker -k docker` still read as missing.
  it('CIS 1.1.5 watches the configured data root of a userns-remap engine, not its remapped subdirectory', async () => {
    const { root, cleanup } = fakeRoot({ '/var/lib/docker/165536.165536': { dir: true }, '/proc/self/mountinfo': MOUNTINFO_ROOT_ONLY });
    try {
      const exec = scriptedExec({ ...CURRENT_TOOLS, 'auditctl -l': { stdout: '-w /var/lib/docker -p wa -k docker\n' } });
      const h = await gatherHost({ root, exec, socketPath: '/tmp/none.sock', dataRoot: '/var/lib/docker/165536.165536' });
      expect(h.auditPaths?.filter((p) => p.cis === '1.1.5').map((p) => `${p.path} ${p.exists}`)).toEqual(['/var/lib/docker true']);
      expect(h.dataRootMount?.dataRoot).toBe('/var/lib/docker/165536.165536'); // CIS 1.1.1: the directory in use
    } finally {
      cleanup();
    }
  });
  // QA (live): `docker run -v /run/containerd/containerd.sock:/run/containerd/containerd.sock` on a host with no
  // system containerd made dockerd create a directory there; bulwark then judged that directory (owned by the
  // remapped root, 0755) as the engine's containerd socket (BW-0305 high) instead of the supervised one.
  it('a directory at /run/containerd/containerd.sock is not the system containerd', async () => {
    const { root, cleanup } = fakeRoot({
      '/run/containerd/containerd.sock': { dir: true, mode: 0o755 },
      '/var/run/docker/containerd/containerd.sock': { text: '', mode: 0o660 },
    });
    try {
      const h = await gatherHost({ root, exec: scriptedExec(CURRENT_TOOLS), socketPath: '/tmp/none.sock' });
      expect(h.files.filter((f) => f.role === 'containerd.sock').map((f) => `${f.path} ${f.type}`)).toEqual(['/var/run/docker/containerd/containerd.sock file']);
    } finally {
      cleanup();
    }
  });
});
