/**
 * Fourth QA round on daemon configuration (R-M, R-B; CIS Docker Benchmark 1.6.0 section 2): real-world
 * spellings that dockerd refuses or wraps, audited end to end with every rule.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

/** `ruleId line:column` of every finding, and `line:column message` of every input error. */
async function run(path: string, text: string): Promise<{ findings: string[]; errors: string[] }> {
  const r = await auditSources([{ path, text }]);
  return {
    findings: r.findings.map((f) => `${f.ruleId} ${f.location?.startLine}:${f.location?.startColumn}${f.message.includes('is true') ? ' true' : ''}`),
    errors: r.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
  };
}

describe('daemon.json with quoted booleans ("icc": "false")', () => {
  it('keeps the input error but judges the spelled value: no "not set" finding for a key that is set', async () => {
    const text = '{\n  "icc": "false",\n  "userns-remap": "default",\n  "no-new-privileges": "true",\n  "live-restore": "TRUE",\n  "userland-proxy": "false",\n  "debug": "yes"\n}\n';
    const { findings, errors } = await run('daemon.json', text);
    expect(errors).toEqual([
      '2:10 "icc" must be the JSON boolean false without quotes, not the string "false"; dockerd refuses to start with this file',
      '4:24 "no-new-privileges" must be the JSON boolean true without quotes, not the string "true"; dockerd refuses to start with this file',
      '5:19 "live-restore" must be the JSON boolean true without quotes, not the string "TRUE"; dockerd refuses to start with this file',
      '6:21 "userland-proxy" must be the JSON boolean false without quotes, not the string "false"; dockerd refuses to start with this file',
      '7:12 "debug" must be true or false; dockerd refuses to start with this file',
    ]);
    // BW-0202 icc, BW-0204 no-new-privileges, BW-0206 live-restore, BW-0207 userland-proxy: none (the
    // spelled values are the safe ones); the rest are the keys this file does not set.
    expect(findings).toEqual(['BW-0211 1:1', 'BW-0212 1:1', 'BW-0213 1:1']);
  });

  it('a quoted "true" for icc is judged as true, at its key', async () => {
    const { findings } = await run('daemon.json', '{\n  "icc": "true",\n  "userns-remap": "default", "no-new-privileges": true, "live-restore": true, "userland-proxy": false\n}\n');
    expect(findings.filter((f) => f.startsWith('BW-0202'))).toEqual(['BW-0202 2:3 true']);
  });
});

describe('the Docker snap unit (snap.docker.dockerd.service)', () => {
  it('is read as a dockerd launch, not refused as an input error', async () => {
    const text = [
      '[Unit]',
      '# Auto-generated, DO NOT EDIT',
      'Description=Service for snap application docker.dockerd',
      'Requires=snap-docker-2963.mount',
      '',
      '[Service]',
      'EnvironmentFile=-/etc/environment',
      'ExecStart=/usr/bin/snap run docker.dockerd',
      'SyslogIdentifier=docker.dockerd',
      'Restart=on-failure',
      '',
    ].join('\n');
    const { findings, errors } = await run('snap.docker.dockerd.service', text);
    expect(errors).toEqual([]);
    // As far as this unit shows: icc, userns-remap, no-new-privileges, live-restore, userland-proxy,
    // default-ulimits, authorization-plugins, log-driver; all at the [Service] header.
    expect(findings).toEqual(['BW-0202 6:1', 'BW-0203 6:1', 'BW-0204 6:1', 'BW-0206 6:1', 'BW-0207 6:1', 'BW-0211 6:1', 'BW-0212 6:1', 'BW-0213 6:1']);
  });

  it('flags after docker.dockerd are dockerd flags', async () => {
    const { findings } = await run('docker.service', '[Service]\nExecStart=/usr/bin/snap run docker.dockerd -H tcp://0.0.0.0:2375\n');
    expect(findings.filter((f) => f.startsWith('BW-0201'))).toEqual(['BW-0201 2:44']);
  });
});

describe('a drop-in that only sets the environment (docker.service.d/http-proxy.conf, Docker docs)', () => {
  const text = '[Service]\nEnvironment="HTTP_PROXY=http://proxy.example.com:3128"\nEnvironment="HTTPS_PROXY=https://user:s3cretPw@proxy.example.com:3129"\nEnvironment="NO_PROXY=localhost,127.0.0.1,.corp"\n';

  it('is valid with nothing to judge: no finding, no input error', async () => {
    const r = await auditSources([{ path: 'docker.service.d/http-proxy.conf', text, kind: 'daemon' }]);
    expect([r.findings.length, r.errors.map((e) => e.message)]).toEqual([0, []]);
  });

  it('still masks the proxy password', async () => {
    const { ingestDaemon } = await import('./index.js');
    const { SourceFile } = await import('../../model/source.js');
    const f = new SourceFile('http-proxy.conf', text);
    const r = await ingestDaemon(f, { readFile: async () => undefined, env: {} });
    expect([r.errors.length, r.secretRanges!.map((s) => f.text.slice(s.start, s.end))]).toEqual([0, ['s3cretPw']]);
  });

  it('a unit with [Unit] and no dockerd is still refused as not a daemon unit', async () => {
    const r = await auditSources([{ path: 'other.service', text: '[Unit]\nDescription=x\n[Service]\nEnvironment=A=1\n', kind: 'daemon' }]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code}`)).toEqual(['1:1 unsupported']);
  });
});

describe('daemon.json keys spelled in another case or with underscores', () => {
  it('are input errors (dockerd: "directives don\'t match any configuration option") and are not applied', async () => {
    const text = '{\n  "ICC": false,\n  "live_restore": true,\n  "userns-remap": "default",\n  "no-new-privileges": true,\n  "userland-proxy": false,\n  "features": {"buildkit": true}\n}\n';
    const { findings, errors } = await run('daemon.json', text);
    expect(errors).toEqual([
      '2:3 "ICC" is not a dockerd option (did you mean "icc"?); dockerd refuses to start with this file',
      '3:3 "live_restore" is not a dockerd option (did you mean "live-restore"?); dockerd refuses to start with this file',
    ]);
    expect(findings).toEqual(['BW-0202 1:1', 'BW-0206 1:1', 'BW-0211 1:1', 'BW-0212 1:1', 'BW-0213 1:1']);
  });
});

describe('default-ulimits with lower-case field names (Go matches them case-insensitively)', () => {
  it('reads name, soft and hard', async () => {
    const { daemonFromJson } = await import('./json.js');
    const { SourceFile } = await import('../../model/source.js');
    const r = daemonFromJson(new SourceFile('daemon.json', '{"default-ulimits": {"nofile": {"name": "nofile", "hard": 64000, "soft": 1024}}}'));
    expect([r.errors, r.daemon!.defaultUlimits.map(({ name, soft, hard }) => [name, soft, hard])]).toEqual([[], [['nofile', 1024, 64000]]]);
  });
});
