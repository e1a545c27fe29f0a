import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';

const DF = [
  '# syntax=docker/dockerfile:1',
  'FROM debian:12 AS build',
  'RUN apt-get update && apt-get install -y gcc',
  '',
  'FROM debian:12-slim',
  'RUN apt-get update \\',
  '    && apt-get install -y curl',
  'RUN chmod u+s /usr/bin/curl',
  'COPY app /app',
  'EXPOSE 8080',
  'CMD ["/app"]',
  '',
].join('\n');

describe('Dockerfile fixes (unsafe)', () => {
  it('adds --no-install-recommends, a setuid sweep and USER before the trailing EXPOSE/CMD', async () => {
    const r = await hardenText({ path: 'Dockerfile', text: DF }, { unsafe: true });
    expect(r.output).toBe(
      [
        '# syntax=docker/dockerfile:1',
        'FROM debian:12 AS build',
        'RUN apt-get update && apt-get install -y gcc',
        '',
        'FROM debian:12-slim',
        'RUN apt-get update \\',
        '    && apt-get install --no-install-recommends -y curl',
        'RUN chmod u+s /usr/bin/curl',
        'COPY app /app',
        '# bulwark: clears setuid/setgid bits (CIS 4.8)',
        'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true',
        '# bulwark: non-root uid:gid from the harden profile; no user is created, so files the app writes must be writable by 65532:65532',
        'USER 65532:65532',
        'EXPOSE 8080',
        'CMD ["/app"]',
        '',
      ].join('\n'),
    );
    expect(r.changes.map((c) => [c.ruleId, c.line, c.column])).toEqual([
      ['BW-0101', 5, 1],
      ['BW-0109', 7, 8],
      ['BW-0104', 8, 5],
    ]);
  });

  it('changes nothing with the safe fixes only, and says unsafe ones exist', async () => {
    const r = await hardenText({ path: 'Dockerfile', text: DF });
    expect(r.output).toBe(DF);
    expect(r.unsafeAvailable).toBe(3);
  });

  it('puts the sweep after a final USER root (it runs as root there), and a USER root is followed by the profile user', async () => {
    const text = 'FROM alpine:3.20\nRUN chmod 4755 /bin/x\nUSER root\n';
    const r = await hardenText({ path: 'Dockerfile', text }, { unsafe: true, profile: { user: '1000:1000' } });
    expect(r.output).toBe(
      'FROM alpine:3.20\nRUN chmod 4755 /bin/x\nUSER root\n# bulwark: clears setuid/setgid bits (CIS 4.8)\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true\n# bulwark: non-root uid:gid from the harden profile; no user is created, so files the app writes must be writable by 1000:1000\nUSER 1000:1000\n',
    );
  });

  it('puts the sweep before a final non-root USER that follows the last build step', async () => {
    const text = 'FROM alpine:3.20\nRUN chmod 4755 /bin/x\nUSER app\nCMD ["/x"]\n';
    const r = await hardenText({ path: 'Dockerfile', text }, { unsafe: true, only: ['BW-0104'] });
    expect(r.output.split('\n')).toEqual(['FROM alpine:3.20', 'RUN chmod 4755 /bin/x', '# bulwark: clears setuid/setgid bits (CIS 4.8)', 'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true', 'USER app', 'CMD ["/x"]', '']);
  });

  // qa9: the sweep went before `USER root`, so a later `RUN chmod u+s` set the bit again and the audit still reported it.
  it('puts the sweep after a chmod u+s that follows USER root (the audit of the output has no BW-0104)', async () => {
    const text = 'FROM debian:12 AS base\nRUN useradd -r app\nUSER app\n\nFROM base AS final\nUSER root\nRUN chmod u+s /usr/bin/find\nONBUILD RUN true\nCMD ["/srv/run"]\n';
    const r = await hardenText({ path: 'Dockerfile', text }, { unsafe: true, only: ['BW-0104'] });
    expect(r.output.split('\n')).toEqual([
      'FROM debian:12 AS base',
      'RUN useradd -r app',
      'USER app',
      '',
      'FROM base AS final',
      'USER root',
      'RUN chmod u+s /usr/bin/find',
      '# bulwark: clears setuid/setgid bits (CIS 4.8)',
      'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true',
      'ONBUILD RUN true',
      'CMD ["/srv/run"]',
      '',
    ]);
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.ruleId}`)).toEqual(['7:5 BW-0104']);
    const { auditSources } = await import('../engine/audit.js');
    const after = await auditSources([{ path: 'Dockerfile', text: r.output, kind: 'dockerfile' }], { config: {} });
    expect(after.findings.filter((f) => f.ruleId === 'BW-0104')).toEqual([]);
  });

  it('switches to root for the sweep when a build step follows a non-root USER, then back to that user as written', async () => {
    const text = 'FROM alpine:3.20\nUSER app\nCOPY --chmod=4755 tool /usr/local/bin/tool\nCMD ["/x"]\n';
    const r = await hardenText({ path: 'Dockerfile', text }, { unsafe: true, only: ['BW-0104'] });
    expect(r.output.split('\n')).toEqual([
      'FROM alpine:3.20',
      'USER app',
      'COPY --chmod=4755 tool /usr/local/bin/tool',
      '# bulwark: clears setuid/setgid bits (CIS 4.8), as root',
      'USER root',
      'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true',
      'USER app',
      'CMD ["/x"]',
      '',
    ]);
  });

  it('adds USER to a file without a final newline, and not for a nonroot base image', async () => {
    expect((await hardenText({ path: 'Dockerfile', text: 'FROM alpine:3.20\nCOPY a /a' }, { unsafe: true })).output).toBe(
      'FROM alpine:3.20\nCOPY a /a\n# bulwark: non-root uid:gid from the harden profile; no user is created, so files the app writes must be writable by 65532:65532\nUSER 65532:65532',
    );
    const nonroot = 'FROM gcr.io/distroless/static:nonroot\nCOPY a /a\n';
    expect((await hardenText({ path: 'Dockerfile', text: nonroot }, { unsafe: true })).output).toBe(nonroot);
  });
});

describe('BW-0109 in the exec form (QA)', () => {
  it('adds "--no-install-recommends" as a JSON string of its own, next to a shell-form fix', async () => {
    const text = 'FROM debian:12\nRUN ["apt-get", "install", "-y", "vim"]\nRUN apt-get update && apt-get install -y curl\nUSER 1000\n';
    const r = await hardenText({ path: 'Dockerfile', text }, { only: ['BW-0109'], unsafe: true });
    expect(r.output).toBe('FROM debian:12\nRUN ["apt-get", "install", "--no-install-recommends", "-y", "vim"]\nRUN apt-get update && apt-get install --no-install-recommends -y curl\nUSER 1000\n');
    expect(r.notes).toEqual([]);
  });
});
