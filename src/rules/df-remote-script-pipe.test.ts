import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { ruleTester } from './tester.js';
import rule from './df-remote-script-pipe.js';

// R-P, R-G1; corpus jenkins-agent line 4 (REMOTE_FETCH(curl | bash -), info only).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nRUN curl -fsSLo /tmp/x https://example.com/x && sha256sum -c x.sha256\n' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN curl -fsSL https://example.com/key | gpg --dearmor -o /usr/share/keyrings/x.gpg\n' },
    { kind: 'dockerfile', code: 'FROM alpine\n# RUN curl https://x | sh\nRUN cat a | sh\n' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubi8\nRUN curl --silent --location https://rpm.nodesource.com/setup_current.x | bash -\n',
      errors: [{ line: 2, column: 5, endColumn: 81, severity: 'info', data: { command: 'curl | bash -' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN set -eux; \\\n    wget -qO- https://x/key.asc | apt-key add - && \\\n    wget -O - https://get.example.sh | sudo sh\n',
      errors: [
        { line: 3, column: 5, endColumn: 48, data: { command: 'wget | apt-key add -' } },
        { line: 4, column: 5, endColumn: 47, data: { command: 'wget | sh' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN <<EOF\ncurl -s https://x | python3\nEOF\n',
      errors: [{ line: 3, column: 1, endColumn: 28, data: { command: 'curl | python3' } }],
    },
  ],
});

// QA (real-world Dockerfiles): the Oh My Zsh installer form runs a download through command substitution,
// and `git clone` fetches remote source (corpus code table: REMOTE_FETCH includes `git clone`).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nRUN sh -c "$(cat /tmp/x.sh)" && echo "$(date)"\n', name: 'substitution without a download' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN git clone https://github.com/o/r.git /src && cd /src && git checkout 0c9e1119231a0efd485e3d25a20dd584074ff51f\n', name: 'clone pinned to a commit' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN git clone /local/repo /src\n', name: 'local clone' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu:22.04\nRUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"\nRUN bash <(wget -qO- https://x.example/i.sh)\nRUN git clone --depth 1 https://github.com/nvm-sh/nvm.git /opt/nvm\n',
      errors: [
        { line: 2, column: 5, endColumn: 100, severity: 'info', data: { command: 'sh $(curl …)' } },
        { line: 3, column: 5, endColumn: 45, severity: 'info', data: { command: 'bash <(wget …)' } },
        { line: 4, column: 5, endColumn: 67, severity: 'info', data: { command: 'git clone', url: 'https://github.com/nvm-sh/nvm.git' } },
      ],
    },
  ],
});

// QA round 2: a download piped straight into tar is unpacked into the image unverified (REMOTE_FETCH, info).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nRUN tar -C / -cf - etc | gzip > /tmp/x.tgz\nRUN cat a.tgz | tar xz\n', name: 'tar creating; a local archive' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nRUN wget -qO- https://github.com/x/y/releases/download/v1/y.tar.gz | tar xz -C /usr/local/bin\nRUN curl -fsSL https://x/z.tgz | /bin/tar -xzf - -C /opt\n',
      errors: [
        { line: 2, column: 5, endColumn: 94, severity: 'info', data: { command: 'wget | tar xz -C /usr/local/bin' } },
        { line: 3, column: 5, endColumn: 57, severity: 'info', data: { command: 'curl | /bin/tar -xzf - -C /opt' } },
      ],
    },
  ],
});

// QA round 3 (Windows images): PowerShell runs a download with Invoke-Expression; the Chocolatey installer
// form, `iwr … | iex` and `& ([scriptblock]::Create((irm …)))`. R-P, R-G1.
ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      name: 'a download saved to a file and checked, no Invoke-Expression',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Invoke-WebRequest -Uri https://x/app.msi -OutFile app.msi; if ((Get-FileHash app.msi).Hash -ne $env:SHA) { exit 1 }\n',
    },
    {
      kind: 'dockerfile',
      name: 'iex in a POSIX shell stage is no PowerShell',
      code: 'FROM alpine\nRUN echo iex irm > /tmp/words\n',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      name: 'Chocolatey installer over a backtick continuation, CRLF line ends',
      code: '# escape=`\r\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8\r\nSHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]\r\nRUN Set-ExecutionPolicy Bypass -Scope Process -Force; `\r\n    iex ((New-Object System.Net.WebClient).DownloadString(\'https://community.chocolatey.org/install.ps1\'))\r\nRUN choco install -y git\r\n',
      errors: [{ line: 5, column: 5, endColumn: 8, severity: 'info', data: { command: 'iex DownloadString' } }],
    },
    {
      kind: 'dockerfile',
      name: 'powershell called from the default cmd shell; iwr | iex and scriptblock::Create',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command "iwr -useb https://get.scoop.sh | iex"\nRUN powershell -c "& ([scriptblock]::Create((irm https://aka.ms/install.ps1)))"\n',
      errors: [
        { line: 2, column: 59, endColumn: 62, data: { command: 'iex iwr' } },
        { line: 3, column: 23, endColumn: 45, data: { command: '[scriptblock]::Create irm' } },
      ],
    },
  ],
});

// QA round 5: a script downloaded to a file and run in the same RUN, without a checksum check.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nRUN curl -fsSLo /tmp/i.sh https://x/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh\n', name: 'verified with sha256sum' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz -C /opt && sh /opt/setup.sh\n', name: 'a different file is run' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN curl -o - https://x/i.sh > /dev/null\nRUN sh /tmp/i.sh\n', name: 'stdout; run in another RUN of a file not downloaded there' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu\nRUN wget -O /tmp/install.sh https://sh.rustup.rs && sh /tmp/install.sh -y\nRUN curl -fsSLo install.sh https://get.x.io && chmod +x install.sh && ./install.sh --prefix /usr\n',
      errors: [
        { line: 2, column: 53, endColumn: 74, data: { command: 'wget -O /tmp/install.sh; sh /tmp/install.sh' } },
        { line: 3, column: 71, endColumn: 97, data: { command: 'curl -o install.sh; install.sh' } },
      ],
    },
  ],
});

// QA round 9 (real-world Dockerfiles): a script saved by a `>` redirect or under wget's default file name, then run.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN wget https://example.com/app.tar.gz && tar xzf app.tar.gz\nRUN wget -qO- https://example.com/install.sh > /dev/null && bash install.sh\n', name: 'downloaded archive unpacked; script not the downloaded file' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN curl -fsSL https://install.python-poetry.org > p.py && echo "abc  p.py" | sha256sum -c - && python3 p.py\n', name: 'verified before it runs' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu:24.04\nRUN curl -fsSL https://install.python-poetry.org > install-poetry.py && python3 install-poetry.py\nRUN wget https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/install.sh && bash install.sh\n',
      errors: [
        { line: 2, column: 73, endColumn: 98, severity: 'info', data: { command: 'curl -o install-poetry.py; python3 install-poetry.py' } },
        { line: 3, column: 77, endColumn: 92, data: { command: 'wget -O install.sh; bash install.sh' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nRUN git clone https://github.com/acme/tool.git /opt/tool\n',
      name: 'git clone: the fix pins a commit',
      errors: [{ line: 2, column: 5, endColumn: 57, data: { command: 'git clone', url: 'https://github.com/acme/tool.git' } }],
    },
  ],
});

describe('QA round 9: the remediation of a git clone pins a commit', () => {
  it('is not the script-pipe remediation', async () => {
    const result = await auditSources([{ path: 'Dockerfile', text: 'FROM alpine\nRUN git clone https://github.com/acme/tool.git /opt/tool\nUSER 1\n', kind: 'dockerfile' }]);
    const f = result.findings.filter((x) => x.ruleId === 'BW-0106');
    expect(f.map((x) => x.remediation)).toEqual(['RUN git clone https://github.com/acme/tool.git /src && git -C /src checkout <full commit id>   # or ADD https://github.com/acme/tool.git#<full commit id> /src']);
  });
});

// QA: ONBUILD RUN triggers were read by BW-0104 only; a `curl | sh` trigger runs in every image built FROM this one.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine:3.20\nONBUILD RUN curl -fsSLo /tmp/x https://example.com/x && sha256sum -c x.sha256\nONBUILD COPY . /app\nUSER 1000\n', name: 'verified ONBUILD download' },
    { kind: 'dockerfile', code: 'FROM alpine:3.20 AS build\nONBUILD RUN curl -sSL https://x.example | sh\nFROM alpine:3.20\nUSER 1000\n', name: 'trigger of an earlier stage: not in the final image' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20\nONBUILD RUN curl -sSL https://install.example.com | sh\nONBUILD RUN chmod u+s /usr/bin/find\nONBUILD ADD https://example.com/x.tgz /x.tgz\nUSER 1000\n',
      errors: [{ line: 2, column: 13, endLine: 2, endColumn: 55, severity: 'info', data: { command: 'curl | sh' } }],
    },
  ],
});

describe('ONBUILD RUN triggers (QA: only BW-0104 reported its trigger)', () => {
  it('are reported at their position, worded as what images built FROM this one do, at info whatever the RUN form', async () => {
    const text = [
      'FROM alpine:3.20',
      'ONBUILD RUN curl -sSL https://install.example.com | sh',
      'ONBUILD run wget -qO- https://x.example/key.asc | apt-key add -',
      'ONBUILD RUN wget -O /tmp/i.sh https://x.example/i.sh && sh /tmp/i.sh',
      'ONBUILD RUN sh -c "$(curl -fsSL https://x.example/install.sh)"',
      'ONBUILD RUN git clone https://github.com/o/r.git /src',
      'RUN curl -sSL https://install.example.com | sh',
      'USER 1000',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0106').map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.message}`)).toEqual([
      '2:13-55 info ONBUILD trigger curl | sh: images built FROM this one execute remote content without verification',
      '3:13-64 info ONBUILD trigger wget | apt-key add -: images built FROM this one trust remote content without verification',
      '4:57-69 info ONBUILD trigger wget -O /tmp/i.sh; sh /tmp/i.sh: images built FROM this one run a downloaded script without verification',
      '5:13-63 info ONBUILD trigger sh $(curl …): images built FROM this one execute remote content without verification',
      '6:13-54 info ONBUILD trigger git clone https://github.com/o/r.git: images built FROM this one fetch a remote source not pinned to a commit',
      '7:5-47 info curl | sh: remote content executed at build time without verification',
    ]);
  });

  it('take a severity override from the config like every finding of the rule (as BW-0104 triggers do)', async () => {
    const text = 'FROM alpine:3.20\nONBUILD RUN curl -sSL https://install.example.com | sh\nUSER 1000\n';
    const r = await auditSources([{ path: 'Dockerfile', text }], { env: {}, config: { rules: { 'BW-0106': 'high' } } });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0106').map((f) => `${f.location.startLine} ${f.severity}`)).toEqual(['2 high']);
  });
});
