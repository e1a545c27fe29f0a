/**
 * `bulwark harden` of a docker run line in a systemd unit (a unit file, or a unit a script writes with a heredoc):
 * a unit is not a script (QA). Steps are added as unit settings (`ExecStartPre=-/usr/bin/docker network create …`
 * before the command, not a shell line, which systemd ignores with "Missing '='"), and only `${NAME}` is written into
 * command lines (systemd.service(5) "Command lines": `${NAME_FILE:?…}` would reach docker as text). Failed before the
 * fix: the shell line `… network inspect bulwark >/dev/null 2>&1 || … network create bulwark   # …` and
 * `source="${API_TOKEN_FILE:?set …}"` were written into the unit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';

const UNIT = [
  '[Unit]',
  'Description=web',
  'After=docker.service',
  '',
  '[Service]',
  'Environment=API_TOKEN=tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  'ExecStart=/usr/bin/docker run --rm --name web -e API_TOKEN=${API_TOKEN} nginx:1.27',
  '',
  '[Install]',
  'WantedBy=multi-user.target',
  '',
].join('\n');

const NOTE =
  "# bulwark: --network bulwark set by bulwark harden (profile values: adjust to the service); API_TOKEN is now read from a file: set API_TOKEN_FILE with this unit's Environment= or EnvironmentFile= to the file holding it (mounted read-only under /run/secrets; the application reads API_TOKEN_FILE); then remove API_TOKEN from this unit's Environment= (its value is still written there)";

/** The unit as harden writes it with the network and secret-file fixes, `$` written as `dollar` for the mount's source. */
const hardened = (dollar: string) =>
  UNIT.replace(
    'ExecStart=/usr/bin/docker run --rm --name web -e API_TOKEN=${API_TOKEN} nginx:1.27',
    [
      '# bulwark: user-defined network (R-G15)',
      'ExecStartPre=-/usr/bin/docker network create bulwark',
      NOTE,
      `ExecStart=/usr/bin/docker run --network bulwark --rm --name web --mount type=bind,source=${dollar}{API_TOKEN_FILE},target=/run/secrets/api_token,readonly -e API_TOKEN_FILE=/run/secrets/api_token nginx:1.27`,
    ].join('\n'),
  );

const ONLY = { unsafe: true, only: ['BW-0038', 'BW-0026'] };

describe('harden writes unit settings into a systemd unit, not shell', () => {
  it('web.service: ExecStartPre= creates the network before ExecStart, the secret file is ${API_TOKEN_FILE}', async () => {
    const r = await hardenText({ path: 'web.service', text: UNIT }, ONLY);
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(r.output).toBe(hardened('$'));
    expect(r.changes.map((c) => `${c.ruleId} ${c.line}:${c.column}`)).toEqual(['BW-0038 7:11', 'BW-0026 7:47']);
  });

  it('a unit a script writes with a heredoc: the same settings; behind an unquoted delimiter the shell must leave ${…} to systemd (\\${…})', async () => {
    const script = (delim: string) => `#!/bin/sh\nset -e\ncat > /etc/systemd/system/web.service <<${delim}\n${UNIT}UNIT\nsystemctl daemon-reload\n`;
    const quoted = await hardenText({ path: 'install.sh', text: script("'UNIT'") }, ONLY);
    expect(quoted.output).toBe(`#!/bin/sh\nset -e\ncat > /etc/systemd/system/web.service <<'UNIT'\n${hardened('$')}UNIT\nsystemctl daemon-reload\n`);
    const unquoted = await hardenText({ path: 'install.sh', text: script('UNIT') }, ONLY);
    expect(unquoted.output).toBe(`#!/bin/sh\nset -e\ncat > /etc/systemd/system/web.service <<UNIT\n${hardened('\\$')}UNIT\nsystemctl daemon-reload\n`);
  });

  it('a unit that creates the network already gets no second ExecStartPre=; two run lines of one unit share one', async () => {
    const two = UNIT.replace('ExecStart=', 'ExecStartPre=-/usr/bin/docker network create bulwark\nExecStart=');
    const r = await hardenText({ path: 'web.service', text: two }, { unsafe: true, only: ['BW-0038'] });
    expect(r.output).toBe(two.replace('--rm --name web', '--network bulwark --rm --name web').replace('ExecStart=/usr/bin', '# bulwark: --network bulwark set by bulwark harden (profile values: adjust to the service)\nExecStart=/usr/bin'));
    const pair = '[Service]\nExecStartPre=/usr/bin/docker run --rm --name migrate app:1 migrate\nExecStart=/usr/bin/docker run --rm --name app app:1\n';
    const p = await hardenText({ path: 'app.service', text: pair }, { unsafe: true, only: ['BW-0038'] });
    expect(p.output).toBe(
      '[Service]\n# bulwark: user-defined network (R-G15)\nExecStartPre=-/usr/bin/docker network create bulwark\n' +
        '# bulwark: --network bulwark set by bulwark harden (profile values: adjust to the service)\nExecStartPre=/usr/bin/docker run --network bulwark --rm --name migrate app:1 migrate\n' +
        '# bulwark: --network bulwark set by bulwark harden (profile values: adjust to the service)\nExecStart=/usr/bin/docker run --network bulwark --rm --name app app:1\n',
    );
  });

  it('ExecStart=/bin/sh -c "docker run …": the network as a unit setting; the secret file is left to the user (systemd expands ${…} first)', async () => {
    const unit = '[Service]\nEnvironment=API_TOKEN=tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0\nExecStart=/bin/sh -c "docker run --rm --name web -e API_TOKEN=$API_TOKEN nginx:1.27"\n';
    const r = await hardenText({ path: 'web.service', text: unit }, ONLY);
    expect(r.output).toBe(
      '[Service]\nEnvironment=API_TOKEN=tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0\n# bulwark: user-defined network (R-G15)\nExecStartPre=-docker network create bulwark\n' +
        '# bulwark: --network bulwark set by bulwark harden (profile values: adjust to the service)\nExecStart=/bin/sh -c "docker run --network bulwark --rm --name web -e API_TOKEN=$API_TOKEN nginx:1.27"\n',
    );
    expect(r.notes.some((n) => n.includes('-e API_TOKEN is in a shell command of a systemd unit'))).toBe(true);
  });

  // systemd's own reading of the result, where systemd-analyze is installed: no "Missing '='", no bad setting.
  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!analyze)('systemd-analyze verify accepts the hardened unit (all fixes)', async () => {
    const r = await hardenText({ path: 'web.service', text: UNIT }, { unsafe: true });
    const d = mkdtempSync(join(tmpdir(), 'bw-unit-'));
    try {
      writeFileSync(join(d, 'web.service'), r.output);
      const v = spawnSync('systemd-analyze', ['verify', '--man=no', join(d, 'web.service')], { encoding: 'utf8' });
      expect(v.stderr.split('\n').filter((l) => l.includes('web.service'))).toEqual([]);
      expect(v.status).toBe(0);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
