/**
 * QA round 12 (real-world Dockerfiles: discourse/discourse_docker, devcontainers, Chrome sandbox images):
 * - a command behind `sudo -u USER`, `sudo -g GROUP`, `env -u NAME`, `nice -n N`, `gosu USER`, `su-exec USER`
 *   is found past the option's value (`sudo -u discourse git clone …` runs git, not "discourse"): R-P
 *   REMOTE_FETCH (BW-0106), R-P/R-K setuid (BW-0104, CIS 1.6.0 4.8);
 * - a literal credential in CMD / ENTRYPOINT / HEALTHCHECK / LABEL is stored in the image config (docker inspect):
 *   R-S, BW-0103 (CIS 1.6.0 4.10), reported and masked like one in a RUN;
 * - `find ROOT -exec chmod u+s {} ;` and `… | xargs chmod u+s` set the setuid bit on what they find (BW-0104);
 * - `https://${GITHUB_TOKEN}:x-oauth-basic@github.com/` holds no literal secret (the password is GitHub's placeholder);
 * - `-u user:password` is curl's credential only where curl is called, and never a `scheme://` URL (pip --user);
 * - `mkdir -m 777 dir` makes a world-writable directory (BW-0113, R-P), as `install -d -m 0777` does;
 * - DF_NO_USER stays for an image whose entrypoint drops root with gosu / su-exec / setpriv (it starts as root;
 *   corpus EXPECTED.md, redis), and its message says that adding USER needs a different entrypoint;
 * - `COPY --chmod=777 entrypoint /` makes `/entrypoint` world-writable, not `/` (BW-0113 names the copied path);
 * - a package downloaded and installed in the same RUN without a check (`curl -LO …/x.deb && dpkg -i x.deb`), and a
 *   script saved by `curl -O` then run, are REMOTE_FETCH (BW-0106, info; R-P);
 * - GNU chmod's operator-octal modes (`chmod =4711 f`, `chmod +2000 f`; coreutils modechange.c) set the
 *   setuid/setgid bit (BW-0104), and `chmod =0755 f` clears it.
 */
import { describe, expect, it } from 'vitest';
import { commandOf } from '../ingest/dockerfile/facts.js';
import type { ShellCall } from '../ingest/dockerfile/shell.js';
import { ruleTester } from './tester.js';
import setuid, { clearedBits, findExecChmod, modeSetsSetid } from './df-setuid-binary.js';
import remote, { installsPackageFile } from './df-remote-script-pipe.js';
import worldWritable, { copiedPaths, mkdirMode } from './df-world-writable.js';
import userNotSet from './df-user-not-set.js';
import secret from './df-secret-in-env.js';
import { auditSources } from '../engine/audit.js';
import { render } from '../report/index.js';

const call = (...words: string[]) => ({ words }) as unknown as ShellCall;

describe('commandOf skips the values of wrapper options', () => {
  it.each([
    [['sudo', '-u', 'discourse', 'git', 'clone', 'x'], 'git', 3],
    [['sudo', '-H', '-u', 'app', '--', 'chmod', 'u+s', '/x'], 'chmod', 5],
    [['sudo', '-g', 'wheel', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', 'x'], 'apt-get', 4],
    [['sudo', '--user=app', 'make'], 'make', 2],
    [['env', '-u', 'HOME', 'A=1', 'sh'], 'sh', 4],
    [['nice', '-n', '10', 'tar', 'xf', 'a'], 'tar', 3],
    [['gosu', 'nobody', 'true'], 'true', 2],
    [['/sbin/su-exec', 'redis:redis', 'redis-server'], 'redis-server', 2],
    [['sudo', '-E', 'bash', '-'], 'bash', 2],
    [['xargs', '-r', '-I', '{}', 'chmod', 'u+s', '{}'], 'chmod', 4],
  ])('%j → %s', (words, name, at) => expect(commandOf(call(...words))).toEqual({ name, at }));

  it('a wrapper without a command has none', () => {
    expect(commandOf(call('sudo', '-u', 'app'))).toBeUndefined();
    expect(commandOf(call('gosu', 'nobody'))).toBeUndefined();
  });
});

describe('GNU operator-octal chmod modes', () => {
  it.each(['=4711', '+4000', '+2000', '=6755', 'u+x,+4000'])('%s sets setuid/setgid', (m) => expect(modeSetsSetid(m)).toBe(true));
  it.each(['=0755', '+0755', '-4000', '=755', '+1000'])('%s does not', (m) => expect(modeSetsSetid(m)).toBe(false));
  it('=0755 clears both bits, -4000 clears setuid only, +0755 clears none', () => {
    expect(clearedBits('=0755')).toEqual({ setuid: true, setgid: true });
    expect(clearedBits('-4000')).toEqual({ setuid: true, setgid: false });
    expect(clearedBits('+0755')).toEqual({ setuid: false, setgid: false });
  });
});

describe('findExecChmod', () => {
  it('reads the mode, the roots and -type d', () => {
    expect(findExecChmod(['find', '/opt/tools/', '/srv', '-type', 'f', '-exec', 'chmod', 'u+s', '{}', ';'])).toEqual({ mode: 'u+s', roots: ['/opt/tools', '/srv'], directoriesOnly: false });
    expect(findExecChmod(['find', '/data', '-type', 'd', '-execdir', '/bin/chmod', '-v', 'g+s', '{}', '+'])).toEqual({ mode: 'g+s', roots: ['/data'], directoriesOnly: true });
    expect(findExecChmod(['find', '.', '-name', '*.sh', '-print'])).toBeUndefined();
  });
});

ruleTester(setuid, {
  valid: [
    { kind: 'dockerfile', code: 'FROM debian\nRUN find /srv/shared -type d -exec chmod g+s {} +\n', name: 'setgid on directories found by find -type d' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN find /opt -type f -exec chmod 0755 {} \\;\n', name: 'find -exec chmod without special bits' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN find /opt/tools -type f -exec chmod u+s {} \\; && find / -xdev -perm /6000 -type f -exec chmod a-s {} \\;\n', name: 'cleared by a later sweep' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN chmod =4711 /usr/local/bin/t && chmod =0755 /usr/local/bin/t\n', name: 'cleared again by =0755' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN gosu nobody true && sudo -u app chmod 0755 /x\n', name: 'no setuid behind gosu / sudo -u' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:bookworm\nRUN chmod =4711 /usr/local/bin/other-helper\nUSER 1000\n',
      name: 'chmod =4711 (GNU operator-octal form)',
      errors: [{ line: 2, column: 5, endColumn: 44, severity: 'high', data: { command: 'chmod =4711 other-helper' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:bookworm\nRUN apt-get update && \\\n    sudo -u root chmod u+s /usr/bin/find\nUSER 1000\n',
      name: 'sudo -u root chmod u+s',
      errors: [{ line: 3, column: 5, endColumn: 41, severity: 'high', data: { command: 'chmod u+s find' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:bookworm-slim\nRUN find /opt/tools -type f -exec chmod u+s {} \\;\nRUN ls /opt/bin/* | xargs -r chmod 4755\nUSER 1000\n',
      name: 'find -exec chmod u+s, xargs chmod 4755',
      errors: [
        { line: 2, column: 5, endColumn: 50, severity: 'high', data: { command: 'find -exec chmod u+s tools' } },
        { line: 3, column: 21, endColumn: 40, severity: 'high', data: { command: 'chmod 4755' } },
      ],
    },
  ],
});

ruleTester(remote, {
  valid: [{ kind: 'dockerfile', code: 'FROM debian\nRUN sudo -u app git --version\n' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:bookworm-slim\nRUN useradd discourse -s /bin/bash -m -U &&\\\n    sudo -u discourse git clone --filter=tree:0 https://github.com/discourse/discourse.git /var/www/discourse\n',
      name: 'discourse_docker: git clone behind sudo -u',
      errors: [{ line: 3, column: 5, severity: 'info' }],
    },
  ],
});

const CONFIG_SECRETS =
  'FROM alpine:3.19\n' +
  'HEALTHCHECK CMD wget -q --header "Authorization: Bearer glpat-Xk3r9QmT7vLp2Zw8Yb4N" -O- http://localhost/ || exit 1\n' +
  'ENTRYPOINT ["app", "--api-key=sk_live_4eC39HqLyjWDarjtT1zdp7dc"]\n' +
  'CMD curl -u admin:Adm1nPa55 http://localhost:8080/\n' +
  'USER 1000\n';

ruleTester(secret, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM python:3.11-slim\nRUN pip install --user git+ssh://git@github.com/acme/private.git@v1.2.0\nRUN useradd --user app:app || true\nUSER nobody\n',
      name: "pip's --user flag before a git+ssh URL is no curl -u user:password",
    },
    {
      kind: 'dockerfile',
      code: 'FROM golang:1.22-alpine AS build\nRUN git config --global url."https://${GITHUB_TOKEN}:x-oauth-basic@github.com/".insteadOf "https://github.com/"\nFROM scratch\nUSER 65534\n',
      name: "GitHub's x-oauth-basic placeholder password next to a token variable",
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nLABEL org.opencontainers.image.source="https://github.com/acme/app"\nHEALTHCHECK CMD curl -fsS -u 1000:1000 http://localhost/ || exit 1\nCMD ["app", "--token-file=/run/secrets/token", "--password=$APP_PASSWORD"]\nUSER 1000\n',
      name: 'no literal credential in CMD / HEALTHCHECK / LABEL',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM golang:1.22\nARG GITHUB_TOKEN\nENV REPO_URL=https://${GITHUB_TOKEN}:x-oauth-basic@github.com/acme/x.git\nUSER 1000\n',
      name: 'x-oauth-basic URL in ENV: the build argument is copied, no literal',
      errors: [{ line: 3, column: 5, severity: 'medium', data: { name: 'REPO_URL', kind: 'build-arg' } }],
    },
    {
      kind: 'dockerfile',
      code: CONFIG_SECRETS,
      name: 'HEALTHCHECK, ENTRYPOINT and CMD credentials',
      errors: [
        { line: 2, column: 57, endColumn: 83, severity: 'high', data: { name: 'gitlab-token', kind: 'literal' } },
        { line: 3, column: 21, endColumn: 63, severity: 'high', data: { name: 'stripe-key', kind: 'literal' } },
        { line: 4, column: 19, endColumn: 28, severity: 'high', data: { name: 'password', kind: 'literal' } },
      ],
    },
  ],
});

describe('config-instruction credentials are masked', () => {
  it('in text and JSON output', async () => {
    const result = await auditSources([{ path: 'Dockerfile', text: CONFIG_SECRETS, kind: 'dockerfile' }]);
    expect(result.findings.filter((f) => f.ruleId === 'BW-0103').length).toBe(3);
    const out = render(result, 'text', { color: false }) + render(result, 'json');
    for (const s of ['Xk3r9QmT7vLp2Zw8Yb4N', '4eC39HqLyjWDarjtT1zdp7dc', 'Adm1nPa55']) expect(out).not.toContain(s);
  });
});

describe('mkdirMode', () => {
  it.each([
    [['-m', '777', '/a'], { mode: '777', targets: ['/a'] }],
    [['-pm777', '/a', '/b'], { mode: '777', targets: ['/a', '/b'] }],
    [['-p', '--mode=1777', '/t'], { mode: '1777', targets: ['/t'] }],
    [['--mode', 'a+w', '--', '-odd'], { mode: 'a+w', targets: ['-odd'] }],
  ])('%j', (words, want) => expect(mkdirMode(words)).toEqual(want));
  it('no mode, no result', () => expect(mkdirMode(['-p', '/a'])).toBeUndefined());
});

ruleTester(worldWritable, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nRUN mkdir -p -m 1777 /tmp/shared && mkdir -m 0755 /srv/app && mkdir -p /x\n', name: 'sticky or closed mkdir modes' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM php:8.3-fpm-alpine\nRUN mkdir -m 777 /var/log/app && sudo mkdir -pm0777 /srv/uploads\nUSER www-data\n',
      name: 'mkdir -m 777, sudo mkdir -pm0777',
      errors: [
        { line: 2, column: 5, endColumn: 30, severity: 'low', data: { mode: '777', path: '/var/log/app' } },
        { line: 2, column: 34, endColumn: 65, severity: 'low', data: { mode: '0777', path: '/srv/uploads' } },
      ],
    },
  ],
});

describe('DF_NO_USER with a root-dropping entrypoint', () => {
  it('is reported at the final FROM and names the tool', async () => {
    const text =
      'FROM alpine:3.18\nRUN apk add --no-cache su-exec dumb-init && adduser -S vault\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n';
    const result = await auditSources([{ path: 'Dockerfile', text, kind: 'dockerfile' }]);
    const f = result.findings.filter((x) => x.ruleId === 'BW-0101');
    expect(f.map((x) => [x.location.startLine, x.location.startColumn, x.severity, x.certainty])).toEqual([[1, 1, 'medium', 'unknown']]);
    expect(f[0].message).toBe(
      'final stage sets no USER: the default user of base image alpine:3.18 applies, usually root (it uses su-exec: an entrypoint that drops root with it still starts as root, as does docker exec; a USER needs an entrypoint that no longer calls su-exec)',
    );
  });
});

ruleTester(userNotSet, {
  valid: [{ kind: 'dockerfile', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gosu\nUSER 999\n', name: 'USER set: no finding even with gosu' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:bookworm-slim\n# gosu in a comment only\nCMD ["app"]\n',
      errors: [{ line: 1, column: 1, severity: 'medium', data: { image: 'debian:bookworm-slim' } }],
    },
  ],
});

describe('copiedPaths', () => {
  it.each([
    ['entrypoint /', ['/entrypoint']],
    ['a.sh b.sh /usr/local/bin/', ['/usr/local/bin/a.sh', '/usr/local/bin/b.sh']],
    ['run.sh /etc/services.d/app/run', ['/etc/services.d/app/run']],
    ['conf/ /etc/app/', ['/etc/app']],
    ['["my file.sh", "/opt/"]', ['/opt/my file.sh']],
    ['tool .', ['tool']],
  ])('%s → %j', (args, want) => expect(copiedPaths(args)).toEqual(want));
});

ruleTester(worldWritable, {
  valid: [{ kind: 'dockerfile', code: 'FROM alpine\nCOPY --chmod=777 entrypoint /\nRUN chmod 755 /entrypoint\n', name: 'cleared by a later chmod of the copied file' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu:20.04\nCOPY --chmod=777 entrypoint /\nENTRYPOINT ["/entrypoint"]\n',
      name: 'COPY into / names the file',
      errors: [{ line: 2, column: 6, endColumn: 17, severity: 'low', data: { mode: '777', path: '/entrypoint' } }],
    },
  ],
});

describe('installsPackageFile', () => {
  it.each([
    [['dpkg', '-i', 'x.deb'], true],
    [['/usr/bin/dpkg', '--install', 'x.deb'], true],
    [['rpm', '-Uvh', 'x.rpm'], true],
    [['apt-get', 'install', '-y', './x.deb'], true],
    [['apk', 'add', '--allow-untrusted', 'x.apk'], true],
    [['dpkg', '-l'], false],
    [['apt-get', 'install', '-y', 'curl'], false],
    [['rpm', '--import', 'key.asc'], false],
  ])('%j → %s', (words, want) => expect(installsPackageFile(words)).toBe(want));
});

ruleTester(remote, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu:jammy\nRUN curl -o wkhtmltox.deb -sSL https://github.com/w/p/releases/download/0.12.6.1-3/wkhtmltox.deb && echo "967390a759707337b46d1c02452e2bb6b2dc6d59 wkhtmltox.deb" | sha1sum -c - && apt-get install -y --no-install-recommends ./wkhtmltox.deb\n',
      name: 'odoo: checksum verified before install',
    },
    { kind: 'dockerfile', code: 'FROM debian:12\nCOPY y.deb /tmp/\nRUN curl -LO https://example.com/other.tgz && dpkg -i /tmp/y.deb\n', name: 'installs a local package, not the download' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:12\nRUN cd /tmp && curl -LO https://github.com/x/y/releases/download/v1/y.deb && dpkg -i y.deb\nRUN curl -fsSLO https://example.com/install.sh && bash install.sh --prefix=/usr/local\nRUN wget https://example.com/z.rpm && rpm -ivh z.rpm\n',
      name: 'curl -LO + dpkg -i, curl -O + bash, wget + rpm -ivh',
      errors: [
        { line: 2, column: 78, endColumn: 91, severity: 'info', data: { command: 'curl -o y.deb; dpkg -i y.deb' } },
        { line: 3, column: 51, endColumn: 86, severity: 'info', data: { command: 'curl -o install.sh; bash install.sh' } },
        { line: 4, column: 39, endColumn: 53, severity: 'info', data: { command: 'wget -O z.rpm; rpm -ivh z.rpm' } },
      ],
    },
  ],
});
