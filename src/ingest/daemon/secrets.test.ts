/**
 * Secrets in dockerd configuration are masked in every rendered source (R-S), and a daemon.json that is
 * not JSON models nothing (R-M: dockerd refuses the whole file).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { SourceFile } from '../../model/source.js';
import fc from 'fast-check';
import { daemonFromJson, daemonSecretRanges, ingestDaemon } from './index.js';
import { textSecretRanges } from './secrets.js';

const TOKEN = '176FCEBF-4CF5-4EDF-91BC-703796522D20';
const ctx = { readFile: async () => undefined, env: {} };

describe('secret dockerd flags are secretRanges (masked in code frames)', () => {
  it('--log-opt splunk-token=… and a proxy password in Environment= of a unit', async () => {
    const unit = [
      '[Service]',
      'Environment="HTTPS_PROXY=http://proxyuser:Pr0xyPassw0rd@proxy.example.com:3128"',
      `ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 --log-driver splunk --log-opt splunk-token=${TOKEN} --log-opt splunk-url=https://splunk.example.com:8088`,
      '',
    ].join('\n');
    const r = await auditSources([{ path: '/etc/systemd/system/docker.service', text: unit, kind: 'daemon' }]);
    const masked = r.sources.get('/etc/systemd/system/docker.service')!.text;
    expect(masked).not.toContain(TOKEN);
    expect(masked).not.toContain('Pr0xyPassw0rd');
    expect(masked).toContain(`--log-opt splunk-token=${'*'.repeat(TOKEN.length)} --log-opt splunk-url=https://splunk.example.com:8088`);
    expect(masked).toContain('http://proxyuser:*************@proxy.example.com');
    expect(r.findings.some((f) => f.slug === 'daemon-tcp-without-tls')).toBe(true);
  });

  it('a dockerd command line file: token, password, secret and key log options; other options stay', async () => {
    const line = `dockerd --log-opt "gelf-token=tok123456" --log-opt fluentd-password=hunter2hunter2 --log-opt x-secret=s3cr3tvalue --log-opt api-key=k3yvalue99 --log-opt tag=web --log-opt labels-key-file=/x --icc=true\n`;
    const r = await auditSources([{ path: 'dockerd.cmdline', text: line, kind: 'daemon' }]);
    const masked = r.sources.get('dockerd.cmdline')!.text;
    for (const s of ['tok123456', 'hunter2hunter2', 's3cr3tvalue', 'k3yvalue99']) expect(masked).not.toContain(s);
    expect(masked).toContain('--log-opt "gelf-token=*********"');
    expect(masked).toContain('--log-opt tag=web --log-opt labels-key-file=/x --icc=true');
  });

  it('a key or credentials option that names a file or an endpoint holds no secret: syslog-tls-key, awslogs-credentials-endpoint', async () => {
    const line = `dockerd --log-opt syslog-tls-key=/etc/docker/syslog-key.pem --log-opt awslogs-credentials-endpoint=/v2/credentials/x --log-opt logentries-token=le7a1b2c3d4 --icc=true\n`;
    const r = await auditSources([{ path: 'dockerd.cmdline', text: line, kind: 'daemon' }]);
    expect(r.sources.get('dockerd.cmdline')!.text).toBe(line.replace('le7a1b2c3d4', '***********'));
  });

  it('/proc/<pid>/cmdline (NUL separated): the ingester returns the token range', async () => {
    const text = `/usr/bin/dockerd\0--log-opt\0splunk-token=${TOKEN}\0`;
    const r = await ingestDaemon(new SourceFile('/proc/1/cmdline', text), ctx);
    const start = text.indexOf(TOKEN);
    expect(r.secretRanges).toEqual([{ file: '/proc/1/cmdline', start, end: start + TOKEN.length }]);
  });

  it('daemon.json log-opts token and registry mirror credentials', () => {
    const text = `{"log-opts": {"splunk-token": "${TOKEN}", "splunk-url": "https://s:8088"}, "registry-mirrors": ["https://u:mirrorpw@m.example.com"]}`;
    const f = new SourceFile('/etc/docker/daemon.json', text);
    const ranges = daemonSecretRanges(daemonFromJson(f).daemon!, text).map((x) => text.slice(x.start, x.end));
    expect(ranges).toEqual([TOKEN, 'mirrorpw']);
  });
});

describe('daemon.json that does not parse', () => {
  it('with // comments and a trailing comma: one input error, nothing modelled, no findings', async () => {
    const text = '{\n  // listen everywhere\n  "hosts": ["tcp://0.0.0.0:2375"],\n  "icc": true,\n}\n';
    expect(daemonFromJson(new SourceFile('/etc/docker/daemon.json', text)).daemon).toBeUndefined();
    const r = await auditSources([{ path: '/etc/docker/daemon.json', text, kind: 'daemon' }]);
    expect(r.findings).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: '/etc/docker/daemon.json', line: 2, column: 3, code: 'parse' });
    expect(r.errors[0].message).toMatch(/^not valid JSON, dockerd refuses to start: /);
  });

  it('with only a trailing comma (which yaml would accept): nothing modelled', () => {
    const r = daemonFromJson(new SourceFile('d.json', '{"icc": true, "iptables": false,}'));
    expect(r.daemon).toBeUndefined();
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[1, 'parse']]);
  });
});

describe('textSecretRanges: the URL passwords of a text (issue 2, speed: scanned from each `://`)', () => {
  /** The whole-text pattern it replaced, tried at every letter (`matchAll`): the reference. */
  const reference = (text: string) =>
    [...text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^:/@\s"',]*:([^\s/"']+)@/gi)].map((m) => {
      const start = m.index! + m[0].length - 1 - m[1].length;
      return { file: 'f', start, end: start + m[1].length };
    });

  it.each([
    ['proxy=http://u:pw@h:3128 and https://a:b@c', ['pw', 'b']],
    ['a://b://c:d@e', ['d']],
    ['9x+y://u:p@h', ['p']],
    ['1://u:p@h', []],
    ['x://u:p@h://v:q@i', ['p', 'q']],
    ["'http://u:p'@h", []],
    ['no url here', []],
  ])('%s', (text, passwords) => {
    expect(textSecretRanges(text, 'f').map((r) => text.slice(r.start, r.end))).toEqual(passwords);
  });

  it('equals the whole-text pattern on any text of URL characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'B', '1', '+', '.', '-', ':', '/', '@', ' ', "'", '"', ',', 'x', '://', ':p@'), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(textSecretRanges(text, 'f')).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
