/**
 * BW-0112 df-sshd fix (issue 4, R-G9, CIS 1.6.0 5.6/5.7, paper §V.2.9): EXPOSE 22 and openssh-server /
 * openssh installs are removed with --unsafe-fixes, the rest of each line kept; a hardened Dockerfile then
 * has no BW-0112 finding an unsafe fix could remove.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { hardenText } from './index.js';

const only = { unsafe: true, only: ['BW-0112'] };

async function bw0112(path: string, text: string) {
  return (await auditSources([{ path, text, kind: 'dockerfile' }], { config: {} })).findings.filter((f) => f.ruleId === 'BW-0112').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`);
}

describe('BW-0112 fix: remove the SSH server', () => {
  it('removes 22 from a multi-port EXPOSE and openssh-server from an install line (one continuation taken with it)', async () => {
    const df = 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    curl \\\n    openssh-server \\\n    vim && rm -rf /var/lib/apt/lists/*\nEXPOSE 80 22/tcp 443\nCMD ["/app"]\n';
    const r = await hardenText({ path: 'Dockerfile', text: df }, only);
    expect(r.output).toBe('FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    curl \\\n    vim && rm -rf /var/lib/apt/lists/*\nEXPOSE 80 443\nCMD ["/app"]\n');
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.ruleId} ${c.applicability}`)).toEqual(['4:5 BW-0112 unsafe', '6:11 BW-0112 unsafe']);
    expect(await bw0112('Dockerfile', r.output)).toEqual([]);
  });

  it('removes a whole EXPOSE 22, and openssh (apk) at the end of a line', async () => {
    const df = 'FROM alpine:3.20\nRUN apk add --no-cache bash openssh\nEXPOSE 22\nUSER 1000\n';
    const r = await hardenText({ path: 'Dockerfile', text: df }, only);
    expect(r.output).toBe('FROM alpine:3.20\nRUN apk add --no-cache bash\nUSER 1000\n');
    expect(r.changes).toHaveLength(2);
  });

  it('is unsafe: not applied without --unsafe-fixes; counted as available', async () => {
    const df = 'FROM alpine:3.20\nEXPOSE 22\nUSER 1000\n';
    const r = await hardenText({ path: 'Dockerfile', text: df }, { only: ['BW-0112'] });
    expect(r.output).toBe(df);
    expect(r.unsafeAvailable).toBe(1);
  });

  it('leaves an install of the SSH server alone, a CMD starting sshd and dropbear to the user', async () => {
    const df = 'FROM debian:12\nRUN apt-get install -y openssh-server\nRUN apk add dropbear\nCMD ["/usr/sbin/sshd", "-D"]\n';
    const r = await hardenText({ path: 'Dockerfile', text: df }, only);
    expect(r.output).toBe(df);
    // The SSH server package bulwark would remove is named in a note; dropbear and the CMD have no fix.
    expect(r.notes).toEqual(['debian:12: BW-0112: Dockerfile:2:24: openssh-server is left installed: it is the only package of its install command; remove the command by hand']);
    expect(r.changes).toEqual([]);
    expect(await bw0112('Dockerfile', r.output)).toEqual(['2:24 installs openssh-server: an SSH server in the image', '3:13 installs dropbear: an SSH server in the image', '4:17 CMD starts sshd']);
  });
});

describe('BW-0112 fix: the hardened Dockerfile still builds (qa9)', () => {
  it('keeps openssh-server when a later RUN edits /etc/ssh/sshd_config (the sed would fail without it); EXPOSE 22 still goes', async () => {
    const df =
      'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y openssh-server sudo supervisor\nRUN mkdir /var/run/sshd\n' +
      "RUN sed -i 's/#PermitRootLogin prohibit-password/PermitRootLogin yes/' /etc/ssh/sshd_config\nEXPOSE 22 80\nCMD [\"/usr/bin/supervisord\"]\n";
    const r = await hardenText({ path: 'Dockerfile', text: df }, only);
    expect(r.output.split('\n')).toEqual([
      'FROM ubuntu:22.04',
      'RUN apt-get update && apt-get install -y openssh-server sudo supervisor',
      'RUN mkdir /var/run/sshd',
      "RUN sed -i 's/#PermitRootLogin prohibit-password/PermitRootLogin yes/' /etc/ssh/sshd_config",
      'EXPOSE 80',
      'CMD ["/usr/bin/supervisord"]',
      '',
    ]);
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.ruleId} ${c.title}`)).toEqual(['5:8 BW-0112 remove port 22 from EXPOSE: the image no longer declares SSH (docker run -P no longer publishes it)']);
    expect(r.notes).toEqual([
      'ubuntu:22.04: BW-0112: Dockerfile:2:42: openssh-server is left installed: the rest of its RUN or a later RUN uses what it installs (/etc/ssh, ssh-keygen or sshd) and would fail without it; remove the package and those steps by hand',
    ]);
  });

  it('keeps openssh-server when the same RUN generates host keys with ssh-keygen after the install', async () => {
    const df = 'FROM alpine:3.20\nRUN apk add --no-cache bash openssh \\\n && ssh-keygen -A\nUSER 1000\n';
    const r = await hardenText({ path: 'Dockerfile', text: df }, only);
    expect(r.output).toBe(df);
    expect(r.changes).toEqual([]);
    expect(r.notes).toEqual([
      'alpine:3.20: BW-0112: Dockerfile:2:29: openssh is left installed: the rest of its RUN or a later RUN uses what it installs (/etc/ssh, ssh-keygen or sshd) and would fail without it; remove the package and those steps by hand',
    ]);
    // Without --unsafe-fixes the (unsafe) fix is not asked for: no note.
    expect((await hardenText({ path: 'Dockerfile', text: df }, { only: ['BW-0112'] })).notes).toEqual([]);
  });
});

describe('BW-0112 fix: each change says what it removed, and an SSH server left installed is named (never claimed removed)', () => {
  it('titles: the EXPOSE port and the package are separate changes, each naming what it removed', async () => {
    const df = 'FROM debian:12\nRUN apt-get install -y openssh-server curl\nEXPOSE 22\nUSER 1000\n';
    const r = await hardenText({ path: 'Dockerfile', text: df }, only);
    expect(r.output).toBe('FROM debian:12\nRUN apt-get install -y curl\nUSER 1000\n');
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.title}`)).toEqual([
      '2:24 remove openssh-server from this install command (use docker exec instead of SSH)',
      '3:8 remove port 22 from EXPOSE: the image no longer declares SSH (docker run -P no longer publishes it)',
    ]);
    expect(r.notes).toEqual([]);
  });

  it('every mention of the package in the command goes (quoted, twice, in a heredoc, in a parent stage); exec form is a note', async () => {
    const df =
      'FROM debian:12 AS base\nRUN apt-get install -y "openssh-server" wget\nFROM base\nRUN ["apt-get", "install", "-y", "openssh-server", "vim"]\n' +
      'RUN <<EOF\napt-get install -y openssh-server git\nEOF\nRUN apt-get install -y curl openssh-server openssh-server\nRUN apk add openssh-server-pam bash\nUSER 1000\n';
    const r = await hardenText({ path: 'Dockerfile', text: df }, only);
    expect(r.output).toBe(
      'FROM debian:12 AS base\nRUN apt-get install -y wget\nFROM base\nRUN ["apt-get", "install", "-y", "openssh-server", "vim"]\n' +
        'RUN <<EOF\napt-get install -y git\nEOF\nRUN apt-get install -y curl\nRUN apk add bash\nUSER 1000\n',
    );
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.target} ${c.ruleId}`)).toEqual([
      '2:24 base BW-0112',
      '6:20 base #2 BW-0112',
      '8:29 base #2 BW-0112',
      '9:13 base #2 BW-0112',
    ]);
    expect(r.notes).toEqual(['base #2: BW-0112: Dockerfile:4:5: openssh-server is left installed: it is not written as a word of a shell-form RUN (an exec-form RUN ["apt-get", …] is not edited); remove it by hand']);
    expect(await bw0112('Dockerfile', r.output)).toEqual(['4:5 installs openssh-server: an SSH server in the image']);
  });
});

describe('BW-0112 fix: findings it cannot fix are not counted as fixable', () => {
  it('an install of only the SSH server is not offered as an unsafe fix', async () => {
    const r = await hardenText({ path: 'Dockerfile', text: 'FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    openssh-server && rm -rf /var/lib/apt/lists/*\nUSER 1000\n' }, { only: ['BW-0112'] });
    expect(r.unsafeAvailable).toBe(0);
  });
});

describe('BW-0112 fix: property over generated Dockerfiles', () => {
  it('removes exactly port 22 and openssh-server, keeps every other port and package in order, and is idempotent', async () => {
    const port = fc.constantFrom('80', '443', '8080', '2222', '3000/udp');
    const pkg = fc.constantFrom('curl', 'vim', 'ca-certificates', 'git');
    await fc.assert(
      fc.asyncProperty(
        fc.array(port, { maxLength: 3 }),
        fc.nat({ max: 3 }),
        fc.array(pkg, { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 3 }),
        fc.boolean(),
        async (ports, pAt, pkgs, kAt, continued) => {
          const withPort = [...ports.slice(0, pAt), '22', ...ports.slice(pAt)];
          const withPkg = [...pkgs.slice(0, kAt), 'openssh-server', ...pkgs.slice(kAt)];
          const sep = continued ? ' \\\n    ' : ' ';
          const df = `FROM debian:12\nRUN apt-get install -y${sep}${withPkg.join(sep)}\nEXPOSE ${withPort.join(' ')}\nUSER 1000\n`;
          const r = await hardenText({ path: 'Dockerfile', text: df }, only);
          const want = `FROM debian:12\nRUN apt-get install -y${sep}${pkgs.join(sep)}\n${ports.length ? `EXPOSE ${ports.join(' ')}\n` : ''}USER 1000\n`;
          expect(r.output).toBe(want);
          expect(await bw0112('Dockerfile', r.output)).toEqual([]);
          expect((await hardenText({ path: 'Dockerfile', text: r.output }, only)).output).toBe(r.output);
        },
      ),
      { numRuns: 40 },
    );
  });
});
