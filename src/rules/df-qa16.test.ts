/**
 * QA round 16 (Dockerfiles of language ecosystems and Windows images: Go FROM scratch, Python installers,
 * Chocolatey on Server Core). The fix printed with a finding must fit that finding (R-G14: a fix the user can
 * paste): BW-0106 names the finding's own URL and interpreter (R-P, R-G1; Dockerfile reference "ADD --checksum"),
 * a PowerShell download gets a PowerShell fix, BW-0101 on scratch gives a numeric USER (no shell there to run
 * useradd), and Windows images get `USER ContainerUser` (BW-0101, BW-0102; CIS 1.6.0 4.1, R-G5).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { keyringName, remoteUrlIn } from './df-remote-script-pipe.js';
import { secretMounts } from './df-secret-in-env.js';
import { hideUrlCredentials } from '../ingest/dockerfile/facts.js';
import { allRules } from './index.js';
import { render } from '../report/index.js';

async function fixes(path: string, text: string, ids: string[]) {
  const res = await auditSources([{ path, text }], { env: {} });
  expect(res.errors).toEqual([]);
  return res.findings.filter((f) => ids.includes(f.ruleId)).map((f) => [f.ruleId, f.location.startLine, f.location.startColumn, f.remediation]);
}

describe('BW-0106: the fix names the finding own download', () => {
  it('pipes, substitutions, download-then-run and packages', async () => {
    const text = [
      'FROM debian:bookworm-slim',
      'RUN curl -sSL https://install.python-poetry.org | python3 -',
      'RUN wget -qO- https://github.com/cli/cli/releases/download/v2.40.0/gh_2.40.0_linux_amd64.tar.gz | tar xz -C /usr/local',
      'RUN curl -fsSL https://download.docker.com/linux/debian/gpg | apt-key add -',
      'RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"',
      'RUN wget -O /tmp/rustup.sh https://sh.rustup.rs && sh /tmp/rustup.sh -y',
      'RUN curl -LO https://example.com/pkg/tool_1.0_amd64.deb && dpkg -i tool_1.0_amd64.deb',
      'RUN curl -fsSL "$INSTALL_URL" | bash',
      'USER nobody',
      '',
    ].join('\n');
    expect(await fixes('Dockerfile', text, ['BW-0106'])).toEqual([
      ['BW-0106', 2, 5, 'ADD --checksum=sha256:<digest> https://install.python-poetry.org /tmp/install.py\nRUN python3 /tmp/install.py && rm /tmp/install.py'],
      [
        'BW-0106', 3, 5,
        'ADD --checksum=sha256:<digest> https://github.com/cli/cli/releases/download/v2.40.0/gh_2.40.0_linux_amd64.tar.gz /tmp/gh_2.40.0_linux_amd64.tar.gz\n' +
          'RUN tar -xf /tmp/gh_2.40.0_linux_amd64.tar.gz -C /usr/local && rm /tmp/gh_2.40.0_linux_amd64.tar.gz',
      ],
      ['BW-0106', 4, 5, 'ADD --checksum=sha256:<digest> https://download.docker.com/linux/debian/gpg /etc/apt/keyrings/docker.asc\n# then: deb [signed-by=/etc/apt/keyrings/docker.asc] … (apt-key is deprecated)'],
      ['BW-0106', 5, 5, 'ADD --checksum=sha256:<digest> https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh /tmp/install.sh\nRUN sh /tmp/install.sh && rm /tmp/install.sh'],
      ['BW-0106', 6, 52, 'ADD --checksum=sha256:<digest> https://sh.rustup.rs /tmp/rustup.sh\nRUN sh /tmp/rustup.sh -y && rm /tmp/rustup.sh'],
      ['BW-0106', 7, 60, 'ADD --checksum=sha256:<digest> https://example.com/pkg/tool_1.0_amd64.deb /tmp/tool_1.0_amd64.deb\nRUN dpkg -i /tmp/tool_1.0_amd64.deb && rm /tmp/tool_1.0_amd64.deb'],
      ['BW-0106', 8, 5, 'ADD --checksum=sha256:<digest> <url> /tmp/install.sh\nRUN bash /tmp/install.sh && rm /tmp/install.sh'],
    ]);
  });

  it('a PowerShell download run with iex gets a Get-FileHash check, not a bash line (CRLF, escape `)', async () => {
    const text = [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]',
      "RUN iex ((New-Object System.Net.WebClient).DownloadString('https://chocolatey.org/install.ps1'))",
      'USER ContainerUser',
      '',
    ].join('\r\n');
    expect(await fixes('Dockerfile', text, ['BW-0106', 'BW-0101', 'BW-0102'])).toEqual([
      [
        'BW-0106', 4, 5,
        "RUN Invoke-WebRequest -Uri 'https://chocolatey.org/install.ps1' -OutFile install.ps1 -UseBasicParsing; " +
          "if ((Get-FileHash install.ps1 -Algorithm SHA256).Hash -ne '<sha256>') { throw 'checksum mismatch' }; & .\\install.ps1; Remove-Item install.ps1",
      ],
    ]);
  });

  it('remoteUrlIn and keyringName', () => {
    expect(remoteUrlIn(['-fsSL', '$(curl https://a.example/x.sh)'])).toBe('https://a.example/x.sh');
    expect(remoteUrlIn(['-fsSL', '"$URL"'])).toBeUndefined();
    expect(keyringName('https://deb.nodesource.com/gpgkey/nodesource.gpg.key')).toBe('nodesource');
    expect(keyringName('https://packages.microsoft.com/keys/microsoft.asc')).toBe('microsoft');
    expect(keyringName('https://download.docker.com/linux/ubuntu/gpg')).toBe('docker');
    expect(keyringName(undefined)).toBe('repo');
  });
});

describe('BW-0101 / BW-0102: the user fix fits the base image', () => {
  it('FROM scratch: a numeric USER, not RUN useradd (scratch has no shell)', async () => {
    const text = 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    expect(await fixes('Dockerfile', text, ['BW-0101'])).toEqual([['BW-0101', 4, 1, 'USER 65532:65532   # scratch has no shell or /etc/passwd: a numeric uid:gid needs neither']]);
  });

  it('Windows Server Core: no USER names ContainerAdministrator; USER ContainerAdministrator is root; both fixed with ContainerUser', async () => {
    const none = 'FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019\nCOPY . /inetpub/wwwroot\n';
    const res = await auditSources([{ path: 'Dockerfile', text: none }], { env: {} });
    expect(res.findings.filter((f) => f.ruleId === 'BW-0101').map((f) => [f.location.startLine, f.severity, f.certainty, f.message, f.remediation])).toEqual([
      [
        1, 'medium', 'unknown',
        'final stage sets no USER: Windows base image mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019 defaults to ContainerAdministrator, the container\'s administrator',
        'USER ContainerUser',
      ],
    ]);
    const admin = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\nUSER ContainerAdministrator\nRUN echo hi\n';
    expect(await fixes('Dockerfile', admin, ['BW-0101', 'BW-0102'])).toEqual([['BW-0102', 3, 6, 'USER ContainerUser']]);
  });

  it('a Linux base keeps the useradd fix', async () => {
    expect(await fixes('Dockerfile', 'FROM debian:bookworm-slim\nCMD ["bash"]\n', ['BW-0101'])).toEqual([['BW-0101', 1, 1, 'RUN groupadd -r app && useradd -r -g app -u 10001 app\nUSER 10001:10001']]);
  });
});

describe('BW-0104: setgid on a directory every base image has is not a setgid program', () => {
  it('chmod g+s /var/mail and chmod 2775 /var/www/html are quiet; chmod g+s on a program is reported', async () => {
    const text = [
      'FROM php:8.3-apache',
      'RUN chmod g+s /var/mail',
      'RUN chown -R www-data:www-data /var/www/html && chmod 2775 /var/www/html/',
      'RUN chmod 2775 /var/www/html',
      'RUN chmod g+s /usr/bin/wall',
      'USER www-data',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(res.findings.filter((f) => f.ruleId === 'BW-0104').map((f) => [f.location.startLine, f.location.startColumn, f.severity, f.message])).toEqual([
      [5, 5, 'high', 'chmod g+s wall: sets the setuid/setgid bit'],
    ]);
  });
});

describe('BW-0103: the fix names the variable, not the example AWS key', () => {
  it('ENV literal, ARG used by a RUN', async () => {
    const text = [
      'FROM node:20-alpine',
      'ENV SESSION_SECRET=4b1f9c2e7d3a8f6b0c5e9d2a7f4b1c8e',
      'ARG NPM_TOKEN',
      'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc',
      'USER node',
      '',
    ].join('\n');
    expect(await fixes('Dockerfile', text, ['BW-0103'])).toEqual([
      [
        'BW-0103', 2, 5,
        '# remove ENV SESSION_SECRET; give it at run time: a secret file (/run/secrets/session_secret) or docker run -e SESSION_SECRET\n' +
          '# if the build needs it: RUN --mount=type=secret,id=session_secret,env=SESSION_SECRET <the command that needs it>   (docker build --secret id=session_secret,env=SESSION_SECRET .)',
      ],
      ['BW-0103', 3, 5, 'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN <the command that needs it>   # instead of ARG NPM_TOKEN\n# build: docker build --secret id=npm_token,env=NPM_TOKEN .'],
    ]);
  });
});

describe('BW-0101: Chainguard bases default to a non-root user', () => {
  it('cgr.dev/chainguard/static is info; its -dev variant stays medium', async () => {
    const one = async (image: string) =>
      (await auditSources([{ path: 'Dockerfile', text: `FROM ${image}\nCOPY app /app\nENTRYPOINT ["/app"]\n` }], { env: {} })).findings
        .filter((f) => f.ruleId === 'BW-0101')
        .map((f) => [f.location.startLine, f.severity, f.certainty]);
    expect(await one('cgr.dev/chainguard/static:latest')).toEqual([[1, 'info', 'unknown']]);
    expect(await one('cgr.dev/chainguard/python')).toEqual([[1, 'info', 'unknown']]);
    expect(await one('cgr.dev/chainguard/python:latest-dev')).toEqual([[1, 'medium', 'unknown']]);
    expect(await one('cgr.dev/chainguard/node:20-dev@sha256:' + 'a'.repeat(64))).toEqual([[1, 'medium', 'unknown']]);
  });
});

describe('URL credentials are never printed (R-S)', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN git clone https://oauth2:glpat-AbCdEf1234567890XyZw@gitlab.com/org/repo.git /src',
    'RUN curl -fsSL https://deploy:S3cretPassw0rd9@files.example.com/install.sh | sh',
    'RUN wget -O /tmp/i.sh https://x-token-auth:ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5@raw.example.com/i.sh && sh /tmp/i.sh',
    'ADD https://ci:hunter2hunter2@artifacts.example.com/app.tar.gz /opt/',
    'USER 1000',
    '',
  ].join('\n');
  const secrets = /glpat-AbCd|S3cretPassw0rd9|ghp_aB3d|hunter2hunter2/;

  it('not in messages, data, fixes or code frames of any format; the ADD credential is reported at its place', async () => {
    const res = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(res.findings.filter((f) => ['BW-0103', 'BW-0105', 'BW-0106'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([
      'BW-0106 2:5 git clone https://oauth2:****@gitlab.com/org/repo.git: remote source fetched at build time, not pinned to a commit',
      'BW-0103 2:15 RUN writes a literal credential (gitlab-token): it is in the Dockerfile and the build history (docker history)',
      'BW-0106 3:5 curl | sh: remote content executed at build time without verification',
      'BW-0103 3:16 RUN writes a literal credential (url-credentials): it is in the Dockerfile and the build history (docker history)',
      'BW-0103 4:23 RUN writes a literal credential (github-token): it is in the Dockerfile and the build history (docker history)',
      'BW-0106 4:109 wget -O /tmp/i.sh; sh /tmp/i.sh: a downloaded script is run at build time without verification',
      'BW-0103 5:5 ADD URL holds a literal credential (url-credentials): it is in the Dockerfile and the build history (docker history)',
      'BW-0105 5:5 ADD downloads https://ci:****@artifacts.example.com/app.tar.gz without --checksum',
    ]);
    expect(JSON.stringify(res.findings)).not.toMatch(secrets);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(res, format, { color: false })).not.toMatch(secrets);
  });

  it('RUN and ADD URL passwords are masked by the ingester, even with BW-0103 turned off', async () => {
    const res = await auditSources([{ path: 'Dockerfile', text }], { env: {}, rules: allRules.filter((r) => r.meta.id !== 'BW-0103') });
    expect(res.findings.some((f) => f.ruleId === 'BW-0103')).toBe(false);
    const out = render(res, 'text', { color: false });
    expect(out).not.toMatch(secrets);
    expect(out).toContain(`> 2 | RUN git clone https://oauth2:${'*'.repeat('glpat-AbCdEf1234567890XyZw'.length)}@gitlab.com/org/repo.git /src`);
  });

  it('the ADD password is masked by the ingester, even with BW-0103 turned off', async () => {
    const add = 'FROM alpine:3.20\nADD https://ci:hunter2hunter2@artifacts.example.com/app.tar.gz /opt/\nUSER 1000\n';
    const res = await auditSources([{ path: 'Dockerfile', text: add }], { env: {}, rules: allRules.filter((r) => r.meta.id !== 'BW-0103') });
    expect(res.findings.filter((f) => f.ruleId === 'BW-0105').map((f) => f.location.startLine)).toEqual([2]);
    const out = render(res, 'text', { color: false });
    expect(out).not.toMatch(/hunter2/);
    expect(out).toContain('> 2 | ADD https://ci:**************@artifacts.example.com/app.tar.gz /opt/');
  });

  it('hideUrlCredentials', () => {
    expect(hideUrlCredentials('https://ghp_aB3dE5fG7hI9jK1lM3nO5p@github.com/o/r.git and ssh://git@host/x and https://${TOKEN}@github.com')).toBe(
      'https://****@github.com/o/r.git and ssh://git@host/x and https://${TOKEN}@github.com',
    );
  });
});

describe('BW-0103: a build secret written into the layer', () => {
  it('cp, echo of an env= secret, cat | tee are reported; a mount at its target, a copy removed in the same RUN and a builder stage are not', async () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM node:20-alpine AS deps',
      'RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc',
      'FROM node:20-alpine',
      'WORKDIR /app',
      'RUN --mount=type=secret,id=dotenv cp /run/secrets/dotenv /app/.env',
      'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
      'RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci && rm -f /root/.npmrc',
      'RUN --mount=type=secret,id=gh,env=GH_TOKEN echo "//npm.pkg.github.com/:_authToken=${GH_TOKEN}" >> /app/.npmrc',
      'RUN --mount=type=secret,id=key cat /run/secrets/key | tee /etc/app/key.pem >/dev/null',
      'RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://b/x /app/x',
      'USER node',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(res.findings.filter((f) => f.ruleId === 'BW-0103').map((f) => [f.location.startLine, f.location.startColumn, f.severity, f.data])).toEqual([
      [6, 35, 'high', { name: 'dotenv', kind: 'secret-mount-copy' }],
      [9, 44, 'high', { name: 'gh', kind: 'secret-mount-copy' }],
      [10, 32, 'high', { name: 'key', kind: 'secret-mount-copy' }],
    ]);
  });

  it('secretMounts reads ids, targets and env=', () => {
    expect(secretMounts('RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=npmrc,target=/root/.npmrc --mount=type=secret,id=gh,env=GH_TOKEN --mount=type=secret,id=x ')).toEqual([
      { id: 'npmrc', path: '/root/.npmrc' },
      { id: 'gh', env: 'GH_TOKEN' },
      { id: 'x', path: '/run/secrets/x' },
    ]);
  });
});
