import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { ruleTester } from './tester.js';
import rule, { knownDirectories, sedSearchPatterns, clearedBits, installMode, modeSetsSetid, passwordDeletedFor, sweepOf } from './df-setuid-binary.js';

// R-G7, CIS 1.6.0 4.8; corpus jenkins-agent-chrome-sandbox-suid-4755 and heredoc-copy-script-no-user.
describe('modeSetsSetid', () => {
  it.each(['4755', '2755', '6755', '04755', 'u+s', 'g+s', '+s', 'a+s', 'u=rwxs', 'go-w,u+s'])('%s sets setuid/setgid', (m) => expect(modeSetsSetid(m)).toBe(true));
  it.each(['755', '0755', '1777', '+x', 'u+x', 'o+s', 'u-s', 'g-s', 'abc', ''])('%s does not', (m) => expect(modeSetsSetid(m)).toBe(false));
});

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN chmod +x /bin/ping.sh\n' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN chmod -R g+rw /opt/google && chmod 1777 /tmp/x && chmod u-s /usr/bin/su\n' },
    { kind: 'dockerfile', code: 'FROM ubuntu\n# RUN chmod 4755 /x\nCOPY --chmod=0755 a /b\n' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nCOPY <<EOF /x.sh\nchmod 4755 /y\nEOF\n', name: 'COPY heredoc body is file content' },
    { kind: 'dockerfile', code: 'FROM ubuntu AS build\nRUN chmod u+s /x\nFROM ubuntu\nCOPY --from=build /y /y\n', name: 'stage not shipped' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN chmod -R g+s /srv\n', name: 'setgid on a directory (-R): group inheritance only' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN chmod 2775 /data/ /srv/\n', name: 'setgid on paths ending in /' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN mkdir -p /srv/app && chmod g+s /srv/app\n', name: 'setgid on a directory made by mkdir in the same RUN' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      name: 'setcap of an escalating file capability (cap_setuid, cap_sys_admin); cap_net_bind_service and setcap -r are fine (QA)',
      code: 'FROM python:3.12-slim\nRUN setcap cap_setuid+ep /usr/local/bin/python3.12\nRUN setcap "cap_sys_admin,cap_dac_override=eip" /opt/tool && setcap cap_net_bind_service=+ep /usr/sbin/nginx && setcap -r /x\nUSER 1000\n',
      errors: [
        { line: 2, column: 5, severity: 'high', data: { command: 'setcap cap_setuid python3.12' }, message: 'setcap cap_setuid python3.12: a file capability that lets whoever runs the file become root' },
        { line: 3, column: 5, severity: 'high', data: { command: 'setcap cap_sys_admin,cap_dac_override tool' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu\nRUN chmod -R u+s /srv && chmod g+s /usr/bin/tool && chmod 2755 /data/ /bin/x\n',
      name: 'setuid stays high on directories; setgid on a file or a mix is reported',
      errors: [
        { line: 2, column: 5, endColumn: 22, severity: 'high', data: { command: 'chmod u+s srv' } },
        { line: 2, column: 26, endColumn: 49, severity: 'high', data: { command: 'chmod g+s tool' } },
        { line: 2, column: 53, endColumn: 77, severity: 'high', data: { command: 'chmod 2755 data' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM registry.access.redhat.com/ubi8/ubi:8.1\nUSER root\nRUN chmod 4755 /opt/google/chrome/chrome-sandbox\nUSER 1001\n',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 49, severity: 'high', data: { command: 'chmod 4755 chrome-sandbox' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nRUN apk add sudo && \\\n    sudo chmod u+s,g+s /usr/bin/x\nCOPY --chmod=2755 tool /usr/bin/tool\n',
      errors: [
        { line: 3, column: 5, endColumn: 34, data: { command: 'chmod u+s,g+s x' } },
        { line: 4, column: 6, endColumn: 18, data: { command: 'COPY --chmod=2755' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN <<EOF\nset -e\nchmod +s /usr/local/bin/helper\nEOF\n',
      name: 'RUN heredoc script',
      errors: [{ line: 4, column: 1, endColumn: 31, data: { command: 'chmod +s helper' } }],
    },
    {
      kind: 'dockerfile',
      code: "FROM debian\nRUN echo 'jenkins ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers\n",
      errors: [{ line: 2, column: 29, endColumn: 37, data: { command: 'sudoers NOPASSWD' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian AS base\nRUN chmod 6755 /x\nFROM base\nUSER 1000\n',
      name: 'inherited stage is shipped',
      errors: [{ line: 2, column: 5, data: { command: 'chmod 6755 x' } }],
    },
  ],
});

// A later sweep clears the bits before the image is committed (issue 4: the harden fix's own sweep).
describe('sweepOf', () => {
  it('reads the harden sweep: root /, both bits', () => expect(sweepOf(['find', '/', '-xdev', '-perm', '/6000', '-type', 'f', '-exec', 'chmod', 'a-s', '{}', '+'])).toEqual({ roots: ['/'], setuid: true, setgid: true }));
  it('reads -perm -4000 with u-s under /usr', () => expect(sweepOf(['/usr/bin/find', '/usr/', '-perm', '-4000', '-exec', 'chmod', 'u-s', '{}', ';'])).toEqual({ roots: ['/usr'], setuid: true, setgid: false }));
  it.each([
    [['find', '/', '-perm', '/6000', '-print']],
    [['find', '/', '-perm', '/6000', '-exec', 'chmod', 'a+s', '{}', '+']],
    [['find', '/', '-perm', '/1000', '-exec', 'chmod', 'a-s', '{}', '+']],
    [['find', '/', '-type', 'f', '-exec', 'chmod', 'a-s', '{}', '+']],
  ])('%j is not a sweep', (w) => expect(sweepOf(w)).toBeUndefined());
});

ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20\nRUN chmod u+s /bin/busybox\n# bulwark: clears setuid/setgid bits (CIS 4.8)\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true\nCMD ["sh"]\n',
      name: 'the harden sweep after the chmod',
    },
    { kind: 'dockerfile', code: 'FROM debian AS base\nCOPY --chmod=4755 tool /usr/bin/tool\nFROM base\nRUN find / -perm /4000 -exec chmod u-s {} +\n', name: 'sweep in the final stage clears a base stage bit' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN chmod 4755 /usr/bin/x && find /usr -perm -4000 -exec chmod -s {} \\;\n', name: 'sweep later in the same RUN, under its root' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\nRUN chmod u+s /usr/bin/x\n',
      name: 'sweep before the chmod does not clear it',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 25, data: { command: 'chmod u+s x' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN chmod 6755 /opt/x && chmod 4755 /usr/bin/y\nRUN find / -perm /4000 -exec chmod u-s {} +\nRUN find /usr -perm /2000 -exec chmod g-s {} +\n',
      name: 'a sweep clears only its bits and only under its root',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 22, data: { command: 'chmod 6755 x' } }],
    },
    {
      kind: 'dockerfile',
      code: "FROM debian\nRUN echo 'a ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n",
      name: 'NOPASSWD is not a bit: still reported',
      errors: [{ line: 2, column: 23, endColumn: 31, data: { command: 'sudoers NOPASSWD' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian AS build\nRUN find / -perm /6000 -exec chmod a-s {} +\nFROM debian\nRUN chmod u+s /usr/bin/x\n',
      name: 'a sweep in a stage not shipped clears nothing in the image',
      errors: [{ line: 4, column: 5, endColumn: 25, data: { command: 'chmod u+s x' } }],
    },
  ],
});

// QA (real-world Dockerfiles): `install -m 4755` sets the bit while copying, without any chmod.
describe('installMode', () => {
  it('reads -m MODE and the last operand', () => expect(installMode(['-m', '4755', '-o', 'root', 'helper2', '/usr/local/bin/helper2'])).toEqual({ mode: '4755', targets: ['/usr/local/bin/helper2'], directories: false }));
  it('reads clustered -Dm4755 and --mode=', () => {
    expect(installMode(['-Dm4755', 'x', '/opt/bin/x'])).toEqual({ mode: '4755', targets: ['/opt/bin/x'], directories: false });
    expect(installMode(['--mode=u+s', '-t', '/usr/bin', 'a', 'b'])).toEqual({ mode: 'u+s', targets: ['/usr/bin'], directories: false });
  });
  it('-d makes every operand a directory', () => expect(installMode(['-d', '-m', '2775', '/srv/a', '/srv/b'])).toEqual({ mode: '2775', targets: ['/srv/a', '/srv/b'], directories: true }));
  it('no mode, no result', () => expect(installMode(['-o', 'root', 'a', '/b'])).toBeUndefined());
});

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM debian\nRUN install -m 0755 tool /usr/local/bin/tool\n', name: 'install -m 0755: no special bit' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN install -d -m 2775 /srv/shared\n', name: 'install -d -m 2775: setgid directory' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN apt-get install -y --no-install-recommends sudo\n', name: 'apt-get install is not install(1)' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:12\nRUN install -m 4755 -o root helper2 /usr/local/bin/helper2\nRUN curl -fsSLo /tmp/t https://example.com/t && install -Dm6755 /tmp/t /opt/bin/t\nUSER 1000\n',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 59, severity: 'high', data: { command: 'install -m 4755 helper2' } },
        { line: 3, column: 49, endLine: 3, endColumn: 82, severity: 'high', data: { command: 'install -m 6755 t' } },
      ],
    },
  ],
});

// QA round 2 (real-world sshd / desktop images): a known password set with chpasswd or passwd.
ruleTester(rule, {
  valid: [
    // (`passwd -d` was valid here in round 2; round 3 reports it: an empty password lets su in, see below.)
    { kind: 'dockerfile', code: 'FROM ubuntu\n# RUN echo \'root:root\' | chpasswd\nRUN passwd -l root\n', name: 'comment; locking a password' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nARG ROOT_PW\nRUN echo "root:${ROOT_PW}" | chpasswd\n', name: 'build argument (BW-0103 reports secret-named ones)' },
    { kind: 'dockerfile', code: "FROM ubuntu\nRUN echo 'root:$6$abc$hash' | chpasswd -e\n", name: 'a hash with chpasswd -e' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN printf "root:%s\\n" "hunter2" | chpasswd\n', name: 'printf with a format: the password is an argument, not read' },
    { kind: 'dockerfile', code: "FROM ubuntu AS build\nRUN echo 'root:root' | chpasswd\nFROM ubuntu\nCOPY --from=build /x /x\n", name: 'stage not shipped' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: "FROM ubuntu:22.04\nRUN echo 'root:root' | chpasswd\n",
      errors: [{ line: 2, column: 24, endColumn: 32, severity: 'high', message: 'chpasswd sets a known root password (written in the Dockerfile and the build history): any process can su to root', data: { command: 'chpasswd root' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.19\r\nRUN apk add --no-cache openssh \\\r\n && echo "root:Docker!" | chpasswd\r\n',
      errors: [{ line: 3, column: 27, severity: 'high', data: { command: 'chpasswd root' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN useradd -m dev && \\\n    echo "dev:dev" | chpasswd && \\\n    echo -e "secret\\nsecret" | passwd root\n',
      errors: [
        { line: 3, column: 22, severity: 'medium', data: { command: 'chpasswd dev' } },
        { line: 4, column: 32, severity: 'high', data: { command: 'passwd root' } },
      ],
    },
  ],
});

// QA round 2: ONBUILD triggers run in images built FROM this one: info, not this image's layers.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM node:20-alpine\nONBUILD RUN npm ci && chmod +x /usr/local/bin/x\nONBUILD COPY . .\n', name: 'harmless triggers' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: "FROM node:20-alpine\nONBUILD RUN chmod u+s /usr/local/bin/node\nONBUILD   run echo 'root:toor' | chpasswd\nUSER node\n",
      errors: [
        { line: 2, column: 13, endColumn: 42, severity: 'info', data: { command: 'chmod u+s node' } },
        { line: 3, column: 34, severity: 'info', data: { command: 'chpasswd root' } },
      ],
    },
  ],
});

describe('passwordDeletedFor', () => {
  it('names the user whose password passwd -d removes (root when none is named)', () => {
    expect([['-d', 'root'], ['--delete', 'app'], ['-d'], ['-l', 'root'], ['root'], ['-S', 'app']].map(passwordDeletedFor)).toEqual(['root', 'app', 'root', undefined, undefined, undefined]);
  });
});

// QA round 3: `passwd -d` leaves an empty password, so su needs none (Alpine's CVE-2019-5021: root::).
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM alpine:3.19\nRUN passwd -l root && adduser -D app\nUSER app\n', name: 'passwd -l locks the account' }],
  invalid: [
    {
      kind: 'dockerfile',
      name: 'locking first does not help: -d then empties the field (shadow-utils passwd(1))',
      code: 'FROM ubuntu\nRUN passwd -l root && passwd -d root\n',
      errors: [{ line: 2, column: 23, severity: 'high', data: { command: 'passwd -d root' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.19\nRUN apk add --no-cache shadow \\\n && passwd -d root\nUSER 1000\n',
      errors: [{ line: 3, column: 5, endColumn: 19, severity: 'high', message: 'passwd -d root leaves root without a password: any process can su to root without one', data: { command: 'passwd -d root' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:12\nRUN useradd -m app && usermod -aG sudo app && passwd --delete app\nUSER app\n',
      errors: [{ line: 2, column: 47, severity: 'medium', data: { command: 'passwd -d app' } }],
    },
  ],
});

// QA round 5: a setuid bit removed later by `chmod u-s` (or a numeric mode without it) of the same path never
// reaches the image; the removal must name the same file (or a directory above it with -R).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN chmod u+s /usr/bin/ping\nRUN chmod u-s /usr/bin/ping\nUSER 1\n', name: 'u+s then u-s in a later RUN' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN chmod 4755 /usr/local/bin/helper && chmod 0755 /usr/local/bin/helper\nUSER 1\n', name: 'numeric mode clears in the same RUN' },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN chmod +s /opt/tool/bin/x\nRUN chmod -R a-s /opt/tool\nUSER 1\n', name: 'recursive a-s above it' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu\nRUN chmod u+s /usr/bin/ping\nRUN chmod u-s /usr/bin/ping6 && chmod g-s /usr/bin/ping && chmod a-s /usr/bin\nRUN chmod u+s,g-s /usr/bin/x\nUSER 1\n',
      name: 'removal of another file, of the other bit, non-recursive parent; same-call g-s',
      errors: [
        { line: 2, column: 5, endColumn: 28, data: { command: 'chmod u+s ping' } },
        { line: 4, column: 5, endColumn: 29, data: { command: 'chmod u+s,g-s x' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu\nRUN chmod u-s /usr/bin/ping\nRUN chmod u+s /usr/bin/ping\nUSER 1\n',
      name: 'removal before the set does not count',
      errors: [{ line: 3, column: 5, data: { command: 'chmod u+s ping' } }],
    },
  ],
});

describe('clearedBits', () => {
  it('reads symbolic and numeric modes', () => {
    expect(clearedBits('u-s')).toEqual({ setuid: true, setgid: false });
    expect(clearedBits('g-s')).toEqual({ setuid: false, setgid: true });
    expect(clearedBits('-s')).toEqual({ setuid: true, setgid: true });
    expect(clearedBits('u=rwx,go=rx')).toEqual({ setuid: true, setgid: true });
    expect(clearedBits('0755')).toEqual({ setuid: true, setgid: true });
    expect(clearedBits('2755')).toEqual({ setuid: true, setgid: false });
    expect(clearedBits('+x')).toEqual({ setuid: false, setgid: false });
    expect(clearedBits('go-w')).toEqual({ setuid: false, setgid: false });
    expect(clearedBits('u=rws')).toEqual({ setuid: false, setgid: false });
  });
});

// QA round 9 (real-world Dockerfiles): `sed` on /etc/sudoers. Uncommenting the wheel NOPASSWD line (Fedora/Arch
// images) grants it once (the replacement); a sed whose replacement drops NOPASSWD grants nothing.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: "FROM fedora:39\nRUN sed -i 's/^%wheel\\s*ALL=(ALL)\\s*NOPASSWD: ALL/%wheel ALL=(ALL) ALL/' /etc/sudoers\nUSER 1000\n", name: 'sed removes NOPASSWD' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: "FROM fedora:39\nRUN sed -i 's/^# %wheel\\s*ALL=(ALL)\\s*NOPASSWD: ALL/%wheel ALL=(ALL) NOPASSWD: ALL/' /etc/sudoers\nUSER builder\n",
      name: 'sed uncomments the NOPASSWD line',
      errors: [{ line: 2, column: 70, endColumn: 78, severity: 'high', data: { command: 'sudoers NOPASSWD' } }],
    },
    {
      kind: 'dockerfile',
      code: "FROM debian\nRUN sed -i 's|^%sudo.*|%sudo ALL=(ALL) NOPASSWD: ALL|' /etc/sudoers\n",
      name: 'another delimiter, NOPASSWD only in the replacement',
      errors: [{ line: 2, column: 40, endColumn: 48 }],
    },
  ],
});

describe('sedSearchPatterns', () => {
  it('finds the search part of s commands only in a sed text', () => {
    const t = "sed -i 's/a NOPASSWD: b/c/g' /etc/sudoers";
    expect(sedSearchPatterns(t).map((r) => t.slice(r.start, r.end))).toEqual(['a NOPASSWD: b']);
    expect(sedSearchPatterns("echo 's/a/b/' > /etc/sudoers.d/x")).toEqual([]);
  });
});

// QA round 9 (real-world Dockerfiles): setgid on a directory made evident by an earlier instruction (WORKDIR, VOLUME,
// a mkdir in an earlier RUN, a COPY destination ending in /) or a standard one (/var/www/html) grants nothing.
ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM php:8.2-apache\nWORKDIR /var/www/app\nRUN chmod g+s /var/www/app /var/www/html\nRUN mkdir -p /srv/shared\nRUN chmod 2775 /srv/shared\nVOLUME ["/data", "/logs"]\nRUN chmod g+s /data /logs\nCOPY conf/ /etc/app/\nRUN chmod g+s /etc/app\nUSER www-data\n',
      name: 'setgid on WORKDIR, standard, mkdir, VOLUME and COPY directories',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM php:8.2-apache\nWORKDIR /var/www/app\nRUN chmod g+s /var/www/app/run.sh && chmod u+s /var/www/app\nVOLUME $DATA\nRUN chmod 2755 /data\nUSER www-data\n',
      name: 'a file under the WORKDIR, setuid on a directory, VOLUME from a variable',
      errors: [
        { line: 3, column: 5, endColumn: 34, severity: 'high', data: { command: 'chmod g+s run.sh' } },
        { line: 3, column: 38, endColumn: 60, data: { command: 'chmod u+s app' } },
        { line: 5, column: 5, endColumn: 21, data: { command: 'chmod 2755 data' } },
      ],
    },
  ],
});

describe('knownDirectories', () => {
  it.each([
    ['WORKDIR', ' "/opt/app/" ', ['/opt/app']],
    ['WORKDIR', 'app', []],
    ['VOLUME', '["/data", "/var/lib/x"]', ['/data', '/var/lib/x']],
    ['VOLUME', '/a /b', ['/a', '/b']],
    ['COPY', '--chown=1:1 a b /dst/', ['/dst']],
    ['COPY', 'a /dst', []],
    ['RUN', 'mkdir /x', []],
  ])('%s %s → %j', (k, a, want) => expect(knownDirectories(k, a)).toEqual(want));
});

// QA round 9: a NOPASSWD rule written through visudo (`EDITOR='tee -a' visudo`) names no sudoers file.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: "FROM debian\nRUN echo 'NOPASSWD: is not written anywhere' > /tmp/notes\n", name: 'NOPASSWD text without sudoers or visudo' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: "FROM debian\nRUN echo 'app ALL=(ALL) NOPASSWD: ALL' | EDITOR='tee -a' visudo\nUSER app\n",
      errors: [{ line: 2, column: 25, endColumn: 33, severity: 'high', data: { command: 'sudoers NOPASSWD' } }],
    },
  ],
});

// QA round 9 (Azure App Service images, docs "Enable SSH in a custom container"): the root password comes from a
// literal ENV and is piped into chpasswd as "$SSH_PASSWD".
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM debian\nARG SSH_PASSWD\nRUN echo "$SSH_PASSWD" | chpasswd\n', name: 'from a build argument' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN echo "$PW" | chpasswd\nENV PW=root:x\n', name: 'ENV set after the RUN' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM mcr.microsoft.com/appsvc/python:3.11\nENV SSH_PASSWD "root:Docker!"\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends openssh-server \\\n    && echo "$SSH_PASSWD" | chpasswd\n',
      errors: [{ line: 5, column: 29, endColumn: 37, severity: 'high', data: { command: 'chpasswd root' } }],
    },
  ],
});

describe('QA round 9: remediation fits the finding', () => {
  it('NOPASSWD and known passwords do not get the setuid remediation', async () => {
    const text = 'FROM debian\nRUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app && echo root:root | chpasswd && chmod u+s /bin/x\nUSER app\n';
    const result = await auditSources([{ path: 'Dockerfile', text, kind: 'dockerfile' }]);
    expect(result.findings.filter((f) => f.ruleId === 'BW-0104').map((f) => [f.data.command, f.remediation.split(' ').slice(0, 3).join(' ')])).toEqual([
      ['sudoers NOPASSWD', 'remove the NOPASSWD'],
      ['chpasswd root', 'RUN passwd -l'],
      ['chmod u+s x', 'RUN chmod u-s,g-s'],
    ]);
  });
});

// QA round 9: ONBUILD sed on sudoers reads NOPASSWD in the replacement only, as a RUN does.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: "FROM debian\nONBUILD RUN sed -i 's/NOPASSWD: //' /etc/sudoers\nUSER 1\n", name: 'ONBUILD sed removes NOPASSWD' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: "FROM debian\nONBUILD RUN sed -i 's/^# %wheel.*NOPASSWD: ALL/%wheel ALL=(ALL) NOPASSWD: ALL/' /etc/sudoers\nUSER 1\n",
      errors: [{ line: 2, column: 65, endColumn: 73, severity: 'info' }],
    },
  ],
});

// QA (report d4): a sweep with an exclusion clears only what it selects; `-type d` clears no file.
describe('sweepOf exclusions', () => {
  it('records ! -name and -not -path as exclusions', () =>
    expect(sweepOf(['find', '/', '-xdev', '-perm', '/6000', '-type', 'f', '!', '-name', 'helper', '-not', '-path', '/opt/*', '-exec', 'chmod', 'a-s', '{}', '+'])).toEqual({
      roots: ['/'],
      setuid: true,
      setgid: true,
      excludes: [
        { test: '-name', pattern: 'helper' },
        { test: '-path', pattern: '/opt/*' },
      ],
    }));
  it('-type d is not a sweep of files', () => expect(sweepOf(['find', '/', '-perm', '/6000', '-type', 'd', '-exec', 'chmod', 'a-s', '{}', '+'])).toBeUndefined());
  it('a pruned path is an exclusion', () =>
    expect(sweepOf(['find', '/', '-path', '/proc', '-prune', '-o', '-perm', '/4000', '-exec', 'chmod', 'u-s', '{}', '+'])).toEqual({ roots: ['/'], setuid: true, setgid: false, excludes: [{ test: '-path', pattern: '/proc' }] }));
});

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM debian:12-slim\nRUN chmod 4755 /usr/local/bin/helper\nRUN find / -xdev -perm /6000 -type f ! -name other -exec chmod a-s {} +\nUSER 1000\n', name: 'an exclusion that cannot match the file: cleared' },
    { kind: 'dockerfile', code: 'FROM debian:12-slim\nRUN chmod 4755 /usr/local/bin/helper\nRUN find / -xdev -perm /6000 -type f -name "help*" -exec chmod a-s {} +\nUSER 1000\n', name: 'a name test that selects the file: cleared' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:12-slim\nRUN chmod 4755 /usr/local/bin/helper\nRUN find / -xdev -perm /6000 -type f ! -name helper -exec chmod a-s {} +\nUSER 1000\n',
      name: 'QA d4: ! -name helper keeps the helper setuid',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 37, severity: 'high', message: 'chmod 4755 helper: sets the setuid/setgid bit', data: { command: 'chmod 4755 helper' } }],
    },
    {
      kind: 'dockerfile',
      code: "FROM debian:12-slim\nRUN chmod 4755 /usr/local/bin/helper\nRUN find / -xdev -perm /6000 -not -path '/usr/local/*' -exec chmod a-s {} +\nUSER 1000\n",
      name: '-not -path over the file keeps it',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 37, severity: 'high', data: { command: 'chmod 4755 helper' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:12-slim\nRUN chmod 4755 /usr/local/bin/helper\nRUN find / -xdev -perm /6000 -type d -exec chmod a-s {} +\nUSER 1000\n',
      name: '-type d clears directories, not the file',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 37, severity: 'high', data: { command: 'chmod 4755 helper' } }],
    },
  ],
});

// QA (report d5): COPY --from keeps the setuid bit a builder stage set.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM debian:12 AS build\nRUN chmod 4755 /out/helper\nFROM debian:12-slim\nCOPY --from=build /out/other /usr/local/bin/other\n', name: 'another file of the builder' },
    { kind: 'dockerfile', code: 'FROM debian:12 AS build\nRUN chmod 4755 /out/helper\nFROM debian:12-slim\nCOPY --from=build --chmod=0755 /out/helper /usr/local/bin/helper\n', name: 'COPY --chmod sets the mode' },
    { kind: 'dockerfile', code: 'FROM debian:12 AS build\nRUN chmod 4755 /out/helper && chmod u-s /out/helper\nFROM debian:12-slim\nCOPY --from=build /out/helper /usr/local/bin/helper\n', name: 'cleared in the builder' },
    { kind: 'dockerfile', code: 'FROM debian:12 AS build\nRUN chmod 4755 /out/helper\nFROM debian:12-slim\nCOPY --from=build /out/helper /usr/local/bin/helper\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n', name: 'swept in the final stage' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:12 AS build\nRUN gcc -o /out/helper helper.c && chmod 4755 /out/helper\n\nFROM debian:12-slim\nCOPY --from=build /out/helper /usr/local/bin/helper\nUSER 1000\n',
      name: 'QA d5: COPY --from=build of a setuid file',
      errors: [
        {
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 52,
          severity: 'high',
          data: { command: 'COPY --from=build /out/helper' },
          message: 'COPY --from=build /out/helper: copies helper with the setuid/setgid bit set in stage build (chmod 4755 /out/helper); COPY --from keeps it',
        },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:12 AS build\nRUN chmod 4755 /out/helper\nFROM debian:12-slim\nCOPY --from=build /out/ /usr/local/bin/\nUSER 1000\n',
      name: 'COPY --from of the directory holding it',
      errors: [{ line: 4, column: 1, endColumn: 40, severity: 'high', data: { command: 'COPY --from=build /out/helper' } }],
    },
  ],
});
