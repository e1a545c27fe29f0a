/**
 * The five Compose files of the corpus (/work/shared/corpus/compose, EXPECTED.md) modelled with exact
 * values and positions. Requirements: R-B, R-K, R-D, R-S, R-G4, R-G5, R-G6, R-G7, R-G8, R-G12.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { ingestCompose } from './index.js';
import { at, chars, fakeCtx } from './test-helpers.js';
import { corpusPath } from '../../../test/support/corpus.js';

const DIR = corpusPath('compose') + '/';

async function load(name: string) {
  const sf = new SourceFile(DIR + name, readFileSync(DIR + name, 'utf8'));
  const r = await ingestCompose([sf], fakeCtx());
  return { sf, r, svc: (n: string) => r.containers.find((c) => c.target.name === n)! };
}

describe('corpus: frigate (privileged, devices, long-syntax tmpfs)', async () => {
  const { sf, r, svc } = await load('frigate-privileged-devices-longsyntax-tmpfs.yml');
  const c = svc('frigate');
  it('models one service without errors', () => {
    expect(r.errors).toEqual([]);
    expect(r.containers.map((x) => x.target.name)).toEqual(['frigate']);
    expect(at(sf, c.target.range)).toBe('2:3-2:10');
    expect(c.source).toBe('compose');
  });
  it('privileged: true at line 4 (R-G5)', () => {
    expect(c.privileged?.value).toBe(true);
    expect(at(sf, c.privileged?.origin)).toBe('4:17-4:21');
  });
  it('6 devices, rwm by default, not explicit (R-G8)', () => {
    expect(c.devices.map((d) => [d.hostPath, d.permissions, d.permissionsExplicit, sf.location(d.origin as never).startLine])).toEqual([
      ['/dev/bus/usb', 'rwm', false, 10],
      ['/dev/apex_0', 'rwm', false, 11],
      ['/dev/video11', 'rwm', false, 12],
      ['/dev/dri/renderD128', 'rwm', false, 13],
      ['/dev/kfd', 'rwm', false, 14],
      ['/dev/accel', 'rwm', false, 15],
    ]);
    expect(chars(sf, c.devices[0].origin)).toBe('/dev/bus/usb:/dev/bus/usb');
  });
  it('volumes: 3 binds (localtime ro) and a long-syntax tmpfs that is not a host mount', () => {
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.syntax])).toEqual([
      ['bind', '/etc/localtime', '/etc/localtime', true, 'short'],
      ['bind', '/path/to/your/config', '/config', false, 'short'],
      ['bind', '/path/to/your/storage', '/media/frigate', false, 'short'],
      ['tmpfs', undefined, '/tmp/cache', false, 'long'],
    ]);
    expect(c.mounts[3].options).toEqual(['size=1000000000']);
    expect(at(sf, c.mounts[3].origin)).toBe('20:9-23:27');
  });
  it('environment mapping: FRIGATE_RTSP_PASSWORD literal at line 31, value characters only', () => {
    expect(c.env).toHaveLength(1);
    expect(c.env[0]).toMatchObject({ name: 'FRIGATE_RTSP_PASSWORD', value: 'password', kind: 'literal' });
    expect(at(sf, c.env[0].origin)).toBe('31:7-31:40');
    expect(chars(sf, c.env[0].valueOrigin)).toBe('password');
  });
  it('the commented-out port 5000 is not modelled', () => {
    expect(c.ports.map((p) => `${p.hostPort}:${p.containerPort}/${p.protocol}`)).toEqual(['8971:8971/tcp', '8554:8554/tcp', '8555:8555/tcp', '8555:8555/udp']);
    expect(c.ports.every((p) => p.hostIp === undefined)).toBe(true);
  });
  it('no user, no caps, no security_opt, no limits', () => {
    expect(c.user).toBeUndefined();
    expect([c.capAdd, c.capDrop, c.securityOpt]).toEqual([[], [], []]);
    expect(c.resources).toEqual({ ulimits: [] });
    expect(c.restart?.value).toEqual({ name: 'unless-stopped' });
  });
});

describe('corpus: traefik (hardened, docker.sock ro, labels with backticks)', async () => {
  const { sf, r, svc } = await load('fieldguide-traefik-dockersock-ro.yml');
  const c = svc('traefik');
  it('parses without errors (labels with backticks and ${DOMAIN:-example.com})', () => {
    expect(r.errors).toEqual([]);
    expect(r.containers).toHaveLength(1);
    expect(at(sf, c.target.range)).toBe('50:3-50:10');
  });
  it('cap_drop ALL (line 59), cap_add NET_BIND_SERVICE (line 63)', () => {
    expect(c.capDrop.map((x) => [x.value, at(sf, x.origin)])).toEqual([['ALL', '59:9-59:12']]);
    expect(c.capAdd.map((x) => [x.value, at(sf, x.origin)])).toEqual([['NET_BIND_SERVICE', '63:9-63:25']]);
  });
  it('no-new-privileges:true (line 57), read_only true (line 64) (R-G7, R-K)', () => {
    expect(c.securityOpt.map((o) => [o.key, o.value, o.raw, at(sf, o.origin)])).toEqual([['no-new-privileges', 'true', 'no-new-privileges:true', '57:9-57:31']]);
    expect(c.readOnlyRootfs?.value).toBe(true);
    expect(at(sf, c.readOnlyRootfs?.origin)).toBe('64:16-64:20');
  });
  it('mem_limit 256m, cpus 1.0, pids_limit 150 (R-G6)', () => {
    expect(c.resources.memory?.value).toBe(256 * 1024 * 1024);
    expect(c.resources.nanoCpus?.value).toBe(1e9);
    expect(c.resources.pidsLimit?.value).toBe(150);
    expect(at(sf, c.resources.memory?.origin)).toBe('107:16-107:20');
    expect(at(sf, c.resources.pidsLimit?.origin)).toBe('109:17-109:20');
  });
  it('/tmp tmpfs, docker.sock ro bind, interpolated acme bind', () => {
    expect(c.mounts.map((m) => [m.type, m.source ?? null, m.target, m.readOnly])).toEqual([
      ['bind', '/var/run/docker.sock', '/var/run/docker.sock', true],
      ['bind', '/mnt/data/traefik/acme.json', '/acme/acme.json', false],
      ['tmpfs', null, '/tmp', false],
    ]);
    expect(c.mounts[1].sourceRaw).toBe('${DATA_DIR:-/mnt/data}/traefik/acme.json');
    expect(chars(sf, c.mounts[1].sourceOrigin)).toBe('${DATA_DIR:-/mnt/data}/traefik/acme.json');
    expect(at(sf, c.mounts[2].origin)).toBe('66:9-66:13');
  });
  it('labels keep backticks; the default of ${DOMAIN:-example.com} applies', () => {
    expect(c.labels['traefik.http.routers.dashboard.rule'].value).toBe('Host(`traefik.example.com`)');
    expect(Object.keys(c.labels)).toHaveLength(5);
  });
  it('logging from the x-logging anchor points at the anchored node (line 43)', () => {
    expect(c.logging?.driver?.value).toBe('json-file');
    expect(at(sf, c.logging?.driver?.origin)).toBe('43:11-43:20');
    expect(Object.fromEntries(Object.entries(c.logging!.options).map(([k, v]) => [k, v.value]))).toEqual({ 'max-size': '10m', 'max-file': '3' });
  });
  it('command list (15 args, comments skipped), healthcheck test', () => {
    expect(c.command?.value).toHaveLength(15);
    expect(c.command?.value[4]).toBe('--certificatesresolvers.letsencrypt.acme.email=admin@example.com');
    expect(c.healthcheck?.value).toEqual({ disabled: false, test: 'CMD traefik healthcheck --ping', testArgs: ['CMD', 'traefik', 'healthcheck', '--ping'] });
    expect(c.networks.map((n) => n.value)).toEqual(['proxy']);
  });
});

describe('corpus: mysql (seccomp:unconfined, literal root password)', async () => {
  const { sf, r, svc } = await load('mysql-seccomp-unconfined-literal-rootpw.yml');
  const c = svc('db');
  it('security_opt item at the key indentation, colon form, line 12 (R-G12)', () => {
    expect(r.errors).toEqual([]);
    expect(c.securityOpt.map((o) => [o.key, o.value, at(sf, o.origin)])).toEqual([['seccomp', 'unconfined', '12:7-12:25']]);
  });
  it('environment mapping with a literal MYSQL_ROOT_PASSWORD at line 10', () => {
    expect(c.env.map((e) => [e.name, e.value, e.kind, sf.position((e.origin as { start: number }).start).line])).toEqual([
      ['MYSQL_DATABASE', 'website', 'literal', 8],
      ['MYSQL_ROOT_HOST', '%', 'literal', 9],
      ['MYSQL_ROOT_PASSWORD', 'test', 'literal', 10],
    ]);
    expect(chars(sf, c.env[1].valueOrigin)).toBe('%');
    expect(at(sf, c.env[2].valueOrigin)).toBe('10:28-10:32');
  });
  it('port 13306:3306 (a string in YAML 1.2, not sexagesimal), string command split', () => {
    expect(c.ports).toEqual([{ hostPort: '13306', containerPort: '3306', protocol: 'tcp', origin: { kind: 'file', file: sf.path, start: sf.offset(14, 7), end: sf.offset(14, 17) } }]);
    expect(c.command?.value).toEqual(['--default-authentication-plugin=mysql_native_password']);
    expect(at(sf, c.target.range)).toBe('3:3-3:5');
  });
});

describe('corpus: pihole + cloudflared (NET_ADMIN, interpolated password, # in value)', async () => {
  const { sf, r, svc } = await load('awesome-compose-pihole-cloudflared-netadmin.yaml');
  const p = svc('pihole');
  const cf = svc('cloudflared');
  it('two services', () => {
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.target.name, at(sf, c.target.range)])).toEqual([
      ['cloudflared', '3:3-3:14'],
      ['pihole', '18:3-18:9'],
    ]);
  });
  it('WEBPASSWORD=${PIHOLE_PW} is interpolated (line 30), unresolved → no value', () => {
    const w = p.env.find((e) => e.name === 'WEBPASSWORD')!;
    expect(w).toMatchObject({ kind: 'interpolated', raw: '${PIHOLE_PW}' });
    expect(w.value).toBeUndefined();
    expect(at(sf, w.origin)).toBe('30:9-30:33');
    expect(chars(sf, w.valueOrigin)).toBe('${PIHOLE_PW}');
  });
  it('PIHOLE_DNS_ keeps its first # and drops the comment', () => {
    const d = p.env.find((e) => e.name === 'PIHOLE_DNS_')!;
    expect(d).toMatchObject({ kind: 'literal', value: '172.20.0.2#5054;1.1.1.1' });
    expect(at(sf, d.origin)).toBe('29:9-29:44');
    expect(p.env.map((e) => e.name)).toEqual(['TZ', 'PIHOLE_DNS_', 'WEBPASSWORD', 'REV_SERVER', 'REV_SERVER_TARGET', 'REV_SERVER_DOMAIN', 'REV_SERVER_CIDR', 'ServerIP', 'ServerIPv6']);
  });
  it('two rw binds of /etc/pihole/ and /etc/dnsmasq.d/ (lines 41, 42)', () => {
    expect(p.mounts.map((m) => [m.type, m.source, m.readOnly, sf.position((m.origin as { start: number }).start).line])).toEqual([
      ['bind', '/etc/pihole/', false, 41],
      ['bind', '/etc/dnsmasq.d/', false, 42],
    ]);
  });
  it('cap_add NET_ADMIN at line 44; the commented dns block is not modelled', () => {
    expect(p.capAdd.map((x) => [x.value, at(sf, x.origin)])).toEqual([['NET_ADMIN', '44:9-44:18']]);
    expect(p.extra.dns).toBeUndefined();
    expect(p.extra.depends_on?.value).toEqual(['cloudflared']);
  });
  it('cloudflared: networks mapping, 2 ports, TZ interpolated', () => {
    expect(cf.networks.map((n) => [n.value, at(sf, n.origin)])).toEqual([['dns-net', '15:7-15:14']]);
    expect(cf.ports.map((x) => x.protocol)).toEqual(['tcp', 'udp']);
    expect(cf.env[0]).toMatchObject({ name: 'TZ', kind: 'interpolated' });
    expect(cf.env[1]).toMatchObject({ name: 'PORT', kind: 'literal', value: '5054' });
  });
});

describe('corpus: portainer (docker.sock rw, named volume)', async () => {
  const { sf, r, svc } = await load('awesome-compose-portainer-dockersock.yaml');
  const c = svc('portainer');
  it('docker.sock bind without mode is rw (line 9); portainer_data is a named volume (line 10)', () => {
    expect(r.errors).toEqual([]);
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, at(sf, m.origin)])).toEqual([
      ['bind', '/var/run/docker.sock', '/var/run/docker.sock', false, '9:9-9:52'],
      ['volume', 'portainer_data', '/data', false, '10:9-10:31'],
    ]);
  });
  it('command is the portainer argument list', () => {
    expect(c.command?.value).toEqual(['-H', 'unix:///var/run/docker.sock']);
    expect(c.restart?.value.name).toBe('always');
    expect(c.ports[0]).toMatchObject({ hostPort: '9000', containerPort: '9000' });
  });
});
