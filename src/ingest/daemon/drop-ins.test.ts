/**
 * A unit and all its drop-ins make one effective service (systemd.unit(5) "drop-in": the unit, then every `*.conf`
 * in lexical order; systemd.service(5) ExecStart=: an empty value resets, the last command runs; systemd.exec(5)
 * Environment= accumulates across the files). qa-A r3a, r3b.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../engine/audit.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-dropins-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const at = (r: Awaited<ReturnType<typeof audit>>, id: string) =>
  r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.certainty} ${f.target.name}`);

const BASE = '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n';

describe('docker.service with several drop-ins', () => {
  it('Environment= of 10-opts.conf reaches the $DOCKER_OPTS of the ExecStart= 20-exec.conf writes (r3a: a missed critical)', async () => {
    const dir = tree({
      'etc/systemd/system/docker.service': BASE,
      'etc/systemd/system/docker.service.d/10-opts.conf': '[Service]\nEnvironment="DOCKER_OPTS=-H tcp://0.0.0.0:2375"\n',
      'etc/systemd/system/docker.service.d/20-exec.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock $DOCKER_OPTS\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(at(r, 'BW-0201')).toEqual(['etc/systemd/system/docker.service.d/10-opts.conf:2:26 critical definite etc/systemd/system/docker.service.d/20-exec.conf']);
    expect(at(r, 'BW-0202')).toEqual(['etc/systemd/system/docker.service.d/20-exec.conf:1:1 medium definite etc/systemd/system/docker.service.d/20-exec.conf']);
  });

  it('a -H of the base ExecStart= that a drop-in replaced is no listener; a later drop-in\'s Environment= applies (r3b: a false critical)', async () => {
    const dir = tree({
      'etc/systemd/system/docker.service': '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375 $DOCKER_OPTS\n',
      'etc/systemd/system/docker.service.d/20-exec.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n',
      'etc/systemd/system/docker.service.d/30-opts.conf': '[Service]\nEnvironment="DOCKER_OPTS=--icc=true"\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(at(r, 'BW-0201')).toEqual([]);
    expect(at(r, 'BW-0202')).toEqual(['etc/systemd/system/docker.service.d/30-opts.conf:2:26 medium definite etc/systemd/system/docker.service.d/20-exec.conf']);
    expect(r.findings.length).toBe(8);
  });

  it('the base unit\'s Environment= reaches a drop-in\'s ExecStart=; an empty Environment= of a later drop-in resets it', async () => {
    const base = '[Service]\nEnvironment="DOCKER_OPTS=-H tcp://0.0.0.0:2375"\nExecStart=/usr/bin/dockerd -H fd://\n';
    const exec = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n';
    const on = await audit(['.'], { cwd: tree({ 'lib/systemd/system/docker.service': base, 'etc/systemd/system/docker.service.d/20-exec.conf': exec }), env: {}, config: {} });
    expect(at(on, 'BW-0201')).toEqual(['lib/systemd/system/docker.service:2:26 critical definite etc/systemd/system/docker.service.d/20-exec.conf']);
    const off = await audit(['.'], {
      cwd: tree({ 'lib/systemd/system/docker.service': base, 'etc/systemd/system/docker.service.d/20-exec.conf': exec, 'etc/systemd/system/docker.service.d/30-reset.conf': '[Service]\nEnvironment=\n' }),
      env: {},
      config: {},
    });
    expect(at(off, 'BW-0201')).toEqual([]);
  });

  it('the last ExecStart= wins: flag errors of a replaced command line are not reported', async () => {
    const dir = tree({
      'etc/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd --icc=maybe\n',
      'etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --icc=false\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(at(r, 'BW-0202')).toEqual([]);
  });
});

describe('docker.socket with drop-ins', () => {
  it('an empty ListenStream= of a drop-in resets the base unit\'s listeners', async () => {
    const dir = tree({
      'lib/systemd/system/docker.socket': '[Socket]\nListenStream=0.0.0.0:2375\nSocketMode=0660\nSocketGroup=docker\n',
      'etc/systemd/system/docker.socket.d/local.conf': '[Socket]\nListenStream=\nListenStream=/run/docker.sock\n',
    });
    const r = await audit(['lib/systemd/system/docker.socket', 'etc/systemd/system/docker.socket.d/local.conf'], { cwd: dir, env: {}, config: {} });
    expect(r.errors).toEqual([]);
    expect(at(r, 'BW-0201')).toEqual([]);
    const before = await audit(['lib/systemd/system/docker.socket'], { cwd: dir, env: {}, config: {} });
    expect(at(before, 'BW-0201').length).toBe(1);
  });
});
