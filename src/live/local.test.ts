import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from './client.js';
import { findDockerdPid, flagValues, readCmdline } from './local.js';

function fakeProc(procs: Record<number, { comm: string; args: string[] }>): string {
  const root = mkdtempSync(join(tmpdir(), 'bw-proc-'));
  for (const [pid, p] of Object.entries(procs)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'comm'), p.comm + '\n');
    writeFileSync(join(root, pid, 'cmdline'), p.args.join('\0') + '\0');
  }
  return root;
}

describe('flagValues', () => {
  it('reads every pflag spelling', () => {
    const w = ['dockerd', '-H', 'a', '-Hb', '-H=c', '--host', 'd', '--host=e', '--hostname=x', '--data-root=/d'];
    expect(flagValues(w, 'host', 'H')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(flagValues(w, 'data-root')).toEqual(['/d']);
  });
});

describe('findDockerdPid', () => {
  const proc = fakeProc({
    10: { comm: 'dockerd', args: ['/usr/sbin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'] },
    20: { comm: 'dockerd', args: ['dockerd', '--data-root', '/tmp/e/data', '-H', 'unix:///tmp/e/docker.sock', '-H', 'tcp://127.0.0.1:2375'] },
    30: { comm: 'dockerd', args: ['dockerd', '--data-root=/srv/docker'] },
    40: { comm: 'bash', args: ['bash', '-c', 'dockerd -H unix:///tmp/e/docker.sock'] },
  });
  const env = {};
  it('finds the dockerd whose -H names the socket or the TCP port', () => {
    expect(findDockerdPid(resolveEndpoint({ host: 'unix:///tmp/e/docker.sock', env }), undefined, proc)).toBe(20);
    expect(findDockerdPid(resolveEndpoint({ host: 'tcp://127.0.0.1:2375', env }), undefined, proc)).toBe(20);
    expect(readCmdline(20, proc)).toEqual(['dockerd', '--data-root', '/tmp/e/data', '-H', 'unix:///tmp/e/docker.sock', '-H', 'tcp://127.0.0.1:2375']);
  });
  it('for the default socket, disambiguates fd:// and no -H by the data root from /info', () => {
    const ep = resolveEndpoint({ host: 'unix:///var/run/docker.sock', env });
    expect(findDockerdPid(ep, undefined, proc)).toBeUndefined(); // pids 10 and 30 both could serve it
    expect(findDockerdPid(ep, '/var/lib/docker', proc)).toBe(10);
    expect(findDockerdPid(ep, '/srv/docker', proc)).toBe(30);
  });
  // QA (live): the socket named another way than dockerd's -H (a symlink to it, `..`, /run for /var/run) and the
  // data root of a --userns-remap engine (/info: <data-root>/<uid>.<gid>) missed the dockerd, and with it every
  // flag only the command line shows (--iptables=false, --no-new-privileges, -H tcp://…).
  it('matches the socket through a symlink or `..`, and the data root of a userns-remap engine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-sock-'));
    writeFileSync(join(dir, 'docker.sock'), '');
    symlinkSync(join(dir, 'docker.sock'), join(dir, 'link.sock'));
    const p2 = fakeProc({
      50: { comm: 'dockerd', args: ['dockerd', '--data-root', '/tmp/qa/root', '-H', `unix://${dir}/docker.sock`, '--userns-remap=default'] },
      60: { comm: 'dockerd', args: ['dockerd', '--data-root', '/srv/other', '-H', 'unix:///srv/other.sock'] },
    });
    expect(findDockerdPid(resolveEndpoint({ host: `unix://${dir}/link.sock`, env }), undefined, p2)).toBe(50);
    expect(findDockerdPid(resolveEndpoint({ host: `unix://${dir}/../${dir.split('/').pop()}/docker.sock`, env }), undefined, p2)).toBe(50);
    const p3 = fakeProc({
      70: { comm: 'dockerd', args: ['dockerd', '--data-root', '/tmp/qa/root', '--userns-remap=default'] },
      80: { comm: 'dockerd', args: ['dockerd', '--data-root', '/tmp/qa/other'] },
    });
    const dflt = resolveEndpoint({ host: 'unix:///var/run/docker.sock', env });
    expect(findDockerdPid(dflt, '/tmp/qa/root/100000.100000', p3)).toBe(70);
    expect(findDockerdPid(dflt, '/tmp/qa/root/extra', p3)).toBeUndefined();
  });
  // QA (live): a remote engine reached through a TCP tunnel (tcp://127.0.0.1:PORT) or another socket was given the
  // flags of a local dockerd whose data root had the same path. The data root alone proves nothing.
  it('for TCP never by the data root alone: only a dockerd whose -H (or --config-file hosts) names the endpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cfg-'));
    writeFileSync(join(dir, 'daemon.json'), JSON.stringify({ hosts: ['unix:///tmp/qa-c/d7.sock', 'tcp://127.0.0.1:23750'], 'data-root': '/tmp/qa-c/data' }));
    const p4 = fakeProc({
      90: { comm: 'dockerd', args: ['dockerd', '--data-root', '/tmp/qa-c/data', '-H', 'unix:///tmp/qa-c/d.sock'] },
      91: { comm: 'dockerd', args: ['dockerd', `--config-file=${join(dir, 'daemon.json')}`] },
    });
    // Another unix socket: by the data root, when one dockerd has it (two here: none).
    expect(findDockerdPid(resolveEndpoint({ host: `unix://${dir}/elsewhere.sock`, env }), '/tmp/qa-c/data', p4)).toBeUndefined();
    expect(findDockerdPid(resolveEndpoint({ host: `unix://${dir}/elsewhere.sock`, env }), '/tmp/qa-c/data', fakeProc({ 90: { comm: 'dockerd', args: ['dockerd', '--data-root', '/tmp/qa-c/data', '-H', 'unix:///tmp/qa-c/d.sock'] } }))).toBe(90);
    expect(findDockerdPid(resolveEndpoint({ host: 'tcp://127.0.0.1:40123', env }), '/tmp/qa-c/data', fakeProc({ 90: { comm: 'dockerd', args: ['dockerd', '--data-root', '/tmp/qa-c/data', '-H', 'unix:///tmp/qa-c/d.sock'] } }))).toBeUndefined();
    expect(findDockerdPid(resolveEndpoint({ host: 'tcp://127.0.0.1:40123', env }), '/tmp/qa-c/data', p4)).toBeUndefined();
    expect(findDockerdPid(resolveEndpoint({ host: 'unix:///tmp/qa-c/d.sock', env }), '/tmp/qa-c/data', p4)).toBe(90);
    expect(findDockerdPid(resolveEndpoint({ host: 'unix:///tmp/qa-c/d7.sock', env }), '/tmp/qa-c/data', p4)).toBe(91);
    expect(findDockerdPid(resolveEndpoint({ host: 'tcp://127.0.0.1:23750', env }), '/tmp/qa-c/data', p4)).toBe(91);
  });
  it('never for a remote engine', () => {
    expect(findDockerdPid(resolveEndpoint({ host: 'tcp://203.0.113.5:2375', env }), undefined, proc)).toBeUndefined();
  });
});
