/**
 * Ninth QA round on daemon configuration (R-M, R-B, R-G2, R-G11; CIS Docker Benchmark 1.6.0 section 2):
 * real-world daemon.json files, units and option files, audited end to end with every rule.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { EMPTY_DAEMON_INPUT } from './index.js';

/** `ruleId line:column` of every finding, and `line:column message` of every input error. */
async function run(path: string, text: string): Promise<{ findings: string[]; errors: string[] }> {
  const r = await auditSources([{ path, text }]);
  return {
    findings: r.findings.map((f) => `${f.ruleId} ${f.location?.startLine}:${f.location?.startColumn}`),
    errors: r.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
  };
}

/** What `{}` gives: icc, userns-remap, no-new-privileges, live-restore, userland-proxy, default-ulimits, authorization-plugins, log-driver unset. */
const NOTHING_SET = ['BW-0202 1:1', 'BW-0203 1:1', 'BW-0204 1:1', 'BW-0206 1:1', 'BW-0207 1:1', 'BW-0211 1:1', 'BW-0212 1:1', 'BW-0213 1:1'];

describe('an empty daemon.json (`touch /etc/docker/daemon.json`)', () => {
  it('is what dockerd reads it as, {} with every default: no input error, the "not set" findings', async () => {
    for (const [path, text] of [
      ['/etc/docker/daemon.json', ''],
      ['daemon.json', '\n  \n'],
      ['host1.daemon.json', '\uFEFF\r\n'],
    ]) {
      const { findings, errors } = await run(path, text);
      expect(errors).toEqual([]);
      expect(findings).toEqual(NOTHING_SET);
    }
    // The same as the file `{}`.
    expect((await run('daemon.json', '{}\n')).findings).toEqual(NOTHING_SET);
  });

  it('an empty file that is not a daemon.json by name stays an input error, which says it is empty (as an empty Compose file\'s)', async () => {
    const r = await auditSources([{ path: 'dockerd.txt', text: '', kind: 'daemon' }]);
    expect(r.findings).toEqual([]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([`1:1 parse ${EMPTY_DAEMON_INPUT}`]);
  });
});

describe('a drop-in that sets DOCKER_OPTS for the unit ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS', () => {
  // Debian's docker.io unit, trimmed; the drop-in is the usual "expose the API" recipe.
  const unit = [
    '[Unit]',
    'Description=Docker Application Container Engine',
    '',
    '[Service]',
    'Type=notify',
    'EnvironmentFile=-/etc/default/docker',
    'ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS',
    'LimitNPROC=infinity',
    '',
  ].join('\n');
  const dropIn = '[Service]\nEnvironment="DOCKER_OPTS=-H tcp://0.0.0.0:2375 --insecure-registry reg.lan:5000"\n';

  it('reports the TCP listener and the insecure registry at the drop-in line that writes them', async () => {
    const r = await auditSources([
      { path: 'systemd/docker.service', text: unit },
      { path: 'systemd/docker.service.d/opts.conf', text: dropIn },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      'BW-0202 systemd/docker.service:4:1',
      'BW-0203 systemd/docker.service:4:1',
      'BW-0204 systemd/docker.service:4:1',
      'BW-0206 systemd/docker.service:4:1',
      'BW-0207 systemd/docker.service:4:1',
      'BW-0211 systemd/docker.service:4:1',
      'BW-0212 systemd/docker.service:4:1',
      'BW-0213 systemd/docker.service:4:1',
      'BW-0217 systemd/docker.service:8:1',
      'BW-0201 systemd/docker.service.d/opts.conf:2:26',
      'BW-0205 systemd/docker.service.d/opts.conf:2:48',
    ]);
    expect(r.findings.find((f) => f.ruleId === 'BW-0201')?.severity).toBe('critical');
  });

  it('a drop-in that does not change the command line (http-proxy.conf) does not replace an override of ExecStart=', async () => {
    const r = await auditSources([
      { path: 'systemd/docker.service', text: unit },
      { path: 'systemd/docker.service.d/override.conf', text: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n' },
      { path: 'systemd/docker.service.d/zz-proxy.conf', text: '[Service]\nEnvironment="HTTP_PROXY=http://proxy.example.com:3128"\n' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      'systemd/docker.service.d/override.conf:3:37',
    ]);
  });

  it('the drop-in alone, without its unit at hand, stays a valid file with nothing to judge', async () => {
    const r = await auditSources([{ path: 'systemd/docker.service.d/opts.conf', text: dropIn }]);
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});

describe('a unit whose ExecStart= runs dockerd through a shell (sh -c "exec dockerd …")', () => {
  it('reads the flags inside the quoted script, at their own columns', async () => {
    const { findings, errors } = await run('docker.service', '[Service]\nExecStart=/bin/sh -c "exec /usr/bin/dockerd -H tcp://0.0.0.0:2375"\n');
    expect(errors).toEqual([]);
    expect(findings.filter((f) => f.startsWith('BW-0201'))).toEqual(['BW-0201 2:45']);
  });

  it("single quotes, bash: --icc=false and --tlsverify are read, so no icc and no TCP finding", async () => {
    const { findings, errors } = await run('docker.service', "[Service]\nExecStart=/bin/bash -c 'exec dockerd --tlsverify -H tcp://0.0.0.0:2376 --icc=false'\n");
    expect(errors).toEqual([]);
    expect(findings).toEqual(['BW-0203 1:1', 'BW-0204 1:1', 'BW-0206 1:1', 'BW-0207 1:1', 'BW-0211 1:1', 'BW-0212 1:1', 'BW-0213 1:1']);
  });
});

describe('daemon.json lists written as one string ("hosts": "tcp://0.0.0.0:2375")', () => {
  it('keeps the input error and judges the one string as a one-item list, at its value', async () => {
    const text = '{\n  "hosts": "tcp://0.0.0.0:2375",\n  "insecure-registries": "myreg:5000",\n  "registry-mirrors": "https://bob:S3cretPw@mirror.example.com"\n}\n';
    const r = await auditSources([{ path: 'daemon.json', text }]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '2:12 "hosts" must be an array of strings, not one string: put the string in [ ]; dockerd refuses to start with this file',
      '3:26 "insecure-registries" must be an array of strings, not one string: put the string in [ ]; dockerd refuses to start with this file',
      '4:23 "registry-mirrors" must be an array of strings, not one string: put the string in [ ]; dockerd refuses to start with this file',
    ]);
    // The mirror's password is masked in the source and never echoed in a message.
    expect(JSON.stringify(r)).not.toContain('S3cretPw');
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201' || f.ruleId === 'BW-0205').map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.severity}`)).toEqual([
      'BW-0201 2:12 critical',
      'BW-0205 3:26 high',
    ]);
  });

  it('a value that is neither a list nor a string is only the input error', async () => {
    const r = await auditSources([{ path: 'daemon.json', text: '{\n  "hosts": 2375\n}\n' }]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(['2:12 "hosts" must be an array of strings; dockerd refuses to start with this file']);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0201')).toEqual([]);
  });
});
