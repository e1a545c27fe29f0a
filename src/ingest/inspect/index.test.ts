/**
 * The inspect ingester on hand-written objects: every field of the Docker Engine API's
 * ContainerInspectResponse that the model holds, podman's spellings, image objects, arrays and single
 * objects, bad input, and "never throws" (fast-check). Requirements: R-B, R-K, R-D/R-G6, R-S, R-G4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { SourceFile } from '../../model/source.js';
import type { ContainerSpec, Origin } from '../../model/types.js';
import { allRules } from '../../rules/index.js';
import { containerFromInspect, imageFactsFromInspect, ingestInspect, makeLocator, parseJson } from './index.js';

const ctx = { env: {}, readFile: async () => undefined };

async function ingest(text: string, path = 'inspect.json') {
  const sf = new SourceFile(path, text);
  const r = await ingestInspect(sf, ctx);
  return { sf, r, c: r.containers[0] };
}

/** Pretty JSON as `docker inspect` prints it (4 spaces). */
function json(v: unknown): string {
  return JSON.stringify(v, null, 4) + '\n';
}

/** 1-based line of the first occurrence of `needle` (after `from`, itself a needle) in `text`. */
function lineOf(text: string, needle: string, from?: string): number {
  const start = from ? text.indexOf(from) : 0;
  const i = text.indexOf(needle, start);
  if (i < 0) throw new Error(`not found: ${needle}`);
  return text.slice(0, i).split('\n').length;
}

function chars(sf: SourceFile, o: Origin | undefined): string {
  return o?.kind === 'file' ? sf.text.slice(o.start, o.end) : '';
}

function line(sf: SourceFile, o: Origin | undefined): number {
  return o?.kind === 'file' ? sf.position(o.start).line : 0;
}

function pointer(o: Origin | undefined): string | undefined {
  return (o as { pointer?: string } | undefined)?.pointer;
}

/** A minimal container as `docker inspect` prints one (Docker 20.10+), with overrides merged per section. */
function dockerContainer(over: { top?: Record<string, unknown>; hc?: Record<string, unknown>; cfg?: Record<string, unknown> } = {}) {
  return {
    Id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    State: { Status: 'created' },
    Image: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
    Name: '/web',
    AppArmorProfile: 'docker-default',
    ProcessLabel: '',
    MountLabel: '',
    HostConfig: {
      Binds: null,
      NetworkMode: 'none',
      PortBindings: {},
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      CapAdd: null,
      CapDrop: null,
      Privileged: false,
      ReadonlyRootfs: false,
      SecurityOpt: null,
      Memory: 0,
      NanoCpus: 0,
      PidsLimit: null,
      ...over.hc,
    },
    Mounts: [],
    Config: { User: '', Env: ['PATH=/usr/bin:/bin'], Cmd: ['sleep', '1'], Image: 'bw/busybox:test', Labels: {}, ...over.cfg },
    NetworkSettings: { Ports: {}, Networks: {} },
    ...over.top,
  };
}

const secretRules = allRules.filter((r) => ['secret-in-environment'].includes(r.meta.slug));

describe('fields of HostConfig and Config', () => {
  it('privileges, security options and AppArmor/SELinux (the AppArmor profile is not duplicated when SecurityOpt names it)', async () => {
    const text = json(
      dockerContainer({
        top: { AppArmorProfile: 'unconfined' },
        hc: {
          Privileged: true,
          ReadonlyRootfs: true,
          SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined', 'label=disable', 'no-new-privileges', 'systempaths=unconfined'],
          CapAdd: ['SYS_ADMIN', 'net_admin'],
          CapDrop: ['ALL'],
        },
      }),
    );
    const { sf, c } = await ingest(text);
    expect(c.privileged?.value).toBe(true);
    expect(chars(sf, c.privileged?.origin)).toBe('true');
    expect(pointer(c.privileged?.origin)).toBe('/HostConfig/Privileged');
    expect(c.readOnlyRootfs?.value).toBe(true);
    expect(c.securityOpt.map((o) => [o.key, o.value, o.raw, line(sf, o.origin)])).toEqual([
      ['seccomp', 'unconfined', 'seccomp=unconfined', lineOf(text, '"seccomp=unconfined"')],
      ['apparmor', 'unconfined', 'apparmor=unconfined', lineOf(text, '"apparmor=unconfined"')],
      ['label', 'disable', 'label=disable', lineOf(text, '"label=disable"')],
      ['no-new-privileges', 'true', 'no-new-privileges', lineOf(text, '"no-new-privileges"')],
      ['systempaths', 'unconfined', 'systempaths=unconfined', lineOf(text, '"systempaths=unconfined"')],
    ]);
    expect(c.capAdd.map((s) => [s.value, s.raw])).toEqual([
      ['SYS_ADMIN', undefined],
      ['NET_ADMIN', 'net_admin'],
    ]);
    expect(c.capDrop.map((s) => s.value)).toEqual(['ALL']);
    expect(Object.keys(c.unsetAt ?? {}).sort()).toEqual(['memory', 'nanoCpus', 'pidsLimit', 'user']);
  });

  it('AppArmorProfile "unconfined" without a SecurityOpt becomes apparmor=unconfined; a spc_t ProcessLabel becomes label=type:spc_t', async () => {
    const text = json(dockerContainer({ top: { AppArmorProfile: 'unconfined', ProcessLabel: 'system_u:system_r:spc_t:s0' } }));
    const { sf, c } = await ingest(text);
    expect(c.securityOpt.map((o) => [o.key, o.value, line(sf, o.origin), pointer(o.origin)])).toEqual([
      ['apparmor', 'unconfined', lineOf(text, '"AppArmorProfile"'), '/AppArmorProfile'],
      ['label', 'type:spc_t', lineOf(text, '"ProcessLabel"'), '/ProcessLabel'],
    ]);
  });

  it('namespaces: host, container:ID, none, named networks, private/shareable', async () => {
    const text = json(
      dockerContainer({
        hc: { NetworkMode: 'container:abc123', PidMode: 'host', IpcMode: 'container:db', UTSMode: 'host', UsernsMode: 'host', CgroupnsMode: 'host' },
        top: { NetworkSettings: { Ports: {}, Networks: { backend: {} } } },
      }),
    );
    const { c } = await ingest(text);
    const ns = Object.fromEntries(Object.entries(c.namespaces).map(([k, v]) => [k, v!.value]));
    expect(ns).toEqual({
      network: { mode: 'container', ref: 'abc123' },
      pid: { mode: 'host' },
      ipc: { mode: 'container', ref: 'db' },
      uts: { mode: 'host' },
      userns: { mode: 'host' },
      cgroupns: { mode: 'host' },
    });
    expect(c.networks.map((n) => n.value)).toEqual(['backend']);
    const modes = async (hc: Record<string, unknown>) => (await ingest(json(dockerContainer({ hc })))).c.namespaces;
    expect((await modes({ NetworkMode: 'host' })).network?.value).toEqual({ mode: 'host' });
    expect((await modes({ NetworkMode: 'none' })).network?.value).toEqual({ mode: 'none' });
    expect((await modes({ NetworkMode: 'my-net' })).network?.value).toEqual({ mode: 'network', ref: 'my-net' });
    expect((await modes({ NetworkMode: '', IpcMode: 'private', PidMode: '' })).ipc?.value).toEqual({ mode: 'private' });
    expect((await modes({ NetworkMode: '', PidMode: '' })).network).toBeUndefined();
  });

  it('resources in Engine API units; PidsLimit -1 and 0 are unlimited (not set, with the key in unsetAt)', async () => {
    const text = json(
      dockerContainer({
        hc: {
          Memory: 536870912,
          MemorySwap: 1073741824,
          MemoryReservation: 268435456,
          NanoCpus: 1500000000,
          CpuShares: 512,
          CpuQuota: 50000,
          CpuPeriod: 100000,
          CpusetCpus: '0-1',
          CpusetMems: '',
          PidsLimit: 100,
          BlkioWeight: 300,
          StorageOpt: { size: '10G' },
          Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
        },
      }),
    );
    const { sf, c } = await ingest(text);
    const r = c.resources;
    expect([r.memory?.value, r.memorySwap?.value, r.memoryReservation?.value, r.nanoCpus?.value, r.cpuShares?.value, r.cpuQuota?.value, r.cpuPeriod?.value, r.cpusetCpus?.value, r.cpusetMems, r.pidsLimit?.value, r.blkioWeight?.value, r.storageSize?.value]).toEqual([
      536870912, 1073741824, 268435456, 1500000000, 512, 50000, 100000, '0-1', undefined, 100, 300, 10 * 1024 ** 3,
    ]);
    expect(r.storageSize?.raw).toBe('10G');
    expect(chars(sf, r.memory?.origin)).toBe('536870912');
    expect(r.ulimits.map((u) => [u.name, u.soft, u.hard, line(sf, u.origin)])).toEqual([['nofile', 1024, 2048, lineOf(text, '"Name": "nofile"') - 1]]);
    expect(Object.keys(c.unsetAt ?? {}).sort()).toEqual(['capDrop', 'privileged', 'readOnlyRootfs', 'securityOpt', 'user']);
    for (const v of [-1, 0, null]) {
      const t2 = json(dockerContainer({ hc: { PidsLimit: v } }));
      const { sf: s2, c: c2 } = await ingest(t2);
      expect(c2.resources.pidsLimit).toBeUndefined();
      expect(chars(s2, c2.unsetAt?.pidsLimit)).toBe(String(v));
    }
  });

  it('restart policy, runtime, init, auto-remove, logging, healthcheck, sysctls, links, volumes-from, group-add, devices, cgroup rules, labels', async () => {
    const text = json(
      dockerContainer({
        hc: {
          RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 },
          Runtime: 'runsc',
          Init: true,
          AutoRemove: true,
          LogConfig: { Type: 'none', Config: { 'max-size': '10m' } },
          Sysctls: { 'net.ipv4.ip_forward': '1' },
          Links: ['/db:/web/db'],
          VolumesFrom: ['data:ro'],
          GroupAdd: ['docker'],
          Devices: [
            { PathOnHost: '/dev/kfd', PathInContainer: '/dev/kfd', CgroupPermissions: 'rwm' },
            { PathOnHost: '/dev/dri', PathInContainer: '', CgroupPermissions: '' },
          ],
          DeviceCgroupRules: ['c 189:* rmw'],
        },
        cfg: { Healthcheck: { Test: ['NONE'] }, Labels: { 'com.example/team': 'ops' }, Entrypoint: ['/init'], Cmd: null },
      }),
    );
    const { sf, c } = await ingest(text);
    expect(c.restart?.value).toEqual({ name: 'on-failure', maxRetries: 5 });
    expect(c.runtime?.value).toBe('runsc');
    expect(c.init?.value).toBe(true);
    expect(c.autoRemove?.value).toBe(true);
    expect(c.logging?.driver?.value).toBe('none');
    expect(c.logging?.options['max-size']?.value).toBe('10m');
    expect(pointer(c.logging?.options['max-size']?.origin)).toBe('/HostConfig/LogConfig/Config/max-size');
    expect(c.healthcheck?.value).toEqual({ disabled: true });
    expect(c.sysctls.map((s) => [s.name, s.value])).toEqual([['net.ipv4.ip_forward', '1']]);
    expect([c.links, c.volumesFrom, c.groupAdd, c.deviceCgroupRules].map((l) => l.map((s) => s.value))).toEqual([['/db:/web/db'], ['data:ro'], ['docker'], ['c 189:* rmw']]);
    expect(c.devices.map((d) => [d.hostPath, d.containerPath, d.permissions, d.permissionsExplicit, line(sf, d.origin)])).toEqual([
      ['/dev/kfd', '/dev/kfd', 'rwm', true, lineOf(text, '"/dev/kfd"') - 1],
      ['/dev/dri', '/dev/dri', 'rwm', false, lineOf(text, '"/dev/dri"') - 1],
    ]);
    expect(c.labels['com.example/team']?.value).toBe('ops');
    expect(pointer(c.labels['com.example/team']?.origin)).toBe('/Config/Labels/com.example~1team');
    expect(c.entrypoint?.value).toEqual(['/init']);
    expect(c.command).toBeUndefined();
  });

  it('healthcheck test, restart "" (not set), RestartPolicy without retries', async () => {
    const { c } = await ingest(json(dockerContainer({ hc: { RestartPolicy: { Name: '', MaximumRetryCount: 0 } }, cfg: { Healthcheck: { Test: ['CMD-SHELL', 'wget -q localhost'] } } })));
    expect(c.restart).toBeUndefined();
    expect(c.healthcheck?.value).toEqual({ disabled: false, test: 'CMD-SHELL wget -q localhost', testArgs: ['CMD-SHELL', 'wget -q localhost'] });
  });
});

describe('mounts: Binds, HostConfig.Mounts (--mount), Tmpfs and the effective Mounts, one per destination', () => {
  const text = json(
    dockerContainer({
      hc: {
        Binds: ['/etc:/host/etc:ro,Z,rshared', 'cache:/cache:nocopy', '/srv/data:/data'],
        Mounts: [
          { Type: 'bind', Source: '/var/log', Target: '/logs', ReadOnly: true, BindOptions: { Propagation: 'rslave' } },
          { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 65536, Mode: 448 } },
        ],
        Tmpfs: { '/run': 'rw,noexec,nosuid' },
      },
      top: {
        Mounts: [
          { Type: 'bind', Source: '/etc', Destination: '/host/etc', Mode: 'ro,Z', RW: false, Propagation: 'rshared' },
          { Type: 'volume', Name: 'cache', Source: '/var/lib/docker/volumes/cache/_data', Destination: '/cache', Driver: 'local', Mode: 'nocopy', RW: true },
          { Type: 'bind', Source: '/srv/data', Destination: '/data', Mode: '', RW: true, Propagation: 'rprivate' },
          { Type: 'bind', Source: '/var/log', Destination: '/logs', Mode: '', RW: false, Propagation: 'rslave' },
          { Type: 'volume', Name: '0f3e9d', Source: '/var/lib/docker/volumes/0f3e9d/_data', Destination: '/var/lib/app', Driver: 'local', Mode: '', RW: true },
        ],
      },
    }),
  );
  it('models each mount once, where it was written', async () => {
    const { sf, c } = await ingest(text);
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.propagation, m.selinuxRelabel, m.options, pointer(m.origin)])).toEqual([
      ['bind', '/etc', '/host/etc', true, 'rshared', 'Z', [], '/HostConfig/Binds/0'],
      ['volume', 'cache', '/cache', false, undefined, undefined, ['nocopy'], '/HostConfig/Binds/1'],
      ['bind', '/srv/data', '/data', false, 'rprivate', undefined, [], '/HostConfig/Binds/2'],
      ['bind', '/var/log', '/logs', true, 'rslave', undefined, [], '/HostConfig/Mounts/0'],
      ['tmpfs', undefined, '/scratch', false, undefined, undefined, ['size=65536', 'mode=700'], '/HostConfig/Mounts/1'],
      ['tmpfs', undefined, '/run', false, undefined, undefined, ['rw', 'noexec', 'nosuid'], '/HostConfig/Tmpfs/~1run'],
      ['volume', '0f3e9d', '/var/lib/app', false, undefined, undefined, [], '/Mounts/4'],
    ]);
    expect(chars(sf, c.mounts[0].origin)).toBe('"/etc:/host/etc:ro,Z,rshared"');
    expect(chars(sf, c.mounts[0].sourceOrigin)).toBe('/etc');
    expect(chars(sf, c.mounts[6].sourceOrigin)).toBe('"0f3e9d"');
  });
  it('rules see binds as host mounts and volumes/tmpfs as not', async () => {
    const rules = allRules.filter((r) => ['sensitive-host-mount', 'writable-bind-mount', 'mount-propagation-shared'].includes(r.meta.slug));
    const res = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {}, rules });
    expect(res.findings.map((f) => `${f.slug} ${f.data.path ?? ''} ${f.data.mode ?? ''} ${f.pointer}`)).toEqual([
      'sensitive-host-mount /etc ro /HostConfig/Binds/0',
      'mount-propagation-shared /etc  /HostConfig/Binds/0',
      'writable-bind-mount /srv/data rw /HostConfig/Binds/2',
      'sensitive-host-mount /var/log ro /HostConfig/Mounts/0',
    ]);
  });
});

describe('ports', () => {
  it('PortBindings with a host IP; NetworkSettings.Ports adds what -P published; the same port is not modelled twice', async () => {
    const text = json(
      dockerContainer({
        hc: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '53/udp': [{ HostIp: '', HostPort: '' }] }, PublishAllPorts: true },
        cfg: { ExposedPorts: { '80/tcp': {}, '53/udp': {}, '443/tcp': {} } },
        top: {
          NetworkSettings: {
            Ports: {
              '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
              '53/udp': [{ HostIp: '0.0.0.0', HostPort: '49153' }],
              '443/tcp': [
                { HostIp: '0.0.0.0', HostPort: '49154' },
                { HostIp: '::', HostPort: '49154' },
              ],
            },
            Networks: {},
          },
        },
      }),
    );
    const { c } = await ingest(text);
    expect(c.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort, p.protocol, pointer(p.origin)])).toEqual([
      ['127.0.0.1', '8080', '80', 'tcp', '/HostConfig/PortBindings/80~1tcp/0'],
      [undefined, undefined, '53', 'udp', '/HostConfig/PortBindings/53~1udp/0'],
      // The IPv4 and IPv6 listeners of one -P publishing are one port (QA round 11).
      ['0.0.0.0', '49154', '443', 'tcp', '/NetworkSettings/Ports/443~1tcp/0'],
    ]);
    expect(c.expose.map((e) => e.value)).toEqual(['80/tcp', '53/udp', '443/tcp']);
  });
  it('-P on a container that never ran: exposed ports go to ephemeral ports on all interfaces', async () => {
    const { c } = await ingest(json(dockerContainer({ hc: { PublishAllPorts: true }, cfg: { ExposedPorts: { '22/tcp': {} } } })));
    expect(c.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort, pointer(p.origin)])).toEqual([[undefined, undefined, '22', '/HostConfig/PublishAllPorts']]);
  });
});

describe('environment', () => {
  it('value characters are masked in reports; an entry with JSON escapes masks the whole string', async () => {
    const text = json(dockerContainer({ cfg: { Env: ['DB_PASSWORD=hunter2hunter2', 'API_TOKEN=tok"en\\x', 'EMPTY'] } }));
    const { sf, c } = await ingest(text);
    expect(c.env.map((e) => [e.name, e.value, e.kind])).toEqual([
      ['DB_PASSWORD', 'hunter2hunter2', 'literal'],
      ['API_TOKEN', 'tok"en\\x', 'literal'],
    ]);
    expect(chars(sf, c.env[0].valueOrigin)).toBe('hunter2hunter2');
    expect(chars(sf, c.env[1].valueOrigin)).toBe('"API_TOKEN=tok\\"en\\\\x"');
    const res = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {}, rules: secretRules });
    expect(res.findings.map((f) => `${f.data.name} ${f.location.startLine} ${f.pointer}`)).toEqual([
      `DB_PASSWORD ${lineOf(text, 'DB_PASSWORD')} /Config/Env/0`,
      `API_TOKEN ${lineOf(text, 'API_TOKEN')} /Config/Env/1`,
    ]);
    const masked = res.sources.get('inspect.json')!.text;
    expect(masked).not.toContain('hunter2');
    expect(masked).toContain('"DB_PASSWORD=**************"');
    expect(masked).not.toContain('tok\\"en');
  });
  it('an entry without = (docker run -e KEY, KEY unset) is not in the environment: no secret finding', async () => {
    const text = json(dockerContainer({ cfg: { Env: ['PATH=/usr/bin', 'REGISTRATION_TOKEN', 'RUNNER_TOKEN=glrt-2CR8eVxiioB1QmzPZwa'] } }));
    const { c } = await ingest(text);
    expect(c.env.map((e) => [e.name, e.kind])).toEqual([
      ['PATH', 'literal'],
      ['RUNNER_TOKEN', 'literal'],
    ]);
    const res = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {}, rules: secretRules });
    expect(res.findings.map((f) => `${f.ruleId} ${f.data.name} ${f.severity} ${f.location.startLine} ${f.pointer}`)).toEqual([
      `BW-0026 RUNNER_TOKEN high ${lineOf(text, 'RUNNER_TOKEN')} /Config/Env/2`,
    ]);
  });
});

describe('podman inspect', () => {
  const podman = {
    Id: '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0',
    Created: '2024-05-01T10:00:00.000000000Z',
    State: { OciVersion: '1.1.0', Status: 'running', Running: true },
    Image: '5c5bc8e7a9d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b',
    ImageName: 'docker.io/library/nginx:latest',
    Name: 'web',
    MountLabel: 'system_u:object_r:container_file_t:s0:c1,c2',
    ProcessLabel: 'system_u:system_r:container_t:s0:c1,c2',
    AppArmorProfile: '',
    OCIRuntime: 'crun',
    EffectiveCaps: ['CAP_CHOWN', 'CAP_NET_ADMIN', 'CAP_SETUID'],
    // The real bounding set of `--cap-add NET_ADMIN` on podman 4 (its 11 defaults + NET_ADMIN), consistent with CapDrop.
    BoundingCaps: ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_NET_ADMIN', 'CAP_NET_BIND_SERVICE', 'CAP_SETFCAP', 'CAP_SETGID', 'CAP_SETPCAP', 'CAP_SETUID', 'CAP_SYS_CHROOT'],
    Mounts: [{ Type: 'bind', Source: '/home/me/site', Destination: '/usr/share/nginx/html', Driver: '', Mode: '', Options: ['rbind'], RW: false, Propagation: 'rprivate' }],
    Config: { Hostname: 'abc', User: '', Env: ['PATH=/usr/bin', 'container=podman'], Cmd: ['nginx', '-g', 'daemon off;'], Image: 'docker.io/library/nginx:latest', Labels: null, Annotations: {} },
    HostConfig: {
      Binds: ['/home/me/site:/usr/share/nginx/html:ro,rprivate,rbind'],
      CgroupMode: 'private',
      NetworkMode: 'bridge',
      PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
      RestartPolicy: { Name: '', MaximumRetryCount: 0 },
      CapAdd: ['CAP_NET_ADMIN'],
      CapDrop: ['CAP_AUDIT_WRITE', 'CAP_MKNOD', 'CAP_NET_RAW'],
      IpcMode: 'shareable',
      PidMode: 'private',
      Privileged: false,
      ReadonlyRootfs: false,
      SecurityOpt: [],
      Tmpfs: {},
      UTSMode: 'private',
      UsernsMode: '',
      Runtime: 'crun',
      Memory: 0,
      NanoCpus: 0,
      PidsLimit: 2048,
      Ulimits: [{ Name: 'RLIMIT_NOFILE', Soft: 1048576, Hard: 1048576 }],
    },
  };
  it('CAP_-prefixed capabilities, crun, RLIMIT_ ulimits, private modes, pids limit, labels null', async () => {
    const text = json([podman]);
    const { sf, r, c } = await ingest(text);
    expect(r.errors).toEqual([]);
    expect(c.target.name).toBe('web');
    expect(sf.text.slice(c.target.range.start, c.target.range.end)).toBe('"web"');
    expect(c.capAdd.map((s) => [s.value, s.raw])).toEqual([['NET_ADMIN', 'CAP_NET_ADMIN']]);
    expect(c.capDrop.map((s) => s.value)).toEqual(['AUDIT_WRITE', 'MKNOD', 'NET_RAW']);
    expect(c.unsetAt?.capDrop).toBeUndefined();
    expect(c.runtime?.value).toBe('crun');
    expect(c.extra.ociRuntime?.value).toBe('crun');
    expect(c.extra.effectiveCaps?.value).toEqual(['CHOWN', 'NET_ADMIN', 'SETUID']);
    expect(c.resources.pidsLimit?.value).toBe(2048);
    expect(c.resources.ulimits.map((u) => [u.name, u.soft, u.hard])).toEqual([['nofile', 1048576, 1048576]]);
    expect(c.namespaces.pid?.value).toEqual({ mode: 'private' });
    expect(c.namespaces.uts?.value).toEqual({ mode: 'private' });
    expect(c.namespaces.ipc?.value).toEqual({ mode: 'shareable' });
    expect(c.namespaces.network?.value).toEqual({ mode: 'network', ref: 'bridge' });
    expect(c.image?.value).toBe('docker.io/library/nginx:latest');
    expect(c.labels).toEqual({});
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.propagation, m.options, pointer(m.origin)])).toEqual([
      ['bind', '/home/me/site', '/usr/share/nginx/html', true, 'rprivate', ['rbind'], '/HostConfig/Binds/0'],
    ]);
  });
  it('rules: NET_ADMIN added, 11 default capabilities kept, a pids limit set, no AppArmor note under SELinux', async () => {
    const text = json([podman]);
    const slugs = ['dangerous-capability-added', 'capabilities-not-dropped', 'pids-limit-missing', 'apparmor-profile-empty', 'host-ipc', 'host-pid'];
    const res = await auditSources([{ path: 'podman.json', text, kind: 'inspect' }], { env: {}, rules: allRules.filter((r) => slugs.includes(r.meta.slug)) });
    expect(res.findings.map((f) => `${f.slug}@${f.location.startLine} ${JSON.stringify(f.data)}`)).toEqual([
      `dangerous-capability-added@${lineOf(text, '"CAP_NET_ADMIN"', '"CapAdd"')} {"capability":"NET_ADMIN"}`,
      `capabilities-not-dropped@${lineOf(text, '"CAP_AUDIT_WRITE"')} {"kept":"CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT"}`,
    ]);
  });
});

describe('image objects (docker image inspect)', () => {
  const image = (user: string | undefined, id = 'sha256:1111111111111111111111111111111111111111111111111111111111111111') => ({
    Id: id,
    RepoTags: ['bw/busybox:test'],
    RepoDigests: [],
    Config: { ...(user === undefined ? {} : { User: user }), Env: ['PATH=/bin'], ExposedPorts: { '8080/tcp': {} }, Labels: { a: 'b' }, Healthcheck: { Test: ['CMD', 'true'] } },
    Architecture: 'amd64',
    Os: 'linux',
    RootFS: { Type: 'layers', Layers: ['sha256:22'] },
  });
  const userRule = allRules.filter((r) => r.meta.slug === 'user-not-set');

  it('imageFactsFromInspect reads the config; an OCI config without User means root ("")', () => {
    expect(imageFactsFromInspect(image('nobody'))).toEqual({
      id: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
      user: 'nobody',
      env: ['PATH=/bin'],
      exposedPorts: ['8080/tcp'],
      healthcheck: { Test: ['CMD', 'true'] },
      labels: { a: 'b' },
      repoTags: ['bw/busybox:test'],
    });
    expect(imageFactsFromInspect(image(undefined)).user).toBe('');
    expect(imageFactsFromInspect({})).toEqual({ env: [], exposedPorts: [], labels: {} });
    expect(imageFactsFromInspect('nonsense')).toEqual({ env: [], exposedPorts: [], labels: {} });
  });

  it('an image-only file gives no containers and no errors, and the image as a config target named by its tag', async () => {
    const text = json([image('')]);
    const { r } = await ingest(text);
    expect(r.containers).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.imageConfigs!.map((i) => [i.target.kind, i.target.name, i.config.config?.User, i.config.os])).toEqual([['image', 'bw/busybox:test', '', 'linux']]);
    const user = r.imageConfigs![0].locate('/config/User');
    expect(user).toMatchObject({ kind: 'file', pointer: '/Config/User' });
    expect(text.slice((user as { start: number }).start, (user as { end: number }).end)).toBe('""');
    expect(r.imageConfigs![0].locate('/config/Nope')).toMatchObject({ pointer: '/Config' });
  });

  it('image user root (or empty) → "no user" is definite at the "User": "" key', async () => {
    for (const u of ['', 'root', '0:0']) {
      const text = json([dockerContainer(), image(u)]);
      const { c } = await ingest(text);
      expect(c.imageUser).toMatchObject({ value: u, how: 'default' });
      const res = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {}, rules: userRule });
      expect(res.findings.map((f) => [f.location.startLine, f.certainty, f.pointer, f.data.user])).toEqual([[lineOf(text, '"User": ""'), 'definite', '/Config/User', u || 'root']]);
      expect(res.findings[0].message).toContain("the image's default user is root");
    }
  });

  it('image user non-root → no finding; matched by RepoTags when ids differ', async () => {
    const text = json([dockerContainer(), image('1000', 'sha256:ffff')]);
    expect((await ingest(text)).c.imageUser?.value).toBe('1000');
    const res = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {}, rules: userRule });
    expect(res.findings).toEqual([]);
  });

  it('another image does not match; without it, the empty User dockerd merged from the image means root', async () => {
    const other = { ...image('nobody', 'sha256:eeee'), RepoTags: ['nginx:latest'] };
    const text = json([dockerContainer(), other]);
    expect((await ingest(text)).c.imageUser).toMatchObject({ value: '', how: 'default' });
    const res = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {}, rules: userRule });
    expect(res.findings.map((f) => [f.certainty, f.pointer, f.data.user])).toEqual([['definite', '/Config/User', 'root']]);
  });
});

describe('arrays, single objects, and locating values', () => {
  it('two containers in an array: pointers are relative to each container', async () => {
    const text = json([dockerContainer(), dockerContainer({ top: { Name: '/db' }, hc: { Privileged: true } })]);
    const { sf, r } = await ingest(text);
    expect(r.containers.map((c) => c.target.name)).toEqual(['web', 'db']);
    const db = r.containers[1];
    expect(pointer(db.privileged?.origin)).toBe('/HostConfig/Privileged');
    expect(line(sf, db.privileged?.origin)).toBe(lineOf(text, '"Privileged": true'));
  });
  it('an empty array is valid output of docker inspect: nothing to audit', async () => {
    expect((await ingest('[]\n')).r).toEqual({ containers: [], images: [], errors: [] });
  });
  it('the locator gives the nearest existing parent for a missing member, and unescapes ~1 and ~0', () => {
    const sf = new SourceFile('x.json', '{"A": {"b/c": 1, "d~e": [10, 20]}}');
    const parsed = parseJson(sf, sf.text, [])!;
    const locate = makeLocator(sf, parsed.root!);
    const show = (p: string) => {
      const o = locate(p) as { start: number; end: number; pointer: string };
      return `${sf.text.slice(o.start, o.end)} @${o.pointer}`;
    };
    expect(show('/A/b~1c')).toBe('1 @/A/b~1c');
    expect(show('/A/d~0e/1')).toBe('20 @/A/d~0e/1');
    expect(show('/A/missing/x')).toBe('{"b/c": 1, "d~e": [10, 20]} @/A');
    expect(show('/A/d~0e/7')).toBe('[10, 20] @/A/d~0e');
    expect(show('')).toBe(`${sf.text} @`);
  });
  it('a container without Name is named by its short id; a live engine locate without positions targets the file start', () => {
    const locate = (p: string): Origin => ({ kind: 'engine', container: 'abc', pointer: p });
    const c: ContainerSpec = containerFromInspect({ Id: 'sha256:0123456789abcdef0123', HostConfig: { Privileged: true } }, locate, 'engine', 'engine://local');
    expect(c.target).toEqual({ kind: 'container', name: '0123456789ab', id: '0123456789abcdef0123', range: { file: 'engine://local', start: 0, end: 0 } });
    expect(c.source).toBe('engine');
    expect(c.privileged?.origin).toEqual({ kind: 'engine', container: 'abc', pointer: '/HostConfig/Privileged' });
  });
  it('a region of a bigger file keeps its offsets', async () => {
    const body = json(dockerContainer({ hc: { Privileged: true } }));
    const text = 'Output of docker inspect web:\n\n' + body + '\nEnd.\n';
    const sf = new SourceFile('notes.txt', text);
    const start = text.indexOf('{');
    const r = await ingestInspect(sf, ctx, { start, end: start + body.length });
    expect(r.errors).toEqual([]);
    expect(sf.position((r.containers[0].privileged!.origin as { start: number }).start).line).toBe(lineOf(text, '"Privileged": true'));
  });
});

describe('bad input', () => {
  it('malformed JSON: one parse error with line and column', async () => {
    const { r } = await ingest('[\n    {\n        "Id": "abc",\n        "HostConfig": {"Privileged": true}\n');
    expect(r.containers).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'inspect.json', line: 5, column: 1, code: 'parse' });
    expect(r.errors[0].message).toMatch(/^not valid JSON: /);
    expect(r.errors[0].message).not.toContain('\n');
  });
  it('QA: the message is JSON.parse\'s, in JSON terms (a missing `}`), not the YAML parser\'s', async () => {
    const { r } = await ingest('[\n  {"Id": "abc", "Name": "/x", "HostConfig": {"Privileged": true}\n]\n');
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(["3:1 not valid JSON: Expected ',' or '}' after property value"]);
  });
  it('a hand-edited value that is YAML but not JSON (`tru`) is a parse error at the value, not a string', async () => {
    const { r } = await ingest('[\n  {\n    "Id": "abc",\n    "Name": "/web",\n    "HostConfig": {\n      "Privileged": tru,\n      "CapAdd": null\n    }\n  }\n]\n');
    expect(r.containers).toEqual([]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual(['6:21 parse not valid JSON: Unexpected token \'tru\'']);
  });
  it('a leading byte-order mark is not a JSON error', async () => {
    const { r } = await ingest('\ufeff' + json([dockerContainer({ hc: { Privileged: true } })]));
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => c.privileged?.value)).toEqual([true]);
  });
  it('two JSON documents concatenated are not one inspect output', async () => {
    const { r } = await ingest('[]\n[]\n');
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[2, 1, 'parse']]);
  });
  it('JSON that is not inspect output: unsupported, at the object', async () => {
    expect((await ingest('{"log-level": "debug"}\n')).r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[1, 1, 'unsupported']]);
    expect((await ingest('"hello"\n')).r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[1, 1, 'unsupported']]);
    expect((await ingest('')).r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[1, 1, 'unsupported']]);
    const mixed = json([1, { Name: 'net0', Driver: 'bridge', IPAM: {} }, dockerContainer()]);
    const { r } = await ingest(mixed);
    expect(r.containers.map((c) => c.target.name)).toEqual(['web']);
    expect(r.errors.map((e) => [e.line, e.code, e.message.slice(0, 7)])).toEqual([
      [2, 'unsupported', 'item 0 '],
      [3, 'unsupported', 'item 1 '],
    ]);
  });
  it('nesting deeper than 200 levels is refused before parsing', async () => {
    const { r } = await ingest('['.repeat(5000) + ']'.repeat(5000));
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[1, 201, 'too-deep']]);
  });
  it('wrong types in known fields are ignored, not fatal', async () => {
    const { r, c } = await ingest(json({ Name: 5, HostConfig: { Privileged: 'yes', CapAdd: 'NET_ADMIN', Binds: [1, ''], Memory: '1g', Devices: [{}], PortBindings: { '80/tcp': null } }, Config: { Env: 'A=1', User: 0 } }));
    expect(r.errors).toEqual([]);
    expect([c.target.name, c.privileged, c.capAdd, c.mounts, c.resources.memory, c.devices, c.ports, c.env, c.user]).toEqual(['container', undefined, [], [], undefined, [], [], [], undefined]);
  });
  it('never throws, for any text and for any JSON (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
        const r = await ingestInspect(new SourceFile('f.json', s), ctx);
        for (const e of r.errors) expect(e.message).not.toContain('\n');
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 4 }), async (s) => {
        await ingestInspect(new SourceFile('f.json', s), ctx);
      }),
      { numRuns: 300 },
    );
  });
  it('never throws for inspect-shaped objects with arbitrary values in known fields (fast-check)', async () => {
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }))), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null), fc.array(fc.dictionary(fc.constantFrom('HostIp', 'HostPort'), fc.string({ maxLength: 5 })), { maxLength: 2 })), { maxKeys: 3 }));
    const hcKeys = ['Binds', 'Mounts', 'Tmpfs', 'CapAdd', 'CapDrop', 'SecurityOpt', 'Devices', 'PortBindings', 'Ulimits', 'StorageOpt', 'RestartPolicy', 'LogConfig', 'Sysctls', 'NetworkMode', 'PidMode', 'Memory', 'PidsLimit', 'Privileged'];
    const cfgKeys = ['User', 'Env', 'Image', 'ExposedPorts', 'Healthcheck', 'Labels', 'Cmd', 'Entrypoint'];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...hcKeys), value), fc.dictionary(fc.constantFrom(...cfgKeys), value), value, async (hc, cfg, mounts) => {
        const text = json([{ Id: 'x', Name: '/n', HostConfig: hc, Config: cfg, Mounts: mounts, AppArmorProfile: '' }]);
        const r = await ingestInspect(new SourceFile('f.json', text), ctx);
        expect(r.errors).toEqual([]);
        expect(r.containers).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('secrets given to the program (QA: Args and Config.Cmd printed in clear in code frames)', () => {
  it('masks them in Args, Config.Cmd and Config.Entrypoint', async () => {
    const text = json([{
      Id: 'c'.repeat(64), Name: '/cli', Path: 'agent',
      Args: ['--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789', '--password', 'Sup3rS3cret!'],
      Config: { Image: 'alpine', Entrypoint: ['agent'], Cmd: ['--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789', '--password', 'Sup3rS3cret!'] },
      HostConfig: {},
    }]);
    const { r } = await ingest(text);
    expect((r.secretRanges ?? []).map((m) => text.slice(m.start, m.end))).toEqual(['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'Sup3rS3cret!', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'Sup3rS3cret!']);
  });
});
