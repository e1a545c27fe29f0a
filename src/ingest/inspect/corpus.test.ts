/**
 * The two `docker inspect` files of the corpus (/work/shared/corpus/inspect, EXPECTED.md) modelled with
 * exact values and positions, and the findings the missing-setting rules place on their "unset" keys.
 * Requirements: R-B (mounts, socket, capabilities), R-K (user, no-new-privileges, read-only, MAC), R-D/R-G6.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { allRules } from '../../rules/index.js';
import { SourceFile } from '../../model/source.js';
import type { Origin } from '../../model/types.js';
import { ingestInspect } from './index.js';
import { corpusPath } from '../../../test/support/corpus.js';

const DIR = corpusPath('inspect') + '/';
const ctx = { env: {}, readFile: async () => undefined };

async function load(name: string) {
  const sf = new SourceFile(DIR + name, readFileSync(DIR + name, 'utf8'));
  const r = await ingestInspect(sf, ctx);
  return { sf, r, c: r.containers[0] };
}

/** `line:col-line:col` of a file origin. */
function at(sf: SourceFile, o: Origin | { start: number; end: number } | undefined): string {
  if (!o || ('kind' in o && o.kind !== 'file')) return 'none';
  const l = sf.location(o as { start: number; end: number });
  return `${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;
}

function chars(sf: SourceFile, o: Origin | undefined): string {
  return o?.kind === 'file' ? sf.text.slice(o.start, o.end) : '';
}

describe('corpus: udica fedora (Binds /home ro and /var/spool rw, SELinux container_t, Runtime oci)', async () => {
  const name = 'udica-fedora-binds-home-ro-spool-rw-port21.docker-inspect.json';
  const { sf, r, c } = await load(name);
  it('one container, named without the leading slash, target at the "Name" value', () => {
    expect(r.errors).toEqual([]);
    expect(r.containers).toHaveLength(1);
    expect(c.source).toBe('inspect');
    expect(c.target).toEqual({
      kind: 'container',
      name: 'compassionate_mcclintock',
      id: '28ed0f82f8bca461d0c0e029067042178b3973d461584c76acfad5b877bd3b07',
      range: { file: DIR + name, start: c.target.range.start, end: c.target.range.end },
    });
    expect(at(sf, c.target.range)).toBe('25:17-25:44');
    expect(c.extra.id?.value).toBe('28ed0f82f8bca461d0c0e029067042178b3973d461584c76acfad5b877bd3b07');
  });
  it('image as written in Config.Image, Runtime oci, journald logging, restart no', () => {
    expect(c.image?.value).toBe('fedora');
    expect(at(sf, c.image?.origin)).toBe('162:22-162:30');
    expect(c.image?.origin).toMatchObject({ pointer: '/Config/Image' });
    expect(c.runtime?.value).toBe('oci');
    expect(c.logging?.driver?.value).toBe('journald');
    expect(c.logging?.options).toEqual({});
    expect(c.restart?.value).toEqual({ name: 'no' });
    expect(at(sf, c.restart?.origin)).toBe('52:25-52:29');
  });
  it('two binds from HostConfig.Binds, modelled once each (not again from Mounts), with propagation from Mounts', () => {
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.propagation, m.syntax, at(sf, m.origin), (m.origin as { pointer?: string }).pointer])).toEqual([
      ['bind', '/home', '/home', true, 'rprivate', 'inspect', '34:17-34:33', '/HostConfig/Binds/0'],
      ['bind', '/var/spool', '/var/spool', false, 'rprivate', 'inspect', '35:17-35:43', '/HostConfig/Binds/1'],
    ]);
    expect(chars(sf, c.mounts[1].sourceOrigin)).toBe('/var/spool');
  });
  it('port 21 from PortBindings with HostIp "" (all interfaces), not again from NetworkSettings.Ports', () => {
    expect(c.ports).toHaveLength(1);
    expect(c.ports[0]).toMatchObject({ containerPort: '21', hostPort: '21', protocol: 'tcp' });
    expect(c.ports[0].hostIp).toBeUndefined();
    expect(at(sf, c.ports[0].origin)).toBe('45:21-48:22');
    expect(c.expose.map((e) => e.value)).toEqual(['21/tcp']);
  });
  it('settings at their "unset" values are not set, and unsetAt says where they are written', () => {
    expect(c.user).toBeUndefined();
    expect(c.privileged).toBeUndefined();
    expect(c.readOnlyRootfs).toBeUndefined();
    expect(c.capAdd).toEqual([]);
    expect(c.capDrop).toEqual([]);
    expect(c.securityOpt).toEqual([]);
    expect(c.resources.memory).toBeUndefined();
    expect(c.resources.nanoCpus).toBeUndefined();
    expect(c.resources.cpuShares).toBeUndefined();
    expect(c.resources.pidsLimit).toBeUndefined();
    expect(c.resources.memorySwap).toBeUndefined();
    expect(c.resources.ulimits).toEqual([]);
    const u = c.unsetAt!;
    expect(Object.fromEntries(Object.entries(u).map(([k, o]) => [k, `${at(sf, o)} ${chars(sf, o)} ${(o as { pointer: string }).pointer}`]))).toEqual({
      user: '143:21-143:23 "" /Config/User',
      privileged: '70:27-70:32 false /HostConfig/Privileged',
      readOnlyRootfs: '72:31-72:36 false /HostConfig/ReadonlyRootfs',
      capDrop: '59:24-59:28 null /HostConfig/CapDrop',
      securityOpt: '73:28-73:32 null /HostConfig/SecurityOpt',
      memory: '84:23-84:24 0 /HostConfig/Memory',
      nanoCpus: '85:25-85:26 0 /HostConfig/NanoCpus',
      pidsLimit: '106:26-106:27 0 /HostConfig/PidsLimit',
      ulimits: '107:24-107:28 null /HostConfig/Ulimits',
    });
  });
  it('namespaces: NetworkMode default is the default bridge; empty IPC/PID/UTS/userns modes are not set', () => {
    expect(c.namespaces.network?.value).toEqual({ mode: 'network', ref: 'default' });
    expect(c.namespaces.ipc).toBeUndefined();
    expect(c.namespaces.pid).toBeUndefined();
    expect(c.namespaces.uts).toBeUndefined();
    expect(c.namespaces.userns).toBeUndefined();
    expect(c.networks.map((n) => n.value)).toEqual(['bridge']);
  });
  it('SELinux labels kept (container_t: confined, no label option invented); AppArmorProfile "" kept', () => {
    expect(c.extra.processLabel?.value).toBe('system_u:system_r:container_t:s0:c648,c780');
    expect(c.extra.mountLabel?.value).toBe('system_u:object_r:container_file_t:s0:c648,c780');
    expect(c.extra.appArmorProfile?.value).toBe('');
    expect(at(sf, c.extra.appArmorProfile?.origin)).toBe('30:28-30:30');
  });
  it('environment: 4 literal entries, value characters for masking', () => {
    expect(c.env.map((e) => [e.name, e.value, e.kind])).toEqual([
      ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'literal'],
      ['DISTTAG', 'f29container', 'literal'],
      ['FGC', 'f29', 'literal'],
      ['FBR', 'f29', 'literal'],
    ]);
    expect(at(sf, c.env[1].origin)).toBe('155:17-155:39');
    expect(chars(sf, c.env[1].valueOrigin)).toBe('f29container');
  });
  it('command, entrypoint, labels', () => {
    expect(c.command?.value).toEqual(['bash']);
    expect(c.entrypoint).toBeUndefined();
    expect(c.labels.maintainer?.value).toBe('Example Maintainer <maintainer@example.com>');
    expect(c.autoRemove).toBeUndefined();
  });
});

describe('corpus: watchtower portainer (docker.sock bind, named volume, IpcMode shareable)', async () => {
  const name = 'watchtower-portainer-dockersock-running.docker-inspect.json';
  const { sf, r, c } = await load(name);
  it('a single object (not an array) is one container', () => {
    expect(r.errors).toEqual([]);
    expect(r.containers.map((x) => x.target.name)).toEqual(['portainer']);
    expect(at(sf, c.target.range)).toBe('24:11-24:23');
  });
  it('Binds: the named volume portainer_data is a volume, the socket a read-write bind (Mounts[].RW true)', () => {
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.propagation, at(sf, m.origin)])).toEqual([
      ['volume', 'portainer_data', '/data', false, undefined, '34:7-34:29'],
      ['bind', '/var/run/docker.sock', '/var/run/docker.sock', false, 'rprivate', '35:7-35:50'],
    ]);
  });
  it('IpcMode shareable is not host IPC; restart always; runc', () => {
    expect(c.namespaces.ipc?.value).toEqual({ mode: 'shareable' });
    expect(at(sf, c.namespaces.ipc?.origin)).toBe('65:16-65:27');
    expect(c.restart?.value).toEqual({ name: 'always' });
    expect(c.runtime?.value).toBe('runc');
    expect(c.logging?.driver?.value).toBe('json-file');
  });
  it('image, entrypoint, no command, port 9000', () => {
    expect(c.image?.value).toBe('portainer/portainer:latest');
    expect(c.entrypoint?.value).toEqual(['/portainer']);
    expect(c.command).toBeUndefined();
    expect(c.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort, p.protocol])).toEqual([[undefined, '9000', '9000', 'tcp']]);
  });
  it('unset settings point at their keys', () => {
    expect(Object.fromEntries(Object.entries(c.unsetAt!).map(([k, o]) => [k, sf.location(o as never).startLine]))).toEqual({
      user: 165,
      privileged: 70,
      readOnlyRootfs: 72,
      capDrop: 59,
      securityOpt: 73,
      memory: 84,
      nanoCpus: 85,
      pidsLimit: 107,
      ulimits: 108,
    });
  });
});

describe('corpus: findings through the engine point at the inspect keys, with JSON pointers', () => {
  it('watchtower portainer: every expected finding at its line and pointer', async () => {
    const name = 'watchtower-portainer-dockersock-running.docker-inspect.json';
    // The container rules that exist today, so a rule added later does not change this test.
    const slugs = ['ulimits-missing', 'apparmor-profile-empty', 'docker-socket-mounted', 'default-bridge-network', 'port-published-all-interfaces', 'restart-policy-unbounded', 'capabilities-not-dropped', 'root-filesystem-writable', 'no-new-privileges-missing', 'memory-limit-missing', 'cpu-limit-missing', 'pids-limit-missing', 'user-not-set', 'image-not-pinned', 'privileged-container', 'host-ipc', 'seccomp-unconfined', 'apparmor-unconfined', 'selinux-disabled', 'sensitive-host-mount', 'writable-bind-mount', 'secret-in-environment', 'user-root'];
    const rules = allRules.filter((r) => slugs.includes(r.meta.slug));
    expect(rules).toHaveLength(slugs.length);
    const res = await auditSources([{ path: name, text: readFileSync(DIR + name, 'utf8'), kind: 'inspect' }], { env: {}, rules });
    expect(res.errors).toEqual([]);
    const got = res.findings.map((f) => `${f.slug}@${f.location.startLine}:${f.location.startColumn} ${f.pointer ?? '-'} ${f.severity} ${f.certainty}`);
    expect(got).toEqual([
      'apparmor-profile-empty@30:22 /AppArmorProfile info definite',
      'docker-socket-mounted@35:7 /HostConfig/Binds/1 critical definite',
      'default-bridge-network@42:20 /HostConfig/NetworkMode low definite',
      'port-published-all-interfaces@45:9 /HostConfig/PortBindings/9000~1tcp/0 info definite',
      'restart-policy-unbounded@52:15 /HostConfig/RestartPolicy/Name low definite',
      'capabilities-not-dropped@59:16 /HostConfig/CapDrop medium definite',
      'root-filesystem-writable@72:23 /HostConfig/ReadonlyRootfs low definite',
      'no-new-privileges-missing@73:20 /HostConfig/SecurityOpt medium unknown',
      'memory-limit-missing@84:15 /HostConfig/Memory medium definite',
      'cpu-limit-missing@85:17 /HostConfig/NanoCpus low definite',
      'pids-limit-missing@107:18 /HostConfig/PidsLimit medium definite',
      'ulimits-missing@108:16 /HostConfig/Ulimits info definite',
      'user-not-set@165:13 /Config/User medium definite',
      'image-not-pinned@179:14 /Config/Image info definite',
    ]);
  });
});
