import { afterEach, describe, expect, it } from 'vitest';
import { fakeRoot, type FakeEntry } from './host/testkit.js';
import type { Endpoint } from './client.js';
import { dockerdFromUnits, readDockerUnits } from './units.js';

const DEFAULT: Endpoint = { host: 'unix:///var/run/docker.sock', from: 'default', socketPath: '/var/run/docker.sock', local: true };
const PACKAGED =
  '[Unit]\nDescription=Docker Application Container Engine\n\n[Service]\nType=notify\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock $DOCKER_OPTS\nLimitNOFILE=1048576\nTasksMax=infinity\n';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
const root = (entries: Record<string, FakeEntry>) => {
  const r = fakeRoot(entries);
  cleanups.push(r.cleanup);
  return r.root;
};

describe('readDockerUnits', () => {
  it('/etc/systemd/system/docker.service replaces the packaged unit; drop-ins follow in name order, *.conf only', async () => {
    const r = root({
      '/lib/systemd/system/docker.service': PACKAGED,
      '/etc/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd\n',
      '/etc/systemd/system/docker.service.d/20-b.conf': '[Service]\n',
      '/etc/systemd/system/docker.service.d/10-a.conf': '[Service]\n',
      '/etc/systemd/system/docker.service.d/README': 'x',
    });
    expect((await readDockerUnits(r)).map((f) => f.path)).toEqual([
      '/etc/systemd/system/docker.service',
      '/etc/systemd/system/docker.service.d/10-a.conf',
      '/etc/systemd/system/docker.service.d/20-b.conf',
    ]);
  });
  it('nothing under an empty root', async () => {
    expect(await readDockerUnits(root({}))).toEqual([]);
  });
});

describe('dockerdFromUnits', () => {
  it('the packaged unit serves the default socket (fd://): flags and limits, EnvironmentFile read under the root', async () => {
    const r = root({ '/lib/systemd/system/docker.service': PACKAGED, '/etc/default/docker': 'DOCKER_OPTS="--icc=false --live-restore"\n' });
    const u = await dockerdFromUnits({ endpoint: DEFAULT, dataRoot: '/var/lib/docker', root: r });
    // The EnvironmentFile= read is an item too: --icc=false and --live-restore are located at its line.
    expect(u.items.map((i) => [i.path, i.kind, i.result.errors.length])).toEqual([
      ['/lib/systemd/system/docker.service', 'daemon', 0],
      ['/etc/default/docker', 'daemon', 0],
    ]);
    expect(u.spec?.icc?.origin).toEqual({ kind: 'file', file: '/etc/default/docker', start: 13, end: 24 });
    expect(u.spec?.source).toBe('systemd-unit');
    expect(u.spec?.hosts.map((h) => h.value)).toEqual(['fd://']);
    expect([u.spec?.icc?.value, u.spec?.liveRestore?.value]).toEqual([false, true]);
    expect(Object.fromEntries(Object.entries(u.spec?.unitLimits ?? {}).map(([k, v]) => [k, v.value]))).toEqual({ LimitNOFILE: '1048576', TasksMax: 'infinity' });
  });
  it('an Environment= drop-in feeds the $DOCKER_OPTS of the ExecStart= a later drop-in writes: one effective service (qa-A r3a)', async () => {
    const r = root({
      '/etc/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n',
      '/etc/systemd/system/docker.service.d/10-opts.conf': '[Service]\nEnvironment="DOCKER_OPTS=--icc=false"\n',
      '/etc/systemd/system/docker.service.d/20-exec.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n',
    });
    const u = await dockerdFromUnits({ endpoint: DEFAULT, dataRoot: '/var/lib/docker', root: r });
    expect(u.items.map((i) => i.path)).toEqual([
      '/etc/systemd/system/docker.service',
      '/etc/systemd/system/docker.service.d/10-opts.conf',
      '/etc/systemd/system/docker.service.d/20-exec.conf',
    ]);
    expect(u.spec?.file).toBe('/etc/systemd/system/docker.service.d/20-exec.conf');
    expect(u.spec?.icc?.value).toBe(false);
    expect(u.spec?.icc?.origin).toMatchObject({ file: '/etc/systemd/system/docker.service.d/10-opts.conf', start: 35, end: 46 });
  });
  it('a drop-in that replaces ExecStart gives the flags; the limits of the unit before it are kept, pointing into that unit', async () => {
    const r = root({
      '/lib/systemd/system/docker.service': PACKAGED,
      '/etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd -H unix:///var/run/docker.sock --userns-remap=default\n',
    });
    const u = await dockerdFromUnits({ endpoint: DEFAULT, dataRoot: '/var/lib/docker', root: r });
    expect(u.items.map((i) => i.path)).toEqual(['/lib/systemd/system/docker.service', '/etc/systemd/system/docker.service.d/override.conf']);
    expect(u.spec?.file).toBe('/etc/systemd/system/docker.service.d/override.conf');
    expect(u.spec?.hosts.map((h) => h.value)).toEqual(['unix:///var/run/docker.sock']);
    expect(u.spec?.usernsRemap?.value).toBe('default');
    const nofile = u.spec?.unitLimits?.LimitNOFILE;
    expect([nofile?.value, nofile?.origin.kind === 'file' && nofile.origin.file]).toEqual(['1048576', '/lib/systemd/system/docker.service']);
  });
  it('not used for another engine: a different socket, or a different data root', async () => {
    const r = root({ '/lib/systemd/system/docker.service': PACKAGED });
    const other: Endpoint = { host: 'unix:///tmp/bwe-x/docker.sock', from: 'flag', socketPath: '/tmp/bwe-x/docker.sock', local: true };
    expect(await dockerdFromUnits({ endpoint: other, dataRoot: '/var/lib/docker', root: r })).toEqual({
      items: [],
      skipped: '/lib/systemd/system/docker.service runs a dockerd that does not serve unix:///tmp/bwe-x/docker.sock',
    });
    expect(await dockerdFromUnits({ endpoint: DEFAULT, dataRoot: '/srv/docker', root: r })).toEqual({
      items: [],
      skipped: '/lib/systemd/system/docker.service runs a dockerd with data root /var/lib/docker, not /srv/docker',
    });
  });
  // QA (live): with --userns-remap, /info's DockerRootDir is <data-root>/<uid>.<gid>; the unit was skipped as
  // "a dockerd with data root /var/lib/docker, not /var/lib/docker/165536.165536".
  it('used for a userns-remap engine, whose /info data root is the remapped subdirectory', async () => {
    const r = root({ '/lib/systemd/system/docker.service': PACKAGED.replace('-H fd://', '-H fd:// --userns-remap=default') });
    const u = await dockerdFromUnits({ endpoint: DEFAULT, dataRoot: '/var/lib/docker/165536.165536', root: r });
    expect([u.skipped, u.spec?.usernsRemap?.value]).toEqual([undefined, 'default']);
    expect((await dockerdFromUnits({ endpoint: DEFAULT, dataRoot: '/var/lib/docker/volumes', root: r })).skipped).toBe('/lib/systemd/system/docker.service runs a dockerd with data root /var/lib/docker, not /var/lib/docker/volumes');
  });
  it('a unit that does not run dockerd gives nothing and no input error', async () => {
    const r = root({ '/lib/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/podman system service\n' });
    expect(await dockerdFromUnits({ endpoint: DEFAULT, root: r })).toEqual({ items: [] });
  });
});
