/**
 * BW-0224 daemon-socket-unit-perms (CIS 1.6.0 3.15, 3.16): a socket unit for dockerd given as a daemon file.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { allRules } from './index.js';
import rule from './daemon-socket-unit-perms.js';

const rowsOf = async (text: string, path = 'docker.socket') =>
  (await auditSources([{ path, text, kind: 'daemon' }], { rules: [rule] })).findings.map((f) => [f.location.startLine, f.location.startColumn, f.severity, f.data, f.message]);

describe('BW-0224 daemon-socket-unit-perms', () => {
  it("Docker's own docker.socket (0660, root:docker) and a stricter mode give nothing", async () => {
    expect(await rowsOf('[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n')).toEqual([]);
    expect(await rowsOf('[Socket]\nListenStream=/run/docker.sock\nSocketMode=0600\nSocketGroup=root\n')).toEqual([]);
  });
  it('SocketMode beyond 0660 (world-writable: critical) and a SocketGroup other than docker', async () => {
    expect(await rowsOf('[Socket]\nListenStream=/run/docker.sock\nSocketMode=0666\nSocketGroup=users\n')).toEqual([
      [3, 12, 'critical', { mode: '0666', expected: '0660', cis: '3.16' }, 'the socket unit sets SocketMode=0666, more permissive than 0660: every local user can write to the Docker socket and control the engine (CIS 3.16)'],
      [4, 13, 'high', { group: 'users', expected: 'docker', cis: '3.15' }, 'the socket unit sets SocketGroup=users: every member of users can use the Docker socket, and so is root on the host; expected docker (CIS 3.15)'],
    ]);
  });
  it("no SocketMode= in a complete unit that makes a unix socket: systemd's 0666", async () => {
    expect(await rowsOf('[Socket]\nListenStream=/var/run/docker.sock\n')).toEqual([
      [2, 14, 'critical', { mode: '0666', expected: '0660', cis: '3.16' }, 'the socket unit makes /var/run/docker.sock without SocketMode=: systemd creates it with mode 0666, writable by every local user, who then controls the engine (CIS 3.16)'],
    ]);
    // A TCP-only socket unit makes no unix socket.
    expect(await rowsOf('[Socket]\nListenStream=127.0.0.1:2375\n')).toEqual([]);
  });
  it("a drop-in inherits the unit's mode; one that writes 0664 is more permissive than 0660 (high)", async () => {
    expect(await rowsOf('[Socket]\nListenStream=\nListenStream=/run/docker.sock\n', 'docker.socket.d/override.conf')).toEqual([]);
    expect(await rowsOf('[Socket]\nSocketMode=0664\n', 'docker.socket.d/mode.conf')).toEqual([
      [2, 12, 'high', { mode: '0664', expected: '0660', cis: '3.16' }, 'the socket unit sets SocketMode=0664, more permissive than 0660 (CIS 3.16)'],
    ]);
  });
  it('a service unit or daemon.json is not a socket unit', async () => {
    expect(await rowsOf('[Service]\nExecStart=/usr/bin/dockerd -H fd://\n', 'docker.service')).toEqual([]);
    expect(await rowsOf('{"hosts": ["unix:///var/run/docker.sock"]}', 'daemon.json')).toEqual([]);
  });

  it("with every rule: a socket unit shows no dockerd option, so no daemon rule says a setting is not set (icc, userns-remap, …)", async () => {
    const all = async (text: string, path = 'docker.socket') =>
      (await auditSources([{ path, text, kind: 'daemon' }], { rules: allRules, env: {} })).findings.map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`);
    const unit = '[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n';
    expect(await all(unit)).toEqual([]);
    // What it does write is still judged: a TCP listener (dockerd gets no TLS from a socket) and the mode.
    expect(await all(unit.replace('SocketMode=0660', 'ListenStream=2375\nSocketMode=0666'))).toEqual(['BW-0201 6:14', 'BW-0224 7:12']);
    // A service unit still gets them.
    expect((await all('[Service]\nExecStart=/usr/bin/dockerd -H fd://\n', 'docker.service')).filter((r) => r.startsWith('BW-0202'))).toEqual(['BW-0202 1:1']);
  });
});
