/**
 * QA round 12 (daemon configuration): defects found on realistic files, one test each. R-S (secrets masked
 * in every output), R-M / R-G2 (what dockerd really runs), CIS Docker Benchmark 1.6.0 / 1.8.0 section 2.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

describe('passwords in any URL of a daemon file are masked (R-S), not only in modelled settings', () => {
  it('daemon.json "proxies" (Docker 23+): both proxy passwords masked; other text kept', async () => {
    const text = [
      '{',
      '  "proxies": {',
      '    "http-proxy": "http://svc-docker:Pr0xyS3cret@proxy.corp.example:3128",',
      '    "https-proxy": "http://svc-docker:Pr0xyS3cret@proxy.corp.example:3128",',
      '    "no-proxy": "localhost,127.0.0.0/8"',
      '  },',
      '  "icc": true',
      '}',
      '',
    ].join('\n');
    const r = await auditSources([{ path: '/etc/docker/daemon.json', text, kind: 'daemon' }]);
    const masked = r.sources.get('/etc/docker/daemon.json')!.text;
    expect(masked).not.toContain('Pr0xyS3cret');
    expect(masked.split('\n')[2]).toBe('    "http-proxy": "http://svc-docker:***********@proxy.corp.example:3128",');
    expect(masked.split('\n')[3]).toBe('    "https-proxy": "http://svc-docker:***********@proxy.corp.example:3128",');
    expect(masked.split('\n')[4]).toBe('    "no-proxy": "localhost,127.0.0.0/8"');
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['7:3']);
  });

  it('--http-proxy / --https-proxy flags of a drop-in ExecStart= (text and html show the line in a code frame)', async () => {
    const path = '/etc/systemd/system/docker.service.d/10-proxy.conf';
    const text = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --http-proxy=http://svc:FlagPr0xyPw@proxy.corp.example:3128 --https-proxy http://svc:FlagPr0xyPw@proxy.corp.example:3128 --icc=true\n';
    const r = await auditSources([{ path, text, kind: 'daemon' }]);
    const line = r.sources.get(path)!.text.split('\n')[2];
    expect(line).toBe('ExecStart=/usr/bin/dockerd -H fd:// --http-proxy=http://svc:***********@proxy.corp.example:3128 --https-proxy http://svc:***********@proxy.corp.example:3128 --icc=true');
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['3:158']);
  });

  it('/etc/default/docker: `export http_proxy="http://user:pw@…"` beside DOCKER_OPTS', async () => {
    const path = '/etc/default/docker';
    const text = 'DOCKER_OPTS="-H tcp://0.0.0.0:4243 -H unix:///var/run/docker.sock"\n# proxy\nexport http_proxy="http://jdoe:Jess1eProxyPw@10.0.0.1:3128/"\n';
    const r = await auditSources([{ path, text, kind: 'daemon' }]);
    expect(r.sources.get(path)!.text.split('\n')[2]).toBe('export http_proxy="http://jdoe:*************@10.0.0.1:3128/"');
    expect(r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['1:14']);
  });
});

describe('dockerd command lines: only commands that run dockerd are daemons', () => {
  it('`ps aux | grep dockerd` output and `dockerd --version`: one daemon, the running one', async () => {
    const text = [
      '$ ps aux | grep dockerd',
      'root       1042  0.4  2.1 1718448 86132 ?       Ssl  Nov28  21:07 /usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375 --containerd=/run/containerd/containerd.sock',
      'ubuntu    28817  0.0  0.0   6432   724 pts/0    S+   10:31   0:00 grep --color=auto dockerd',
      '$ dockerd --version',
      'Docker version 24.0.7, build 311b9ff',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'ps-aux.txt', text, kind: 'daemon' }]);
    expect(r.errors).toEqual([]);
    expect([...new Set(r.findings.map((f) => f.location.startLine))]).toEqual([2]);
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled')).toHaveLength(1);
    expect(r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['2:93']);
  });

  it('`pgrep dockerd || dockerd -H tcp://… &`: the command after || is read', async () => {
    const text = 'pgrep dockerd > /dev/null || nohup dockerd -H tcp://0.0.0.0:2375 --icc=false > /var/log/dockerd.log 2>&1 &\nwhich dockerd\n';
    const r = await auditSources([{ path: 'start-dockerd.txt', text, kind: 'daemon' }]);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['1:44']);
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled')).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'daemon-userns-remap-missing').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['1:36']);
  });
});

describe('settings dockerd refuses together in one file (moby verifyDaemonSettings)', () => {
  it('"icc": false with "iptables": false: one input error at the later key; the iptables finding stays', async () => {
    const text = '{\n  "icc": false,\n  "live-restore": true,\n  "iptables": false\n}\n';
    const r = await auditSources([{ path: '/etc/docker/daemon.json', text, kind: 'daemon' }]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code}`)).toEqual(['4:3 parse']);
    expect(r.errors[0].message).toMatch(/^iptables false together with icc false: dockerd refuses to start/);
    expect(r.findings.filter((f) => f.slug === 'daemon-iptables-disabled').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['4:3']);
  });

  it('-b br0 with --bip in a unit: one input error at --bip; --icc=false with iptables on is fine', async () => {
    const text = '[Service]\nExecStart=/usr/bin/dockerd -H fd:// -b br0 --icc=false --bip=10.1.0.1/24\n';
    const r = await auditSources([{ path: 'docker.service', text, kind: 'daemon' }]);
    expect(r.errors.map((e) => `${e.line}:${e.column}`)).toEqual(['2:56']);
    expect(r.errors[0].message).toMatch(/^bridge \(-b\) together with bip: dockerd refuses to start/);
  });
});

describe('daemon.json "log-level" is checked as dockerd checks it (logrus ParseLevel)', () => {
  it('"verbose" is an input error at its value; "WARNING" and "Info" are not', async () => {
    const bad = await auditSources([{ path: '/etc/docker/daemon.json', text: '{\n  "log-level": "verbose"\n}\n', kind: 'daemon' }]);
    expect(bad.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(['2:16 "log-level" must be one of debug, info, warn (warning), error, fatal, panic, trace; dockerd refuses to start with this file']);
    for (const level of ['WARNING', 'Info', 'trace']) {
      const ok = await auditSources([{ path: '/etc/docker/daemon.json', text: `{"log-level": "${level}"}`, kind: 'daemon' }]);
      expect(ok.errors).toEqual([]);
    }
  });
});

describe("CentOS 6 docker-io /etc/sysconfig/docker: lower-case other_args (its SysV script runs `docker -d $other_args`)", () => {
  it('reads the flags of other_args', async () => {
    const text = '# /etc/sysconfig/docker\n#\n# Other arguments to pass to the docker daemon process\n# These will be parsed by the sysv initscript and appended\n# to the arguments list passed to docker -d\n\nother_args="-H tcp://0.0.0.0:4243 -H unix:///var/run/docker.sock --icc=false"\nDOCKER_CERT_PATH=/etc/docker\n';
    const r = await auditSources([{ path: '/etc/sysconfig/docker', text, kind: 'daemon' }]);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['7:13']);
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled')).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'daemon-userns-remap-missing').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['7:1']);
  });
});

describe('daemon.json with two objects one after the other', () => {
  it('one input error at the second object, its message without the offset (line and column say where)', async () => {
    const r = await auditSources([{ path: '/etc/docker/daemon.json', text: '{"live-restore": true}\n{"icc": false}\n', kind: 'daemon' }]);
    expect(r.findings).toEqual([]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(['2:1 not valid JSON, dockerd refuses to start: Unexpected non-whitespace character after JSON']);
  });
});

describe('a unit whose $OPTIONS come from an EnvironmentFile= that was not read (Amazon Linux 2 docker.service)', () => {
  const unit = [
    '[Unit]',
    'Description=Docker Application Container Engine',
    '',
    '[Service]',
    'Type=notify',
    'EnvironmentFile=-/etc/sysconfig/docker',
    'EnvironmentFile=-/etc/sysconfig/docker-storage',
    'ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock $OPTIONS $DOCKER_STORAGE_OPTIONS',
    'LimitNOFILE=infinity',
    '',
  ].join('\n');

  it('"not set" findings are unknown and name the variables that may set them', async () => {
    const r = await auditSources([{ path: '/usr/lib/systemd/system/docker.service', text: unit, kind: 'daemon' }]);
    const missing = r.findings.filter((f) => f.data.setting !== undefined && f.location.startLine === 4);
    expect(missing.map((f) => f.slug).sort()).toEqual([
      'daemon-authorization-plugin-missing', 'daemon-default-ulimit-missing', 'daemon-icc-enabled', 'daemon-live-restore-missing',
      'daemon-log-driver', 'daemon-no-new-privileges-missing', 'daemon-userland-proxy-enabled', 'daemon-userns-remap-missing',
    ]);
    expect(missing.every((f) => f.certainty === 'unknown')).toBe(true);
    expect(missing.find((f) => f.slug === 'daemon-icc-enabled')!.message).toBe(
      "icc is not set as far as this file shows ($OPTIONS, $DOCKER_STORAGE_OPTIONS from a file not read may set it): containers on the default bridge can reach each other (dockerd's default is icc=true)",
    );
  });

  it('with /etc/sysconfig/docker at hand the variables resolve: findings are definite, and what OPTIONS sets is read', async () => {
    const r = await auditSources([
      { path: '/usr/lib/systemd/system/docker.service', text: unit, kind: 'daemon' },
      { path: '/etc/sysconfig/docker', text: 'OPTIONS="--default-ulimit nofile=32768:65536"\n' },
      { path: '/etc/sysconfig/docker-storage', text: 'DOCKER_STORAGE_OPTIONS=\n' },
    ]);
    const unitFindings = r.findings.filter((f) => f.location.file === '/usr/lib/systemd/system/docker.service' && f.data.setting !== undefined);
    expect(unitFindings.every((f) => f.certainty === 'definite')).toBe(true);
    expect(unitFindings.map((f) => f.slug)).not.toContain('daemon-default-ulimit-missing');
  });
});

describe('dockerd in SysV init scripts read as command lines', () => {
  it('`[ -x /usr/bin/dockerd ] || exit 0` is not a daemon; start-stop-daemon … --exec dockerd -- <flags> is', async () => {
    const text = '[ -x /usr/bin/dockerd ] || exit 0\nstart-stop-daemon --start --background --exec /usr/bin/dockerd -- -H tcp://0.0.0.0:2375 --icc=false\n';
    const r = await auditSources([{ path: 'docker.init.txt', text, kind: 'daemon' }]);
    expect(r.errors).toEqual([]);
    expect([...new Set(r.findings.map((f) => f.location.startLine))]).toEqual([2]);
    expect(r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['2:67']);
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled')).toEqual([]);
  });
});

describe('a PEM private key pasted into daemon.json "tlskey"', () => {
  it('is masked in the rendered source and is an input error that does not repeat it', async () => {
    const body = 'MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0';
    const text = `{\n  "hosts": ["tcp://0.0.0.0:2376"],\n  "tlsverify": true,\n  "tlskey": "-----BEGIN RSA PRIVATE KEY-----\\n${body}\\n-----END RSA PRIVATE KEY-----\\n",\n  "icc": true\n}\n`;
    const r = await auditSources([{ path: '/etc/docker/daemon.json', text, kind: 'daemon' }]);
    const line = r.sources.get('/etc/docker/daemon.json')!.text.split('\n')[3];
    expect(line).toBe(`  "tlskey": "-----BEGIN RSA PRIVATE KEY-----${'*'.repeat(body.length + 4)}-----END RSA PRIVATE KEY-----\\n",`);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(['4:13 "tlskey" must be the path of a PEM file, not the PEM text itself; dockerd refuses to start with this file']);
    expect(JSON.stringify(r.errors)).not.toContain(body);
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['5:3']);
  });
});
