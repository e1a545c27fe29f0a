import { describe, expect, it } from 'vitest';
import { ruleTester } from './tester.js';
import rule, { isLoopbackHost, isTcpHost } from './daemon-tcp-without-tls.js';

describe('isTcpHost', () => {
  it('tells network listeners from local sockets', () => {
    expect(['tcp://0.0.0.0:2375', '0.0.0.0:2375', ':2375', '${DOCKER_ADDR}'].map(isTcpHost)).toEqual([true, true, true, true]);
    expect(['unix:///var/run/docker.sock', 'fd://', 'fd://3', 'npipe:////./pipe/docker_engine', ''].map(isTcpHost)).toEqual([false, false, false, false, false]);
    // dockerd compares the scheme as written (moby opts/hosts.go parseDaemonHost: `switch addrParts[0]`): `TCP://` and
    // `http://` are no listener but a refused address (an input error before any rule runs).
    expect(['TCP://h:1', 'http://1.2.3.4:2375', 'https://1.2.3.4:2376'].map(isTcpHost)).toEqual([false, false, false]);
  });
});

describe('isLoopbackHost', () => {
  it('tells a loopback-only listener from one on every interface', () => {
    expect(['tcp://127.0.0.1:2375', '127.0.0.1:2375', 'tcp://localhost:2375', 'tcp://[::1]:2375', 'tcp://127.1.2.3:1'].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect(['tcp://0.0.0.0:2375', 'tcp://127.example.com:2375', 'tcp://[::]:2375', 'tcp://10.0.0.1:2375', '0.0.0.0'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });
  it('an empty host is localhost, as dockerd fills it in (-H :23750 listens on 127.0.0.1:23750)', () => {
    expect([':2375', 'tcp://:2375', 'tcp://'].map(isLoopbackHost)).toEqual([true, true, true]);
  });
});

ruleTester(rule, {
  valid: [
    { kind: 'shell', name: 'echo of the word dockerd is not a daemon', code: 'echo dockerd -H tcp://0.0.0.0:2375\n' },
    { kind: 'daemon', code: '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n' },
    { kind: 'daemon', code: '{"hosts": ["tcp://0.0.0.0:2376"], "tlsverify": true, "tlscacert": "/etc/docker/ca.pem", "tlscert": "/etc/docker/cert.pem", "tlskey": "/etc/docker/key.pem"}' },
    { kind: 'daemon', name: 'fd:// is socket activation', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --tlsverify --tlscacert=ca.pem --tlscert=cert.pem --tlskey=key.pem -H=0.0.0.0:2376\n' },
    { kind: 'daemon', code: '{"debug": true}' },
  ],
  invalid: [
    {
      kind: 'shell',
      name: 'a start script that runs dockerd on TCP',
      code: '#!/bin/sh\nset -e\nexec /usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375 --icc=false\n',
      errors: [{ line: 3, column: 54, endLine: 3, endColumn: 75, target: 'script.sh', severity: 'critical', data: { host: 'tcp://0.0.0.0:2375', tls: false } }],
    },
    {
      kind: 'daemon',
      name: 'corpus: tcp://0.0.0.0:2375 in hosts',
      code: '{\n    "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"],\n    "debug": true\n}\n',
      errors: [{ line: 2, column: 46, endLine: 2, endColumn: 66, target: 'daemon.json', severity: 'critical', data: { host: 'tcp://0.0.0.0:2375', tls: false }, message: 'anyone who reaches the port has root on the host' }],
    },
    {
      kind: 'daemon',
      name: 'tls without tlsverify is medium: Docker 20.10 and later verify clients then (TLSVerify defaults to TLS), earlier engines do not',
      code: '{"hosts": ["tcp://0.0.0.0:2376"], "tls": true, "tlscert": "/c.pem", "tlskey": "/k.pem"}',
      errors: [{ line: 1, column: 12, endColumn: 32, severity: 'medium', data: { host: 'tcp://0.0.0.0:2376', tls: true }, message: 'with tls but without tlsverify: Docker Engine 20.10 and later then verify client certificates, earlier engines accept any client' }],
    },
    {
      kind: 'daemon',
      name: 'QA: tlscert and tlskey without tls or tlsverify do not turn TLS on: plain HTTP, critical',
      code: '{"hosts": ["tcp://0.0.0.0:2376"], "tlscert": "/c.pem", "tlskey": "/k.pem"}',
      errors: [{ line: 1, column: 12, severity: 'critical', data: { tls: false }, message: 'without TLS (tlscert/tlskey alone do not turn TLS on: dockerd serves plain HTTP): anyone who reaches the port has root on the host' }],
    },
    {
      kind: 'daemon',
      // qa-a 4: a daemon.json key counts as set (moby getConflictFreeConfiguration → ValuesSet; IsValueSet(FlagTLSVerify)).
      name: 'daemon.json tlsverify false turns TLS on without client verification, as the flag does: critical all the same',
      code: '{"hosts": ["tcp://127.0.0.1:2375"], "tlsverify": false, "tlscert": "/c.pem", "tlskey": "/k.pem"}',
      errors: [{ line: 1, column: 12, severity: 'critical', data: { host: 'tcp://127.0.0.1:2375', tls: true }, message: 'dockerd listens on tcp://127.0.0.1:2375 with TLS but with client verification off (tlsverify false): TLS encrypts the traffic but authenticates no client, so every local user and process that reaches the port has root on the host' }],
    },
    {
      kind: 'daemon',
      name: 'daemon.json tlsverify false beside tls true: TLS without client verification on all interfaces, critical',
      code: '{"hosts": ["tcp://0.0.0.0:2376"], "tls": true, "tlsverify": false}',
      errors: [{ line: 1, column: 12, severity: 'critical', data: { host: 'tcp://0.0.0.0:2376', tls: true }, message: 'with client verification off (tlsverify false): TLS encrypts the traffic but authenticates no client, so anyone who reaches the port has root on the host' }],
    },
    {
      kind: 'daemon',
      name: 'the --tlsverify=false flag turns TLS on (moby: flags.Changed(FlagTLSVerify)) without client verification: critical',
      filename: 'start-dockerd.sh',
      code: 'dockerd -H tcp://0.0.0.0:2376 --tlsverify=false --tlscert=/c.pem --tlskey=/k.pem\n',
      errors: [{ line: 1, column: 9, severity: 'critical', data: { host: 'tcp://0.0.0.0:2376', tls: true } }],
    },
    {
      kind: 'daemon',
      name: 'unit: -H tcp:// beside fd://, flag and value point',
      filename: 'docker.service',
      code: '[Service]\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n',
      errors: [{ line: 2, column: 37, endLine: 2, endColumn: 58, target: 'docker.service', severity: 'critical', data: { host: 'tcp://0.0.0.0:2375' } }],
    },
    {
      kind: 'daemon',
      name: 'command line: --host= and a bare host:port, --tls only',
      filename: 'dockerd.cmdline',
      code: 'dockerd --host=tcp://0.0.0.0:2376 --tls -H :2377\n',
      errors: [
        { line: 1, column: 9, endColumn: 34, severity: 'medium', data: { host: 'tcp://0.0.0.0:2376' } },
        { line: 1, column: 41, endColumn: 49, severity: 'medium', data: { host: ':2377' } },
      ],
    },
    {
      kind: 'daemon',
      name: 'QA: Docker 27 unit with --tls=false written out is plain TCP (critical); --tlsverify=false --tls is TLS without verification (critical too)',
      filename: 'docker.service',
      code: '[Service]\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375 --tls=false\n',
      errors: [{ line: 2, column: 59, endColumn: 80, severity: 'critical', data: { tls: false } }],
    },
    {
      kind: 'daemon',
      filename: 'dockerd.cmdline',
      code: 'dockerd --tlsverify=false --tls --tlscert=/c.pem --tlskey=/k.pem -H tcp://10.0.0.5:2376\n',
      errors: [{ line: 1, column: 66, severity: 'critical', data: { host: 'tcp://10.0.0.5:2376', tls: true } }],
    },
    {
      kind: 'daemon',
      name: 'unit: host from Environment=',
      filename: 'docker.service',
      code: '[Service]\nEnvironment="DOCKER_OPTS=-H tcp://0.0.0.0:2375"\nExecStart=/usr/bin/dockerd $DOCKER_OPTS\n',
      errors: [{ line: 2, column: 26, endColumn: 47, severity: 'critical', data: { host: 'tcp://0.0.0.0:2375' } }],
    },
  ],
});

describe('a password in a hosts URL never reaches the output (R-S; qa-A r7)', () => {
  it('BW-0201 names the listener without user:password@ in its message and data, in every format', async () => {
    const { auditSources } = await import('../engine/audit.js');
    const { render } = await import('../report/index.js');
    const r = await auditSources([{ path: 'daemon.json', text: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://admin:H0stPassw0rd@0.0.0.0:2375"]\n}\n', kind: 'daemon' }], { env: {} });
    const f = r.findings.filter((x) => x.ruleId === 'BW-0201');
    expect(f.map((x) => [x.message, x.data, x.severity, x.location.startLine, x.location.startColumn])).toEqual([
      ['dockerd listens on tcp://0.0.0.0:2375 without TLS: anyone who reaches the port has root on the host', { host: 'tcp://0.0.0.0:2375', tls: false }, 'critical', 2, 44],
    ]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, format, { color: false })).not.toContain('H0stPassw0rd');
  });
  it('a loopback listener with userinfo is still loopback', async () => {
    const { auditSources } = await import('../engine/audit.js');
    const r = await auditSources([{ path: 'daemon.json', text: '{"hosts": ["tcp://u:p4ss@127.0.0.1:2375"]}\n', kind: 'daemon' }], { env: {} });
    expect(r.findings.filter((x) => x.ruleId === 'BW-0201').map((x) => x.message)).toEqual([
      'dockerd listens on tcp://127.0.0.1:2375 without TLS: every local user and process can reach the port (a container on the host network, a web page through DNS rebinding) and has root on the host',
    ]);
  });
});

describe('host addresses dockerd refuses are input errors, not listeners (moby opts/hosts.go parseDaemonHost, ParseTCPAddr; qa-A r9)', () => {
  it('"hosts": ["http://0.0.0.0:2375"] in daemon.json: one input error at the value, no BW-0201', async () => {
    const { auditSources } = await import('../engine/audit.js');
    const r = await auditSources([{ path: 'daemon.json', text: '{"hosts": ["http://0.0.0.0:2375"]}\n', kind: 'daemon' }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201')).toEqual([]);
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([
      `daemon.json:1:12 parse "hosts[0]": unsupported proto 'http': dockerd accepts tcp://, unix://, npipe:// and fd:// (tcp:// for a network listener) and refuses to start ("invalid bind address")`,
    ]);
  });
  it('-H tcp://host:2375/path on a command line: an input error at the flag, no BW-0201; tcp://, bare host:port, unix://, fd:// are accepted', async () => {
    const { auditSources } = await import('../engine/audit.js');
    const r = await auditSources([{ path: 'dockerd.cmdline', text: 'dockerd -H tcp://0.0.0.0:2375/path -H 10.0.0.1:2375 -H fd:// -H unix:///var/run/docker.sock\n', kind: 'daemon' }], { env: {} });
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '1:9 -H: a tcp:// address with a path: dockerd refuses to start ("invalid bind address: should not contain a path element"); write tcp://host:port',
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201').map((f) => f.data.host)).toEqual(['10.0.0.1:2375']);
  });
  it('the scheme is compared as written: -H TCP://0.0.0.0:2375, "Unix://…", http://${ADDR} are refused (input errors, no BW-0201)', async () => {
    const { auditSources } = await import('../engine/audit.js');
    const r = await auditSources([{ path: 'dockerd.cmdline', text: 'dockerd -H TCP://0.0.0.0:2375 -H http://${ADDR}:2375 -H ${ADDR}:2375\n', kind: 'daemon' }], { env: {} });
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      `1:9 -H: unsupported proto 'TCP': dockerd compares the scheme as written and accepts only tcp://, unix://, npipe:// and fd:// in lower case (tcp:// for a network listener): it refuses to start ("invalid bind address")`,
      `1:31 -H: unsupported proto 'http': dockerd accepts tcp://, unix://, npipe:// and fd:// (tcp:// for a network listener) and refuses to start ("invalid bind address")`,
    ]);
    // The address of a variable is still a TCP listener, of unknown reach.
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201').map((f) => `${f.certainty} ${f.data.host}`)).toEqual(['unknown ${ADDR}:2375']);
    const j = await auditSources([{ path: 'daemon.json', text: '{"hosts": ["Unix:///var/run/docker.sock", "TCP://0.0.0.0:2375"]}\n', kind: 'daemon' }], { env: {} });
    expect(j.findings.filter((f) => f.ruleId === 'BW-0201')).toEqual([]);
    expect(j.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message.split("'")[1]}`)).toEqual(['1:12 parse Unix', '1:43 parse TCP']);
  });
  it('ssh:// is a client address, never a listener: -H ssh://… and "hosts": ["ssh://…"] are refused (input errors at the value, password not repeated)', async () => {
    const { auditSources } = await import('../engine/audit.js');
    const why = `unsupported proto 'ssh': ssh:// is an address a client connects to (docker -H, DOCKER_HOST, docker context), not one dockerd listens on; dockerd accepts tcp://, unix://, npipe:// and fd:// and refuses to start ("invalid bind address"); to reach it over SSH, listen on the unix socket and connect with DOCKER_HOST=ssh://user@host`;
    const r = await auditSources([{ path: 'dockerd.cmdline', text: 'dockerd -H ssh://admin:S3cretPw9@10.0.0.1 -H unix:///var/run/docker.sock\n', kind: 'daemon' }], { env: {} });
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([`1:9 parse -H: ${why}`]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201')).toEqual([]);
    const j = await auditSources([{ path: 'daemon.json', text: '{\n  "hosts": ["unix:///var/run/docker.sock", "ssh://admin@host"]\n}\n', kind: 'daemon' }], { env: {} });
    expect(j.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([`daemon.json:2:44 parse "hosts[1]": ${why}`]);
    expect(JSON.stringify(r.errors)).not.toContain('S3cretPw9');
  });
});
